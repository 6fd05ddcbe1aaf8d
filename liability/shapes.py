"""A result's shape: the page with its dates, days left and address taken out.

Nearly every result's address is new (it spells out the officer, the place and the date),
but a result page is mostly the same text for everyone in the same situation. What
differs from one person to the next is a handful of values: the dates (the incident,
each deadline, today), the number of days left, and the answers in the page's links and
forms. So a result is rendered once per *shape*: its context with each of those values
replaced by a numbered marker. The HTML with markers is kept (settings.CACHES["shapes"]),
and each request fills in its own values with plain string formatting, through the same
functions the templates use (`say_day`, Django's `localize`), so the page is the same,
byte for byte, as one rendered from scratch (tests/web/test_shapes.py).

What keeps a marker faithful:

- A date's marker compares, sorts and tests equal as the date does (the deadlines table
  sorts by date; a card asks whether the earliest and latest dates are the same day), and
  its number is the date's rank among the page's dates, so the shape's key records the
  order, and two people share a shape only if their dates fall in the same order.
- Where a deadline stands today (passed, may have passed, soon, days left) is worked out
  from the real dates before masking (`Timing` in `standing`), so only the answers to
  those questions are in the shape, never the dates. Days left keep their plural form:
  the marker is a number of the same plural class ("1 day", "2 days").
- A date printed as a date goes through `say_day` (the `day` filter): a marker comes out
  as a "formatted date" marker. A date printed raw (a form's hidden answer) comes out as
  its raw marker. Each is filled in as the template would have printed it.
- The answers' query string is one marker wherever it appears (the what-if and change
  links, the calendar link, the page's own address).

The key is a digest of everything the shape's templates read that is not filled in: the
masked context, the published content and the language. A filled page that still holds
a marker (a template that printed one some other way) is never shown: `fill` refuses it,
and the view renders the page from scratch instead.
"""

import hashlib
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.utils.formats import date_format, localize
from django.utils.html import escape

from liability.deadlines import Timing, timing

# A marker is START, a letter for its kind, a number, END: two private-use characters, never
# in content and never changed by HTML escaping, so filling in is a split on START.
START, END = "\ue000", "\ue001"
RAW, SAID, DAYS, ANSWERS, TOKEN = "d", "s", "n", "q", "t"
ANSWERS_MARKER = f"{START}{ANSWERS}{END}"
TOKEN_MARKER = f"{START}{TOKEN}{END}"  # the visitor's CSRF token: filled in last, after the page cache
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Day:
    """A date in a shape: compares and sorts as the date does (with other dates, and with
    ISO text such as the "9999" that stands for no date), prints as its raw marker."""

    __slots__ = ("day", "rank")

    def __init__(self, day: date):
        self.day, self.rank = day, -1

    def __str__(self) -> str:
        return f"{START}{RAW}{self.rank}{END}"

    def __repr__(self) -> str:
        return f"Day({self.rank})"

    def __reduce__(self):  # in the key: its rank, never the date
        return (_day, (self.rank,))

    def __eq__(self, other: object) -> bool:
        return self._key(other) == self.day.isoformat() if not isinstance(other, Day) else other.day == self.day

    def __lt__(self, other: object) -> bool:
        return self.day < other.day if isinstance(other, Day) else self.day.isoformat() < self._key(other)

    def __gt__(self, other: object) -> bool:
        return self.day > other.day if isinstance(other, Day) else self.day.isoformat() > self._key(other)

    def __le__(self, other: object) -> bool:
        return not self > other

    def __ge__(self, other: object) -> bool:
        return not self < other

    def __hash__(self) -> int:
        return hash(self.day)

    def __bool__(self) -> bool:
        return True

    @staticmethod
    def _key(other: object) -> str:
        return other.isoformat() if isinstance(other, date) else str(other)


def _day(rank: int) -> str:
    return f"Day({rank})"


class Days(int):
    """Days left in a shape: a number of the same plural class as the real one (for
    {% blocktranslate count %}), printed as its marker."""

    index: int

    def __new__(cls, index: int, days: int):
        number = super().__new__(cls, plural_class(days))
        number.index = index
        return number

    def __str__(self) -> str:
        return f"{START}{DAYS}{self.index}{END}"

    def __format__(self, spec: str) -> str:  # f-strings print the marker too
        return str(self)

    def __repr__(self) -> str:
        return f"Days({self.index}, {int(self)})"

    def __reduce__(self):
        return (Days, (self.index, int(self)))


def plural_class(n: int) -> int:
    """A number with the same plural form as `n` in English and Spanish (es: one, many, other)."""
    if n == 1:
        return 1
    return 1_000_000 if n and n % 1_000_000 == 0 else 2


