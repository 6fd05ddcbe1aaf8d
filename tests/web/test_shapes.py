"""A result rendered once per shape and filled in per person (liability/shapes.py) must be
exactly the page a render from scratch would show that person."""

import re
import zlib
from datetime import date

import pytest
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone, translation

from liability import shapes
from liability.views import answers as views
from tests.web.test_parts import ANSWERS, SCENARIOS, clear, comparable

pytestmark = pytest.mark.django_db

ICE_MN = SCENARIOS[0]["answers"]  # an ICE shooting in Minnesota on 2026-01-07: two years to claim, to 2028-01-07
# The same situations on more days and in more places, so that deadlines fall on every side of today.
MORE = [
    re.sub(r"date=\d{4}-\d\d-\d\d", f"date={day}", answers).replace("place=MN", f"place={place}")
    for answers in (s["answers"] for s in SCENARIOS if "date=" in s["answers"])
    for day, place in [("2024-11-29", "TX"), ("2025-06-03", "CA"), ("2026-11-30", "NY")]
]


def from_scratch(request, template, context, derived, answers, keyed):
    """The view's `shaped`, without shapes: the body rendered with the person's own values."""
    made = {key: make() for key, make in derived.items()}
    return shapes.chunks(render_to_string(template, context | made | views.VISITOR, request))


def scratch_page(client, monkeypatch, answers: str, prefix: str = "") -> str:
    """The page as rendered from scratch, with no shape and nothing kept."""
    with monkeypatch.context() as scratch:
        scratch.setattr(views, "shaped", from_scratch)
        clear()
        return page(client, answers, prefix)


@pytest.fixture
def kept(monkeypatch) -> dict:
    """Every shape kept during the test, by key, as it was stored (compressed)."""
    shapes_kept = {}
    real_set = caches["shapes"].set
    monkeypatch.setattr(caches["shapes"], "set", lambda k, v, *a: shapes_kept.__setitem__(k, v) or real_set(k, v, *a))
    return shapes_kept


def page(client, answers: str, prefix: str = "") -> str:
    response = client.get(f"{prefix}/result/?{answers}", follow=True)
    assert response.status_code == 200
    return comparable(response.text)


def test_every_result_from_a_shape_is_byte_for_byte_the_one_rendered_from_scratch(client, monkeypatch, settings):
    settings.RESULT_LIMIT = 0
    chosen = ANSWERS + MORE
    expected = {answers: scratch_page(client, monkeypatch, answers) for answers in chosen}
    clear()
    rendered = []
    real_set = caches["shapes"].set
    monkeypatch.setattr(caches["shapes"], "set", lambda *a, **k: rendered.append(a[0]) or real_set(*a, **k))
    for answers in [*chosen, *reversed(chosen)]:  # the second time round, every shape was made for someone else
        caches["pages"].clear()
        assert page(client, answers) == expected[answers], answers
    assert len(set(rendered)) < len(chosen)  # people in the same situation on other days shared shapes


@pytest.mark.parametrize(
    "today",
    [
        date(2026, 12, 4),
        date(2027, 10, 9),  # 90 days left: "soon"
        date(2028, 1, 6),  # 1 day left: the singular
        date(2028, 1, 7),  # the last day: 0 days left
        date(2028, 1, 8),  # passed yesterday
    ],
)
def test_a_deadline_on_every_side_of_today_fills_in_as_rendered(client, monkeypatch, settings, today):
    settings.RESULT_LIMIT = 0
    monkeypatch.setattr(timezone, "localdate", lambda *a: today)
    expected = scratch_page(client, monkeypatch, ICE_MN)
    clear()
    for answers in ANSWERS[:6]:  # shapes made for other people first
        page(client, answers)
    caches["pages"].clear()
    assert page(client, ICE_MN) == expected


