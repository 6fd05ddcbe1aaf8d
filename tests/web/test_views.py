"""The public pages, through the Django test client: no JavaScript, and htmx fragments."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICE_FAMILY = [
    ("asker", "family"),
    ("employer", "immigration"),
    ("officer", "ice"),
    ("harms", "shot"),
    ("died", "yes"),
    ("place", "MN"),
    ("date", "2026-01-07"),
    ("duty", "on"),
    ("claim", "none"),
    ("wants", "money"),
    ("wants", "prosecution"),
]


def query(pairs):
    from urllib.parse import urlencode

    return urlencode(pairs)


def routes_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-route="([^"]+)" data-route-status="([^"]+)"', html))


def test_home_links_to_the_questionnaire(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'action="/check/"' in response.text  # a one-button GET form: the first question


def test_no_js_journey_one_question_at_a_time(client):
    url = "/check/"
    answers = dict(ICE_FAMILY[:9])
    seen = []
    response = client.get(url)
    for _ in range(12):
        if response.status_code == 302:
            break
        assert response.status_code == 200
        html = response.text
        assert html.count("<fieldset") <= 1 or 'type="date"' in html  # one question per step
        key = re.search(r'name="asked" value="([^"]+)"', html)[1]
        seen.append(key)
        params = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
        if key == "wants":
            params += [("wants", "money"), ("wants", "prosecution")]
        else:
            params += [(key, answers[key])]
        response = client.get(url + "?" + query(params))
    # who is asking first; the plain kind of officer, then which agency
    assert seen == ["asker", "employer", "officer", "harms", "died", "place", "date", "duty", "claim", "wants"]
    assert response["Location"] == "/result/?" + query(ICE_FAMILY)
    result = client.get(response["Location"])
    assert result.status_code == 200


def test_htmx_request_renders_only_the_step(client):
    response = client.get("/check/", {"officer": "ice"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="step"' in response.text
    assert "<legend><h1" in response.text


def test_htmx_finish_redirects_the_client(client):
    response = client.get("/check/?" + query(ICE_FAMILY), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/result/?" + query(ICE_FAMILY)


def test_result_markup_contract_and_canonical(client):
    response = client.get("/result/?" + query(ICE_FAMILY))
    html = response.text
    routes = routes_of(html)
    assert routes["ftca"] in ("available", "limited")
    assert routes["section-1983"] == "unavailable"
    assert '<link rel="canonical" href="http://testserver/result/?' in html
    for slug in routes:
        card = re.search(rf'data-route="{slug}".*?</article>', html, re.S)[0]
        assert re.search(r"<h3[^>]*>", card)
    assert "legal information, not legal advice" in html


def test_result_shows_deadline_dates(client):
    html = client.get("/result/?" + query(ICE_FAMILY)).text
    assert "January 7, 2028" in html  # FTCA: two years to present the claim


def test_result_reasons_carry_citations(client):
    html = client.get("/result/?" + query(ICE_FAMILY)).text
    for card in re.findall(r"<article.*?</article>", html, re.S):
        why = re.search(r'<div class="why">.*?</div>', card, re.S)[0]
        assert "<cite>" in why, card[:200]


def test_doctrines_link_to_their_pages(client):
    html = client.get("/result/?" + query(ICE_FAMILY)).text
    links = set(re.findall(r'href="(/guide/doctrines/[^"]+/)"', html))
    assert "/guide/doctrines/supremacy-clause-immunity/" in links
    for link in links:
        page = client.get(link)
        assert page.status_code == 200
        assert "<cite>" in page.text


def test_incomplete_result_link_resumes_the_questionnaire(client):
    response = client.get("/result/?officer=ice")
    assert response.status_code == 302
    assert response["Location"] == "/check/?officer=ice"


def test_result_redirects_to_its_canonical_form(client):
    shuffled = list(reversed(ICE_FAMILY)) + [("utm_source", "x")]
    response = client.get("/result/?" + query(shuffled))
    assert response.status_code == 302
    assert response["Location"] == "/result/?" + query(ICE_FAMILY)


def test_review_change_link_keeps_other_answers(client):
    html = client.get("/result/?" + query(ICE_FAMILY)).text
    change = re.search(r'href="(/check/\?[^"]*change=place)"', html)[1].replace("&amp;", "&")
    step = client.get(change)
    assert step.status_code == 200
    assert 'option value="MN" selected' in step.text
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', step.text)
    assert ("date", "2026-01-07") in hidden and ("wants", "prosecution") in hidden
    assert not any(name == "place" for name, _ in hidden)
    params = [*hidden, ("place", "TX")]
    done = client.get("/check/?" + query(params))
    assert done.status_code == 302
    assert "place=TX" in done["Location"] and "date=2026-01-07" in done["Location"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"asker": "self", "employer": "dragon", "asked": "employer"}, "not one of the choices"),
        ({"asker": "self", "officer": "ice", "harms": "../../etc/passwd", "asked": "harms"}, "not one of the choices"),
        ({"asked": "asker"}, "Choose one of the options"),
        ({"asker": "self", "officer": "ice", "harms": "search", "place": "ZZ"}, "not one of the choices"),
    ],
)
def test_bad_answers_re_ask_with_a_clear_message(client, params, message):
    response = client.get("/check/", params)
    assert response.status_code == 400
    assert message in response.text
    assert 'role="alert"' in response.text


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", "99999-01-01", "2026-01-07T00:00", "%00"])
def test_malformed_dates_re_ask(client, value):
    base = [("officer", "ice"), ("harms", "search"), ("asker", "self"), ("place", "MN")]
    response = client.get("/check/?" + query([*base, ("date", value), ("asked", "date")]))
    assert response.status_code == 400
    assert "could not read that date" in response.text


def test_future_date_is_refused(client):
    base = [("officer", "ice"), ("harms", "search"), ("asker", "self"), ("place", "MN")]
    response = client.get("/check/?" + query([*base, ("date", "2999-01-01")]))
    assert response.status_code == 400
    assert "in the future" in response.text


def test_huge_query_is_refused_plainly(client):
    response = client.get("/check/?officer=" + "x" * 5000)
    assert response.status_code == 400
    assert "far longer" in response.text
    assert client.get("/result/?officer=" + "x" * 5000).status_code == 400


def test_too_many_fields_is_a_400_not_a_500(client):
    response = client.get("/check/?" + "&".join(f"f{i}=1" for i in range(300)))
    assert response.status_code == 400


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_guide_pages_and_sitemap(client):
    assert client.get(reverse("liability:library")).status_code == 200
    assert client.get("/guide/routes/ftca/").status_code == 200
    assert client.get("/guide/routes/nope/").status_code == 404
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and b"/guide/doctrines/qualified-immunity/" in sitemap.content


def test_csp_header_is_strict(client):
    csp = client.get("/check/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp


def test_nothing_is_stored_while_answering(client, django_assert_max_num_queries):
    from liability.models import Share

    with django_assert_max_num_queries(20):
        client.get("/result/?" + query(ICE_FAMILY))
    assert Share.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_glossary_terms_are_linked_once_and_escaped():
    from liability.templatetags.recourse import link_terms

    terms = [("qualified immunity", "qualified-immunity"), ("immunity", "immunity"), ("§ 1983", "section-1983")]
    html = link_terms("Qualified immunity <b>may</b> apply; qualified immunity again. A § 1983 suit.", terms)
    assert html.count('href="/guide/glossary/#term-qualified-immunity"') == 1
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert 'href="/guide/glossary/#term-section-1983"' in html
    assert "#term-immunity" not in html  # the longer term took the words


def test_state_myth_and_glossary_pages(client):
    page = client.get("/guide/states/mn/")
    assert page.status_code == 200 and "Minn. Stat." in page.text and "6 years" in page.text
    assert client.get("/guide/states/zz/").status_code == 404
    assert client.get("/guide/glossary/").status_code == 200
    assert client.get("/guide/myths/no-such-myth/").status_code == 404


def test_guide_lists_where_to_complain_and_where_a_claim_goes(client):
    html = client.get("/guide/").text
    assert 'id="agencies"' in html
    assert "Immigration and Customs Enforcement" in html and "Standard Form 95" in html


def test_a_method_a_page_does_not_take_gets_a_page_that_says_so(client):
    response = client.post("/check/", {"officer": "ice"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "This address does not take that kind of request" in response.text  # Django's own is empty
    assert response["Content-Security-Policy"]  # rendered inside the middleware that sets it


@pytest.mark.parametrize(
    "url", ["/", "/check/", "/guide/", "/guide/doctrines/qualified-immunity/", "/result/?" + query(ICE_FAMILY)]
)
def test_head_is_answered_like_get_for_link_checkers(client, url):
    head = client.head(url)
    assert head.status_code == client.get(url).status_code
    assert head.content == b""


def test_no_template_comment_spans_lines():
    """{# #} ends at the line's end: a longer one would be printed on the page."""
    from django.conf import settings

    for template in (Path(settings.BASE_DIR) / "liability" / "templates").rglob("*.html"):
        for line in template.read_text().splitlines():
            assert "{#" not in line or "#}" in line, f"{template.name}: {line}"


@pytest.mark.parametrize("path", ["/check/", "/result/", "/result/what-if/", "/result/deadlines.ics"])
def test_every_page_that_reads_answers_refuses_an_oversized_address(client, path):
    response = client.get(path + "?officer=" + "x" * 2100)
    assert response.status_code == 400
    assert "too long" in response.text.lower() or "something in that request" in response.text.lower()


def test_the_pushed_address_has_each_answer_once_and_reloads_to_the_same_question(client):
    # a survivor changes the criminal-case answer; the later answer rides along
    survivor = [*ICE_FAMILY[:2], ("died", "no"), ("asker", "self"), ("place", "MN"), ("approx", "1to2")]
    asked = [*survivor, ("change", "charged"), ("charged", "none"), ("wants", "money")]
    response = client.get("/check/?" + query(asked), headers={"HX-Request": "true"})
    pushed = response["HX-Push-Url"]
    assert pushed.count("approx=1to2") == 1 and "change=" not in pushed and "asked=" not in pushed, pushed
    assert "wants=money" in pushed
    reloaded = client.get(pushed)
    assert 'name="charged"' in reloaded.text and "There is a problem" not in reloaded.text


def test_a_page_restored_from_the_history_is_the_whole_page(client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = client.get("/check/?asker=self&employer=immigration&officer=ice&change=officer", headers=headers)
    assert "<html" in response.text and "HX-Push-Url" not in response
    assert 'value="ice" checked' in response.text.replace("\n", " ").replace("  ", " ") or re.search(
        r'value="ice"\s+checked', response.text
    )


def test_no_debug_helper_that_replaces_a_validation_page(client, settings):
    settings.DEBUG = True  # django-htmx's helper came with DEBUG and swallowed every 400
    response = client.get("/check/?asked=asker")
    assert response.status_code == 400
    assert "django-htmx.js" not in response.text and "htmx-2.min.js" in response.text


def test_an_old_link_from_before_who_is_asking_came_first_reaches_the_same_result(client):
    old = "officer=ice&harms=shot&died=yes&asker=family&place=MN&date=2026-01-07&duty=on&claim=none&wants=money&wants=prosecution"
    response = client.get(f"/result/?{old}")
    assert response.status_code == 302
    assert response["Location"] == "/result/?" + query(ICE_FAMILY)
    assert client.get(response["Location"]).status_code == 200
    # an approximate date chosen before the months were offered still reads
    assert client.get("/result/?" + old.replace("date=2026-01-07", "approx=lt1"), follow=True).status_code == 200


def test_a_range_that_may_hold_a_deadline_asks_for_the_exact_date_and_says_why(client):
    before = [(k, v) for k, v in ICE_FAMILY if k not in ("date", "duty", "claim", "wants")]
    response = client.get("/check/?" + query([*before, ("approx", "18to24m")]))
    assert 'name="asked" value="exact"' in response.text
    assert "A deadline may fall inside the range you chose" in response.text
    assert 'name="exact_unknown" value="unknown"' in response.text
