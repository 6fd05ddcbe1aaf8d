"""A guided questionnaire: a small graph of questions that ends in a result.

Pure Python on purpose (no Django imports): the flow can be read top to bottom,
tested without a database and reviewed by a lawyer in a diff. Answers are a plain
mapping of question key -> list of submitted values (in practice, request.GET).
The URL is the whole state: `Step.querystring` is the canonical permalink, and
answers that no longer apply after a change are dropped from it.
"""

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from urllib.parse import urlencode

type Answers = Mapping[str, Sequence[str]]
type Condition = Callable[[Answers], bool]

MAX_VALUE_LENGTH = 64  # no legitimate answer is longer; longer is tampering
# Conditions may read the day of the visit under this key (it is never a question's): whether
# an approximate date straddles a deadline depends on today.
TODAY = "@today"


class Kind(StrEnum):
    ONE = "one"  # radio buttons
    MANY = "many"  # checkboxes
    SELECT = "select"  # a long list (states): one labelled <select>
    DATE = "date"  # an exact date, or an approximate range


class Problem(StrEnum):
    MISSING = "missing"  # the form was sent without an answer
    INVALID = "invalid"  # a value we never offered: a tampered or outdated link
    BAD_DATE = "bad_date"  # a date we cannot read
    FUTURE_DATE = "future_date"


def always(answers: Answers) -> bool:
    return True


def when(key: str, *values: str) -> Condition:
    """Holds when question `key` was answered with any of `values`."""

    def condition(answers: Answers) -> bool:
        return any(value in values for value in answers.get(key, ()))

    return condition


def unless(key: str, *values: str) -> Condition:
    """Holds when question `key` was answered with none of `values`."""
    holds = when(key, *values)
    return lambda answers: not holds(answers)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str = ""
    group: str = ""  # a subheading the choice is listed under, if any


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: Kind
    choices: tuple[Choice, ...]
    # First matching route wins; the last route should be `always`. One level, no nesting.
    routes: tuple[tuple[Condition, str], ...]
    hint: str = ""
    # Choices offered only when a condition holds (e.g. "myself" only if the person lived).
    offered_when: Mapping[str, Condition] = field(default_factory=dict)
    # For DATE questions: the key of the approximate-range radios beside the date field.
    range_key: str = ""
    range_legend: str = ""  # what the approximate choices are headed with, if not the usual
    # For SELECT questions: the first, empty option ("Choose a state or territory").
    empty_label: str = ""
    # An answer worked out from the other answers when none was given, if it is offered: an
    # old link that skipped this question (officer=ice, from before "who did the officers
    # work for" was asked first) still reaches the same result.
    implied: Callable[[Answers], str] | None = None
    # When only one choice is offered, take it without asking (state police: no follow-up).
    auto: bool = False
    # Later answers that no longer fit when this one is changed (the agency, if the kind of
    # officer changes): they are not carried along.
    resets: tuple[str, ...] = ()

    def offered(self, answers: Answers) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if self.offered_when.get(c.value, always)(answers))

    def next_key(self, answers: Answers) -> str:
        return next(target for condition, target in self.routes if condition(answers))

    def url_key(self, value: str) -> str:
        """An approximate range travels under its own key, beside the exact date's."""
        if self.kind is Kind.DATE and parse_date(value) is None:
            return self.range_key
        return self.key

    def label(self, value: str) -> str:
        return next((c.label for c in self.choices if c.value == value), value)


@dataclass(frozen=True)
class Outcome:
    key: str


type Node = Question | Outcome


def parse_date(text: str) -> date | None:
    """Read 2026-01-07, or 1/7/2026 as typed where a browser has no date picker."""
    text = text.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
            return date(int(m[3]), int(m[1]), int(m[2]))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class Step:
    node: Node
    answered: tuple[tuple[Question, tuple[str, ...]], ...]  # the journey so far, in order
    carried: tuple[tuple[str, str], ...] = ()  # later answers kept while one is changed
    problem: Problem | None = None
    remaining: int = 0  # questions still to come on the likeliest path, this one included
    implied: frozenset[str] = frozenset()  # answers taken without asking (Question.implied, .auto)

    @property
    def is_complete(self) -> bool:
        return isinstance(self.node, Outcome)

    @property
    def answers(self) -> dict[str, tuple[str, ...]]:
        return {question.key: values for question, values in self.answered}

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [(q.url_key(v), v) for q, values in self.answered for v in values]

    @cached_property  # read several times a page (the address check, links, the shape)
    def querystring(self) -> str:
        """Canonical answers for this journey; answers from abandoned branches are dropped."""
        return urlencode(self.pairs)

    @property
    def number(self) -> int:
        return len(self.answered) + 1

    @property
    def total(self) -> int:
        return len(self.answered) + self.remaining


