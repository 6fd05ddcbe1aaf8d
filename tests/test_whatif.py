"""What if one answer were different: swap one answer, assess both, list what changes.
Pure Python, no database."""

from datetime import date

from liability import law, whatif
from liability.law import Status, assess

from .conftest import TODAY, make_content, make_facts, make_flow, make_route, make_rule

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
    changes = {c.slug: c for c in whatif.compare(before, after)}
    assert set(changes) == {"ftca", "section-1983"}
    assert (changes["ftca"].before, changes["ftca"].after) == (Status.UNAVAILABLE, Status.AVAILABLE)
    assert (changes["section-1983"].before, changes["section-1983"].after) == (Status.AVAILABLE, Status.UNAVAILABLE)
    assert changes["ftca"].deadline_after == date(2028, 1, 7) and changes["ftca"].deadline_before is None
    assert changes["ftca"].deadline_changed  # a route that opens gains a date to act by
    assert not changes["section-1983"].deadline_changed  # one that closes: "none" is not news


def test_a_route_that_only_applies_in_one_place_comes_and_goes():
    changes = whatif.compare(assess(make_facts(), CONTENT, TODAY), assess(make_facts(place="LA"), CONTENT, TODAY))
    gone = next(c for c in changes if c.slug == "minnesota-only")
    assert (gone.before, gone.after) == (Status.AVAILABLE, None)
    moved = next(c for c in changes if c.slug == "section-1983")  # 6 years in Minnesota, 2 in Louisiana
    assert (moved.deadline_before, moved.deadline_after) == (date(2032, 1, 7), date(2028, 1, 7))
    assert not moved.status_changed


def test_the_same_answers_change_nothing():
    result = assess(make_facts(), CONTENT, TODAY)
    assert whatif.compare(result, result) == ()


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
