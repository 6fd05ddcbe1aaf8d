"""What if one answer were different? Pure Python, no Django imports.

The person changes one answer on their result; we assess both sets of answers with
the same content and list the routes whose status or deadline would change, so they
can see what that one fact decides without answering everything again.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .engine import Question
from .law import Assessment, RouteResult, Status

type Pairs = Sequence[tuple[str, str]]


def _(text: str) -> str:
    """Marks a string for translation (makemessages finds `_`); templates translate it."""
    return text


# A question's wording as a what-if link, where the question itself reads as a follow-up.
TEXTS = {"officer": _("Who did the officer work for?")}  # the agency; its kind follows from it


def swap(pairs: Pairs, question: Question, values: Sequence[str]) -> list[tuple[str, str]]:
    """The answers with `question`'s answer replaced by `values`, the others kept in
    order. A date question's answer travels as an exact date or as a rough range,
    under different keys, so both are dropped before the new one is added."""
    keys = {question.key, question.range_key} - {""}
    kept = [(k, v) for k, v in pairs if k not in keys]
    return [*kept, *((question.url_key(v), v) for v in values)]


@dataclass(frozen=True)
class RouteChange:
    slug: str
    name: str
    before: Status | None  # None: the route does not apply with that answer (another place)
    after: Status | None
    deadline_before: date | None  # the safe date to act by
    deadline_after: date | None

    @property
    def status_changed(self) -> bool:
        return self.before != self.after

    @property
    def deadline_changed(self) -> bool:
        """A different date to act by, worth saying: not merely "none" because it closed."""
        return self.deadline_before != self.deadline_after and (
            self.deadline_after is not None or not self.status_changed
        )


def changed_routes(before: Assessment, after: Assessment) -> tuple[RouteChange, ...]:
    """Routes whose status or deadline differ, in the order of the new result (then
    routes that no longer apply). Unchanged routes are left out."""
    old = {r.slug: r for r in before.routes}
    new = {r.slug: r for r in after.routes}
    order = [*new, *(slug for slug in old if slug not in new)]
    changes = []
    for slug in order:
        was, now = old.get(slug), new.get(slug)
        change = RouteChange(
            slug=slug,
            name=(now or was).name,  # type: ignore[union-attr]
            before=was.status if was else None,
            after=now.status if now else None,
            deadline_before=_act_by(was),
            deadline_after=_act_by(now),
        )
        if change.status_changed or change.deadline_before != change.deadline_after:
            changes.append(change)
    return tuple(changes)


def _act_by(route: RouteResult | None) -> date | None:
    if route is None or route.deadline is None or route.status is Status.UNAVAILABLE:
        return None  # a closed route's deadline is not one to act on
    return route.deadline.act_by
