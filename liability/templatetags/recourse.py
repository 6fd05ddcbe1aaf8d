"""Template filters the result pages need: dates stored as text in shared snapshots,
and staff-written Markdown made safe."""

from datetime import date

import markdown as md
import nh3
from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

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
def days_left(value: str | date | None) -> int | None:
    day = isodate(value)
    return (day - timezone.localdate()).days if day else None


@register.filter
def markdown(text: str) -> str:
    """Staff-written Markdown, sanitised so no editor can inject script or styles."""
    html = md.markdown(text or "", extensions=["sane_lists"])
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener"))
