"""Published versions: publish the working copy after review, restore an old version, and
bring new content files in as drafts.

The promise: nothing reaches the public unless a second person reviewed it, or an
operator said so explicitly (and the version records it). Hence:
- every person who changed an item since the last version counts, not only the last;
- a publish carries what its reviewer saw (`reviewed`) and is refused if the drafts
  changed since, naming what changed;
- publish and restore are atomic, and a version number taken meanwhile is a clear
  message, never a server error;
- content files and restores never overwrite another person's draft unless asked."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.db.models import Q

from liability.models import ContentRelease, ContentVersion, ReviewRequest

from . import schema
from .document import document_fingerprint, export
from .importer import Loader
from .items import ItemKey, item_of, with_items
from .live import latest
from .review import Change, diff, editors, edits, problems, staff_drafted


class PublishRefused(Exception):
    """Publishing broke the review rule; the message says why, for the admin to show."""


class NothingToPublish(PublishRefused):
    """The drafts already match the published content."""


RESTORE = "restore of version {number}"


def reviewed_token(current: "ContentVersion | None", changes: list[Change], data: dict) -> str:
    """What a review page showed: the version it was compared with and a short hash of
    each changed item as it stood. The page sends it back with the publish."""
    items = {(c.kind, c.key) for c in changes}
    parts = [str(current.number if current else 0)]
    for kind, key in sorted(items):
        entry = next((e for e in data.get(kind, []) if e[schema.KINDS[kind]] == key), None)
        digest = hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()[:10]
        parts.append(f"{kind}/{key}={digest}")
    return ";".join(parts)


def reviewed_number(token: str) -> int | None:
    """The version a review page compared with, from its token (None: not a token)."""
    try:
        return _read_token(token)[0]
    except ValueError:
        return None


def _read_token(token: str) -> tuple[int, dict[str, str]]:
    number, *items = token.split(";")
    return int(number or 0), dict(item.split("=", 1) for item in items if "=" in item)


def publish(
    user,
    note: str,
    *,
    override: bool = False,
    reviewed: str | None = None,
    restored_reason: str = "",
    source: str = ContentVersion.Source.REVIEW,
    items: list[ItemKey] | None = None,
) -> "ContentVersion":
    """Freeze the working copy as the next published version, if the review rule allows:
    a Publisher who changed none of the changed items since the last version, with a
    review note. A superuser may override the second-person rule (recorded); the
    Publisher who restored a version two people reviewed may publish it with a reason
    (recorded). `source="files"` is an operator publishing the content files.

    With `items`, the new version is the published content with exactly those items
    replaced by their drafts (issue 16): the rest of the drafts stay drafts, and `reviewed`
    need only cover the chosen items. It is checked like any version."""
    with transaction.atomic():
        current = latest()
        data = export() if items is None else with_items(current.data if current else {}, export(), items)
        changes = diff(current.data if current else {}, data)
        if reviewed is not None:
            _check_reviewed(reviewed, current, changes, data, chosen=items is not None)
        if current and not changes:
            raise NothingToPublish("There is nothing to publish: the drafts match the published content.")
        if unsafe := problems(data):
            raise PublishRefused("Fix these first: " + " ".join(unsafe[:10]))
        restored_from = None
        if user is None and source != ContentVersion.Source.FILES:
            raise PublishRefused("Only a Publisher can publish.")
        if user is not None:
            if not user.has_perm("liability.publish_contentversion"):
                raise PublishRefused("Only a Publisher can publish.")
            if not note.strip():
                raise PublishRefused("Write a review note: what changed, and what you checked.")
            since = current.published_at if current else None
            own = [c for c in changes if user in editors([c], since)[(c.kind, c.key)]]
            if own and restored_reason.strip():
                restored_from, own = _restored_by(user, own, since, data)
                if restored_from:
                    note = (
                        f"{note}\n\nPublished by the Publisher who restored version {restored_from}: {restored_reason}"
                    )
            if own and not (override and user.is_superuser):
                raise PublishRefused(
                    "A second person must review your own changes before they are published: "
                    + ", ".join(c.label for c in own[:5])
                )
            override = bool(own) and override
        try:
            with transaction.atomic():
                version = ContentVersion.objects.create(
                    number=(current.number + 1) if current else 1,
                    data=data,
                    fingerprint=document_fingerprint(data),
                    published_by=user,
                    review_note=note,
                    override=override,
                    source=source,
                    restored_from=restored_from,
                    changes=[{"kind": c.kind, "key": c.key, "label": c.label, "action": c.action} for c in changes],
                )
        except IntegrityError:
            raise PublishRefused(
                "Someone else just published a version while you were reviewing. Review the drafts again."
            ) from None
        _published(changes)
        return version


def _published(changes: list[Change]) -> None:
    """Published items no longer wait for review: their ready marks go (one condition per
    kind, however many items)."""
    done: dict[str, set[str]] = {}
    for kind, key in {item_of(c.kind, c.key) for c in changes}:
        done.setdefault(kind, set()).add(key)
    marks = Q()
    for kind, keys in done.items():
        marks |= Q(kind=kind, key__in=keys)
    if marks:
        ReviewRequest.objects.filter(marks).delete()


def _check_reviewed(token: str, current, changes: list[Change], data: dict, chosen: bool = False) -> None:
    """The drafts must be as the review page showed them. When a selection is published,
    the page showed every ready item and only the chosen ones must be as shown."""
    try:
        number, seen = _read_token(token)
    except ValueError:
        raise PublishRefused("The review page was not sent back whole. Open it again.") from None
    if number != (current.number if current else 0):
        raise PublishRefused(
            f"Someone else just published version {current.number if current else 0} since you opened the "
            "review page. Review the drafts again."
        )
    now = _read_token(reviewed_token(current, changes, data))[1]
    moved = sorted(key for key in (now.keys() if chosen else now.keys() | seen.keys()) if now.get(key) != seen.get(key))
    if moved:
        labels = {f"{c.kind}/{c.key}": c.label for c in changes}
        named = ", ".join(labels.get(key, key.split("/", 1)[1]) for key in moved[:10])
        raise PublishRefused(
            f"The drafts changed since you opened this page: {named}. Nothing was published; review them again."
        )


def _restored_by(user, own: list[Change], since, data: dict) -> tuple[int | None, list[Change]]:
    """Which of the user's own changes are only their restore of a version two people
    reviewed, still exactly as restored: those need no second reviewer again."""
    found = edits(since, [(c.kind, c.key) for c in own])
    left, number = [], None
    for change in own:
        mine = {e.reason for e in found.get((change.kind, change.key), []) if e.user == user}
        numbers = {int(r.rsplit(" ", 1)[1]) for r in mine if r.startswith("restore of version ")}
        version = ContentVersion.objects.filter(number__in=numbers).first() if len(numbers) == 1 else None
        exact = (
            version is not None
            and mine == {RESTORE.format(number=version.number)}
            and version.published_by_id is not None
            and not version.override
            and version.source == ContentVersion.Source.REVIEW
            and _item(version.data, change) == _item(data, change)
        )
        if exact and number in (None, version.number):
            number = version.number
        else:
            left.append(change)
    return (number if len(left) < len(own) else None), left


def _item(data: dict, change: Change):
    normalized = schema.dump(schema.parse({change.kind: data.get(change.kind, [])}, strict=False))
    return next((e for e in normalized[change.kind] if e[schema.KINDS[change.kind]] == change.key), None)


def drafts_by_others(user) -> dict[tuple[str, str], list]:
    """Items that differ from the published version and that someone other than `user`
    changed since: their drafts are kept when `user` restores."""
    current = latest()
    since = current.published_at if current else None
    changes = diff(current.data if current else {}, export())
    return {
        item: people for item, people in editors(changes, since).items() if any(person != user for person in people)
    }


def restore(version: "ContentVersion", user=None, *, discard: bool = False) -> Loader:
    """Make an old version the working copy again, as drafts to review and publish: rows
    are updated in place (ids and history survive) and only what differs is written.
    Another person's draft is kept unless `discard`. All or nothing."""
    others = {} if discard else drafts_by_others(user)

    def decide(kind, key, wanted, current):
        return "kept" if (kind, key) in others else "write"

    loader = Loader(decide, user=user, reason=RESTORE.format(number=version.number))
    with transaction.atomic():
        loader.load(version.data, f"version {version.number}")
        loader.prune(version.data)
    return loader


