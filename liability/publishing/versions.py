"""Published versions: publish the working copy after review, restore an old version."""

from django.db.models import Q

from liability.models import ContentVersion, ReviewRequest

from .document import document_fingerprint, export
from .importer import Loader
from .items import ItemKey, item_of, with_items
from .live import latest
from .review import diff, last_editors, problems


class PublishRefused(Exception):
    """Publishing broke the review rule; the message says why, for the admin to show."""


class NothingToPublish(PublishRefused):
    """The drafts already match the published content."""


def publish(user, note: str, *, override: bool = False, items: list[ItemKey] | None = None) -> "ContentVersion":
    """Freeze the working copy as the next published version, if the review rule allows:
    a publisher other than the last editor of every changed item, with a review note.
    A superuser may override the second-person rule; the version records it.

    With `items`, the new version is the published content with exactly those items
    replaced by their drafts (issue 16): the rest of the drafts stay drafts. It is checked
    like any version."""
    current = latest()
    data = with_items(current.data if current else {}, export(), items) if items is not None else export()
    changes = diff(current.data if current else {}, data)
    if current and not changes:
        raise NothingToPublish("There is nothing to publish: the drafts match the published content.")
    if unsafe := problems(data):
        raise PublishRefused("Fix these first: " + " ".join(unsafe[:10]))
    if user is not None:
        if not user.has_perm("liability.publish_contentversion"):
            raise PublishRefused("Only a Publisher can publish.")
        if not note.strip():
            raise PublishRefused("Write a review note: what changed, and what you checked.")
        editors = last_editors(changes)
        own = [c.label for c in changes if editors.get((c.kind, c.key)) == user]
        if own and not (override and user.is_superuser):
            raise PublishRefused(
                "A second person must review your own changes before they are published: " + ", ".join(own[:5])
            )
        override = bool(own) and override
    version = ContentVersion.objects.create(
        number=(current.number + 1) if current else 1,
        data=data,
        fingerprint=document_fingerprint(data),
        published_by=user,
        review_note=note,
        override=override,
        changes=[{"kind": c.kind, "key": c.key, "label": c.label, "action": c.action} for c in changes],
    )
    done: dict[str, set[str]] = {}
    for kind, key in {item_of(c.kind, c.key) for c in changes}:
        done.setdefault(kind, set()).add(key)
    published_items = Q()
    for kind, keys in done.items():  # one condition per kind, however many items
        published_items |= Q(kind=kind, key__in=keys)
    if published_items:
        ReviewRequest.objects.filter(published_items).delete()  # published: no longer waiting for review
    return version


def restore(version: "ContentVersion") -> None:
    """Make an old version the working copy again, as drafts to review and publish."""
    loader = Loader()
    loader.load(version.data, f"version {version.number}")
    loader.prune(version.data)


def has_drafts() -> bool:
    current = latest()
    return current is None or bool(diff(current.data, export()))
