from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from . import publishing


def glossary(request):
    """The published glossary terms, for pages that link them in their text, and the
    fingerprint of everything published, which keys every cached page."""
    return {
        "glossary": SimpleLazyObject(
            lambda: [(t["term"], t["slug"]) for t in publishing.published(request)[0]["glossary"]]
        ),
        "published_fingerprint": SimpleLazyObject(lambda: publishing.published_fingerprint(request)),
    }


def language_path(path: str, language: str) -> str:
    """The same address in `language`: English has no prefix, Spanish is under /es/.

    Only the prefix changes, so the person's answers (in the query string) and the page
    they are on survive the switch. Done on the path rather than with translate_url, so
    an address that does not resolve (a 404 page) still gets its other-language twin."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}"
        if code != settings.LANGUAGE_CODE and (path == prefix or path.startswith((f"{prefix}/", f"{prefix}?"))):
            path = path[len(prefix) :]
            path = path if path.startswith("/") else f"/{path}"
            break
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


# Pages with one address, in the language they were saved in (views/shares.py).
ONE_ADDRESS = {"share", "shared", "shared_json", "shared_calendar", "share_delete"}


def languages(request):
    """The language switch, the hreflang alternates and the canonical address of this page.

    The switch is a plain link to this very address in the other language (answers
    included), so it works without JavaScript and always wins over Accept-Language.
    A view may pass its own `language_switch` or `alternates` (a saved result does)."""
    current = get_language() or settings.LANGUAGE_CODE
    other = next(code for code, _name in settings.LANGUAGES if code != current)
    names = dict(settings.LANGUAGES)
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name in ONE_ADDRESS:
        # An address that matched nothing, or a saved result's: the switch leads to the
        # other language's home page, and the page names no twin (a not-found share page
        # must not echo the id it was asked for, and must be the same for every id).
        return {
            "language_switch": {"code": other, "name": names[other], "url": language_path("/", other)},
            "alternates": [],
            "page_canonical": "",
        }
    full_path = request.get_full_path()
    urls = {code: language_path(full_path, code) for code, _name in settings.LANGUAGES}
    try:
        request.get_host()
        absolute = request.build_absolute_uri
    except DisallowedHost:  # the 400 page for a bad Host header: it must not fail again
        absolute = str
    return {
        "language_switch": {"code": other, "name": names[other], "url": urls[other]},
        "alternates": [
            *((code, absolute(url)) for code, url in urls.items()),
            ("x-default", absolute(urls[settings.LANGUAGE_CODE])),
        ],
        "page_canonical": absolute(urls[current]),
    }
