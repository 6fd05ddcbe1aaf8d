"""The plan: next steps for this person and the open routes side by side. Pure Python."""

from dataclasses import replace
from datetime import date

from liability import law, plan
from liability.law import assess
from tests.conftest import TODAY, make_content, make_facts, make_route, make_rule

FEDERAL = ["federal"]
ROUTES = (
    make_route(
        "ftca",
        "unavailable",
        [make_rule("available", officer_levels=FEDERAL)],
        deadline=law.DeadlineRule("fixed", 2, authorities=("usc-28-2675",)),
        authorities=("usc-28-2678",),
        doctrines=(law.RouteDoctrine("ftca-judgment-bar", "depends"),),
        fees="fee-cap",
        timing="claim-first",
    ),
    make_route(
        "bivens",
        "unavailable",
        [make_rule("limited", officer_levels=FEDERAL)],
        doctrines=(law.RouteDoctrine("ftca-judgment-bar", "blocks"), law.RouteDoctrine("helpful", "helps")),
    ),
    make_route(
        "section-1983",
        "available",
        [make_rule("unavailable", officer_levels=FEDERAL)],
        authorities=("usc-42-1988",),
        deadline=law.DeadlineRule("state_1983"),
        fees="fees-1988",
    ),
    make_route(
        "state-tort",
        "available",
        [make_rule("unavailable", officer_levels=FEDERAL)],
        deadline=law.DeadlineRule("notice"),
    ),
    make_route("oversight", "available", kind="administrative", decider="agency", remedies=("discipline",)),
    make_route(
        "charges",
        "available",
        kind="criminal",
        decider="prosecutor",
        remedies=("prosecution",),
        doctrines=(law.RouteDoctrine("pardon", "blocks"),),
    ),
    make_route(
        "state-charges",
        "available",
        kind="criminal",
        decider="prosecutor",
        remedies=("prosecution",),
        doctrines=(law.RouteDoctrine("pardon", "helps"),),
    ),
)
DOCTRINES = {
    "ftca-judgment-bar": law.Doctrine(
        "ftca-judgment-bar", "FTCA judgment bar", "blocks", "A judgment ends it.", True, ()
    ),
    "helpful": law.Doctrine("helpful", "A helpful rule", "helps", "It helps.", True, ()),
    "pardon": law.Doctrine("pardon", "Pardons", "depends", "A pardon ends federal charges only.", True, ()),
    "fee-cap": law.Doctrine("fee-cap", "Fee cap", "depends", "Fees are capped.", True, ("usc-42-1983",)),
    "claim-first": law.Doctrine("claim-first", "Claim first", "depends", "Six months first.", False, ()),
    "fees-1988": law.Doctrine("fees-1988", "Fees", "helps", "The loser may pay.", True, ()),
}
AGENCY = law.Agency(
    "ice",
    "ICE",
    "DHS",
    "DHS OIG hotline",
    "https://oig.example/",
    "Send the SF-95 to OPLA.",
    "https://ice.example/ftca",
    True,
)


def content():
    base = make_content(*ROUTES)
    places = {**base.jurisdictions}
    places["MN"] = replace(
        places["MN"], notices=(law.Notice(180, "local", "Minn. Stat. § 466.05", "https://example.org", False),)
    )
    kinds = {**base.officer_kinds, "ice": replace(base.officer_kinds["ice"], agency="ice")}
    return replace(base, doctrines=DOCTRINES, agencies={"ice": AGENCY}, officer_kinds=kinds, jurisdictions=places)


def steps_for(**facts):
    facts = make_facts(**facts)
    return {s.kind: s for s in plan.next_steps(facts, assess(facts, content(), TODAY), content())}


def test_a_federal_officer_claim_goes_to_the_agency_on_standard_form_95():
    steps = steps_for(officer="ice", level="federal")
    sf95 = steps["sf95"]
    assert sf95.agency == "ICE" and sf95.detail == "Send the SF-95 to OPLA."
    assert sf95.by == date(2028, 1, 7)  # two years from 7 January 2026
    assert [(link.role, link.url) for link in sf95.links] == [
        ("claims", "https://ice.example/ftca"),
        ("form", plan.SF95_URL),
    ]
    assert steps["records_federal"].links[0].url == plan.FOIA_URL
    assert steps["complaint"].links[0].url == "https://oig.example/"
    assert "records_local" not in steps and "notice" not in steps


OCTOBER = {"earliest": date(2026, 10, 1), "latest": date(2026, 10, 1)}


