"""Deadline arithmetic: pure Python, no Django imports.

A deadline runs from the incident date. When a person knows only roughly when it
happened, the incident date is a range and so is the deadline; the safe date to act by
is then the earliest end of that range. `law.py` decides which period applies; this
module only counts, so that the counting can be tested on its own (leap days, periods
that changed on a date, ranges that straddle today).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

SOON = timedelta(days=90)  # "talk to a lawyer before ..." inside this window


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls back to the 28th (the
    earlier, safer reading)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


@dataclass(frozen=True)
class Span:
    """A limitations period and the incident dates it governs (None: open-ended)."""

    years: int
    applies_from: date | None = None
    applies_until: date | None = None

    def overlaps(self, earliest: date | None, latest: date | None) -> bool:
        return (self.applies_from is None or latest is None or self.applies_from <= latest) and (
            self.applies_until is None or earliest is None or self.applies_until >= earliest
        )


def spanned(
    earliest: date | None, latest: date | None, spans: Iterable[Span]
) -> tuple[date | None, date | None, tuple[Span, ...]]:
    """The first and last possible deadline for an incident between `earliest` and
    `latest`, when the period depends on the incident date, and the periods used.

    A period that changed inside the range is why this is not simply "earliest plus
    the first period, latest plus the last": when a state shortens its period, an
    incident on the first day of the new period can have an earlier deadline than one
    on the last day of the old period. Within one period the deadline grows with the
    incident date, so only the ends of each period's share of the range matter.
    A None end means "unknown": the deadline can be that early (or late).
    """
    used = tuple(s for s in spans if s.overlaps(earliest, latest))
    firsts: list[date | None] = []
    lasts: list[date | None] = []
    for span in used:
        start = _later(earliest, span.applies_from)
        end = _earlier(latest, span.applies_until)
        firsts.append(add_years(start, span.years) if start else None)
        lasts.append(add_years(end, span.years) if end else None)
    first = None if not firsts or None in firsts else min(d for d in firsts if d)
    last = None if not lasts or None in lasts else max(d for d in lasts if d)
    return first, last, used


def _later(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a and b else a or b


def _earlier(a: date | None, b: date | None) -> date | None:
    return min(a, b) if a and b else a or b


@dataclass(frozen=True)
class Timing:
    """Where a deadline stands today. Worked out again whenever a result is shown, so
    that a result saved months ago still says how many days are left now."""

    act_by: date | None  # the safe date: the earliest possible deadline
    days_left: int | None  # until act_by, if it is still ahead
    passed: bool  # even the latest possible deadline is behind us
    may_have_passed: bool  # the earliest possible deadline is behind us (or unknown), the latest is not
    soon: bool  # act_by is within SOON


def timing(earliest: date | None, latest: date | None, today: date) -> Timing:
    passed = latest is not None and latest < today
    may_have_passed = not passed and latest is not None and (earliest is None or earliest < today)
    ahead = earliest is not None and earliest >= today
    return Timing(
        act_by=earliest,
        days_left=(earliest - today).days if ahead and earliest else None,
        passed=passed,
        may_have_passed=may_have_passed,
        soon=ahead and earliest is not None and earliest <= today + SOON,
    )


def stored_day(value: object) -> date | None:
    """A date as a result stores it: ISO text (a share's JSON) or a date; None for anything else."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def standing(deadline: Mapping, today: date) -> Timing:
    """Where a deadline as a result stores it (earliest and latest as ISO text) stands on
    `today`: worked out whenever a result is shown, so a saved result's days left are today's."""
    return timing(stored_day(deadline.get("earliest")), stored_day(deadline.get("latest")), today)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later; a day the month lacks (31 August plus six
    months) falls back to the month's last day, the earlier and safer reading."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


def coming_of_age(day: date, age: int, majority: int) -> tuple[date, date]:
    """The first and last possible day on which a person who was `age` on `day` reaches
    `majority`: someone who is 10 on a given day turns 18 between seven years and a day
    and eight years later."""
    return add_years(day, majority - age - 1) + timedelta(days=1), add_years(day, majority - age)


def paused_for_a_minor(
    earliest: date | None, latest: date | None, age: int, majority: int, years: int
) -> tuple[date | None, date | None]:
    """The deadline when a state pauses its period until a minor comes of age and then
    allows `years` more. None where the incident date is unknown at that end."""
    if age >= majority:
        return None, None
    first = add_years(coming_of_age(earliest, age, majority)[0], years) if earliest else None
    last = add_years(coming_of_age(latest, age, majority)[1], years) if latest else None
    return first, last


# A day from which a person MAY act (silence counted as a denial) is shown on its route's
# card, but it closes nothing: it never counts as a deadline, nor as the nearest one.
STARTS = frozenset({"may_sue"})


def closing(routes: Iterable[Mapping]) -> list[dict]:
    """Every date that can close an open route of a result as stored (a share's JSON): each
    route's own deadline and the others beside it (a suit deadline against a public body, a
    death's, six months after a denial, the end of a criminal case), as {"route", "deadline"}
    rows, the earliest safe date first (dates we cannot give last). The deadlines table, the
    nearest deadline, the calendar file and the printed plan all read this one list, so a
    date shown on a card is never missing from the rest of the result."""
    rows = [
        {"route": route, "deadline": deadline}
        for route in routes
        if route.get("status") != "unavailable"
        for deadline in (route.get("deadline"), *(route.get("also") or ()))
        if deadline and deadline.get("label", "") not in STARTS
    ]
    return sorted(rows, key=lambda row: row["deadline"].get("earliest") or row["deadline"].get("latest") or "9999")
