"""The question flow: pure Python, no database."""

from datetime import date

from liability import questions
from liability.engine import Outcome, Problem, parse_date
from tests.conftest import TODAY, make_flow

FULL = {
    "asker": ["self"],
    "employer": ["immigration"],
    "officer": ["ice"],
    "harms": ["shot", "force"],
    "died": ["no"],
    "place": ["MN"],
    "date": ["2026-01-07"],
    "duty": ["on"],
    "minor": ["21plus"],
    "custody": ["no"],
    "charged": ["none"],
    "claim": ["none"],
    "wants": ["money", "prosecution"],
}


def test_every_path_reaches_the_result():
    """Every path from a few starting points (all of them at once would be millions):
    each reaches the result, and every question and every choice of it is taken somewhere."""
    small = make_flow(officers=("ice", "city-police"), places=("MN", "CA"), hybrid=("287g",), claim_places=("CA",))
    starts = [
        {"harms": ["shot"], "died": ["yes"], "asker": ["family"]},
        {"harms": ["search"], "asker": ["self"], "officer": ["ice"], "minor": ["21plus"], "wants": ["money"]},
        {
            "harms": ["force"],
            "died": ["no"],
            "asker": ["self"],
            "officer": ["287g"],
            "duty": ["on"],
            "minor": ["under18"],
        },
        {
            "harms": ["arrest"],
            "died": ["no"],
            "asker": ["helper"],
            "officer": ["city-police"],
            "duty": ["on"],
            "minor": ["18to20"],
            "custody": ["jail"],
            "wants": ["money"],
        },
        {
            "place": ["MN"],
            "duty": ["on"],
            "minor": ["21plus"],
            "custody": ["no"],
            "charged": ["none"],
            "role": ["federal"],
            "claim": ["none"],
            "wants": ["money"],
        },
        {
            "harms": ["force"],
            "died": ["no"],
            "asker": ["self"],
            "officer": ["city-police"],
            "place": ["MN"],
            "duty": ["on"],
            "custody": ["no"],
            "charged": ["none"],
            "wants": ["money"],
        },
    ]
    steps = [step for start in starts for step in small.journeys(TODAY, start)]
    assert steps
    assert all(isinstance(step.node, Outcome) and step.node.key == "result" for step in steps)
    asked = {(q.key, v) for step in steps for q, values in step.answered for v in values}
    for question in small.nodes.values():
        if hasattr(question, "choices") and question.kind.value in ("one", "many", "select"):
            taken = {v for k, v in asked if k == question.key}
            if question.key in ("place",):
                continue
            assert {c.value for c in question.choices} <= taken, question.key


def test_full_answers_reach_the_result_with_a_canonical_querystring():
    step = make_flow().resolve(FULL, TODAY)
    assert step.is_complete
    # died=no is dropped: someone asking about their own harm is not asked whether they died
    assert step.querystring == (
        "asker=self&employer=immigration&officer=ice&harms=shot&harms=force&place=MN&date=2026-01-07&duty=on"
        "&minor=21plus&custody=no&charged=none&claim=none&wants=money&wants=prosecution"
    )


def test_first_question_is_who_is_asking():
    step = make_flow().resolve({}, TODAY)
    assert step.node.key == "asker"
    assert step.problem is None
    assert step.number == 1 and step.total >= 7


def test_unknown_value_re_asks_the_question():
    step = make_flow().resolve({"asker": ["self"], "employer": ["dragon"]}, TODAY)
    assert step.node.key == "employer"
    assert step.problem is Problem.INVALID
    step = make_flow().resolve({"asker": ["self"], "employer": ["immigration"], "officer": ["city-police"]}, TODAY)
    assert step.node.key == "officer"  # an agency of another kind of officer
    assert step.problem is Problem.INVALID


def test_one_bad_checkbox_value_re_asks():
    step = make_flow().resolve({"asker": ["self"], "officer": ["ice"], "harms": ["shot", "<script>"]}, TODAY)
    assert step.node.key == "harms"
    assert step.problem is Problem.INVALID


def test_harms_without_bodily_harm_skip_the_death_question():
    step = make_flow().resolve({"asker": ["family"], "officer": ["ice"], "harms": ["search"]}, TODAY)
    assert step.node.key == "place"


def test_someone_asking_about_their_own_harm_is_not_asked_whether_they_died():
    answers = {"asker": ["self"], "employer": ["immigration"], "officer": ["ice"], "harms": ["shot"]}
    assert make_flow().resolve(answers, TODAY).node.key == "place"
    assert make_flow().resolve(answers | {"asker": ["family"]}, TODAY).node.key == "died"


def test_the_officer_question_starts_with_plain_kinds_and_not_sure():
    step = make_flow().resolve({"asker": ["self"]}, TODAY)
    assert step.node.key == "employer"
    assert [c.value for c in step.node.offered(step.answers)] == ["immigration", "local", "unsure"]
    # then only that kind's agencies
    step = make_flow(officers=("ice", "cbp", "city-police", "unsure")).resolve(
        {"asker": ["self"], "employer": ["immigration"]}, TODAY
    )
    assert step.node.key == "officer"
    assert [c.value for c in step.node.offered(step.answers)] == ["ice", "cbp"]


def test_a_kind_of_officer_with_one_agency_asks_no_follow_up():
    step = make_flow().resolve({"asker": ["self"], "employer": ["unsure"]}, TODAY)
    assert step.node.key == "harms"
    assert step.answers["officer"] == ("unsure",)
    assert step.implied == {"officer"}
    assert "officer=unsure" in step.querystring  # the permalink names the agency all the same


