"""The editors' desk: which items of the drafts wait for review, who drafted them and since
when, and the ready / sent-back marks of the per-item workflow (issue 16)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from liability.models import (
    ReviewRequest,
)

from .document import export
from .importer import Loader
from .items import ItemKey, fingerprint, item_of, parts, with_items
from .live import latest
from .review import diff, edits, same_lines

OLD_AFTER = timedelta(days=7)  # a draft waiting longer than this is flagged on the desk


@dataclass(frozen=True)
class Draft:
    """One item of the drafts that differs from what the public sees."""

    kind: str
    key: str
    label: str
    action: str  # added | removed | changed
    editors: tuple  # who edited it since the last publish, most recent first
    since: datetime | None  # its first edit since the last publish (None: from the content files)
    request: ReviewRequest | None  # its mark, if it is still about this draft
    outdated: ReviewRequest | None  # a mark made before a later edit

    @property
    def item(self) -> ItemKey:
        return self.kind, self.key

    @property
    def ready(self) -> bool:
        return self.request is not None and self.request.state == ReviewRequest.State.READY

    @property
    def sent_back(self) -> bool:
        return self.request is not None and self.request.state == ReviewRequest.State.SENT_BACK

    @property
    def old(self) -> bool:
        return self.since is not None and timezone.now() - self.since > OLD_AFTER

    @property
    def editor(self):
        return self.editors[0] if self.editors else None


def drafts(published: dict | None = None, working: dict | None = None) -> list[Draft]:
    """Every item that differs between the published document and the drafts, oldest first."""
    current = latest()
    if published is None:
        published = current.data if current else {}
    working = export() if working is None else working
    changes = diff(published, working)
    items: dict[ItemKey, dict] = {}
    for change in changes:
        item = item_of(change.kind, change.key)
        entry = items.setdefault(item, {"label": change.label, "action": change.action})
        if item != (change.kind, change.key):  # only a place's notices changed
            entry["label"] = next(
                (j["name"] for j in working.get("jurisdictions", []) if j["code"] == item[1]), item[1]
            )
            entry["action"] = "changed"
    history = edit_history(list(items), since=current.published_at if current else None)
    requests = {(r.kind, r.key): r for r in ReviewRequest.objects.select_related("requested_by", "replied_by")}
    found = []
    for item, entry in items.items():
        request = requests.get(item)
        current = request if request and request.fingerprint == fingerprint(working, item) else None
        editors, since = history.get(item, ((), None))
        found.append(
            Draft(
                item[0],
                item[1],
                entry["label"],
                entry["action"],
                editors,
                since,
                current,
                request if not current else None,
            )
        )
    return sorted(found, key=lambda d: (d.since is None, d.since or timezone.now()))


def edit_history(items: list[ItemKey], since: datetime | None) -> dict[ItemKey, tuple[tuple, datetime | None]]:
    """Who edited each item after `since` (most recent first) and when they began. An item
    left a draft by a publish of other items was edited before `since`: its latest edit
    names it. Read through review.edits, the one reader of the admin's history."""
    result = {}
    for item, found in edits(None, items).items():  # oldest first
        recent = [e for e in found if since is None or e.when > since] or found[-1:]
        editors = tuple(dict.fromkeys(e.user for e in reversed(recent) if e.user))
        result[item] = (editors, recent[0].when if any(e.user for e in recent) else None)
    return result


class ReviewRefused(Exception):
    """A mark the workflow does not allow; the message says why, for the admin to show."""


def mark_ready(user, item: ItemKey, comment: str) -> ReviewRequest:
    """The editor asks a Publisher to review this item's draft as it is now."""
    current = latest()
    working = export()
    if current and same_lines(parts(current.data, item)) == same_lines(parts(working, item)):
        raise ReviewRefused("This item has no changes to review: it matches what the public sees.")
    label = _label(working, item) or _label(current.data if current else {}, item) or item[1]
    request, _created = ReviewRequest.objects.update_or_create(
        kind=item[0],
        key=item[1],
        defaults={
            "label": label[:200],
            "state": ReviewRequest.State.READY,
            "fingerprint": fingerprint(working, item),
            "comment": comment.strip(),
            "requested_by": user,
            "requested_at": timezone.now(),
            "reply": "",
            "replied_by": None,
            "replied_at": None,
        },
    )
    return request


def send_back(user, item: ItemKey, reply: str) -> ReviewRequest:
    """The Publisher returns an item to its editor, saying what to change."""
    if not user.has_perm("liability.publish_contentversion"):
        raise ReviewRefused("Only a Publisher can send an item back.")
    if not reply.strip():
        raise ReviewRefused("Say what needs to change before sending it back.")
    request = ReviewRequest.objects.filter(kind=item[0], key=item[1]).first()
    if request is None:
        raise ReviewRefused("This item was not marked ready for review.")
    request.state = ReviewRequest.State.SENT_BACK
    request.reply = reply.strip()
    request.replied_by = user
    request.replied_at = timezone.now()
    request.save()
    return request


def _label(data: dict, item: ItemKey) -> str:
    entry = parts(data, item)["entry"] or {}
    return str(entry.get("name") or entry.get("title") or entry.get("question") or entry.get("term") or "")


def discard(user, item: ItemKey) -> None:
    """The item's draft goes back to what the public sees: its published version, or away
    if it was never published. Only that item's rows are written (the importer writes what
    differs), with `user` in their history; its review mark goes."""
    current = latest()
    data = with_items(export(), current.data if current else {}, [item])  # the drafts, but this item as published
    loader = Loader(user=user)
    loader.load(data, "the drafts")
    loader.prune(data)
    ReviewRequest.objects.filter(kind=item[0], key=item[1]).delete()
