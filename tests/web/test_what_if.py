"""What if one answer were different: swapping one answer and listing what changes (pure
Python), then the form on the result page, the comparison and the link to the full new
result, without JavaScript and as an htmx fragment."""

import re
from datetime import date
from urllib.parse import urlencode

import pytest

from liability import law, whatif
from liability.law import Status, assess
from tests.conftest import TODAY, make_content, make_facts, make_flow, make_route, make_rule
from tests.web.test_views import ICE_FAMILY, query, routes_of

pytestmark = pytest.mark.django_db


ROUTES = (
    make_route(
        "ftca",
        "unavailable",
        [make_rule("available", officer_levels=["federal"])],
        deadline=law.DeadlineRule("fixed", 2),
    ),
    make_route(
        "section-1983",
        "available",
        [make_rule("unavailable", officer_levels=["federal"])],
        deadline=law.DeadlineRule("state_1983"),
    ),
    make_route("minnesota-only", "available", jurisdictions=frozenset({"MN"})),
    make_route("oversight", "available"),
)
CONTENT = make_content(*ROUTES)
ICE = {"officer": "ice", "level": "federal"}


def test_changing_the_officer_lists_only_the_routes_that_change():
    before = assess(make_facts(), CONTENT, TODAY)
    after = assess(make_facts(**ICE), CONTENT, TODAY)
    changes = {c.slug: c for c in whatif.changed_routes(before, after)}
    assert set(changes) == {"ftca", "section-1983"}
    assert (changes["ftca"].before, changes["ftca"].after) == (Status.UNAVAILABLE, Status.AVAILABLE)
    assert (changes["section-1983"].before, changes["section-1983"].after) == (Status.AVAILABLE, Status.UNAVAILABLE)
    assert changes["ftca"].deadline_after == date(2028, 1, 7) and changes["ftca"].deadline_before is None
    assert changes["ftca"].deadline_changed  # a route that opens gains a date to act by
    assert not changes["section-1983"].deadline_changed  # one that closes: "none" is not news


def test_a_route_that_only_applies_in_one_place_comes_and_goes():
    changes = whatif.changed_routes(
        assess(make_facts(), CONTENT, TODAY), assess(make_facts(place="LA"), CONTENT, TODAY)
    )
    gone = next(c for c in changes if c.slug == "minnesota-only")
    assert (gone.before, gone.after) == (Status.AVAILABLE, None)
    moved = next(c for c in changes if c.slug == "section-1983")  # 6 years in Minnesota, 2 in Louisiana
    assert (moved.deadline_before, moved.deadline_after) == (date(2032, 1, 7), date(2028, 1, 7))
    assert not moved.status_changed


def test_the_same_answers_change_nothing():
    result = assess(make_facts(), CONTENT, TODAY)
    assert whatif.changed_routes(result, result) == ()


def test_swap_replaces_one_answer_and_keeps_the_others():
    flow = make_flow()
    pairs = [("officer", "ice"), ("harms", "shot"), ("harms", "force"), ("place", "MN"), ("date", "2026-01-07")]
    harms = flow.nodes["harms"]
    assert whatif.swap(pairs, harms, ["search"]) == [
        ("officer", "ice"),
        ("place", "MN"),
        ("date", "2026-01-07"),
        ("harms", "search"),
    ]
    when = flow.nodes["date"]
    assert whatif.swap(pairs, when, ["1to2"])[-1] == ("approx", "1to2")  # a rough range has its own key
    assert ("date", "2026-01-07") not in whatif.swap(pairs, when, ["1to2"])
    assert whatif.swap([("approx", "1to2")], when, ["2025-05-01"]) == [("date", "2025-05-01")]


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
    assert re.search(r'name="to" value="ice"\s+checked', response.text)
    assert "What would change" not in response.text


def test_the_questionnaire_and_what_if_render_a_question_with_the_same_fields(client):
    """One partial (question_fields.html) for both: the same choices, group headings and hints."""
    asked = client.get("/check/?" + urlencode([*ICE_FAMILY, ("change", "harms")])).text
    changing = what_if(client, "harms").text

    def fields(html: str) -> list[str]:
        form = html.split("<fieldset", 1)[1]
        return re.findall(r'type="checkbox" id="[^"]*" name="[^"]+" value="([^"]+)"|class="(choice-group|hint)"', form)

    assert len(fields(asked)) > 8
    assert fields(asked) == fields(changing)


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
    html = what_if(client, "died", "no").text  # the age, custody and criminal case questions now apply
    link = re.search(r'href="(/check/\?[^"]+)">Answer it', html)[1].replace("&amp;", "&")
    step = client.get(link)
    assert step.status_code == 200 and 'name="asked" value="minor"' in step.text


def test_htmx_gets_only_the_panel(client):
    response = what_if(client, "officer", "cbp", **{"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="what-if"' in response.text
    assert response["HX-Push-Url"].startswith("/result/what-if/?")


def test_an_unknown_question_goes_back_to_the_result(client):
    response = what_if(client, "shoe-size", "9")
    assert response.status_code == 302 and response["Location"].startswith("/result/?")
