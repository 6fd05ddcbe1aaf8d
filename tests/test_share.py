import re

import pytest

from liability import publishing
from liability.models import Doctrine, Route, Share

from .test_views import ICE_FAMILY, query, routes_of

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
    publishing.publish(None, "Test: the law changed.")
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
    publishing.publish(None, "Test: reviewed.")
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
    assert client.get("/share/").status_code == 405
