"""Deadline arithmetic: leap days, periods that changed on a date, periods that have run,
and approximate dates. Pure Python, no database."""

from dataclasses import replace
from datetime import date

from liability import law
from liability.deadlines import Span, add_years, spanned, timing
from liability.law import Status, assess
from tests.conftest import TODAY, make_content, make_facts, make_route

SECTION_1983 = make_route("section-1983", "available", deadline=law.DeadlineRule("state_1983"))
FTCA = make_route("ftca", "available", deadline=law.DeadlineRule("fixed", 2, "Then 6 months after a denial."))
NOTICE = make_route("state-tort", "available", deadline=law.DeadlineRule("notice"))

# A state that shortened its period: 4 years for incidents up to 24 March 2023, then 2.
SHORTENED = law.Jurisdiction(
    "FL",
    "Florida",
    (
        law.Period(4, "old § 95.11(3)", "https://example.org", True, applies_until=date(2023, 3, 24)),
        law.Period(
            2, "new § 95.11(4)", "https://example.org", False, applies_from=date(2023, 3, 25), note="Shortened in 2023."
        ),
    ),
    notices=(law.Notice(90, "local", "Notice statute", "https://example.org", True, "Give notice to the city."),),
)


def deadline_of(route, **facts):
    content = make_content(route, periods={"FL": SHORTENED})
    return assess(make_facts(**facts), content, TODAY).routes[0]


def exactly(day: date) -> dict:
    return {"earliest": day, "latest": day}


def test_add_years_on_leap_days():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)  # no 29th: the earlier, safer day
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2023, 3, 1), 1) == date(2024, 3, 1)
    assert add_years(date(2023, 2, 28), 1) == date(2024, 2, 28)


def test_leap_day_incident_through_the_whole_assessment():
    route = deadline_of(FTCA, **exactly(date(2024, 2, 29)))
    assert route.deadline.earliest == route.deadline.latest == date(2026, 2, 28)
    assert route.deadline.passed


def test_notice_window_counts_days_across_a_leap_february():
    leap = deadline_of(NOTICE, place="FL", **exactly(date(2024, 2, 1))).deadline
    plain = deadline_of(NOTICE, place="FL", **exactly(date(2025, 2, 1))).deadline
    assert leap.latest == date(2024, 5, 1)  # 1 February + 90 days, with a 29 February
    assert plain.latest == date(2025, 5, 2)
    assert leap.days == 90 and leap.statute == "Notice statute"


def test_notice_window_only_for_the_bodies_it_covers():
    assert deadline_of(NOTICE, place="FL", **exactly(date(2026, 10, 1))).deadline.days == 90  # a city officer
    state_officer = {"level": "state", "officer": "state-police"}
    assert deadline_of(NOTICE, place="FL", **state_officer, **exactly(date(2026, 10, 1))).deadline is None


def test_the_period_in_force_on_the_incident_date_applies():
    before = deadline_of(SECTION_1983, place="FL", **exactly(date(2023, 3, 24))).deadline
    after = deadline_of(SECTION_1983, place="FL", **exactly(date(2023, 3, 25))).deadline
    assert (before.latest, before.years, before.statute) == (date(2027, 3, 24), 4, "old § 95.11(3)")
    assert (after.latest, after.years, after.statute) == (date(2025, 3, 25), 2, "new § 95.11(4)")
    assert after.exceptions == "Shortened in 2023." and not after.verified
    assert [(c.citation, c.verified) for c in after.cites] == [("new § 95.11(4)", False)]  # linked to its source


