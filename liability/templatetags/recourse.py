"""Template filters the result pages need: dates stored as text in shared snapshots,
and staff-written Markdown made safe."""

import re
from datetime import date
from functools import lru_cache

import markdown as md
import nh3
from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from liability.deadlines import Timing, timing

register = template.Library()

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h2", "h3", "h4", "blockquote", "code", "br"}


@register.filter
def isodate(value: str | date | None) -> date | None:
    """A date from its ISO text (how a share stores it)."""
    if not value or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@register.filter
def markdown(text: str) -> str:
    """Staff-written Markdown, sanitised so no editor can inject script or styles."""
    return mark_safe(_markdown(text or ""))


@lru_cache(maxsize=2048)  # the same published texts are shown again and again
def _markdown(text: str) -> str:
    html = md.markdown(text, extensions=["sane_lists"])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener")


@register.filter
def link_terms(text: str, terms) -> str:
    """Link the first use of each glossary term in a plain text to its definition."""
    return mark_safe(
        _link_terms(str(conditional_escape(text or "")), tuple(terms or ()), reverse("liability:glossary"))
    )


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
    return timing(isodate(deadline.get("earliest")), isodate(deadline.get("latest")), timezone.localdate())


@register.filter
def open_deadlines(routes: list[dict]) -> list[dict]:
    """The routes that may be open and have a deadline, for the deadlines table."""
    return [r for r in routes if r.get("status") != "unavailable" and r.get("deadline")]
