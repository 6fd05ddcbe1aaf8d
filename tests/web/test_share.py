import re

import pytest
from django.test import Client

from liability import publishing
from liability.models import Doctrine, Route, Share
from tests.web.test_views import ICE_FAMILY, query, routes_of

pytestmark = pytest.mark.django_db


def save(client) -> str:
    response = client.post("/share/", dict_pairs(ICE_FAMILY))
    assert response.status_code == 302
    return response["Location"]


def dict_pairs(pairs):
    data: dict[str, list[str]] = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


def test_share_stores_a_snapshot_under_an_unguessable_id(client):
    location = save(client)
    share = Share.objects.get()
    assert location == f"/s/{share.id}/"
    assert len(share.id) >= 16  # 128 random bits, URL-safe
    assert share.answers == [list(p) for p in ICE_FAMILY]
    page = client.get(location)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page.text
    assert f'<link rel="canonical" href="http://testserver/s/{share.id}/">' in page.text
    assert routes_of(page.text) == routes_of(client.get("/result/?" + query(ICE_FAMILY)).text)
    assert "has changed since" not in page.text


def test_shared_result_survives_content_edits(client):
    location = save(client)
    before = client.get(location).text
    route = Route.objects.get(slug="ftca")
    old_name = route.name
    route.name = "A renamed route"
    route.default_status = "unavailable"
    route.save()
    route.rules.all().delete()
    publishing.publish(None, "Test: the law changed.", source="files")
    after = client.get(location).text
    assert routes_of(after) == routes_of(before)
    assert old_name in after and "A renamed route" not in after
    assert "The law or our explanation has changed since it was saved." in after
    today_link = re.search(r'href="(/result/\?[^"]+)"', after)[1].replace("&amp;", "&")
    assert "A renamed route" in client.get(today_link).text


def test_doctrine_edit_shows_in_new_results(client):
    doctrine = Doctrine.objects.get(slug="supremacy-clause-immunity")
    doctrine.summary = "An edited summary a lawyer just wrote."
    doctrine.save()
    assert "An edited summary a lawyer just wrote." not in client.get("/result/?" + query(ICE_FAMILY)).text  # a draft
    publishing.publish(None, "Test: reviewed.", source="files")
    assert "An edited summary a lawyer just wrote." in client.get("/result/?" + query(ICE_FAMILY)).text


def test_unknown_share_is_a_friendly_404(client):
    response = client.get("/s/not-a-real-id/")
    assert response.status_code == 404
    assert "could not find that saved result" in response.text


def test_incomplete_share_post_is_refused(client):
    response = client.post("/share/", {"officer": "ice"})
    assert response.status_code == 400
    assert Share.objects.count() == 0


