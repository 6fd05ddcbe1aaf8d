"""Shared parts of pages are rendered once and reused: what a person sees must be exactly
what a render from scratch would show them. (Speed is measured by `make bench`, never here.)"""

import re
from pathlib import Path

import pytest
import yaml
from django.core.cache import caches

from liability.templatetags import recourse

pytestmark = pytest.mark.django_db

SCENARIOS = yaml.safe_load((Path(__file__).resolve().parents[2] / "liability" / "scenarios.yaml").read_text())
# The same situations on other days and in other places: most of each card is the same.
VARIED = [
    re.sub(r"date=\d{4}-\d\d-\d\d", f"date={day}", s["answers"]).replace("place=MN", f"place={place}")
    for s in SCENARIOS
    if "date=" in s["answers"]
    for day, place in [("2026-02-11", "MN"), ("2025-12-30", "IL")]
]
ANSWERS = [s["answers"] for s in SCENARIOS] + VARIED


def clear() -> None:
    caches["pages"].clear()
    caches["parts"].clear()
    caches["shapes"].clear()


def comparable(page: str) -> str:
    """A page without what differs on every response by design: the CSP nonce and the
    masked CSRF token."""
    page = re.sub(r'nonce="[^"]+"', 'nonce=""', page)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', page)


def result(client, answers: str) -> str:
    response = client.get("/result/?" + answers, follow=True)
    assert response.status_code == 200
    return comparable(response.text)


def test_a_result_from_cached_parts_is_byte_for_byte_the_one_rendered_from_scratch(client, monkeypatch, settings):
    settings.RESULT_LIMIT = 0  # far more new results than one person asks for
    expected = {}
    for answers in ANSWERS:
        clear()
        expected[answers] = result(client, answers)

    clear()
    rendered = []
    real_set = caches["parts"].set
    monkeypatch.setattr(caches["parts"], "set", lambda *a, **k: rendered.append(a[0]) or real_set(*a, **k))
    for answers in ANSWERS:
        caches["pages"].clear()  # the page itself is new; its cards may have been made for others
        caches["shapes"].clear()  # and so is its shape (tests/web/test_shapes.py)
        assert result(client, answers) == expected[answers], answers
    cards = sum(len(re.findall(r"<article class=\"route ", page)) for page in expected.values())
    made = [key for key in rendered if re.fullmatch("[0-9a-f]{64}", key)]  # a card, not an own part or a fragment
    assert len(made) < cards / 3  # most cards were made once and reused for other people


def test_a_result_served_from_the_page_cache_is_the_one_rendered_fresh(client):
    clear()
    fresh = result(client, SCENARIOS[0]["answers"])
    assert result(client, SCENARIOS[0]["answers"]) == fresh


def test_a_cached_card_holds_no_answers_and_no_dates(client, monkeypatch):
    clear()
    kept = []
    real_set = caches["parts"].set

    def keep(key, value, *args):
        if re.fullmatch("[0-9a-f]{64}", key):  # a card; a person's own parts are kept apart, for 10 minutes
            kept.append(value)
        return real_set(key, value, *args)

    monkeypatch.setattr(caches["parts"], "set", keep)
    page = result(client, SCENARIOS[0]["answers"])  # an ICE shooting in Minnesota on 2026-01-07
    assert "Because you said" in page and "days left" in page and "January 7, 2028" in page
    cards = "".join("".join(pieces) for pieces in kept)
    assert "<article" in cards
    assert "Because you said" not in cards and "days left" not in cards and "January 7, 2028" not in cards


def test_a_share_saved_before_a_field_existed_still_renders_its_cards(client):
    from liability.models import Share

    saved = Share(answers=[["officer", "ice"]], content_version="old", result={"routes": [{"slug": "x", "name": "X"}]})
    saved.save()
    page = client.get(saved.get_absolute_url())
    assert page.status_code == 200 and 'data-route="x"' in page.text
    assert recourse.SLOT not in page.text


