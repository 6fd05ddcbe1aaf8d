"""The method of applying the content: pure Python, no database."""

from datetime import date

from liability import law
from liability.deadlines import timing
from liability.law import Status, add_years, assess
from tests.conftest import TODAY, make_content, make_facts, make_route, make_rule


def statuses(content, facts, today=TODAY):
    return {r.slug: r.status for r in assess(facts, content, today).routes}


def test_default_applies_when_no_rule_matches():
    route = make_route("ftca", "unavailable", [make_rule("available", officer_levels=["federal"])])
    result = assess(make_facts(), make_content(route), TODAY).routes[0]
    assert result.status is Status.UNAVAILABLE
    assert result.reasons[0].text == "It does not apply."
    assert result.reasons[0].cites[0].citation == "42 U.S.C. § 1983"


def test_a_matching_rule_sets_the_status_and_its_reason():
    route = make_route("ftca", "unavailable", [make_rule("available", "Federal officer.", officer_levels=["federal"])])
    result = assess(make_facts(officer="ice", level="federal"), make_content(route), TODAY).routes[0]
    assert result.status is Status.AVAILABLE
    assert [r.text for r in result.reasons] == ["Federal officer."]


def test_the_most_cautious_matching_rule_wins_and_all_reasons_show():
    route = make_route(
        "section-1983",
        "available",
        [
            make_rule("limited", "Conviction.", case_outcomes=["convicted"]),
            make_rule("unavailable", "Federal.", officer_levels=["federal"]),
        ],
    )
    facts = make_facts(officer="ice", level="federal", case_outcome="convicted")
    result = assess(facts, make_content(route), TODAY).routes[0]
    assert result.status is Status.UNAVAILABLE
    assert [r.text for r in result.reasons] == ["Federal.", "Conviction."]


def test_conditions_are_and_across_fields_and_or_within():
    rule = make_rule("limited", harms=["shot", "force"], jurisdictions=["MN"])
    assert rule.matches(make_facts(harms=frozenset({"force", "arrest"})))
    assert not rule.matches(make_facts(harms=frozenset({"arrest"})))
    assert not rule.matches(make_facts(place="TX"))


def test_died_and_asker_conditions():
    rule = make_rule("available", died="yes", askers=["family"])
    assert rule.matches(make_facts(died=True, asker="family"))
    assert not rule.matches(make_facts(died=False, asker="family"))
    assert not rule.matches(make_facts(died=True, asker="helper"))


def test_date_conditions_match_when_the_incident_may_fall_inside():
    rule = make_rule("available", incident_from=date(2025, 12, 9))
    assert rule.matches(make_facts(earliest=date(2026, 1, 1), latest=date(2026, 1, 1)))
    assert not rule.matches(make_facts(earliest=date(2025, 1, 1), latest=date(2025, 1, 1)))
    assert rule.matches(make_facts(earliest=date(2025, 6, 1), latest=date(2026, 6, 1)))  # a range across it
    assert rule.matches(make_facts(earliest=None, latest=None))  # unknown date: may apply


def test_routes_for_other_places_are_left_out():
    colorado = make_route("colorado", "available", jurisdictions=frozenset({"CO"}))
    assert statuses(make_content(colorado), make_facts(place="MN")) == {}
    assert statuses(make_content(colorado), make_facts(place="CO")) == {"colorado": Status.AVAILABLE}


def test_a_route_for_someone_held_now_is_left_out_for_everyone_else():
    habeas = make_route("habeas", "limited", only_for_harms=frozenset({"held"}))
    assert statuses(make_content(habeas), make_facts(harms=frozenset({"arrest"}))) == {}
    assert statuses(make_content(habeas), make_facts(harms=frozenset({"arrest", "held"}))) == {"habeas": Status.LIMITED}


def make_myth(**conditions) -> law.Myth:
    frozen = {k: frozenset(v) if isinstance(v, list | set | tuple) else v for k, v in conditions.items()}
    return law.Myth("myth", "Can I?", "No.", **frozen)


def test_a_myth_applies_when_every_condition_it_sets_holds():
    assert make_myth().applies(make_facts())  # no condition: any result
    assert not law.Myth("myth", "Can I?", "").applies(make_facts())  # no one-line answer: never shown
    in_places = make_myth(jurisdictions=["CO"], officer_levels=["local"])
    assert in_places.applies(make_facts(place="CO"))
    assert not in_places.applies(make_facts(place="MN"))
    assert not in_places.applies(make_facts(place="CO", level="federal"))
    assert make_myth(died="yes").applies(make_facts(died=True))
    assert not make_myth(died="yes").applies(make_facts(died=False))
    assert make_myth(case_outcomes=["convicted"]).applies(make_facts(case_outcome="convicted"))
    assert not make_myth(case_outcomes=["convicted"]).applies(make_facts(case_outcome="none"))