def test_an_old_link_that_names_only_the_agency_reaches_the_same_result():
    old = {k: v for k, v in FULL.items() if k != "employer"}
    step = make_flow().resolve(old, TODAY)
    assert step.is_complete
    assert step.querystring == make_flow().resolve(FULL, TODAY).querystring


def test_changing_the_kind_of_officer_does_not_carry_the_old_agency():
    step = make_flow().resolve({**FULL, "employer": ["local"]}, TODAY, change="employer")
    assert step.node.key == "employer"
    assert "officer" not in dict(step.carried)


def test_finer_ranges_in_the_first_two_years_and_old_ranges_still_read():
    date_question = make_flow().nodes["date"]
    offered = [c.value for c in date_question.offered({})]
    assert offered[:5] == ["lt3m", "3to6m", "6to12m", "12to18m", "18to24m"]
    assert "lt1" not in offered
    assert questions.incident_window({"date": ["3to6m"]}, TODAY)[:2] == (date(2026, 5, 27), date(2026, 8, 27))
    assert questions.incident_window({"date": ["lt1"]}, TODAY)[:2] == (date(2025, 11, 27), TODAY)


def test_a_range_that_straddles_a_deadline_asks_for_the_exact_date():
    """Two years before TODAY falls inside "18 months to 2 years ago": some dates in it are
    past a 2-year deadline, others not. "6 months to 1 year ago" holds no such day."""
    flow = questions.build(
        [questions.Choice("ice", "ICE", group="immigration")], [questions.Choice("MN", "MN")], spans={"": {(24, 0)}}
    )
    start = {"asker": ["self"], "officer": ["ice"], "harms": ["search"], "place": ["MN"]}
    step = flow.resolve({**start, "approx": ["18to24m"]}, TODAY)
    assert step.node.key == "exact"
    assert "deadline may fall inside" in step.node.hint
    assert flow.resolve({**start, "approx": ["6to12m"]}, TODAY).node.key == "duty"
    narrowed = flow.resolve({**start, "approx": ["18to24m"], "exact": ["2024-12-20"]}, TODAY)
    assert narrowed.node.key == "duty"
    assert questions.incident_window(narrowed.answers, TODAY) == (date(2024, 12, 20), date(2024, 12, 20), True)
    unknown = flow.resolve({**start, "approx": ["18to24m"], "exact_unknown": ["unknown"]}, TODAY)
    assert unknown.node.key == "duty"
    assert questions.incident_window(unknown.answers, TODAY)[2] is False


def test_after_a_death_the_criminal_charge_question_is_skipped():
    answers = {**FULL, "died": ["yes"], "asker": ["family"]}
    del answers["charged"]
    step = make_flow().resolve(answers, TODAY)
    assert step.is_complete
    assert "charged" not in step.querystring


def test_changing_an_answer_keeps_the_later_ones():
    step = make_flow().resolve(FULL | {"change": ["place"]}, TODAY, change="place")
    assert step.node.key == "place"
    carried = dict(step.carried)
    assert carried["charged"] == "none" and carried["date"] == "2026-01-07"
    # submitting the new place with the carried answers goes straight to the result
    again = make_flow().resolve({**FULL, "place": ["TX"]}, TODAY)
    assert again.is_complete and "place=TX" in again.querystring


def test_answers_that_no_longer_apply_are_dropped():
    answers = {**FULL, "harms": ["search"]}  # the death question no longer applies
    step = make_flow().resolve(answers, TODAY)
    assert step.is_complete
    assert "died=" not in step.querystring


def test_dates_exact_typed_and_malformed():
    base = {k: v for k, v in FULL.items() if k in ("officer", "harms", "died", "asker", "place")}
    flow_ = make_flow()
    assert flow_.resolve(base | {"date": ["1/7/2026"]}, TODAY).answers["date"] == ("2026-01-07",)
    assert flow_.resolve(base | {"date": ["2026-02-30"]}, TODAY).problem is Problem.BAD_DATE
    assert flow_.resolve(base | {"date": ["soon"]}, TODAY).problem is Problem.BAD_DATE
    assert flow_.resolve(base | {"date": ["2027-01-01"]}, TODAY).problem is Problem.FUTURE_DATE
    assert flow_.resolve(base | {"date": [""], "approx": ["bogus"]}, TODAY).problem is Problem.INVALID
    approx = flow_.resolve(base | {"date": [""], "approx": ["1to2"]}, TODAY)
    assert approx.node.key == "duty" and "approx=1to2" in approx.querystring


def test_exact_date_wins_over_a_range():
    base = {k: v for k, v in FULL.items() if k in ("officer", "harms", "died", "asker", "place")}
    step = make_flow().resolve(base | {"date": ["2026-01-07"], "approx": ["lt1"]}, TODAY)
    assert "approx" not in step.querystring


def test_incident_window():
    assert questions.incident_window({"date": ("2026-01-07",)}, TODAY) == (date(2026, 1, 7), date(2026, 1, 7), True)
    assert questions.incident_window({"date": ("1to2",)}, TODAY) == (date(2024, 11, 27), date(2025, 11, 27), False)
    assert questions.incident_window({"date": ("gt6",)}, TODAY) == (None, date(2020, 11, 27), False)
    assert questions.incident_window({"date": ("unsure",)}, TODAY) == (None, None, False)
    assert questions.incident_window({"date": ("lt1",)}, date(2028, 2, 29))[0] == date(2027, 2, 28)


def test_parse_date():
    assert parse_date("2026-01-07") == date(2026, 1, 7)
    assert parse_date("01/07/2026") == date(2026, 1, 7)
    assert parse_date("2026-13-01") is None
    assert parse_date("") is None
