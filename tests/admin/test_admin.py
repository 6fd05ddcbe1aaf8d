"""Every admin page renders for staff, slugs freeze, and cited content cannot be deleted."""

import pytest
from django.contrib import admin
from django.db.models import ProtectedError
from django.urls import reverse

from liability.models import Authority, Doctrine, Route

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m.__name__)
def test_admin_pages_render(staff, model):
    opts = model._meta
    changelist = staff.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    if admin.site._registry[model].has_add_permission(changelist.wsgi_request):
        assert staff.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = staff.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert change.status_code == 200


def test_changelist_search_and_filters(staff):
    response = staff.get(reverse("admin:liability_route_changelist"), {"q": "Tort", "kind__exact": "civil"})
    assert response.status_code == 200
    assert "ftca" in response.text or "Tort" in response.text


def test_slug_is_read_only_once_saved(staff):
    doctrine = Doctrine.objects.get(slug="qualified-immunity")
    page = staff.get(reverse("admin:liability_doctrine_change", args=[doctrine.pk]))
    assert 'name="slug"' not in page.text
    assert 'name="slug"' in staff.get(reverse("admin:liability_doctrine_add")).text


def test_admin_edit_is_stamped(staff):
    from tests.admin.test_publishing import edit_summary_in_admin

    response = edit_summary_in_admin(
        staff, "qualified-immunity", "Officers may be shielded unless earlier cases made the wrong clear."
    )
    assert response.status_code == 302, response.text[:2000]
    doctrine = Doctrine.objects.get(slug="qualified-immunity")
    assert doctrine.staff_edited_at is not None
    assert doctrine.summary.startswith("Officers may be shielded")
    assert doctrine.history.first().history_user.username == "editor"


def test_cited_authority_and_doctrine_cannot_be_deleted():
    authority = Authority.objects.filter(doctrines__isnull=False).first()
    with pytest.raises(ProtectedError):
        authority.delete()
    doctrine = Doctrine.objects.filter(routes__isnull=False).first()
    with pytest.raises(ProtectedError):
        doctrine.delete()


def test_admin_delete_page_explains_protection(staff):
    authority = Authority.objects.filter(doctrines__isnull=False).first()
    page = staff.get(reverse("admin:liability_authority_delete", args=[authority.pk]))
    assert page.status_code == 200
    assert "protected" in page.text.lower()


def test_route_admin_lists_rules(staff):
    route = Route.objects.get(slug="ftca")
    assert route.rules.exists()
    page = staff.get(reverse("admin:liability_rule_changelist"), {"route__id__exact": route.pk})
    assert page.status_code == 200


@pytest.mark.parametrize("address", ["/admin/login/", "/admin/"])
def test_a_tampered_session_cookie_is_no_session(client, address):
    """A key with a NUL byte was looked up as it came, and PostgreSQL refuses NUL: a server error."""
    response = client.get(address, headers={"cookie": "sessionid=0123456789abcdef\x00"})
    assert response.status_code in (200, 302)
    assert "sessionid" not in response.cookies or response.cookies["sessionid"].value == ""