def test_share_needs_post(client):
    response = client.get("/share/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "This address does not take that kind of request" in response.text  # it was a blank page


@pytest.mark.parametrize("share_id", ["%00", "a%00b", "0123456789abcdef%00", "x" * 40, "%C3%A9t%C3%A9"])
def test_a_share_id_we_never_make_is_a_friendly_404(client, share_id):
    """PostgreSQL refuses a NUL byte in a query: /s/%00/ was a server error there."""
    for address in [f"/s/{share_id}/", f"/s/{share_id}/deadlines.ics", f"/s/{share_id}/delete/"]:
        response = client.get(address)
        assert response.status_code == 404
        assert "could not find that saved result" in response.text
    response = client.get(f"/s/{share_id}.json")
    assert response.status_code == 404
    assert response.json() == {"error": "not found"}
    assert client.post(f"/s/{share_id}/delete/", {"key": "x"}).status_code == 404


def test_a_share_form_without_its_csrf_cookie_says_what_to_do():
    """Django's own CSRF page is unstyled and speaks of "CSRF verification"."""
    response = Client(enforce_csrf_checks=True).post("/share/", dict_pairs(ICE_FAMILY))
    assert response.status_code == 403
    assert "We could not accept that form" in response.text
    assert "allow cookies for this site" in response.text
    assert Share.objects.count() == 0


def test_an_oversized_share_form_is_a_clear_400(client, settings):
    """Django refuses it (RequestDataTooBig) before our view runs; the person sees our 400 page."""
    response = client.post("/share/", dict_pairs(ICE_FAMILY) | {"pad": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    assert response.status_code == 400
    assert "The request could not be read" in response.text
    assert Share.objects.count() == 0


def test_a_share_form_with_too_many_fields_is_a_clear_400(client, settings):
    fields = {f"f{n}": "" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post("/share/", dict_pairs(ICE_FAMILY) | fields)
    assert response.status_code == 400
    assert "The request could not be read" in response.text
    assert Share.objects.count() == 0


def saved_with(client, **extra) -> tuple[Share, object]:
    response = client.post("/share/", dict_pairs(ICE_FAMILY) | extra)
    assert response.status_code == 302
    return Share.objects.get(), response


def delete_link(html: str) -> str:
    return re.search(r'id="delete-link" type="text" readonly value="http://testserver([^"]+)"', html)[1].replace(
        "&amp;", "&"
    )


def test_how_long_to_keep_it_sets_the_expiry(client):
    from datetime import timedelta

    from django.utils import timezone

    for keep, days in (("30d", 30), ("1y", 365), ("forever", None), ("for-ever-and-ever", 30)):
        share, _response = saved_with(client, keep=keep)
        if days is None:
            assert share.expires_at is None
        else:
            assert abs(share.expires_at - (timezone.now() + timedelta(days=days))) < timedelta(minutes=1)
        share.delete()


def test_the_delete_link_is_shown_once_and_only_its_digest_is_stored(client):
    import hashlib

    share, response = saved_with(client)
    cookie = response.cookies["recourse_delete_key"]
    assert cookie["path"] == f"/s/{share.id}/" and cookie["httponly"] and cookie["max-age"] == 600
    key = cookie.value
    assert share.delete_key_hash == hashlib.sha256(key.encode()).hexdigest() and key not in share.delete_key_hash
    first = client.get(f"/s/{share.id}/")
    assert "Keep this delete link private" in first.text
    assert delete_link(first.text) == f"/s/{share.id}/delete/?key={key}"
    assert "no-store" in first["Cache-Control"]
    again = client.get(f"/s/{share.id}/")
    assert "Keep this delete link private" not in again.text and key not in again.text


def test_the_delete_link_asks_then_deletes(client):
    share, _response = saved_with(client)
    link = delete_link(client.get(f"/s/{share.id}/").text)
    confirm = client.get(link)
    assert confirm.status_code == 200 and "Delete this saved result?" in confirm.text
    assert Share.objects.filter(pk=share.pk).exists()  # a GET never deletes (link previews follow links)
    key = link.split("key=")[1]
    done = client.post(f"/s/{share.id}/delete/", {"key": key})
    assert done.status_code == 200 and "The saved result is deleted" in done.text
    assert not Share.objects.filter(pk=share.pk).exists()
    assert client.get(f"/s/{share.id}/").status_code == 404


def test_a_wrong_or_missing_delete_key_deletes_nothing(client):
    share, _response = saved_with(client)
    assert client.post(f"/s/{share.id}/delete/", {"key": "guess"}).status_code == 403
    assert client.get(f"/s/{share.id}/delete/").status_code == 403
    Share.objects.filter(pk=share.pk).update(delete_key_hash="")  # saved before delete links existed
    assert client.post(f"/s/{share.id}/delete/", {"key": ""}).status_code == 403
    assert Share.objects.filter(pk=share.pk).exists()


def test_the_delete_form_on_the_saved_page_works_without_javascript(client):
    share, _response = saved_with(client)
    html = client.get(f"/s/{share.id}/").text
    form = re.search(rf'<form method="post" action="/s/{share.id}/delete/">.*?</form>', html, re.S)[0]
    key = re.search(r'name="key" value="([^"]+)"', form)[1]
    assert client.post(f"/s/{share.id}/delete/", {"key": key}).status_code == 200
    assert Share.objects.count() == 0


def test_expired_shares_are_a_friendly_404_and_purged(client):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    expired, _response = saved_with(client)
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save()
    kept = Share.objects.create(answers=[], content_version="x", result={"routes": []}, expires_at=None)
    response = client.get(f"/s/{expired.id}/")
    assert response.status_code == 404 and "expired" in response.text
    assert client.get(f"/s/{expired.id}.json").status_code == 404
    assert client.get(f"/s/{expired.id}/deadlines.ics").status_code == 404
    call_command("purge_shares", verbosity=0)
    assert list(Share.objects.all()) == [kept]


def test_json_for_partners(client):
    share, _response = saved_with(client)
    by_suffix = client.get(f"/s/{share.id}.json")
    by_accept = client.get(f"/s/{share.id}/", headers={"Accept": "application/json"})
    assert by_suffix["Content-Type"] == by_accept["Content-Type"] == "application/json"
    assert by_suffix.json() == by_accept.json()
    assert "Accept" in by_accept["Vary"]
    data = by_suffix.json()
    assert set(data) == {
        "id",
        "created_at",
        "expires_at",
        "content_version",
        "content_changed",
        "language",
        "answers",
        "result",
    }
    assert data["id"] == share.id and data["content_changed"] is False
    assert data["answers"]["wants"] == ["money", "prosecution"] and data["answers"]["place"] == ["MN"]
    routes = {r["slug"]: r for r in data["result"]["routes"]}
    ftca = routes["ftca"]
    assert ftca["status"] in ("available", "limited") and routes["section-1983"]["status"] == "unavailable"
    assert ftca["deadline"]["earliest"] == ftca["deadline"]["latest"] == "2028-01-07"
    assert ftca["deadline"]["act_by"] == "2028-01-07" and isinstance(ftca["deadline"]["days_left"], int)
    reason = ftca["reasons"][0]
    assert reason["text"] and reason["citations"][0]["citation"].startswith("28 U.S.C.")
    assert reason["because"][0]["question"] == "officer"
    assert {"slug", "name", "effect", "summary", "verified"} <= set(ftca["doctrines"][0])
    assert [s["kind"] for s in data["result"]["next_steps"]][0] == "evidence"
    text = by_suffix.content.decode()
    assert share.delete_key_hash not in text and "delete_key" not in text


def test_html_is_still_the_default(client):
    share, _response = saved_with(client)
    for accept in ("text/html,application/xhtml+xml,*/*;q=0.8", "*/*", None):
        headers = {"Accept": accept} if accept else {}
        assert client.get(f"/s/{share.id}/", headers=headers)["Content-Type"].startswith("text/html")


def test_saved_page_previews_reveal_nothing_and_offer_copy_email_and_calendar(client):
    share, _response = saved_with(client)
    html = client.get(f"/s/{share.id}/").text
    previews = re.findall(r'<meta property="og:[^"]+" content="([^"]*)">', html)
    assert "A saved Recourse result" in previews and "Open the link to see it." in previews
    assert not any(word in " ".join(previews) for word in ("ICE", "Minnesota", "shot", "FTCA"))
    assert 'class="button copy-link" data-copy="share-link"' in html  # appears with JavaScript
    assert f"body=http%3A//testserver/s/{share.id}/" in html  # email it: works without JavaScript
    assert f'href="/s/{share.id}/deadlines.ics"' in html
    assert "This link works until" in html


def test_saved_calendar_links_back_to_the_saved_result(client):
    import icalendar

    share, _response = saved_with(client)
    response = client.get(f"/s/{share.id}/deadlines.ics")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert events and all(str(e["URL"]) == f"http://testserver/s/{share.id}/" for e in events)


def test_a_result_saved_before_plans_and_delete_links_still_shows(client):
    """Shares store the result as it was: older rows lack next steps, the comparison,
    'because' answers and deadline details, and must still render."""
    share, _response = saved_with(client)
    result = share.result
    for key in ("steps", "comparison"):
        result.pop(key)
    for route in result["routes"]:
        for reason in route["reasons"]:
            reason.pop("because")
        if route["deadline"]:
            for key in ("act_by", "exceptions"):
                route["deadline"].pop(key)
    Share.objects.filter(pk=share.pk).update(result=result, delete_key_hash="")
    response = client.get(f"/s/{share.id}/")
    assert response.status_code == 200
    assert "January 7, 2028" in response.text and "Finding a lawyer" in response.text
    assert client.get(f"/s/{share.id}.json").json()["result"]["routes"][0]["reasons"][0]["because"] == []
