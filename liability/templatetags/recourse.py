"""Template filters the result pages need: dates stored as text in shared snapshots (`day`),
and staff-written Markdown made safe."""

import hashlib
import re
import zlib
from functools import lru_cache

import markdown as md
import nh3
from django import template
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from liability import deadlines, plan, shapes
from liability.deadlines import Timing, closing
from liability.publishing.translations import English, marked
from liability.shapes import say_day

register = template.Library()

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h2", "h3", "h4", "blockquote", "code", "br"}


@register.filter
def day(value) -> str:
    """A date as every result prints it (DATE_FORMAT), from a date, its ISO text or a
    result shape's marker (liability/shapes.py); "" for anything that is not a date."""
    return say_day(value)


@register.filter
def markdown(text: str) -> str:
    """Staff-written Markdown, sanitised so no editor can inject script or styles. English
    on a Spanish page stays marked as not yet translated."""
    html = mark_safe(_markdown(text or ""))
    return marked(html, block=True) if isinstance(text, English) else html


@lru_cache(maxsize=2048)  # the same published texts are shown again and again
def _markdown(text: str) -> str:
    html = md.markdown(text, extensions=["sane_lists"])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener")


@register.filter
def plain_text(text):
    """The bare text, without the "not yet translated" mark: for a page's <title>, where
    markup would show as text."""
    return str.__str__(text) if isinstance(text, str) else text


@register.filter
def link_terms(text: str, terms) -> str:
    """Link the first use of each glossary term in a plain text to its definition. English
    on a Spanish page stays marked as not yet translated."""
    escaped = str(escape(text)) if isinstance(text, English) else str(conditional_escape(text or ""))
    linked = mark_safe(_link_terms(escaped, tuple(terms or ()), reverse("liability:glossary")))
    return marked(linked) if isinstance(text, English) else linked


@lru_cache(maxsize=4096)
def _link_terms(escaped: str, terms: tuple[tuple[str, str], ...], url: str) -> str:
    if not terms:
        return escaped
    slugs, pattern = _terms_pattern(terms)
    used = set()

    def link(match: re.Match) -> str:
        slug = slugs[match[0].lower()]
        if slug in used:
            return match[0]
        used.add(slug)
        return f'<a class="term" href="{url}#term-{slug}">{match[0]}</a>'

    return pattern.sub(link, escaped)


@lru_cache(maxsize=8)  # one per published glossary
def _terms_pattern(terms: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], re.Pattern]:
    slugs = {str(escape(term)).lower(): slug for term, slug in terms}
    alternatives = "|".join(re.escape(t) for t in sorted(slugs, key=len, reverse=True))
    return slugs, re.compile(r"(?<!\w)(" + alternatives + r")(?!\w)", re.IGNORECASE)


@register.filter
def standing(deadline: dict | None) -> Timing | None:
    """Where a deadline stands today: days left, passed or not. Worked out when the page
    is shown, so a result saved months ago does not say "120 days left" for ever."""
    if not deadline:
        return None
    if "standing" in deadline:  # a result's shape: worked out from the real dates before they were masked
        return deadline["standing"]
    return deadlines.standing(deadline, timezone.localdate())


@register.filter
def worded(step: dict) -> dict:
    """A next step's title and detail in today's words (liability.plan.WORDING), translated,
    with its agency, date, route and statute filled in and escaped."""
    title, detail = plan.wording(step)
    values = {
        "agency": step.get("agency", ""),
        "by": say_day(step.get("by")),
        "detail": step.get("detail", ""),
        "statute": step.get("statute", ""),
    }
    return {"title": format_html(gettext(title), **values), "detail": format_html(gettext(detail), **values)}


@register.filter
def first_sentence(text: str) -> str:
    """A reason's first sentence: the one line that says why a route is hard or closed."""
    match = re.match(r"(.+?[.!?])(\s|$)", text or "", re.DOTALL)
    return match[1] if match else text


@register.filter
def nearest(routes: list[dict]) -> dict | None:
    """The deadline that comes first and has not passed, of any open route (its own or one
    beside it, e.g. the suit deadline against a city), with its route and where it stands."""
    ahead = []
    for row in closing(routes):
        t = standing(row["deadline"])
        if t and t.act_by and not t.passed and not t.may_have_passed:
            ahead.append((t.act_by, len(ahead), {**row, "standing": t}))
    return min(ahead)[2] if ahead else None


@register.filter
def in_group(routes: list[dict], status: str) -> list[dict]:
    """The routes of one group: "available" (the main ways forward; also a route a share
    saved without a status), "limited" (possible but hard) or "unavailable" (likely closed)."""
    hard_or_closed = {"limited", "unavailable"}
    if status == "available":
        return [r for r in routes if r.get("status") not in hard_or_closed]
    return [r for r in routes if r.get("status") == status]


@register.filter
def omit(rows: list[dict], key: str) -> list[dict]:
    """Rows without one field: for a fragment's cache key, a field the fragment never shows."""
    return [{k: v for k, v in row.items() if k != key} for row in rows or ()]


@register.filter
def open_deadlines(routes: list[dict]) -> list[dict]:
    """Every deadline that can close an open route, as {"route", "deadline"} rows, earliest
    first: the deadlines table and the printed plan (liability.deadlines.closing)."""
    return closing(routes)