def test_the_singular_and_the_plural_of_days_left_are_different_shapes(client, monkeypatch, settings):
    settings.RESULT_LIMIT = 0
    seen = {}
    for today, words in [(date(2028, 1, 6), "(1 day left)"), (date(2028, 1, 5), "(2 days left)")]:
        monkeypatch.setattr(timezone, "localdate", lambda *a, today=today: today)
        caches["pages"].clear()
        text = page(client, ICE_MN)
        assert words in text
        seen[today] = text
    assert seen[date(2028, 1, 6)] != seen[date(2028, 1, 5)]


def test_spanish_days_and_dates_fill_in_as_rendered(client, monkeypatch, settings):
    settings.RESULT_LIMIT = 0
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2028, 1, 6))
    expected = scratch_page(client, monkeypatch, ICE_MN, "/es")
    clear()
    page(client, ICE_MN)  # the English shape is not the Spanish one
    caches["pages"].clear()
    spanish = page(client, ICE_MN, "/es")
    assert spanish == expected
    assert "7 de enero de 2028" in spanish


def test_a_kept_shape_holds_no_dates_and_no_answers(client, settings, kept):
    settings.RESULT_LIMIT = 0
    clear()
    text = page(client, ICE_MN)
    assert "January 7, 2028" in text and "2026-01-07" in text and "days left" in text
    (shape,) = [zlib.decompress(v).decode() for v in kept.values()]
    assert "<article" in shape
    # Nor do the parts kept while it was rendered (the cards with their own parts, {% kept %}).
    parts = [caches["parts"].get(key.removeprefix(":1:")) for key in list(caches["parts"]._cache)]
    own = [zlib.decompress(p).decode() if isinstance(p, bytes) else p for p in parts if isinstance(p, str | bytes)]
    assert any("Your answers" in p for p in own) and any("<article" in p for p in own)
    for text in (shape, *own):
        for personal in ("January 7, 2028", "January 7, 2026", "2026-01-07", "date=2026", "December"):
            assert personal not in text
        assert not re.search(r"\b\d+ days? left", text)


def test_two_people_a_day_apart_share_one_shape(client, settings, kept):
    settings.RESULT_LIMIT = 0
    clear()
    first = page(client, ICE_MN)
    second = page(client, ICE_MN.replace("date=2026-01-07", "date=2026-01-08"))
    assert len(kept) == 1
    assert "January 7, 2028" in first and "January 8, 2028" in second and "January 7, 2028" not in second


def test_a_shape_that_cannot_be_filled_in_is_never_shown(client, monkeypatch, settings, caplog, kept):
    """A marker cut in two (a template that truncates a date, say) or of an unknown kind:
    the page is rendered from scratch, and the broken shape is dropped."""
    settings.RESULT_LIMIT = 0
    expected = scratch_page(client, monkeypatch, ICE_MN)
    for broken in (f"{shapes.START}s0", f"{shapes.START}x0{shapes.END}", f"{shapes.START}s999{shapes.END}"):
        clear()
        kept.clear()
        page(client, ICE_MN)
        (key,) = kept
        real = zlib.decompress(caches["shapes"].get(key)).decode()
        caches["shapes"].set(key, zlib.compress((real + broken).encode()))
        caches["pages"].clear()
        caplog.clear()
        assert page(client, ICE_MN) == expected
        assert "could not be filled in" in caplog.text
        assert caches["shapes"].get(key) is None


def test_fill_refuses_a_broken_marker():
    shape = shapes.Shape({"today": date(2026, 1, 1)}, "officer=ice", (), {})
    start, end = shapes.START, shapes.END

    def fill(html: str) -> list[str] | None:  # the page is filled in as it is sent: UTF-8
        filled = shapes.fill(html.encode(), shape)
        return None if filled is None else [chunk.decode() for chunk in filled]

    assert fill(f"a{start}d0{end}b") == ["a2026-01-01b"]
    assert fill(f"a{start}s0{end}b") == ["aJanuary 1, 2026b"]
    assert fill(f"{start}q{end}") == ["officer=ice"]
    assert fill(f"§ {start}s0{end} –") == ["§ January 1, 2026 –"]
    filled = shapes.fill(f"<{shapes.TOKEN_MARKER}|{shapes.NONCE_MARKER}>".encode(), shape)
    assert [chunk.decode() for chunk in filled] == ["<", shapes.TOKEN_MARKER, "|", shapes.NONCE_MARKER, ">"]
    assert shapes.for_visitor(filled, token=lambda: "T&", nonce=lambda: "N") == b"<T&amp;|N>"
    for broken in (f"{start}d0", f"{start}d1{end}", f"x{end}", f"{start}zz{end}"):
        assert fill(broken) is None, broken