def say_day(value: Any) -> str:
    """A date as a page prints it (DATE_FORMAT): from a date, its ISO text (as a share
    stores it) or a shape's marker; "" for anything else."""
    if isinstance(value, Day):
        return f"{START}{SAID}{value.rank}{END}"
    if isinstance(value, str):
        if not ISO_DAY.fullmatch(value):
            return ""
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return ""
    return date_format(value, "DATE_FORMAT") if isinstance(value, date) else ""


class Shape:
    """A result's context with its personal values masked, the key of its HTML, and the
    values to fill in.

    `derived` values are worked out from what the key already holds (the answers, the
    content, the language), so they are left out of the key, and are worked out and
    masked only when the shape must be rendered: "your answers" and the what-if links."""

    def __init__(self, context: dict, answers: str, keyed: tuple, derived: dict[str, Callable[[], Any]]):
        self.answers, self.today, self.derived = answers, context["today"], derived
        self._days: dict[date, Day] = {}
        self.counts: list[int] = []
        self.masked = {key: self.top(value) for key, value in context.items()}
        self.days = tuple(sorted(self._days))
        for rank, day in enumerate(self.days):
            self._days[day].rank = rank
        self.key = hashlib.sha256(pickle.dumps((keyed, sorted(derived), self.masked), protocol=5)).hexdigest()

    def context(self) -> dict | None:
        """The masked context to render, with the derived values; None if one of them
        holds a date the key does not (its rank would be unknown) or the answers where
        they were not masked (the shape would hold one person's answers)."""
        known = len(self._days)
        derived = {key: self.top(make()) for key, make in self.derived.items()}
        if len(self._days) != known or self.answers in repr(derived):
            return None
        return self.masked | derived

    def day(self, value: date) -> Day:
        if (marker := self._days.get(value)) is None:
            marker = self._days[value] = Day(value)
        return marker

    def top(self, value: Any) -> Any:
        """A value of the context: the answers' query string is in its addresses (the
        page's own, the calendar's, the what-if and change links), never in the result."""
        if isinstance(value, str) and self.answers in value:
            return value.replace(self.answers, ANSWERS_MARKER)
        if isinstance(value, list) and value and isinstance(value[0], (dict, tuple)):  # links
            return [self.top(item) for item in value]
        if type(value) is dict and "change_url" in value:  # a row of "your answers"
            return {key: self.top(item) for key, item in value.items()}
        if type(value) is tuple:
            return tuple(self.top(item) for item in value)
        return self.mask(value)

    def mask(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:
            if len(value) == 10 and ISO_DAY.fullmatch(value):
                try:
                    return self.day(date.fromisoformat(value))
                except ValueError:
                    return value
            return value
        if kind is dict:
            masked = {key: self.mask(item) for key, item in value.items()}
            if "earliest" in value and "latest" in value:  # a deadline: where it stands today, worked out now
                masked["standing"] = self.standing(value)
            return masked
        if kind is list or kind is tuple:
            return kind(self.mask(item) for item in value)
        if kind is date:
            return self.day(value)
        if value is None or kind is bool or kind is int or isinstance(value, str):
            return value  # marked English and safe HTML are kept as they are
        if isinstance(value, date):
            return self.day(value)
        return value

    def standing(self, deadline: dict) -> Timing:
        real = timing(_date(deadline.get("earliest")), _date(deadline.get("latest")), self.today)
        left = None
        if real.days_left is not None:
            self.counts.append(real.days_left)
            left = Days(len(self.counts) - 1, real.days_left)
        return replace(real, act_by=self.day(real.act_by) if real.act_by else None, days_left=left)


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def fill(html: str, shape: Shape) -> str | None:
    """The shape's HTML with this person's values, printed as the templates print them
    (the CSRF token's marker stays, for `with_token`); None if a marker was cut, joined or
    printed some way this cannot fill (render from scratch then)."""
    pieces = html.split(START)
    if END in pieces[0]:
        return None
    filled, values = [pieces[0]], {}
    for piece in pieces[1:]:
        head, found, rest = piece.partition(END)
        if not found or END in rest:
            return None
        if head == TOKEN:
            filled += (TOKEN_MARKER, rest)
            continue
        if (value := values.get(head)) is None:
            try:
                value = values[head] = _value(head, shape)
            except (IndexError, KeyError, ValueError):
                return None
        filled += (value, rest)
    return "".join(filled)


def _value(head: str, shape: Shape) -> str:
    kind, number = head[0], head[1:]
    if kind == ANSWERS and not number:
        return escape(shape.answers)
    if kind == RAW:
        return shape.days[int(number)].isoformat()
    if kind == SAID:
        return escape(say_day(shape.days[int(number)]))
    if kind == DAYS:
        return escape(localize(shape.counts[int(number)]))
    raise KeyError(head)


def with_token(pieces: list[str], token: Callable[[], str]) -> str:
    """A filled page, split at its CSRF token's markers (`fill` leaves them), with this
    visitor's token in its forms."""
    return escape(token()).join(pieces) if len(pieces) > 1 else pieces[0]
