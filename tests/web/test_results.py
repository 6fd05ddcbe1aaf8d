"""The result page people act on: deadlines, why, next steps, side by side, calendar,
print and safety. Through the Django test client, without JavaScript."""

import re
from datetime import date
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone

from tests.web.test_views import ICE_FAMILY, query

pytestmark = pytest.mark.django_db

CITY = [
    ("officer", "city-police"),
    ("harms", "force"),
    ("died", "no"),
    ("asker", "self"),
    ("place", "MN"),
    ("date", "2026-03-10"),
    ("duty", "on"),
    ("minor", "21plus"),
    ("custody", "no"),
    ("charged", "pending"),
    ("wants", "money"),
]
BORDER_PATROL_IL = [
    ("officer", "cbp"),
    ("harms", "force"),
    ("died", "no"),
    ("asker", "self"),
    ("place", "IL"),
    ("date", "2026-02-01"),
    ("duty", "on"),
    ("minor", "21plus"),
    ("custody", "no"),
    ("charged", "none"),
    ("claim", "none"),
    ("wants", "money"),
]
CSS = Path(__file__).resolve().parents[2] / "liability" / "static" / "liability" / "site.css"


def page(client, pairs) -> str:
    response = client.get("/result/?" + query(pairs), follow=True)  # answers in any order
    assert response.status_code == 200
    return response.text


def section(html: str, heading_id: str) -> str:
    return re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', html, re.S)[0]


def card(html: str, slug: str) -> str:
    return re.search(rf'data-route="{slug}".*?</article>', html, re.S)[0]


def test_deadlines_table_gives_the_date_and_the_days_left(client):
    table = section(page(client, ICE_FAMILY), "deadlines-heading")
    left = (date(2028, 1, 7) - timezone.localdate()).days
    assert "January 7, 2028" in table  # FTCA: two years to present the claim
    assert f"{left} days left." in table
    assert "Minn. Stat. § 541.05" in table  # Bivens borrows Minnesota's period


def test_approximate_date_shows_the_range(client):
    # a range that straddles a deadline asks for the exact date; a person who cannot find it sees the range
    pairs = [p for p in ICE_FAMILY if p[0] != "date"] + [("approx", "lt1"), ("exact_unknown", "unknown")]
    table = section(page(client, pairs), "deadlines-heading")
    assert "Between " in table and "depending on the exact date it happened" in table


def test_a_deadline_that_has_run_says_so_and_what_may_still_help(client):
    old = [(k, "2010-05-01" if k == "date" else v) for k, v in ICE_FAMILY]
    html = page(client, old)
    assert "It has probably passed." in section(html, "deadlines-heading")
    ftca = card(html, "ftca")
    assert "The usual deadline has probably passed: it was May 1, 2012." in ftca
    assert "some rules pause a deadline" in ftca and "came to light later" in ftca


def test_each_reason_names_the_answers_it_rests_on(client):
    html = page(client, BORDER_PATROL_IL)
    why = re.search(r'<div class="why">.*?</div>', card(html, "section-1983"), re.S)[0]
    assert "Because you said" in why
    said = re.findall(r'<span class="said">([^<]*)</span>', why)
    assert any(s.startswith("Officer: ") and "Border Patrol" in s for s in said), said
    assert "<cite>" in why


def test_next_steps_for_a_federal_claim(client):
    steps = section(page(client, ICE_FAMILY), "steps-heading")
    assert "Save the evidence now." in steps
    assert "File a claim with U.S. Immigration and Customs Enforcement (ICE) before January 7, 2028." in steps
    assert 'href="https://www.gsa.gov/reference/forms/claim-for-damage-injury-or-death"' in steps  # the SF-95
    assert 'href="https://www.ice.gov/about-ice/opla/ftca"' in steps  # where ICE takes claims
    assert 'href="https://www.foia.gov/"' in steps
    assert 'href="/result/deadlines.ics?' in steps


def test_next_steps_with_a_pending_criminal_case(client):
    html = page(client, CITY)
    steps = section(html, "steps-heading")
    assert "Talk to the lawyer in the criminal case first." in steps
    assert "Standard Form 95" not in steps  # a city officer: no federal claim form
    assert "While the criminal case is open, what you say here may be used in it." in section(html, "compare-heading")


def test_side_by_side_compares_what_each_route_gets_costs_and_risks(client):
    table = section(page(client, ICE_FAMILY), "compare-heading")
    assert 'role="region"' in table and 'tabindex="0"' in table  # a scrollable table keyboard users can reach
    rows = re.findall(r"<tr>.*?</tr>", table, re.S)
    ftca = next(r for r in rows if "Federal Tort Claims Act" in r)
    assert "28 U.S.C. § 2678" in ftca and "28 U.S.C. § 2675" in ftca
    assert (
        "FTCA judgment bar" in ftca
        and "also stands in the way of: Lawsuit against a federal officer personally" in ftca
    )
    bivens = next(r for r in rows if "Bivens" in r.split("</th>")[0])
    assert "FTCA judgment bar" in bivens
    assert "A prosecutor" in table and "Prosecution" in table