def has_drafts() -> bool:
    current = latest()
    return current is None or bool(diff(current.data, export()))


def load_files(data: dict, fingerprint: str, *, overwrite: bool = False, publish_them: bool = False) -> tuple:
    """Bring the content files into the working copy. On an empty database they are
    published at once (the bundled content). After that, what the files change arrives as
    drafts for review; a draft someone made since the last version is kept (their
    deletions too) unless `overwrite`; `publish_them` publishes the files as the
    operator's explicit act. Returns (loader, version or None)."""
    with transaction.atomic():
        current = latest()
        if current is None:
            loader = Loader()
            loader.load(data, "the content files")
            _record(fingerprint, data)
            return loader, publish(None, "The bundled content, loaded on an empty database.", source="files")
        # What the files said last time (the published version before any files were
        # recorded): only what the files changed since is theirs to propose.
        previous = _last_release() or current.data
        before = {
            kind: {item.ident(): item for item in items} for kind, items in schema.parse(previous, strict=False).items()
        }
        staff = staff_drafted(current.published_at)
        if publish_them and not overwrite and (waiting := _drafted(staff)):
            raise PublishRefused(
                "Staff have drafts waiting for review, which publishing the files would publish unreviewed: "
                + ", ".join(waiting[:10])
                + ". Have them reviewed and published first, or add --overwrite to replace them with the files."
            )

        def decide(kind, key, wanted, present):
            if overwrite or publish_them:
                return "write"  # the operator said the files win
            if wanted == before[kind].get(key):
                return "unchanged"  # the files did not change it: staff's version (or deletion) stays
            name = key.split("-")[0] if kind in ("notices", "suits") else key
            return "kept" if (kind, name) in staff else "write"

        loader = Loader(decide)
        loader.load(data, "the content files")
        loader.prune(data)
        _record(fingerprint, data, loader.kept)
        version = None
        if publish_them:
            import getpass

            version = publish(
                None,
                f"Published from the content files ({fingerprint[:12]}) by the operator {getpass.getuser()!r} "
                "with load_content --publish.",
                source="files",
            )
        return loader, version