def test_wanted_routes_come_first_among_open_ones():
    money = make_route("money", "available", remedies=("money",), order=2)
    charges = make_route("charges", "available", remedies=("prosecution",), order=1)
    closed = make_route("closed", "unavailable", remedies=("prosecution",), order=0)
    result = assess(make_facts(wants=frozenset({"prosecution"})), make_content(money, charges, closed), TODAY)
    assert [r.slug for r in result.routes] == ["charges", "money", "closed"]
    assert [r.slug for r in result.open] == ["charges", "money"]


def test_fixed_deadline_from_an_exact_date():
    route = make_route("ftca", "available", deadline=law.DeadlineRule("fixed", 2, "Two years."))
    deadline = assess(make_facts(), make_content(route), TODAY).routes[0].deadline
    assert deadline.earliest == deadline.latest == date(2028, 1, 7)
    assert not deadline.passed and not timing(deadline.earliest, deadline.latest, TODAY).soon


def test_state_deadline_uses_the_period_in_force_on_the_incident_date():
    route = make_route("section-1983", "available", deadline=law.DeadlineRule("state_1983"))
    content = make_content(route)
    before = assess(make_facts(place="LA", earliest=date(2024, 7, 1), latest=date(2024, 7, 1)), content, TODAY)
    after = assess(make_facts(place="LA", earliest=date(2024, 7, 2), latest=date(2024, 7, 2)), content, TODAY)
    assert before.routes[0].deadline.latest == date(2025, 7, 1)
    assert before.routes[0].deadline.passed
    assert before.routes[0].status is Status.LIMITED  # passed, but tolling may still help
    assert after.routes[0].deadline.latest == date(2026, 7, 2)


def test_deadline_range_for_an_approximate_date():
    route = make_route("section-1983", "available", deadline=law.DeadlineRule("state_1983"))
    facts = make_facts(place="MN", earliest=date(2020, 5, 1), latest=date(2021, 5, 1))
    deadline = assess(facts, make_content(route), TODAY).routes[0].deadline
    assert (deadline.earliest, deadline.latest) == (date(2026, 5, 1), date(2027, 5, 1))
    assert deadline.may_have_passed and not deadline.passed


def test_deadline_soon():
    route = make_route("ftca", "available", deadline=law.DeadlineRule("fixed", 2))
    facts = make_facts(earliest=date(2025, 1, 10), latest=date(2025, 1, 10))
    deadline = assess(facts, make_content(route), TODAY).routes[0].deadline
    assert timing(deadline.earliest, deadline.latest, TODAY).soon and not deadline.passed


def test_leap_day_deadline_falls_back_to_the_28th():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_unknown_date_gives_no_deadline_date():
    route = make_route("ftca", "available", deadline=law.DeadlineRule("fixed", 2))
    deadline = assess(make_facts(earliest=None, latest=None), make_content(route), TODAY).routes[0].deadline
    assert deadline.latest is None and deadline.years == 2 and not deadline.passed


def test_content_version_changes_with_content_only():
    route = make_route("ftca", "available")
    assert make_content(route).result_fingerprint == make_content(route).result_fingerprint
    assert make_content(route).result_fingerprint != make_content(make_route("ftca", "limited")).result_fingerprint


def test_each_reason_records_the_answers_its_rule_tested():
    """'Because you said: officer = Border Patrol; place = Illinois': the page names the
    answers a status rests on, not only the rule's text."""
    route = make_route(
        "section-1983",
        "available",
        [
            make_rule("unavailable", "It covers state and local officers.", officer_levels=["federal"]),
            make_rule("limited", "Illinois law.", jurisdictions=["IL"], harms=["shot", "force"]),
            make_rule("limited", "Dates.", incident_from=date(2025, 1, 1)),
        ],
    )
    facts = make_facts(officer="cbp", level="federal", place="IL", harms=frozenset({"force", "arrest"}))
    reasons = assess(facts, make_content(route), TODAY).routes[0].reasons
    assert [r.because for r in reasons] == [
        (law.Said("officer", ("cbp",)),),
        (law.Said("harms", ("force",)), law.Said("place", ("IL",))),
        (law.Said("date"),),
    ]


def test_a_default_reason_rests_on_no_answer():
    route = make_route("ftca", "unavailable", [make_rule("available", officer_levels=["federal"])])
    assert assess(make_facts(), make_content(route), TODAY).routes[0].reasons[0].because == ()


def test_harms_only_rule_matches_when_nothing_else_happened():
    rule = make_rule("unavailable", harms=["retaliation"], harms_match="only")
    assert rule.matches(make_facts(harms=frozenset({"retaliation"})))
    assert not rule.matches(make_facts(harms=frozenset({"retaliation", "force"})))
    assert not rule.matches(make_facts(harms=frozenset()))
