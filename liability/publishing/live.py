"""The read path every public page uses: the latest published content, parsed once per
process and looked up once per request."""

from django.utils.translation import get_language

from liability import law
from liability.models import ContentVersion

from .document import KINDS, content_of


def latest() -> "ContentVersion | None":
    return ContentVersion.objects.order_by("-number").first()


_cache: dict[tuple[int, str, str], tuple[dict, law.Content]] = {}


def localize(value, language: str):
    """The same data with each text in `language` where a translation exists: a field
    `summary_es` beside `summary` (the shape Spanish content will take) replaces it."""
    if isinstance(value, list):
        return [localize(item, language) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        key: value.get(f"{key}_{language}") or localize(item, language)
        for key, item in value.items()
        if key.rsplit("_", 1)[-1] != language
    }


def published(request=None) -> tuple[dict[str, list[dict]], law.Content]:
    """The latest published content, in the active language: its data and its snapshot.
    A version never changes, so its parsed snapshot is kept per process; one small query
    per request finds the latest (keyed with the fingerprint, as numbers can be reused by
    rolled-back transactions)."""
    if request is not None and hasattr(request, "_published_content"):
        return request._published_content  # one look for the latest version per request
    language = (get_language() or "en").split("-")[0]
    row = ContentVersion.objects.order_by("-number").values_list("number", "fingerprint").first()
    if row is None:
        empty = {kind: [] for kind in KINDS}
        return empty, content_of(empty)
    key = (*row, language)
    if key not in _cache:
        data = ContentVersion.objects.get(number=row[0]).data
        if language != "en":
            data = localize(data, language)
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = (data, content_of(data))
    if request is not None:
        request._published_content = _cache[key]
        request._published_fingerprint = row[1]
    return _cache[key]


def published_fingerprint(request) -> str:
    """The latest published version's document_fingerprint(): what keys cached pages."""
    published(request)
    return getattr(request, "_published_fingerprint", "")  # "" while nothing is published