def _drafted(staff: set) -> list[str]:
    current = latest()
    changes = diff(current.data, export())
    return [
        c.label for c in changes if (c.kind, c.key.split("-")[0] if c.kind in ("notices", "suits") else c.key) in staff
    ]


def _last_release() -> dict:
    release = ContentRelease.objects.exclude(data={}).order_by("-loaded_at", "-id").first()
    return release.data if release else {}


def _record(fingerprint: str, data: dict, kept: list | None = None) -> None:
    ContentRelease.objects.filter(fingerprint=fingerprint).delete()  # the latest load is the last row
    ContentRelease.objects.create(fingerprint=fingerprint, data=data, kept=kept or [])


def take_from_files(kind: str, key: str, user) -> bool:
    """A reviewer takes the last loaded files' version of one item over the staff draft
    kept in its place (a deletion too). Returns whether anything changed."""
    files = _last_release()
    if not files:
        return False

    def decide(k, name, wanted, present):
        return "write" if (k, name) == (kind, key) else "unchanged"

    loader = Loader(decide, user=user, reason="taken from the content files")
    with transaction.atomic():
        loader.load(files, "the content files")
        loader.prune(files)
    return bool(loader.written)


def files_differ() -> list[Change]:
    """Items whose staff draft the last file load kept although the files changed them,
    where the files still differ from the draft: a reviewer can take the files' version."""
    release = ContentRelease.objects.exclude(data={}).order_by("-loaded_at", "-id").first()
    if release is None or not release.kept:
        return []
    kept = {tuple(item) for item in release.kept}
    return [c for c in diff(export(), release.data) if (c.kind, c.key) in kept]
