"""The deadlines of a result as an iCalendar file (RFC 5545), written by hand.

Pure Python, no Django imports. It reads the result as stored (the JSON form a share
keeps), so a saved result's calendar file shows the dates that result showed. Every date
that can close an open route (deadlines.closing: the route's own deadline and those beside
it, such as the suit deadline against a city or six months after a denial) becomes an
all-day event, saying what it is for and citing its source, on the safe date (the earliest possible
deadline) with reminders 90, 30 and 7 days before (a claim takes
time to prepare, so the first comes early); a deadline that has already passed is
left out. The file names routes and dates, never the person's answers: a calendar is
often synced and seen by others, so a result's address (which spells out the answers)
is left out too; only a saved result's private link is included.

Written by hand rather than with a library: a dozen property lines, and the rules that
matter (CRLF, escaping, folding at 75 octets, DATE values) are tested in tests/core/test_ics.py
against the `icalendar` parser.
"""

import hashlib
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta

from .deadlines import closing, standing, stored_day

PRODID = "-//Recourse//Deadlines//EN"
REMINDERS = (90, 30, 7)  # days before


def english_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def ics(
    result: Mapping,
    today: date,
    now: datetime,
    url: str,
    texts: Mapping[str, str],
    say_date: Callable[[date], str] = english_date,
) -> str:
    """The calendar. `url` is a saved result's link, or "" for none. `texts` holds the
    words (translated by the caller): "title", "summary" (with {route}), "range" (with
    {first} and {last}), "lawyer", "source", and optionally "what" (with {route} and {what})
    and "labels" (what each kind of deadline is for, by its label: "suit", "death" ...)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(texts['title'])}",
    ]
    for route, deadline, day in deadlines(result, today):
        lines += _event(route, deadline, day, now, url, texts, say_date)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def deadlines(result: Mapping, today: date) -> Iterator[tuple[Mapping, Mapping, date]]:
    """(route, deadline, safe date) for each date that can close an open route and is
    still ahead."""
    for row in closing(result.get("routes", ())):
        deadline = row["deadline"]
        if not deadline.get("earliest"):
            continue
        when = standing(deadline, today)
        if when.act_by and when.days_left is not None:  # still ahead
            yield row["route"], deadline, when.act_by


def _event(
    route: Mapping,
    deadline: Mapping,
    day: date,
    now: datetime,
    url: str,
    texts: Mapping[str, str],
    say_date: Callable[[date], str],
) -> list[str]:
    first, last = stored_day(deadline["earliest"]), stored_day(deadline.get("latest"))
    what = (texts.get("labels") or {}).get(deadline.get("label", ""), "")
    summary = texts["what"].format(route=route["name"], what=what) if what and "what" in texts else ""
    summary = summary or texts["summary"].format(route=route["name"])
    description = [texts["lawyer"]]
    if last and first != last:
        description.insert(0, texts["range"].format(first=say_date(first), last=say_date(last)))
    if deadline.get("statute"):
        description.append(deadline["statute"])
    if deadline.get("note"):
        description.append(deadline["note"])
    for cite in deadline.get("cites") or ():  # where the date comes from, to check it
        description.append(f"{cite['citation']}: {cite['url']}" if cite.get("url") else cite["citation"])
    if url:
        description.append(f"{texts['source']} {url}")
    # The same route, kind of deadline and date give the same UID, so importing again
    # updates, not duplicates (a route's own deadline keeps the UID it had before labels).
    kind = f"{deadline['label']}|" if deadline.get("label") else ""
    uid = hashlib.sha256(f"{route['slug']}|{kind}{day.isoformat()}|{url}".encode()).hexdigest()[:32]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}@recourse",
        f"DTSTAMP:{now.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(chr(10).join(description))}",
        *([f"URL:{url}"] if url else []),
        "TRANSP:TRANSPARENT",
    ]
    for days in REMINDERS:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape(summary)}",
            f"TRIGGER:-P{days}D",
            "END:VALARM",
        ]
    return [*lines, "END:VEVENT"]


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets (RFC 5545 3.1), never inside a UTF-8
    character: continuation lines start with one space, which counts towards the limit."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)
