from django.apps import AppConfig
from django.contrib.admin import AdminSite
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class LiabilityConfig(AppConfig):
    default = True
    name = "liability"
    verbose_name = "Recourse legal content"


class DeskAdminSite(AdminSite):
    """Django's admin, with the editors' desk on its home page (liability/admin/desk.py).
    It lives here, not in liability.admin: autodiscovery makes the site while it imports
    that package, and a site class inside it would be made twice (registrations lost)."""

    site_header = _("Recourse content")
    site_title = _("Recourse admin")
    index_title = _("Your desk")
    index_template = "admin/desk.html"

    def index(self, request, extra_context=None):
        from liability.admin.desk import desk

        return super().index(request, {"desk": desk(request.user)} | (extra_context or {}))


class DeskAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "liability.apps.DeskAdminSite"
