"""Issue 10's deadline arithmetic and reasoning, without a database: six months after a
denial, the pause for a child, the end of a criminal case, suit and death deadlines."""

from datetime import date

from liability import law
from liability.deadlines import add_months, coming_of_age, paused_for_a_minor
from liability.engine import Problem
from tests.conftest import TODAY, make_content, make_facts, make_flow, make_route, make_rule

# ---------------------------------------------------------------- arithmetic


def test_six_months_after_a_denial_is_the_same_day_six_months_later():
    assert add_months(date(2026, 3, 15), 6) == date(2026, 9, 15)
    assert add_months(date(2026, 9, 30), 6) == date(2027, 3, 30)
    assert add_months(date(2026, 11, 2), 6) == date(2027, 5, 2)  # across a year end


def test_a_day_the_month_lacks_falls_back_to_its_last_day():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)  # leap year
    assert add_months(date(2026, 3, 31), 6) == date(2026, 9, 30)
    assert add_months(date(2028, 2, 29), 6) == date(2028, 8, 29)  # from a leap day
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


def test_coming_of_age_is_known_to_within_a_year():
    # 10 on 2026-01-07: born between 2015-01-08 and 2016-01-07, so 18 between these days
    assert coming_of_age(date(2026, 1, 7), 10, 18) == (date(2033, 1, 8), date(2034, 1, 7))
    # a leap day incident: the later end stays a real day
    assert coming_of_age(date(2024, 2, 29), 17, 18) == (date(2024, 3, 1), date(2025, 2, 28))


def test_paused_for_a_minor_counts_from_coming_of_age():
    first, last = paused_for_a_minor(date(2026, 1, 7), date(2026, 1, 7), 10, 18, 2)
    assert (first, last) == (date(2035, 1, 8), date(2036, 1, 7))
    # Alabama's majority is 19: a 18-year-old is still paused
    assert paused_for_a_minor(date(2026, 1, 7), date(2026, 1, 7), 18, 19, 2) == (date(2028, 1, 8), date(2029, 1, 7))
    assert paused_for_a_minor(date(2026, 1, 7), date(2026, 1, 7), 18, 18, 2) == (None, None)
    # an approximate incident date: unknown earliest stays unknown
    assert paused_for_a_minor(None, date(2026, 1, 7), 16, 18, 2)[0] is None


# ---------------------------------------------------------------- reasoning

FTCA = make_route(
    "ftca",
    "available",
    deadline=law.DeadlineRule(
        "fixed", 2, "Two years.", ("usc-42-1983",), after_denial_months=6, minor_note="No pause."
    ),
)
SECTION_1983 = make_route("section-1983", "available", deadline=law.DeadlineRule("state_1983", from_case_end=True))
STATE_TORT = make_route("state-tort", "available", deadline=law.DeadlineRule("notice"))


def content_with(**place):
    minor = law.MinorRule(18, None, "Minn. Stat. § 541.15", "https://example.org/minor", True)
    suits = (
        law.SuitDeadline("local", "incident", 1, None, "745 ILCS 10/8-101", "https://example.org/il", True),
        law.SuitDeadline("all", "rejection", None, 6, "Cal. Gov. Code § 945.6", "https://example.org/ca", True),
    )
    death = law.DeathRule(1, "The trustee", "Minn. Stat. § 573.02", "https://example.org/death", False)
    mn = law.Jurisdiction(
        "MN",
        "Minnesota",
        (law.Period(6, "Minn. Stat. § 541.05", "https://example.org", True),),
        (law.Notice(180, "local", "Minn. Stat. § 466.05", "https://example.org/n", True, "Texas charters vary."),),
        **({"minor": minor, "suits": suits, "death": death} | place),
    )
    return make_content(FTCA, SECTION_1983, STATE_TORT, periods={"MN": mn})


def route(result, slug):
    return next(r for r in result.routes if r.slug == slug)


def test_a_denial_letter_sets_six_months_to_sue_instead_of_two_years():
    facts = make_facts(
        officer="ice", level="federal", claim="denied", claim_from=date(2026, 8, 31), claim_until=date(2026, 8, 31)
    )
    deadline = route(law.assess(facts, content_with(), TODAY), "ftca").deadline
    assert deadline.label == "after_denial"
    assert (deadline.earliest, deadline.latest) == (date(2027, 2, 28), date(2027, 2, 28))


