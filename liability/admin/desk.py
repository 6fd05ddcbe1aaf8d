"""The admin home as an editors' desk (issue 16): what waits for review, with who and how
long, my drafts, stale and unverified counts, the latest publishes, and the way to review."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liability import publishing
from liability.models import (
    Agency,
    Authority,
    ContentVersion,
    Doctrine,
    Jurisdiction,
    LimitationPeriod,
    Myth,
    NoticeRule,
    ReviewRequest,
    Route,
    Rule,
)
from liability.publishing.redline import MODELS


def stale_cutoff():
    return timezone.localdate() - timedelta(days=settings.STALE_AFTER_DAYS)


def stale_and_unverified() -> tuple[int, int]:
    """How many items are overdue for a check, and how many rest on unverified facts."""
    stale = Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=stale_cutoff())
    overdue = sum(model.objects.filter(stale).count() for model in (Route, Doctrine, Myth, Jurisdiction))
    unverified = sum(
        model.objects.filter(verified=False).count()
        for model in (Route, Doctrine, Myth, Authority, Agency, LimitationPeriod, NoticeRule)
    )
    return overdue, unverified


def change_urls(drafts) -> dict:
    """The admin page of each item (none for an item the drafts removed)."""
    urls = {}
    wanted: dict[str, set[str]] = {}
    for draft in drafts:
        wanted.setdefault(draft.kind, set()).add(draft.key)
    for kind, keys in wanted.items():
        model = MODELS[kind]
        name = publishing.KINDS[kind]
        for key, pk in model.objects.filter(**{f"{name}__in": keys}).values_list(name, "pk"):
            urls[kind, key] = reverse(f"admin:liability_{model._meta.model_name}_change", args=[pk])
    return urls


def desk(user) -> dict:
    drafts = publishing.drafts()
    urls = change_urls(drafts)
    rows = [{"draft": d, "url": urls.get(d.item), "mine": user in d.editors} for d in drafts]
    overdue, unverified = stale_and_unverified()
    return {
        "drafts": rows,
        "mine": [row for row in rows if row["mine"]],
        "ready": sum(d.ready for d in drafts),
        "sent_back": [row for row in rows if row["draft"].sent_back and row["mine"]],
        "old": sum(d.old for d in drafts),
        "overdue": overdue,
        "unverified": unverified,
        "versions": ContentVersion.objects.select_related("published_by").order_by("-number")[:5],
        "can_publish": user.has_perm("liability.publish_contentversion"),
    }


# The public page of each kind of item that has one, over the drafts.
PREVIEWS = {
    "routes": "liability:preview_route",
    "doctrines": "liability:preview_doctrine",
    "jurisdictions": "liability:preview_state",
    "myths": "liability:preview_myth",
}
KIND_OF = {model: kind for kind, model in MODELS.items()}


def item_for(obj) -> tuple[str, str] | None:
    """The item an admin page edits: a rule is part of its route."""
    if isinstance(obj, Rule):
        return "routes", obj.route.slug
    kind = KIND_OF.get(type(obj))
    return (kind, getattr(obj, publishing.KINDS[kind])) if kind else None


def preview_url(item) -> str:
    kind, key = item
    if kind not in PREVIEWS:
        return ""
    return reverse(PREVIEWS[kind], args=[key.lower() if kind == "jurisdictions" else key])


def panel(obj) -> dict:
    """What the change form says about its item: whether the draft differs from the
    published version, what differs, and where it stands in review."""
    item = item_for(obj)
    current = publishing.latest()
    published = current.data if current else {}
    working = publishing.export()
    changes = [c for c in publishing.diff(published, working) if publishing.item_of(c.kind, c.key) == item]
    request = (
        ReviewRequest.objects.filter(kind=item[0], key=item[1]).select_related("requested_by", "replied_by").first()
    )
    up_to_date = request is not None and request.fingerprint == publishing.fingerprint(working, item)
    return {
        "kind": item[0],
        "key": item[1],
        "version": current.number if current else None,
        "differs": bool(changes),
        "is_new": publishing.parts(published, item)["entry"] is None,
        "items": publishing.redline(changes, published, working),
        "request": request if up_to_date else None,
        "outdated": request if request is not None and not up_to_date else None,
        "preview_url": preview_url(item),
    }
