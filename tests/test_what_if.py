"""What if one answer were different: the form on the result page, the comparison, and the
link to the full new result. Without JavaScript, and as an htmx fragment."""

import re
from urllib.parse import urlencode

import pytest

from .test_views import ICE_FAMILY, query, routes_of

pytestmark = pytest.mark.django_db


def what_if(client, change, *to, **headers):
    params = [*ICE_FAMILY, ("change", change), *(("to", v) for v in to)]
    return client.get("/result/what-if/?" + urlencode(params), headers=headers)


def changes_of(html: str) -> dict[str, str]:
    items = re.findall(r"<li><strong>([^<]+)</strong>:(.*?)</li>", html, re.S)
    return {name: " ".join(re.sub(r"<[^>]+>", " ", rest).split()) for name, rest in items}


def test_the_result_page_offers_to_change_one_answer(client):
    html = client.get("/result/?" + query(ICE_FAMILY)).text
    links = {
        text: url.replace("&amp;", "&")
        for url, text in re.findall(r'<li><a href="(/result/what-if/\?[^"]+)"[^>]*>([^<]+)</a>', html)
    }
    assert links["Who did the officer work for?"].endswith("&change=officer")
    assert "place=MN" in links["Who did the officer work for?"]
    # links, not a form: the result page asks no question of its own
    assert not re.search(r"<form[^>]*>(?:(?!</form>).)*<(select|fieldset)", html, re.S)
    assert client.get(links["Who did the officer work for?"]).status_code == 200


def test_choosing_the_question_shows_it_with_the_current_answer(client):
    response = what_if(client, "officer")
    assert response.status_code == 200
    assert 'name="to" value="ice" checked' in response.text
    assert "What would change" not in response.text


def test_a_different_officer_lists_the_routes_that_change_and_links_the_new_result(client):
    response = what_if(client, "officer", "city-police")
    changes = changes_of(response.text)
    ftca = next(v for k, v in changes.items() if "Federal Tort Claims Act" in k)
    assert ftca == "may be open → likely closed"
    section_1983 = changes["Civil rights lawsuit against the officer (42 U.S.C. § 1983)"]
    assert "likely closed → may be open" in section_1983
    link = re.search(r'<a class="button" href="([^"]+)">See the full result with this answer', response.text)[1]
    new = client.get(link.replace("&amp;", "&"))
    assert new.status_code == 200
    assert routes_of(new.text)["ftca"] == "unavailable"
    assert routes_of(new.text)["section-1983"] in ("available", "limited")


def test_an_older_date_moves_the_deadlines(client):
    changes = changes_of(what_if(client, "date", "2024-01-10").text)
    ftca = next(v for k, v in changes.items() if "Federal Tort Claims Act" in k)
    assert "deadline January 7, 2028 → January 10, 2026" in ftca or "deadline January 7, 2028 → none" in ftca


def test_the_same_answer_changes_nothing(client):
    html = what_if(client, "place", "MN").text
    assert "No route would change its status or deadline." in html


def test_an_answer_that_needs_another_question_links_to_it(client):
    html = what_if(client, "died", "no").text  # the criminal case question now applies
    link = re.search(r'href="(/check/\?[^"]+)">Answer it', html)[1].replace("&amp;", "&")
    step = client.get(link)
    assert step.status_code == 200 and 'name="asked" value="charged"' in step.text


def test_htmx_gets_only_the_panel(client):
    response = what_if(client, "officer", "cbp", **{"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="what-if"' in response.text
    assert response["HX-Push-Url"].startswith("/result/what-if/?")


def test_an_unknown_question_goes_back_to_the_result(client):
    response = what_if(client, "shoe-size", "9")
    assert response.status_code == 302 and response["Location"].startswith("/result/?")
