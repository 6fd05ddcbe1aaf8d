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
  from the real dates before masking (a `Timing` beside each deadline), so only the answers to
  those questions are in the shape, never the dates. Days left keep their plural form:
  the marker is a number of the same plural class ("1 day", "2 days").
- A date printed as a date goes through `say_day` (the `day` filter): a marker comes out
  as a "formatted date" marker. A date printed raw (a form's hidden answer) comes out as
  its raw marker. Each is filled in as the template would have printed it.
- The answers' query string is one marker wherever it appears (the what-if, change,
  calendar and language links, the page's own address). The CSRF token and the CSP nonce
  are markers too, filled in per response (`for_visitor`), after the page cache.

The key is a digest of everything the shape's templates read that is not filled in (see
`Shape`). A filled page that still holds a marker (a template that printed one some other
way) is never shown: `fill` refuses it, and the view renders the page from scratch instead.
"""

import hashlib
import pickle
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from django.utils.formats import date_format, localize
from django.utils.html import escape

from liability.deadlines import standing, stored_day

# A marker is START, a letter for its kind, a number, END: two private-use characters, never
# in content and never changed by HTML escaping, so filling in is a split on START.
START, END = "\ue000", "\ue001"
RAW, SAID, DAYS, ANSWERS, TOKEN, NONCE = "d", "s", "n", "q", "t", "c"
ANSWERS_MARKER = f"{START}{ANSWERS}{END}"
# Each visitor's own: the CSRF token and the CSP nonce, filled in last, after the page cache.
TOKEN_MARKER, NONCE_MARKER = f"{START}{TOKEN}{END}", f"{START}{NONCE}{END}"
# The same, as the page is filled in and sent: UTF-8.
START_BYTES, END_BYTES = START.encode(), END.encode()
TOKEN_BYTES, NONCE_BYTES = TOKEN_MARKER.encode(), NONCE_MARKER.encode()
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Day:
    """A date in a shape: compares and sorts as the date does (with other dates, and with
    ISO text such as the "9999" that stands for no date), prints as its raw marker."""

    __slots__ = ("day", "rank")

    def __init__(self, day: date, rank: int):
        self.day, self.rank = day, rank

    def __str__(self) -> str:
        return f"{START}{RAW}{self.rank}{END}"

    def __repr__(self) -> str:  # in keys: its rank, never the date (START: never content; see `numbered_here`)
        return f"{START}Day({self.rank})"

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

    def __repr__(self) -> str:  # in the key (a deadline's standing) and in kept parts' keys
        return f"{START}Days({self.index}, {int(self)})"


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
    day = stored_day(value)
    return date_format(day, "DATE_FORMAT") if day else ""


# A ten-character text in a pickle (SHORT_BINUNICODE, its length, the text) that reads as a date.
DAY_IN_PICKLE = re.compile(rb"\x8c\x0a([0-9]{4}-[0-9]{2}-[0-9]{2})")


class Shape:
    """A result's context with its personal values masked, the key of its HTML, and the
    values to fill in.

    The key is worked out without masking the context value by value (that walk is done
    only when the shape must be rendered): the context is pickled with the answers' query
    string masked in its addresses, and each date in the pickle is replaced by its rank,
    with where each deadline stands today beside it. Two contexts with the same key mask
    to the same values, so a shape rendered for one fills in for the other.

    `derived` values are worked out from what the key already holds (the answers, the
    content, the language), so they are left out of the key, and are worked out and
    masked only when the shape must be rendered: "your answers" and the what-if links."""

    def __init__(self, context: dict, answers: str, keyed: tuple, derived: dict[str, Callable[[], Any]]):
        self.answers, self.today, self.derived, self.real = answers, context["today"], derived, context
        deadlines = [  # each route's deadline and those beside it: the ones the templates ask `standing` of
            deadline
            for route in (context.get("result") or {}).get("routes") or ()
            for deadline in (route.get("deadline"), *(route.get("also") or ()))
            if deadline
        ]
        timings = [standing(d, self.today) for d in deadlines]
        addresses = {key: self._address(value) if key != "result" else value for key, value in context.items()}
        del addresses["today"]
        pickled = pickle.dumps((keyed, sorted(derived), addresses), protocol=5)
        days = {self.today, *(t.act_by for t in timings if t.act_by)}
        for text in set(DAY_IN_PICKLE.findall(pickled)):
            if (day := stored_day(text.decode())) is not None:
                days.add(day)
        self.days = tuple(sorted(days))
        self._days = {day: Day(day, rank) for rank, day in enumerate(self.days)}
        self.counts = [t.days_left for t in timings if t.days_left is not None]
        self._standing, counted = {}, iter(range(len(self.counts)))
        for deadline, real in zip(deadlines, timings, strict=True):
            left = Days(next(counted), real.days_left) if real.days_left is not None else None
            act_by = self._days[real.act_by] if real.act_by else None
            self._standing[id(deadline)] = replace(real, act_by=act_by, days_left=left)

        def ranked(match: re.Match) -> bytes:
            day = stored_day(match[1].decode())
            return b"\x8c\x0a#%09d" % self._days[day].rank if day else match[0]

        stands = [repr(self._standing[id(d)]) for d in deadlines]
        material = DAY_IN_PICKLE.sub(ranked, pickled) + repr((self._days[self.today].rank, stands)).encode()
        self.key = hashlib.sha256(material).hexdigest()

    def _address(self, value: Any) -> Any:
        """A value of the context other than the result, with the answers masked in its
        addresses (the page's own, its other language's, the calendar's, the links)."""
        if isinstance(value, str):
            return value.replace(self.answers, ANSWERS_MARKER) if self.answers in value else value
        if isinstance(value, dict) and value is not self.real.get("result"):
            return {key: self._address(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self._address(item) for item in value)
        return value

    def context(self) -> dict | None:
        """The masked context to render, with the derived values; None if a value holds a
        date the key does not (its rank would be unknown) or the answers where they were
        not masked (the shape would hold one person's answers)."""
        self._unknown = False
        made = {key: make() for key, make in self.derived.items()}
        values = self.real | made
        masked = {key: self.mask(value) if key == "result" else self.top(value) for key, value in values.items()}
        if self._unknown or self.answers in repr({key: masked[key] for key in made}):
            return None
        return masked

    def day(self, value: date) -> Day | date:
        if (marker := self._days.get(value)) is None:
            self._unknown = True
            return value
        return marker

    def top(self, value: Any) -> Any:
        """A value of the context other than the result: its addresses masked, then its dates."""
        if isinstance(value, str) and self.answers in value:
            return value.replace(self.answers, ANSWERS_MARKER)
        if type(value) is dict:
            return {key: self.top(item) for key, item in value.items()}
        if type(value) is list or type(value) is tuple:
            return type(value)(self.top(item) for item in value)
        return self.mask(value)

    def mask(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:
            if len(value) == 10 and ISO_DAY.fullmatch(value) and (day := stored_day(value)) is not None:
                return self.day(day)
            return value
        if kind is dict:
            masked = {key: self.mask(item) for key, item in value.items()}
            if (stands := self._standing.get(id(value))) is not None:  # worked out from the real dates
                masked["standing"] = stands
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


def fill(html: bytes, shape: Shape) -> list[bytes] | None:
    """The shape's HTML (UTF-8) with this person's values, printed as the templates print
    them, as chunks with each visitor's own markers (the CSRF token, the CSP nonce) as items
    of their own, for `for_visitor`; None if a marker was cut, joined or printed some way
    this cannot fill (render from scratch then). Done in bytes, as the page is sent: no
    text of the page's size is decoded or encoded again."""
    pieces = html.split(START_BYTES)
    if END_BYTES in pieces[0]:
        return None
    chunks, filled, values = [], [pieces[0]], {}
    for piece in pieces[1:]:
        head, found, rest = piece.partition(END_BYTES)
        if not found or END_BYTES in rest:
            return None
        if (marker := START_BYTES + head + END_BYTES) in (TOKEN_BYTES, NONCE_BYTES):
            chunks += (b"".join(filled), marker)
            filled = [rest]
            continue
        if (value := values.get(head)) is None:
            try:
                value = values[head] = _value(head.decode(), shape).encode()
            except (IndexError, KeyError, ValueError, UnicodeDecodeError):
                return None
        filled += (value, rest)
    chunks.append(b"".join(filled))
    return chunks


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


# A date or days left in a key (their reprs), and a date or days left in HTML (their markers).
IN_KEY = re.compile(f"{START}(Days?)\\(([0-9]+)")
IN_HTML = re.compile(f"{START}([{RAW}{SAID}{DAYS}])([0-9]+){END}")


def numbered_here(said: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """A part's key (`said`: the repr of what the part reads, while a shape is rendered) with
    the page's numbers for its dates and days left renumbered from 0, so that the part is kept
    for everyone whose part reads the same, wherever their other dates fall on the page; and
    the maps from the page's markers to the part's own and back.

    A date keeps its order among the part's dates (its own number is its rank among them), so
    two people share a kept part only if its dates compare the same way; days left are
    numbered in order, with their plural class (in the repr) unchanged."""
    if START not in said:  # not in a shape: real dates, nothing to renumber
        return said, {}, {}
    ranks = sorted({int(number) for kind, number in IN_KEY.findall(said) if kind == "Day"})
    counts = list(dict.fromkeys(int(number) for kind, number in IN_KEY.findall(said) if kind == "Days"))
    own = {("Day", rank): n for n, rank in enumerate(ranks)} | {("Days", index): n for n, index in enumerate(counts)}
    local = IN_KEY.sub(lambda m: f"{START}{m[1]}({own[m[1], int(m[2])]}", said)
    to_part, to_page = {}, {}
    for (kind, number), n in own.items():
        for letter in (RAW, SAID) if kind == "Day" else (DAYS,):
            page, part = f"{START}{letter}{number}{END}", f"{START}{letter}{n}{END}"
            to_part[page], to_page[part] = part, page
    return local, to_part, to_page


def renumbered(html: str, markers: dict[str, str]) -> str | None:
    """`html` with its date and days-left markers renumbered (`numbered_here`'s maps); None if
    it holds one the map lacks (a value the part's key did not read: never keep it)."""
    if START not in html:
        return html
    missing = False

    def swap(match: re.Match) -> str:
        nonlocal missing
        if (marker := markers.get(match[0])) is None:
            missing = True
            return match[0]
        return marker

    html = IN_HTML.sub(swap, html)
    return None if missing else html


def chunks(html: str) -> list[bytes]:
    """A page rendered from scratch as `fill` gives a filled one: UTF-8, with each visitor's
    own markers as items of their own."""
    return [chunk.encode() for chunk in re.split(f"({TOKEN_MARKER}|{NONCE_MARKER})", html)]


def for_visitor(chunks: list[bytes], token: Callable[[], str], nonce: Callable[[], str]) -> bytes:
    """A filled page (`fill`'s chunks) with this visitor's CSRF token in its forms and
    this response's CSP nonce on its script."""
    own: dict[bytes, Callable[[], str] | bytes] = {TOKEN_BYTES: token, NONCE_BYTES: nonce}

    def value(marker: bytes) -> bytes:  # once per response, as Django's lazy {{ csrf_token }} is
        if callable(made := own[marker]):
            made = own[marker] = escape(made()).encode()
        return made

    return b"".join(value(chunk) if chunk in own else chunk for chunk in chunks)