def test_a_derived_value_with_a_date_the_key_lacks_is_rendered_from_scratch():
    context = {"today": date(2026, 1, 1), "result": {"routes": []}}
    shape = shapes.Shape(context, "date=2025-05-05", (), {"review": lambda: [{"answers": [date(2025, 5, 5)]}]})
    assert shape.context() is None  # the incident date was in no keyed value: its rank is unknown
    review = {"review": lambda: [{"answers": [date(2025, 5, 5)]}]}
    shape = shapes.Shape(context | {"pairs": [("date", "2025-05-05")]}, "date=2025-05-05", (), review)
    assert shape.context() is not None
    masked = shapes.Shape(context, "officer=ice", (), {"what_if": lambda: {"url": "/x?officer=ice"}})
    assert masked.context()["what_if"] == {"url": f"/x?{shapes.ANSWERS_MARKER}"}
    leaky = shapes.Shape(context, "officer=ice", (), {"what_if": lambda: frozenset({"/x?officer=ice"})})
    assert leaky.context() is None  # the answers somewhere the mask does not reach


def test_a_date_marker_sorts_and_compares_as_its_date():
    shape = shapes.Shape({"today": date(2026, 1, 1), "days": ["2027-03-01", "2026-05-01", "2027-03-01"]}, "q=1", (), {})
    later, earlier, same = shape.context()["days"]
    assert earlier < later and later == same and later != earlier
    assert sorted([later, "9999", earlier]) == [earlier, later, "9999"]  # "9999" stands for no date
    assert str(earlier) != str(later) and str(later) == str(same)


def test_days_left_keep_their_plural_class_in_both_languages():
    for days, expected in [(0, 2), (1, 1), (2, 2), (45, 2), (1_000_000, 1_000_000)]:
        assert shapes.plural_class(days) == expected
    for language, one, many in [("en", "1 day left", "days left"), ("es", "1 día", "días")]:
        with translation.override(language):
            for days in (1, 2, 30):
                marker = shapes.Days(0, days)
                text = render_to_string("liability/result/parts.html#deadline_standing", {"t": _ahead(marker), "d": {}})
                real = render_to_string("liability/result/parts.html#deadline_standing", {"t": _ahead(days), "d": {}})
                assert text.replace(str(marker), str(days)) == real
                assert (one if days == 1 else many) in real


def _ahead(days):
    from liability.deadlines import Timing

    return Timing(act_by=date(2030, 1, 1), days_left=days, passed=False, may_have_passed=False, soon=False)


def test_a_part_is_numbered_for_itself_keeping_the_order_of_its_dates():
    def part(incident: str, deadline: str, elsewhere: str, days_left: int):
        """A part that reads an incident date, a deadline and days left, on a page with one more date."""
        page = {"today": date(2026, 1, 1), "incident": incident, "deadline": deadline, "elsewhere": elsewhere}
        masked = shapes.Shape(page, "q=1", (), {}).context()
        days = shapes.Days(3, days_left)
        said = repr((masked["incident"], masked["deadline"], days))
        html = f"<b>{shapes.say_day(masked['deadline'])}</b> {masked['incident']} {days}"
        return shapes.numbered_here(said), html

    # The same dates in the part, on two pages whose other date falls elsewhere: one kept part,
    # made for the second page and put on the first with the first page's numbers.
    (first, _, to_first), first_html = part("2025-06-01", "2027-03-01", "2025-01-01", 5)
    (second, to_part, _), second_html = part("2025-06-01", "2027-03-01", "2028-01-01", 9)
    assert first == second and shapes.START in first and first_html != second_html
    assert shapes.renumbered(shapes.renumbered(second_html, to_part), to_first) == first_html
    # The part's dates in another order are another part; a marker its key lacks is never kept.
    (swapped, _, _), _ = part("2027-06-01", "2027-03-01", "2025-01-01", 5)
    assert swapped != first
    assert shapes.renumbered(f"{shapes.START}s7{shapes.END}", to_part) is None
    assert shapes.numbered_here("no markers") == ("no markers", {}, {})


