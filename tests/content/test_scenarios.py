"""Stories a lawyer can read: the answers a person gives and what the result must say.
They walk the real views over the bundled content, as a person without JavaScript would.

Every expectation comes from the project's legal research brief (its sections 1, 2 and
4, as corrected by its 2026 updates), not from what the app
happens to print. `open` routes must be shown as "may be open" (with or without
limits), `limited` ones exactly "with limits", `closed` ones "likely closed".

Incident dates are chosen so that results do not change for at least a year after
2026-11-27: open cases happened in 2026, and cases whose deadline has run happened
long enough ago that it has already run. A scenario with a `doubt` is one where the
app disagrees with the brief and the fix is not a one-line rule change; it is
expected to fail (strictly) until someone decides, and is listed in the report.
"""

import html
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest
import yaml

from liability import questions

pytestmark = pytest.mark.django_db

OPEN = ("available", "limited")
OFFICERS_YAML = Path(__file__).resolve().parents[2] / "liability" / "content" / "officers.yaml"

# Each scenario: story, answers (the canonical querystring), statuses that must hold,
# and words (doctrines, cases, dates) that must appear on the result page.
SCENARIOS = yaml.safe_load((Path(__file__).resolve().parents[2] / "liability" / "scenarios.yaml").read_text())


def routes_of(html_text: str) -> dict[str, str]:
    return dict(re.findall(r'data-route="([^"]+)" data-route-status="([^"]+)"', html_text))


def text_of(html_text: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split()).lower()


def _param(scenario: dict):
    marks = [pytest.mark.xfail(strict=True, reason=scenario["doubt"])] if "doubt" in scenario else []
    return pytest.param(scenario, marks=marks, id=scenario["story"][:60])


@pytest.mark.parametrize("scenario", [_param(s) for s in SCENARIOS])
def test_scenario(client, scenario):
    response = client.get(f"/result/?{scenario['answers']}")
    assert response.status_code == 200, response.get("Location")  # 302 = answers not canonical
    routes = routes_of(response.text)
    for slug in scenario["open"]:
        assert routes.get(slug) in OPEN, (slug, routes.get(slug))
    for slug in scenario.get("limited", []):
        assert routes.get(slug) == "limited", (slug, routes.get(slug))
    for slug in scenario["closed"]:
        assert routes.get(slug) == "unavailable", (slug, routes.get(slug))
    text = text_of(response.text)
    for word in scenario["mentions"]:
        assert " ".join(word.lower().split()) in text, word
    for word in scenario.get("absent", []):  # a statement that would contradict the result
        assert " ".join(word.lower().split()) not in text, word
    if "nearest" in scenario:  # what to do first names the date that really comes first
        line = re.search(r'<p class="nearest.*?</p>', response.text, re.S)
        assert line and scenario["nearest"].lower() in text_of(line[0]), scenario["nearest"]
    if "calendar" in scenario:  # every deadline still ahead is in the calendar file
        calendar = client.get(f"/result/deadlines.ics?{scenario['answers']}").text
        days = set(re.findall(r"DTSTART;VALUE=DATE:(\d{8})", calendar))
        assert {f"{d:%Y%m%d}" for d in scenario["calendar"]} == days  # YAML reads the dates as dates


def answers(scenario: dict) -> dict[str, list[str]]:
    return parse_qs(scenario["answers"])


def one(scenario: dict, key: str) -> str:
    return answers(scenario).get(key, [""])[0]


def test_scenarios_cover_the_questionnaire():
    """The stories must keep reaching every officer kind, harm, case outcome and kind of
    asker, many places, and the deadline traps. Computed, so dropping a story that held
    the only example of something fails here."""
    assert len(SCENARIOS) >= 30
    kinds = {kind["slug"] for kind in yaml.safe_load(OFFICERS_YAML.read_text())["kinds"]}
    officers = {one(s, "officer") for s in SCENARIOS}
    assert kinds <= officers, sorted(kinds - officers)
    harms = {h for s in SCENARIOS for h in answers(s).get("harms", [])}
    assert {c.value for c in questions.HARMS} <= harms, sorted({c.value for c in questions.HARMS} - harms)
    outcomes = {one(s, "charged") for s in SCENARIOS} - {""}
    assert {c.value for c in questions.CASE_OUTCOMES} <= outcomes
    places = {one(s, "place") for s in SCENARIOS}
    assert len(places) >= 15, sorted(places)
    deaths = {one(s, "asker") for s in SCENARIOS if one(s, "died") == "yes"}
    assert {"family", "helper"} <= deaths


def test_scenarios_cover_deadlines_that_have_run():
    run = [s for s in SCENARIOS if "may have passed" in s["mentions"]]
    places = {one(s, "place") for s in run}
    assert {"TN", "KY", "LA", "WI"} <= places, places
    days = {(one(s, "place"), date.fromisoformat(one(s, "date"))) for s in run if one(s, "date")}
    # Louisiana: 1 year before Act 423 (2024-07-01), 2 years after; Wisconsin: 6 years
    # before 2017 Wis. Act 235 (2018-04-05), 3 years after. Both sides of each change.
    assert any(p == "LA" and d < date(2024, 7, 1) for p, d in days)
    assert any(p == "LA" and d > date(2024, 7, 1) for p, d in days)
    assert any(p == "WI" and d < date(2018, 4, 5) for p, d in days)
    assert any(p == "WI" and d >= date(2018, 4, 5) for p, d in days)
    assert any(one(s, "approx") == "gt6" for s in run)


def test_scenario_answers_follow_the_questionnaire():
    """`charged` is skipped after a death; `died` is asked only after bodily harm, and never
    of someone asking about their own harm."""
    for s in SCENARIOS:
        given = answers(s)
        bodily = set(given.get("harms", [])) & set(questions.BODILY)
        assert ("died" in given) == (bool(bodily) and one(s, "asker") != "self"), s["story"]
        assert ("charged" in given) == (one(s, "died") != "yes"), s["story"]


FEDERAL = ["ice", "cbp", "fbi", "dea", "atf", "usms", "federal-other", "guard-title10", "military"]
STATE_LOCAL = ["state-police", "city-police", "sheriff", "guard-state"]
HYBRID = ["task-force", "287g", "guard-title32", "unsure"]


@pytest.mark.parametrize("officer", FEDERAL + STATE_LOCAL + HYBRID)
def test_each_officer_kind_maps_to_the_right_routes(client, officer):
    answers = urlencode(
        {
            "officer": officer,
            "harms": "force",
            "died": "no",
            "asker": "self",
            "place": "MN",
            "date": "2026-06-01",
            "role": "unsure",  # hybrid officers: the deciding question left open keeps both tracks
            "duty": "on",
            "minor": "21plus",
            "custody": "no",
            "charged": "none",
            "claim": "none",
            "wants": "money",
        }
    )
    routes = routes_of(client.get(f"/result/?{answers}", follow=True).text)
    if officer in FEDERAL:
        assert routes["ftca"] in OPEN and routes["section-1983"] == "unavailable"
        assert routes["state-prosecution-federal"] in OPEN and routes["state-prosecution-local"] == "unavailable"
    elif officer in STATE_LOCAL:
        assert routes["ftca"] == "unavailable" and routes["section-1983"] in OPEN
        assert routes["state-prosecution-local"] in OPEN and routes["state-prosecution-federal"] == "unavailable"
    else:  # both tracks stay open, with limits, until the facts decide
        assert routes["ftca"] == "limited" and routes["section-1983"] == "limited"
    assert routes["federal-prosecution-242"] in OPEN  # § 242 reaches anyone acting under color of law
