"""Every date that can close a route reaches the whole result (issue 10, part 1): the
deadlines table, the nearest deadline, the printed plan and the calendar file all read
liability.deadlines.closing over the result as stored. Without a database."""

from datetime import UTC, date, datetime

import icalendar

from liability import ics
from liability.deadlines import closing
from liability.templatetags.recourse import nearest

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
SUIT_CITE = {
    "citation": "A.R.S. § 12-821",
    "url": "https://casetext.com/case/stulce-v-salt-river-project",
    "verified": True,
}
RESULT = {
    "routes": [
        {
            "slug": "section-1983",
            "name": "Federal civil-rights lawsuit",
            "status": "available",
            "deadline": {"earliest": "2028-03-03", "latest": "2028-03-03", "statute": "A.R.S. § 12-542", "cites": []},
            "also": [],
        },
        {
            "slug": "state-tort",
            "name": "State-law injury claim",
            "status": "limited",
            # the notice window has passed; the suit deadline beside it has not
            "deadline": {
                "earliest": "2026-08-30",
                "latest": "2026-08-30",
                "statute": "A.R.S. § 12-821.01",
                "cites": [],
            },
            "also": [
                {
                    "label": "suit",
                    "earliest": "2027-03-03",
                    "latest": "2027-03-03",
                    "statute": "A.R.S. § 12-821",
                    "note": "",
                    "cites": [SUIT_CITE],
                },
                {"label": "may_sue", "earliest": "2027-01-05", "latest": "2027-01-05", "cites": []},
            ],
        },
        {
            "slug": "bivens",
            "name": "Bivens",
            "status": "unavailable",
            "deadline": {"earliest": "2026-12-01", "latest": "2026-12-01", "cites": []},
        },
    ]
}
TEXTS = {
    "title": "Recourse: deadlines",
    "summary": "Deadline: {route}",
    "what": "{what}: {route}",
    "range": "Between {first} and {last}.",
    "lawyer": "Talk to a lawyer.",
    "source": "Saved result:",
    "labels": {"suit": "Deadline to sue under state law"},
}


def test_closing_lists_every_deadline_of_every_open_route_earliest_first():
    rows = closing(RESULT["routes"])
    assert [(r["route"]["slug"], r["deadline"].get("label", "")) for r in rows] == [
        ("state-tort", ""),
        ("state-tort", "suit"),
        ("section-1983", ""),
    ]  # a closed route's date and the day one MAY sue (a start, not an end) are left out


def test_the_nearest_deadline_can_be_one_beside_a_route(monkeypatch):
    monkeypatch.setattr("liability.templatetags.recourse.timezone.localdate", lambda: TODAY)
    found = nearest(RESULT["routes"])
    # the passed notice is not "nearest"; the suit deadline (a year before § 1983's) is
    assert found["route"]["slug"] == "state-tort"
    assert found["deadline"]["label"] == "suit"
    assert found["standing"].act_by == date(2027, 3, 3)


def test_calendar_has_an_event_for_each_deadline_beside_a_route_with_its_source():
    cal = icalendar.Calendar.from_ical(ics.ics(RESULT, TODAY, NOW, "", TEXTS))
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {
        "Deadline: Federal civil-rights lawsuit",
        "Deadline to sue under state law: State-law injury claim",
    }
    suit = events["Deadline to sue under state law: State-law injury claim"]
    assert suit.decoded("DTSTART") == date(2027, 3, 3)
    assert "A.R.S. § 12-821: https://casetext.com/case/stulce-v-salt-river-project" in str(suit["DESCRIPTION"])


def test_two_deadlines_of_one_route_on_one_day_are_two_events():
    route = RESULT["routes"][1]
    same_day = {**route, "deadline": {**route["also"][0], "label": ""}}
    cal = icalendar.Calendar.from_ical(ics.ics({"routes": [same_day]}, TODAY, NOW, "", TEXTS))
    assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == 2
