from django.utils.functional import SimpleLazyObject

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