def test_no_answer_for_six_months_means_the_person_may_sue():
    facts = make_facts(officer="ice", level="federal", claim="waiting", claim_from=None, claim_until=date(2026, 5, 27))
    result = route(law.assess(facts, content_with(), TODAY), "ftca")
    assert result.deadline is None  # the two years to claim are behind: the claim was made
    (may_sue,) = result.also
    assert may_sue.label == "may_sue" and may_sue.latest == date(2026, 11, 27)
    assert not may_sue.passed and not may_sue.may_have_passed  # a first day, not a deadline
    assert result.status is law.Status.AVAILABLE


def test_a_child_gets_the_borrowed_pause_but_the_safe_date_stays_the_usual_one():
    facts = make_facts(minor="under18", age=10)
    deadline = route(law.assess(facts, content_with(), TODAY), "section-1983").deadline
    assert deadline.act_by == date(2032, 1, 7)
    assert (deadline.pause.earliest, deadline.pause.latest) == (date(2039, 1, 8), date(2040, 1, 7))


def test_the_ftca_is_not_paused_for_a_child():
    facts = make_facts(officer="ice", level="federal", minor="under18", age=10)
    result = route(law.assess(facts, content_with(), TODAY), "ftca")
    assert result.deadline.pause is None and result.minor_note == "No pause."
    assert result.deadline.latest == date(2028, 1, 7)


def test_an_adult_or_a_place_without_a_rule_gets_no_pause():
    assert route(law.assess(make_facts(minor="21plus"), content_with(), TODAY), "section-1983").deadline.pause is None
    no_rule = content_with(minor=None)
    assert route(law.assess(make_facts(minor="under18", age=3), no_rule, TODAY), "section-1983").deadline.pause is None


def test_not_sure_of_the_age_mentions_the_pause_without_dates():
    pause = route(law.assess(make_facts(minor="unsure"), content_with(), TODAY), "section-1983").deadline.pause
    assert pause is not None and pause.earliest is None and pause.cites[0].citation == "Minn. Stat. § 541.15"


def test_dropped_charges_start_a_deadline_from_the_end_of_the_case():
    facts = make_facts(
        earliest=date(2015, 1, 7),
        latest=date(2015, 1, 7),
        case_outcome="dropped",
        case_end_from=date(2025, 3, 1),
        case_end_until=date(2025, 3, 1),
    )
    result = route(law.assess(facts, content_with(), TODAY), "section-1983")
    assert result.deadline.passed  # six years from 2015
    (end,) = result.also
    assert end.label == "case_end" and end.latest == date(2031, 3, 1) and not end.passed
    assert result.status is law.Status.LIMITED  # not closed: the case-end claim is alive


def test_suit_and_death_deadlines_stand_beside_the_notice():
    facts = make_facts(died=True, asker="family")
    result = route(law.assess(facts, content_with(), TODAY), "state-tort")
    assert result.deadline.note == "Texas charters vary."  # the stored note travels with the date
    labels = {d.label: d for d in result.also}
    assert labels["suit"].latest == date(2027, 1, 7)
    assert labels["suit_after_rejection"].latest is None and labels["suit_after_rejection"].months == 6
    assert labels["death"].latest == date(2027, 1, 7) and not labels["death"].verified


def test_a_state_claim_rejection_dates_the_suit_deadline():
    facts = make_facts(claim="denied", claim_from=date(2026, 10, 1), claim_until=date(2026, 10, 1))
    result = route(law.assess(facts, content_with(), TODAY), "state-tort")
    assert result.deadline is None  # the claim (the notice) was sent
    after = next(d for d in result.also if d.label == "suit_after_rejection")
    assert after.latest == date(2027, 4, 1)


def test_duty_and_custody_are_rule_conditions():
    off = make_rule("unavailable", duty=["off"])
    jail = make_rule("limited", custody=["jail"])
    assert off.matches(make_facts(duty="off")) and not off.matches(make_facts(duty="on"))
    assert jail.matches(make_facts(custody="jail")) and not jail.matches(make_facts(custody="immigration"))
    assert [s.key for s in off.tested(make_facts(duty="off"))] == ["duty"]


# ---------------------------------------------------------------- questions, by path

BASE = {"officer": ["city-police"], "harms": ["force"], "died": ["no"], "asker": ["self"], "place": ["MN"]}
BASE |= {"date": ["2026-01-07"]}


def next_key(answers, **flow):
    return make_flow(**flow).resolve(answers, TODAY).node.key