def test_fee_shifting_for_section_1983(client):
    """The cell's words and citation come from the route's fees doctrine (content)."""
    table = section(page(client, CITY), "compare-heading")
    assert "42 U.S.C. § 1988" in table and "If you win, the other side may have to pay your lawyer." in table


def test_no_law_in_the_result_templates():
    """House rule 15: citations and the rules they support live in the content. A template
    may word the page, but it names no case, statute or fee percentage."""
    templates = Path(__file__).resolve().parents[2] / "liability" / "templates"
    law_words = re.compile(r"Owens|Felder|§ ?2401|§ ?2675|§ ?2678|§ ?1988|20%|25%|uscode/text|supreme\.justia")
    found = {str(p.relative_to(templates)): law_words.findall(p.read_text()) for p in templates.rglob("*.html")}
    assert {name: words for name, words in found.items() if words} == {}


def test_calendar_file_for_a_result(client):
    response = client.get("/result/deadlines.ics?" + query(ICE_FAMILY))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    cal = icalendar.Calendar.from_ical(response.content)
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    ftca = next(day for summary, day in starts.items() if "Federal Tort Claims Act" in summary)
    assert ftca == date(2028, 1, 7)
    assert "officer=" not in response.text  # a synced calendar must not spell out the answers


def test_calendar_for_unfinished_answers_resumes_the_questions(client):
    response = client.get("/result/deadlines.ics?officer=ice")
    assert response.status_code == 302 and response["Location"].startswith("/check/")


def test_link_previews_reveal_no_answers(client):
    html = page(client, ICE_FAMILY)
    previews = re.findall(r'<meta property="og:[^"]+" content="([^"]*)">', html)
    assert "A Recourse result" in previews
    joined = " ".join(previews)
    assert "ICE" not in joined and "Minnesota" not in joined and "shot" not in joined


@pytest.mark.parametrize(
    "path", ["/", "/check/", "/guide/", "/no-such-page/", "/s/missing/", "/result/?" + query(ICE_FAMILY)]
)
def test_quick_exit_and_what_we_keep_on_every_page(client, path):
    html = client.get(path).text
    assert re.search(r'<a class="quick-exit" href="https://www.weather.gov/" rel="noreferrer">', html)
    assert "What we keep." in html


def print_rules() -> str:
    css = CSS.read_text()
    blocks = []
    for match in re.finditer(r"@media print\s*{", css):
        depth, i = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        blocks.append(css[match.end() : i - 1])
    return "\n".join(blocks)


def test_print_stylesheet_hides_navigation_and_forms_and_keeps_the_plan():
    rules = print_rules()
    hides = " ".join(re.findall(r"([^{}]*){\s*display:\s*none !important;\s*}", rules))
    for selector in (".site-header", ".quick-exit", "form", ".glance", ".what-if-start", ".share", ".plan-tools"):
        assert selector in hides, selector
    assert 'content: " (" attr(href) ")"' in rules  # links a person must follow print in full
    # every route, reason and citation prints: what a <details> holds is printed open
    assert "details::details-content" in rules and "content-visibility: visible" in rules
    assert ".route .why, .route .sources { display: block !important; }" in rules
    for kept in (".deadlines", ".checklist"):  # kept, and compacted, never hidden
        assert kept in rules and kept not in hides


def test_print_my_plan_button_and_no_js_advice(client):
    html = page(client, ICE_FAMILY)
    assert '<button type="button" class="button print-plan" hidden>Print my plan</button>' in html
    assert "use your browser's Print command" in html


PHOENIX = [
    ("officer", "city-police"),
    ("harms", "force"),
    ("died", "no"),
    ("asker", "self"),
    ("place", "AZ"),
    ("date", "2026-03-03"),
    ("duty", "on"),
    ("minor", "21plus"),
    ("custody", "no"),
    ("charged", "none"),
    ("wants", "money"),
]


def test_deadlines_table_and_nearest_include_the_suit_deadline_beside_a_route(client):
    """Arizona's 1-year deadline to sue a city (A.R.S. § 12-821) sits beside the state-law
    route's notice window: it is a row of the table (printed open), with what it is for and
    its source, and it is the nearest deadline (the 180-day notice has passed)."""
    html = page(client, PHOENIX)
    table = section(html, "deadlines-heading")
    row = re.search(r"<tr>(?:(?!</tr>).)*Deadline to sue under state law.*?</tr>", table, re.S)[0]
    assert "March 3, 2027" in row and "A.R.S. § 12-821" in row
    assert table.index("March 3, 2027") < table.index("March 3, 2028")  # earliest first
    nearest = re.search(r'<p class="nearest.*?</p>', html, re.S)[0]
    assert "March 3, 2027" in nearest and "Deadline to sue under state law" in nearest