@dataclass(frozen=True)
class Flow:
    start: str
    nodes: Mapping[str, Node]

    def resolve(self, answers: Answers, today: date, change: str = "") -> Step:
        """Follow the answers from the start until a question is unanswered, invalid,
        or being changed (`change` = its key), or the result is reached."""
        answered: list[tuple[Question, tuple[str, ...]]] = []
        kept: dict[str, tuple[str, ...]] = {TODAY: (today.isoformat(),)}
        implied: set[str] = set()
        node = self.nodes[self.start]
        while isinstance(node, Question):
            values, problem = self._read(node, answers, kept, today)
            if values is None and problem is None and (values := self._imply(node, answers, kept)):
                implied.add(node.key)
            if values is None or (node.key == change and node.key not in implied):
                # Later answers ride along while one is changed; an answered question's
                # keys (its range key too) are in `pairs` already and must not repeat.
                done = {k for q, _values in answered for k in (q.key, q.range_key) if k}
                dropped = {node.key, node.range_key, *(node.resets if node.key == change else ())}
                carried = tuple(
                    (k, v)
                    for k, vs in answers.items()
                    if k not in done and k in self.keys and k not in dropped
                    for v in vs
                    if v and len(v) <= MAX_VALUE_LENGTH
                )
                current = {**kept, **({node.key: values} if values else {})}
                remaining = self._remaining(node, current)
                return Step(node, tuple(answered), carried, problem, remaining, frozenset(implied))
            answered.append((node, values))
            kept[node.key] = values
            node = self.nodes[node.next_key(kept)]
        return Step(node, tuple(answered), implied=frozenset(implied))

    def _imply(self, question: Question, answers: Answers, kept: Answers) -> tuple[str, ...] | None:
        """An answer nobody gave but that follows from the others (see Question.implied, .auto)."""
        offered = question.offered(kept)
        if question.implied is not None:
            value = question.implied(answers)
            return (value,) if any(c.value == value for c in offered) else None
        if question.auto and len(offered) == 1:
            return (offered[0].value,)
        return None

    @property
    def keys(self) -> set[str]:
        return {k for n in self.nodes.values() if isinstance(n, Question) for k in (n.key, n.range_key) if k}

    def _read(
        self, question: Question, answers: Answers, kept: Answers, today: date
    ) -> tuple[tuple[str, ...] | None, Problem | None]:
        """The accepted values for `question`, or None and why not."""
        raw = [v for v in answers.get(question.key, ()) if v != ""]
        if question.kind is Kind.DATE:
            return self._read_date(question, raw, answers, today)
        if not raw:
            return None, None
        offered = {c.value for c in question.offered(kept)}
        if any(v not in offered for v in raw):
            return None, Problem.INVALID
        if question.kind is not Kind.MANY:
            return (raw[0],), None
        return tuple(c.value for c in question.choices if c.value in raw), None  # one order, one URL

    def _read_date(
        self, question: Question, raw: list[str], answers: Answers, today: date
    ) -> tuple[tuple[str, ...] | None, Problem | None]:
        if raw:
            day = parse_date(raw[0][:MAX_VALUE_LENGTH])
            if day is None or day.year < 1900:
                return None, Problem.BAD_DATE
            if day > today:
                return None, Problem.FUTURE_DATE
            return (day.isoformat(),), None
        approx = [v for v in answers.get(question.range_key, ()) if v]
        if not approx:
            return None, None
        if approx[0] not in {c.value for c in question.choices}:
            return None, Problem.INVALID
        return (approx[0],), None

    def _remaining(self, node: Question, answers: Mapping[str, tuple[str, ...]]) -> int:
        """Questions left if every later question took its first offered choice."""
        assumed = dict(answers)
        count = 0
        while isinstance(node, Question):
            count += 1
            if node.key not in assumed:
                offered = node.offered(assumed) or node.choices
                assumed[node.key] = (offered[0].value,) if offered else ("",)
            node = self.nodes[node.next_key(assumed)]
        return count

    def journeys(self, today: date, answers: Answers | None = None) -> Iterator[Step]:
        """Every completed journey, one choice per question (and each choice alone for
        checkbox questions). Used by tests to prove every path reaches a result."""
        answers = dict(answers or {})
        step = self.resolve(answers, today)
        if step.is_complete:
            yield step
            return
        question = step.node
        assert isinstance(question, Question)
        options = [c.value for c in question.offered(answers)]
        if question.kind is Kind.DATE:
            options = [today.isoformat()]
        for value in options:
            yield from self.journeys(today, {**answers, question.key: (value,)})