CARD = "liability/result/route_card.html"
PARTS_TIMEOUT = 3600  # the key names the content version, so a card is never stale; this frees memory
# A route's fields that are its content, the same for everyone it is shown to in a content
# version (with the route, status and reasons that the card's key names).
CARD_FIELDS = {"slug", "name", "kind", "decider", "remedies", "summary", "gets", "first_steps", "status", "reasons"}
CARD_FIELDS |= {"doctrines", "cites", "wanted", "verified"}
OWN_TIMEOUT = 600  # a person's own part holds answers and dates: no longer than a page (the privacy note)
SLOT = "\x00"  # marks a person's own part in a cached card; never in content (PostgreSQL refuses it in text)


@register.simple_tag(takes_context=True)
def route_card(context, route: dict) -> str:
    """A route's card (templates/liability/result/route_card.html). Rendering it is most of
    a result's cost, and most of it is the same for everyone whose answers matched the same
    rules: so the card is rendered once per key, with a numbered marker where each of the
    person's own parts goes, and kept in the "parts" cache; a card not kept with the person's
    parts put in renders only those parts (the "because you said" answers, the deadline and
    where it stands today)."""
    engine = context.template.engine
    deadline = route.get("deadline") or {}
    reasons = route.get("reasons") or []
    shared = (
        str(context.get("published_fingerprint")),  # the glossary linked in the summary
        str(context.get("result_fingerprint")),  # the content the result was worked out from: names, texts, citations
        get_language(),
        route.get("slug"),
        route.get("status"),
        route.get("wanted"),
        bool(deadline.get("latest")),
        [(r.get("text"), r.get("cites")) for r in reasons],  # the rules that matched
    )
    key = hashlib.sha256(repr(shared).encode()).hexdigest()
    # The card with the person's own parts put in is the same for everyone with the same
    # deadline and answers on the same day (the same incident date and place, say), so it is
    # kept too: keyed by the card's key and every field of the route that the card's key does
    # not already pin down (a field added later is in this key by default).
    person = [r.get("because") for r in reasons], {k: v for k, v in route.items() if k not in CARD_FIELDS}

    def part(name: str, **values) -> str:
        with context.push(route=route, **values):
            return engine.get_template(f"{CARD}#{name}").render(context)

    def card() -> str:
        pieces = caches["parts"].get(key)
        if pieces is None:
            markers = [mark_safe(f"{SLOT}{n}{SLOT}") for n in range(len(reasons) + 3)]
            values = {"route": route, "reasons": list(zip(reasons, markers, strict=False))}
            with context.push(values, warning=markers[-3], deadline=markers[-2], deadline_more=markers[-1]):
                pieces = engine.get_template(CARD).render(context).strip().split(SLOT)
            caches["parts"].set(key, pieces, PARTS_TIMEOUT)
        filled = pieces[::2]  # the shared text, with each person's part put back between
        for n, slot in enumerate(map(int, pieces[1::2])):
            if slot < len(reasons):
                own = part("because", reason=reasons[slot]) if reasons[slot].get("because") else ""
            elif slot == len(reasons):
                own = part("warning") if deadline else ""
            elif slot == len(reasons) + 1:
                own = part("deadline") if deadline else ""
            else:
                own = part("deadline_more")
            filled.insert(2 * n + 1, own)
        return "".join(filled)

    return kept_by("own", repr((key, person, context.get("today"), timezone.localdate())), card)


def kept_by(kind: str, said: str, render) -> str:
    """What `render` makes, kept in the "parts" cache by `said` (the repr of everything it
    reads) for as long as a page, compressed. While a result's shape is rendered, its dates
    are markers numbered for the whole page: the part is kept numbered for itself
    (shapes.numbered_here), so that it serves every page it is on, and is put back in each
    page's numbers. A kept part that cannot be is rendered again, never shown as it is."""
    said, to_part, to_page = shapes.numbered_here(said)
    key = f"{kind}:" + hashlib.sha256(said.encode()).hexdigest()
    kept = caches["parts"].get(key)
    if kept is not None and (text := shapes.renumbered(zlib.decompress(kept).decode(), to_page)) is not None:
        return mark_safe(text)
    text = render()
    if (part := shapes.renumbered(text, to_part)) is not None:  # compressed: a fifth of the memory
        caches["parts"].set(key, zlib.compress(part.encode(), 1), OWN_TIMEOUT)
    return mark_safe(text)


SHAPING = "shaping"  # in the context while a result's shape is rendered (views.answers.shaped)


@register.tag
def kept(parser, token):
    """{% kept "name" value... %}…{% endkept %}: a part of a result's page that is the same for
    everyone whose values (those named, every one the part reads) are the same. While a shape
    is rendered, it is kept by those values (numbered for itself: shapes.numbered_here), the
    content and the language, for as long as a page, and served to every shape it is on;
    anywhere else it is rendered as it is. tests/web/test_shapes.py checks that the values
    named are all the part reads."""
    name, *values = token.split_contents()[1:]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(name.strip("\"'"), [parser.compile_filter(value) for value in values], nodelist)


class KeptNode(template.Node):
    def __init__(self, name: str, values: list, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context) -> str:
        if not context.get(SHAPING):
            return self.nodelist.render(context)
        read = [value.resolve(context) for value in self.values]
        fingerprints = str(context.get("published_fingerprint")), str(context.get("result_fingerprint"))
        said = repr((self.name, read, fingerprints, get_language()))
        return kept_by("kept", said, lambda: self.nodelist.render(context))