def test_a_range_across_a_shortened_period_runs_from_its_earliest_possible_deadline():
    """Incident some time in the year to 27 November 2023: on 25 March 2023 (new 2-year
    period) the deadline was 25 March 2025, earlier than for the first day of the range
    (old 4-year period: 27 November 2026). Adding each end's own period would give a
    range that ends before it starts."""
    route = deadline_of(SECTION_1983, place="FL", earliest=date(2022, 11, 27), latest=date(2023, 11, 27))
    deadline = route.deadline
    assert (deadline.earliest, deadline.latest) == (date(2025, 3, 25), date(2027, 3, 24))
    assert deadline.statute == "old § 95.11(3); new § 95.11(4)" and deadline.years is None
    assert deadline.may_have_passed and not deadline.passed
    assert route.status is Status.LIMITED


def test_a_range_across_a_lengthened_period():
    deadline = deadline_of(SECTION_1983, place="LA", earliest=date(2024, 1, 1), latest=date(2025, 1, 1)).deadline
    assert (deadline.earliest, deadline.latest) == (date(2025, 1, 1), date(2027, 1, 1))


def test_spanned_leaves_the_unknown_end_open():
    spans = [Span(6)]
    assert spanned(None, date(2020, 11, 27), spans) == (None, date(2026, 11, 27), (Span(6),))
    assert spanned(date(2020, 1, 1), date(2020, 1, 1), [Span(2, applies_from=date(2021, 1, 1))]) == (None, None, ())


def test_unknown_date_gives_years_only_when_the_period_never_changed():
    unknown = {"earliest": None, "latest": None}
    steady = deadline_of(SECTION_1983, place="MN", **unknown).deadline
    assert (steady.years, steady.earliest, steady.latest, steady.passed) == (6, None, None, False)
    assert deadline_of(SECTION_1983, place="FL", **unknown).deadline is None


def test_more_than_six_years_ago_may_already_have_run():
    route = deadline_of(SECTION_1983, place="MN", earliest=None, latest=date(2020, 11, 26))
    assert route.deadline.latest == date(2026, 11, 26)
    assert route.deadline.passed and route.status is Status.LIMITED  # tolling may still help: not closed
    assert route.deadline.act_by is None


def test_a_period_that_has_run():
    route = deadline_of(SECTION_1983, place="MN", **exactly(date(2019, 5, 1)))
    assert route.deadline.latest == date(2025, 5, 1)
    assert (
        route.deadline.passed
        and not route.deadline.may_have_passed
        and not timing(route.deadline.earliest, route.deadline.latest, TODAY).soon
    )
    assert route.status is Status.LIMITED


def test_approximate_date_gives_a_range_and_the_safe_date_is_its_start():
    deadline = deadline_of(FTCA, earliest=date(2025, 11, 27), latest=date(2026, 11, 27)).deadline
    assert (deadline.earliest, deadline.latest) == (date(2027, 11, 27), date(2028, 11, 27))
    assert deadline.act_by == date(2027, 11, 27)
    assert not deadline.may_have_passed and not timing(deadline.earliest, deadline.latest, TODAY).soon


def test_timing_today_soon_and_passed():
    assert timing(TODAY, TODAY, TODAY).days_left == 0 and timing(TODAY, TODAY, TODAY).soon
    assert not timing(TODAY, TODAY, TODAY).passed
    day_91 = date(2027, 2, 26)
    assert timing(date(2027, 2, 25), date(2027, 2, 25), TODAY).soon  # 90 days away
    assert not timing(day_91, day_91, TODAY).soon
    gone = timing(date(2026, 11, 26), date(2026, 11, 26), TODAY)
    assert gone.passed and gone.days_left is None
    straddling = timing(date(2026, 6, 1), date(2027, 6, 1), TODAY)
    assert straddling.may_have_passed and not straddling.passed and straddling.days_left is None


def test_deadline_note_and_citations_travel_with_the_deadline():
    content = make_content(replace(FTCA, deadline=replace(FTCA.deadline, authorities=("usc-42-1983",))))
    deadline = assess(make_facts(), content, TODAY).routes[0].deadline
    assert deadline.note == "Then 6 months after a denial."
    assert [c.citation for c in deadline.cites] == ["42 U.S.C. § 1983"]
