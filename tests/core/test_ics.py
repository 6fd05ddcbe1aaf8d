"""The .ics file: it parses (checked with the `icalendar` package, an independent
reader), carries the right dates and leaves out what is not a deadline to act on."""

from datetime import UTC, date, datetime

import icalendar

from liability import ics
from tests.conftest import TODAY

NOW = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
TEXTS = {
    "title": "Recourse: my deadlines",
    "summary": "Deadline: {route}",
    "range": "Between {first} and {last}, depending on the exact date.",
    "lawyer": "Talk to a lawyer before this date.",
    "source": "Saved result:",
}
LONG_NOTE = (
    "You must send the written claim to the agency within 2 years; then, if it denies it, "
    "6 months to sue; commas, semicolons; and a backslash \\ all survive. " * 3
)


def route(slug, status, earliest, latest=None, **deadline):
    return {
        "slug": slug,
        "name": f"Route {slug} (§ test)",
        "status": status,
        "deadline": {"earliest": earliest, "latest": latest or earliest, "statute": "", "note": ""} | deadline
        if earliest
        else None,
    }


RESULT = {
    "routes": [
        route("ftca", "available", "2028-01-07", statute="28 U.S.C. § 2401(b)", note=LONG_NOTE),
        route("range", "limited", "2027-05-01", "2028-05-01"),
        route("passed", "limited", "2025-01-07"),
        route("straddles", "limited", "2026-06-01", "2027-06-01"),
        route("closed", "unavailable", "2030-01-01"),
        route("none", "available", None),
    ]
}


def parse(text: str):
    return icalendar.Calendar.from_ical(text)


def events(text: str):
    return {str(e["UID"]): e for e in parse(text).walk("VEVENT")}


def test_the_file_parses_and_has_one_event_per_deadline_still_ahead():
    text = ics.ics(RESULT, TODAY, NOW, "https://recourse.example/s/abc/", TEXTS)
    cal = parse(text)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]) == ics.PRODID
    found = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(found) == {"Deadline: Route ftca (§ test)", "Deadline: Route range (§ test)"}
    ftca = found["Deadline: Route ftca (§ test)"]
    assert ftca.decoded("DTSTART") == date(2028, 1, 7)  # an all-day event on the deadline
    assert ftca.decoded("DTEND") == date(2028, 1, 8)
    assert ftca.decoded("DTSTAMP") == NOW
    assert str(ftca["URL"]) == "https://recourse.example/s/abc/"
    assert [str(a["TRIGGER"].to_ical(), "ascii") for a in ftca.walk("VALARM")] == ["-P90D", "-P30D", "-P7D"]


def test_an_approximate_date_is_entered_on_the_safe_date_and_says_the_range():
    text = ics.ics(RESULT, TODAY, NOW, "", TEXTS)
    (event,) = [e for e in parse(text).walk("VEVENT") if "range" in str(e["SUMMARY"])]
    assert event.decoded("DTSTART") == date(2027, 5, 1)
    assert "Between May 1, 2027 and May 1, 2028" in str(event["DESCRIPTION"])
    assert "URL" not in event  # no address given: nothing that could reveal the answers


def test_text_is_escaped_and_lines_are_folded():
    text = ics.ics(RESULT, TODAY, NOW, "https://recourse.example/s/abc/", TEXTS)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    ftca = next(e for e in parse(text).walk("VEVENT") if "ftca" in str(e["SUMMARY"]))
    description = str(ftca["DESCRIPTION"])
    assert LONG_NOTE in description and "28 U.S.C. § 2401(b)" in description
    assert "\\;" in text and "\\," in text and "\\\\" in text


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "§" * 100
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_uids_are_stable_so_a_second_import_updates():
    first = ics.ics(RESULT, TODAY, NOW, "https://recourse.example/s/abc/", TEXTS)
    again = ics.ics(RESULT, TODAY, datetime(2026, 12, 1, tzinfo=UTC), "https://recourse.example/s/abc/", TEXTS)
    assert set(events(first)) == set(events(again))


def test_no_deadlines_still_makes_a_valid_empty_calendar():
    cal = parse(ics.ics({"routes": []}, TODAY, NOW, "", TEXTS))
    assert cal.walk("VEVENT") == []