def test_after_a_death_age_and_custody_are_not_asked():
    died = BASE | {"harms": ["shot"], "died": ["yes"], "asker": ["family"], "duty": ["on"]}
    assert next_key(died) == "wants"


def test_age_is_asked_exactly_only_for_a_child_or_a_young_adult():
    assert next_key(BASE | {"duty": ["on"], "minor": ["21plus"]}) == "custody"
    step = make_flow().resolve(BASE | {"duty": ["on"], "minor": ["under18"]}, TODAY)
    assert step.node.key == "age" and [c.value for c in step.node.offered(step.answers)] == [str(n) for n in range(18)]
    tampered = make_flow().resolve(BASE | {"duty": ["on"], "minor": ["under18"], "age": ["19"]}, TODAY)
    assert tampered.problem is Problem.INVALID


def test_the_hybrid_question_is_asked_only_for_deputized_officers():
    assert next_key(BASE | {"officer": ["287g"]}, hybrid=("287g",)) == "role"
    assert next_key(BASE, hybrid=("287g",)) == "duty"


def test_the_claim_question_follows_federal_officers_and_claim_places():
    lived = {"duty": ["on"], "minor": ["21plus"], "custody": ["no"], "charged": ["none"]}
    assert next_key(BASE | lived | {"officer": ["ice"]}) == "claim"
    assert next_key(BASE | lived) == "wants"  # city police in Minnesota: no deadline after a rejection
    assert next_key(BASE | lived | {"place": ["CA"]}, places=("CA",), claim_places=("CA",)) == "claim"
    local_work = BASE | lived | {"officer": ["287g"], "role": ["local"]}
    assert next_key(local_work, hybrid=("287g",)) == "wants"


def test_a_denial_asks_its_date_and_dropped_charges_ask_when():
    lived = BASE | {"officer": ["ice"], "duty": ["on"], "minor": ["21plus"], "custody": ["no"]}
    assert next_key(lived | {"charged": ["dropped"]}) == "case_end"
    assert next_key(lived | {"charged": ["none"], "claim": ["denied"]}) == "denied"
    assert next_key(lived | {"charged": ["none"], "claim": ["waiting"]}) == "claim_sent"
    step = make_flow().resolve(lived | {"charged": ["none"], "claim": ["denied"], "denied": ["2026-12-01"]}, TODAY)
    assert step.problem is Problem.FUTURE_DATE


# ---------------------------------------------------------------- issue 10, second pass


def test_a_short_extension_after_the_birthday_is_not_shown_as_a_later_deadline():
    """Minnesota: at most 1 year after the 18th birthday (§ 541.15(a)). For a 17-year-old the
    19th birthday comes before the 6-year deadline, which is the later one and counts."""
    one_year = law.MinorRule(18, 1, "Minn. Stat. § 541.15(a)", "https://example.org/minor", True)
    content = content_with(minor=one_year)
    older = route(law.assess(make_facts(minor="under18", age=17), content, TODAY), "section-1983").deadline
    assert older.act_by == date(2032, 1, 7) and older.pause is None
    younger = route(law.assess(make_facts(minor="under18", age=3), content, TODAY), "section-1983").deadline
    assert (younger.pause.earliest, younger.pause.latest) == (date(2041, 1, 8), date(2042, 1, 7))  # 19th birthday


def test_a_suit_deadline_of_a_year_and_ninety_days():
    """New York: 1 year and 90 days after the event (Gen. Mun. Law § 50-i)."""
    ny = law.SuitDeadline("local", "incident", 1, None, "N.Y. Gen. Mun. Law § 50-i(1)", "https://example.org", True)
    content = content_with(suits=(law.SuitDeadline(**{**ny.__dict__, "days": 90, "claims": "every tort claim"}),))
    facts = make_facts(earliest=date(2026, 3, 10), latest=date(2026, 3, 20))
    (suit,) = route(law.assess(facts, content, TODAY), "state-tort").also
    assert (suit.earliest, suit.latest) == (date(2027, 6, 8), date(2027, 6, 18))
    assert suit.days == 90 and suit.claims == "every tort claim"
    leap = make_facts(earliest=date(2026, 12, 1), latest=date(2026, 12, 1))
    (suit,) = route(law.assess(leap, content, TODAY), "state-tort").also
    assert suit.act_by == date(2028, 2, 29)  # 2027-12-01 plus 90 days counts the leap day