def test_new_results_past_the_limit_get_a_readable_429_and_cached_ones_still_come(client, settings):
    settings.RESULT_LIMIT = 2
    clear()
    first, second, third = ANSWERS[:3]
    assert client.get("/result/?" + first).status_code == 200
    assert client.get("/result/?" + first).status_code == 200  # served from the page cache: not counted
    assert client.get("/result/?" + second).status_code == 200
    refused = client.get("/result/?" + third)
    assert refused.status_code == 429
    assert "Please wait a minute" in refused.text and f'href="/result/?{third}"' in refused.text.replace("&amp;", "&")
    assert 1 <= int(refused["Retry-After"]) <= settings.RESULT_LIMIT_WINDOW
    assert client.get("/result/?" + first).status_code == 200  # what is already made is still served
    assert client.get("/result/?" + third, REMOTE_ADDR="192.0.2.7").status_code == 200  # another client


def test_the_limit_can_be_turned_off(client, settings):
    settings.RESULT_LIMIT = 0
    clear()
    assert all(client.get("/result/?" + answers).status_code == 200 for answers in ANSWERS[:5])


def test_result_data_is_exactly_what_the_json_round_trip_made():
    """plain() replaced json.loads(json.dumps(asdict(...), default=str)) for speed; shares
    store its output, so it must be the same data, key order included."""
    import json
    from dataclasses import asdict
    from datetime import date

    from django.http import QueryDict

    from liability import law, plan, publishing, questions
    from liability.views.answers import answers_of, plain

    content, today = publishing.published()[1], date(2026, 11, 28)
    for answers in ANSWERS:
        step = questions.build_for(content).resolve(answers_of(QueryDict(answers)), today)
        facts = questions.facts_of(step, content, today)
        assessment = law.assess(facts, content, today)
        for made in (
            assessment,
            plan.next_steps(facts, assessment, content),
            plan.side_by_side(facts, assessment, content),
        ):
            expected = json.loads(
                json.dumps(
                    asdict(made) if not isinstance(made, list | tuple) else [asdict(m) for m in made], default=str
                )
            )
            assert json.dumps(plain(made)) == json.dumps(expected)


def test_kept_parts_follow_the_day_a_result_is_shown(client, monkeypatch, settings):
    """A person's own parts (days left, a passed deadline) are kept per day: a page made the
    next day from what was kept is the one rendered from scratch that day."""
    from datetime import date

    from django.utils import timezone

    settings.RESULT_LIMIT = 0
    answers = SCENARIOS[0]["answers"]
    expected = {}
    for day in (date(2026, 12, 1), date(2027, 6, 1)):
        monkeypatch.setattr(timezone, "localdate", lambda *a, day=day: day)
        clear()
        expected[day] = result(client, answers)
    assert expected[date(2026, 12, 1)] != expected[date(2027, 6, 1)]
    clear()
    for day in (date(2026, 12, 1), date(2027, 6, 1)):
        monkeypatch.setattr(timezone, "localdate", lambda *a, day=day: day)
        caches["pages"].clear()  # the page is new; its parts were kept the day before
        caches["shapes"].clear()
        assert result(client, answers) == expected[day]


def test_a_persons_own_parts_are_kept_no_longer_than_a_page(client, monkeypatch):
    clear()
    timeouts = {}
    real_set = caches["parts"].set
    monkeypatch.setattr(
        caches["parts"], "set", lambda k, v, t=None, *a: timeouts.__setitem__(k, t) or real_set(k, v, t)
    )
    result(client, SCENARIOS[0]["answers"])
    own = [t for k, t in timeouts.items() if k.startswith(("own:", "kept:")) or "deadline_row" in k]
    assert (
        any(k.startswith("kept:") for k in timeouts) and own and max(own) <= 600
    )  # the privacy note: a page is kept in memory for up to 10 minutes


def test_kept_parts_never_cross_languages(client, settings):
    """English and Spanish pages of the same results, made one after the other from the
    parts kept for both: each is the page rendered from scratch in its own language."""
    settings.RESULT_LIMIT = 0
    chosen = ANSWERS[:6] + VARIED[:6]
    expected = {}
    for prefix in ("", "/es"):
        for answers in chosen:
            clear()
            response = client.get(f"{prefix}/result/?{answers}", follow=True)
            assert response.status_code == 200
            expected[prefix, answers] = comparable(response.text)
    assert expected["/es", chosen[0]] != expected["", chosen[0]]
    clear()
    for answers in chosen:
        for prefix in ("", "/es"):
            caches["pages"].clear()
            caches["shapes"].clear()
            page = comparable(client.get(f"{prefix}/result/?{answers}", follow=True).text)
            assert page == expected[prefix, answers], (prefix, answers)