def test_a_city_officer_gets_local_records_and_the_notice_window_not_the_sf95():
    steps = steps_for(**OCTOBER)
    assert list(steps) == ["evidence", "records_local", "notice", "complaint", "lawyer", "calendar"]
    assert steps["notice"].by == date(2027, 3, 30)  # 180 days from 1 October 2026
    assert steps["notice"].statute == "Minn. Stat. § 466.05"
    assert steps["lawyer"].by == date(2027, 3, 30)  # the earliest deadline of all


def test_a_notice_window_that_has_passed_stays_on_the_list_but_not_as_the_lawyer_date():
    steps = steps_for()  # 7 January 2026: the 180 days ran out on 6 July 2026
    assert steps["notice"].by == date(2026, 7, 6)
    assert steps["lawyer"].by == date(2032, 1, 7)  # the § 1983 deadline, still ahead


def test_a_pending_criminal_case_comes_first_after_evidence():
    steps = list(steps_for(case_outcome="pending"))
    assert steps[:2] == ["evidence", "criminal_case"]


def test_no_calendar_step_without_a_date():
    steps = steps_for(earliest=None, latest=None)
    assert "calendar" not in steps and steps["lawyer"].by is None


def rows_for(**facts):
    facts = make_facts(**facts)
    return {row.slug: row for row in plan.side_by_side(facts, assess(facts, content(), TODAY), content())}


def test_side_by_side_fees_and_time():
    federal = rows_for(officer="ice", level="federal")
    ftca = federal["ftca"]
    # what the table says of cost and time is the route's content, with its citations
    assert (ftca.fees, ftca.fees_rule, [c.citation for c in ftca.fees_cites]) == (
        "rule",
        "Fees are capped.",
        ["42 U.S.C. § 1983"],
    )
    assert (ftca.time, ftca.time_rule, ftca.time_verified) == ("rule", "Six months first.", False)
    assert (federal["bivens"].fees, federal["bivens"].time) == ("varies", "court")
    assert (federal["oversight"].fees, federal["oversight"].time) == ("free", "agency")
    assert (federal["charges"].fees, federal["charges"].time, federal["charges"].decider) == (
        "free",
        "prosecutor",
        "prosecutor",
    )
    assert (rows_for()["section-1983"].fees, rows_for()["section-1983"].fees_rule) == ("rule", "The loser may pay.")
    assert rows_for()["state-tort"].fees == "varies"  # no rule named: no claim about fees
    assert federal["charges"].gets == ("Prosecution",)
    assert "section-1983" not in federal  # only routes that may be open


def test_the_judgment_bar_shows_on_both_parallel_routes():
    rows = rows_for(officer="ice", level="federal")
    assert [(r.name, r.also) for r in rows["bivens"].risks] == [("FTCA judgment bar", ())]
    assert [(r.name, r.also) for r in rows["ftca"].risks] == [("FTCA judgment bar", ("Bivens",))]
    assert rows_for()["section-1983"].risks == ()


def test_a_pending_case_is_a_risk_for_civil_and_administrative_routes_only():
    rows = rows_for(case_outcome="pending")
    assert rows["section-1983"].criminal_case and rows["oversight"].criminal_case
    assert not rows["charges"].criminal_case
    assert not rows_for()["section-1983"].criminal_case


def test_a_doctrine_that_helps_here_is_not_a_risk_even_if_it_blocks_elsewhere():
    rows = rows_for()
    assert [r.name for r in rows["charges"].risks] == ["Pardons"]
    assert rows["state-charges"].risks == ()  # a pardon cannot stop state charges: it helps there


def slugs(**facts) -> list[str]:
    return [a.slug for a in plan.first_actions(make_facts(**facts))]


def test_after_a_death_the_family_is_told_who_may_act_the_records_and_to_sign_nothing():
    assert slugs(died=True, asker="family", officer="ice", level="federal") == ["estate", "autopsy", "sign-nothing"]


def test_a_pending_charge_puts_the_criminal_lawyer_first():
    assert slugs(case_outcome="pending")[0] == "criminal-lawyer"


def test_a_case_that_ended_without_a_conviction_starts_a_new_clock():
    assert slugs(case_outcome="dropped")[0] == "new-clock"


def test_an_unknown_agency_is_found_out_first():
    assert slugs(level="unsure", officer="unsure")[0] == "which-agency"


def test_someone_held_now_is_found_and_given_a_lawyer():
    assert slugs(harms=frozenset({"held"}), level="federal") == ["find-them", "detention-lawyer", "their-papers"]


def test_anyone_else_gets_three_general_actions():
    assert slugs() == ["evidence", "lawyer", "records"]


def test_this_week_cites_the_authorities_the_content_has():
    content = make_content()
    shown = plan.this_week(make_facts(case_outcome="pending"), content)
    assert [a["slug"] for a in shown][0] == "criminal-lawyer"
    assert all(set(a) >= {"title", "detail", "links", "cites", "verified"} for a in shown)
