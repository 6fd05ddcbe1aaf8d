from django.conf import settings
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


def languages(request):
    """The language switch, the hreflang alternates and the canonical address of this page.

    The switch is a plain link to this very address in the other language (answers
    included), so it works without JavaScript and always wins over Accept-Language.
    A view may pass its own `language_switch` or `alternates` (a saved result does)."""
    current = get_language() or settings.LANGUAGE_CODE
    full_path = request.get_full_path()
    urls = {code: language_path(full_path, code) for code, _name in settings.LANGUAGES}
    other = next(code for code, _name in settings.LANGUAGES if code != current)
    names = dict(settings.LANGUAGES)
    return {
        "language_switch": {"code": other, "name": names[other], "url": urls[other]},
        "alternates": [
            *((code, request.build_absolute_uri(url)) for code, url in urls.items()),
            ("x-default", request.build_absolute_uri(urls[settings.LANGUAGE_CODE])),
        ],
        "page_canonical": request.build_absolute_uri(urls[current]),
    }