def reads(template_name: str) -> dict[str, tuple[set, set]]:
    """For each {% kept %} part of a template: the values it names, and every variable path
    its nodes read that no tag inside it binds, following includes (a static walk of the
    parsed template, so a value read only on some pages is found too)."""
    from django.template import Node, engines
    from django.template.base import FilterExpression, Variable
    from django.template.defaulttags import CsrfTokenNode

    from liability.templatetags.recourse import KeptNode

    engine = engines["django"].engine

    def walk(thing, found: set, bound: set, seen: set) -> None:
        if id(thing) in seen or isinstance(thing, str | int | float | bool | type(None)):
            return
        seen.add(id(thing))
        if isinstance(thing, Variable):
            if thing.lookups:
                found.add(thing.lookups)
            return
        if isinstance(thing, FilterExpression):
            walk(thing.var, found, bound, seen)
            for _filter, arguments in thing.filters:
                for lookup, argument in arguments:
                    if lookup:
                        walk(argument, found, bound, seen)
            return
        if isinstance(thing, CsrfTokenNode):
            found.add(("csrf_token",))
        if isinstance(thing, dict):
            bound.update(key for key in thing if isinstance(key, str))  # {% with %}, {% include … with %}
            for value in thing.values():
                walk(value, found, bound, seen)
            return
        if isinstance(thing, list | tuple):
            for item in thing:
                walk(item, found, bound, seen)
            return
        if isinstance(thing, Node) and type(thing).__name__ == "IncludeNode" and isinstance(thing.template.var, str):
            walk(engine.get_template(thing.template.var), found, bound, seen)
        for name, value in vars(thing).items() if hasattr(thing, "__dict__") else ():
            if name in ("token", "origin", "parent", "engine", "source"):
                continue
            if name in ("loopvars", "countervar", "asvar", "var_name") and value:
                bound.update([value] if isinstance(value, str) else value)
                continue
            walk(value, found, bound, seen)

    template = engine.get_template(template_name)
    parts, nodes, seen = {}, [template], set()
    while nodes:  # find the {% kept %} nodes
        node = nodes.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, KeptNode):
            found, bound = set(), set()
            walk(node.nodelist, found, bound, set())
            named = {value.var.lookups for value in node.values}
            parts[node.name] = named, {path for path in found if path[0] not in bound}
            continue
        if isinstance(node, list | tuple):
            nodes += node
        elif hasattr(node, "__dict__"):
            nodes += [value for value in vars(node).values() if isinstance(value, Node | list | tuple)]
    return parts


# Read by a kept part without being named: filled in per visitor (the CSRF token), or in every
# kept part's key already (the content, the language), or Django's own.
IN_EVERY_KEY = {"csrf_token", "csp_nonce", "published_fingerprint", "result_fingerprint", "LANGUAGE_CODE", "forloop"}


def test_a_kept_part_names_every_value_it_reads():
    parts = reads("liability/result.html")
    assert set(parts) >= {"summary", "tools", "steps", "what_if", "answers", "share"}
    for name, (named, read) in parts.items():
        unnamed = {
            ".".join(path)
            for path in read
            if path[0] not in IN_EVERY_KEY and not any(path[: len(n)] == n for n in named)
        }
        assert not unnamed, f"{{% kept {name} %}} reads {sorted(unnamed)} without naming it"
