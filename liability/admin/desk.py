"""The admin home as an editors' desk (issue 16): what waits for review, with who and how
long, my drafts, stale and unverified counts, the latest publishes, and the way to review."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liability import publishing, questions
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
    Status,
)
from liability.publishing import translations
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


def change_urls(items) -> dict:
    """The admin page of each item (none for an item the drafts removed)."""
    urls = {}
    wanted: dict[str, set[str]] = {}
    for kind, key in items:
        wanted.setdefault(kind, set()).add(key)
    for kind, keys in wanted.items():
        model = MODELS[kind]
        name = publishing.KINDS[kind]
        for key, pk in model.objects.filter(**{f"{name}__in": keys}).values_list(name, "pk"):
            urls[kind, key] = reverse(f"admin:liability_{model._meta.model_name}_change", args=[pk])
    return urls


def desk(user) -> dict:
    drafts = publishing.drafts()
    urls = change_urls(d.item for d in drafts)
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


def panel(obj, user=None) -> dict:
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
        "others": [
            str(editor)
            for editor in publishing.edit_history([item], current.published_at if current else None).get(item, ((),))[0]
            if editor != user
        ]
        if changes
        else [],
    }


def review(request, current, working: dict, drafts: list) -> dict:
    """What the review page shows: the items ready for review and what publishing them
    would change, in words; what must be fixed first; what the Publisher must acknowledge;
    which scenarios change and which changed routes none covers; one situation tried."""
    published = current.data if current else {}
    ready = [d for d in drafts if d.ready]
    proposed = publishing.with_items(published, working, [d.item for d in ready])
    changes = publishing.diff(published, proposed)
    today = timezone.localdate()
    urls = change_urls(d.item for d in drafts)
    before, after = publishing.content_of(published), publishing.content_of(proposed)
    names = {r["slug"]: r["name"] for r in [*published.get("routes", []), *proposed["routes"]]}
    impacts = [
        {"story": i.story, "route": names.get(i.route, i.route), "before": _status(i.before), "after": _status(i.after)}
        for i in (publishing.impact(before, after, today) if current and changes else [])
    ]
    posted = request.method == "POST"
    return {
        "title": _("Review and publish"),
        "current": current,
        "ready": [{"draft": d, "url": urls.get(d.item), "value": f"{d.kind}:{d.key}"} for d in ready],
        "waiting": [{"draft": d, "url": urls.get(d.item)} for d in drafts if not d.ready],
        "chosen": set(request.POST.getlist("items")) if posted else {f"{d.kind}:{d.key}" for d in ready},
        "note": request.POST.get("review_note", "") if posted else "",
        "diff": render_to_string(
            "admin/liability/diff.html", {"items": publishing.redline(changes, published, proposed)}
        ),
        "problems": publishing.problems(proposed) if ready else [],
        "warnings": publishing.warnings(published, proposed),
        "impacts": impacts,
        "uncovered": publishing.uncovered_routes(changes),
        **try_situation(request, before, working, today),
        "can_publish": request.user.has_perm("liability.publish_contentversion"),
        # What the page showed, sent back with the publish (see publishing.versions).
        "reviewed": publishing.reviewed_token(current, changes, proposed),
        "mine": [d for d in ready if request.user in d.editors],
        "files_differ": publishing.files_differ(),
        "spanish": translations.counts(working),
    }


def _status(value: str) -> str:
    return Status(value).label if value else _("not shown")


def try_situation(request, before, working: dict, today) -> dict:
    """The "try a situation" form and, once filled in, each route's status over the
    published content and over all the drafts."""
    after = publishing.content_of(working)
    answers = {key: [v for v in request.GET.getlist(key) if v] for key in ("officer", "place", "harms")}
    form = {
        "officers": sorted(after.officer_kinds.values(), key=lambda o: o.name),
        "places": sorted(after.jurisdictions.values(), key=lambda j: j.name),
        "harms": questions.HARMS,
        "answers": answers,
    }
    if not all(answers.values()):
        return {"situation_form": form, "situation": None}
    outcomes = publishing.situation(before, after, answers, today)
    query = urlencode([(key, value) for key, values in answers.items() for value in values])
    return {
        "situation_form": form,
        "situation": [
            {"route": o.route, "before": _status(o.before), "after": _status(o.after), "differs": o.before != o.after}
            for o in outcomes
        ],
        "situation_preview": f"{reverse('liability:preview')}?{query}",
    }
