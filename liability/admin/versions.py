"""Published versions: review and publish, history and restore, stale content."""

from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from liability import publishing
from liability.models import (
    Agency,
    Authority,
    ContentVersion,
    Doctrine,
    Jurisdiction,
    Myth,
    OfficerKind,
    Route,
    Term,
)
from liability.publishing import translations

from .desk import change_urls, review

# Where the admin edits each kind's Spanish: (model, the field holding the item's key).
SPANISH_PAGES = {
    "doctrines": (Doctrine, "slug"),
    "agencies": (Agency, "slug"),
    "officer_kinds": (OfficerKind, "slug"),
    "jurisdictions": (Jurisdiction, "code"),
    "notices": (Jurisdiction, "code"),  # a place's notice windows and suit deadlines: on the place's page
    "suits": (Jurisdiction, "code"),
    "routes": (Route, "slug"),
    "myths": (Myth, "slug"),
    "glossary": (Term, "slug"),
}


def redline_html(before: dict, after: dict, changes=None) -> str:
    """The changes from one document to another (or these of them), as a lawyer reads them."""
    changes = publishing.diff(before, after) if changes is None else changes
    items = publishing.redline(changes, before, after)
    return render_to_string("admin/liability/diff.html", {"items": items})


@admin.register(ContentVersion)
class ContentVersionAdmin(admin.ModelAdmin):
    """Published versions: the public sees the newest. Publishing and restoring happen here."""

    list_display = ["__str__", "published_at", "published_by", "override", "change_count", "review_note"]
    list_filter = ["override", "published_by"]
    search_fields = ["review_note"]
    fields = ["number", "published_at", "published_by", "override", "review_note", "restore", "changes_since_previous"]
    readonly_fields = fields
    change_list_template = "admin/liability/contentversion/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # published law is history: keep every version

    @admin.display(description=_("Changes"))
    def change_count(self, obj):
        return len(obj.changes)

    @admin.display(description=_("Restore"))
    def restore(self, obj):
        url = reverse("admin:liability_restore", args=[obj.number])
        return format_html('<a href="{}">{}</a>', url, _("Restore this version as drafts…"))

    @admin.display(description=_("What changed since the version before"))
    def changes_since_previous(self, obj):
        previous = ContentVersion.objects.filter(number__lt=obj.number).order_by("-number").first()
        compare = reverse("admin:liability_compare") + f"?a={previous.number if previous else ''}&b={obj.number}"
        return format_html(
            '{}<p><a href="{}">{}</a></p>',
            redline_html(previous.data if previous else {}, obj.data),
            compare,
            _("Compare with another version…"),
        )

    def get_urls(self):
        return [
            path("publish/", self.admin_site.admin_view(self.publish_view), name="liability_publish"),
            path("publish/files/", self.admin_site.admin_view(self.take_files_view), name="liability_take_files"),
            path("stale/", self.admin_site.admin_view(self.stale_view), name="liability_stale"),
            path("compare/", self.admin_site.admin_view(self.compare_view), name="liability_compare"),
            path("ready/", self.admin_site.admin_view(self.ready_view), name="liability_ready"),
            path("send-back/", self.admin_site.admin_view(self.send_back_view), name="liability_send_back"),
            path("discard/", self.admin_site.admin_view(self.discard_view), name="liability_discard"),
            path("<int:number>/restore/", self.admin_site.admin_view(self.restore_view), name="liability_restore"),
            *super().get_urls(),
        ]

    def publish_view(self, request):
        """Review the items marked ready, see what they change and publish a selection."""
        current = publishing.latest()
        working = publishing.export()
        drafts = publishing.drafts(current.data if current else {}, working)
        if request.method == "POST" and (version := self.publish_chosen(request, current, working, drafts)):
            messages.success(request, _("Published version %(number)s.") % {"number": version.number})
            messages.info(request, spanish_report(version.data))
            return redirect("admin:liability_contentversion_change", version.pk)
        context = {**self.admin_site.each_context(request), **review(request, current, working, drafts)}
        return TemplateResponse(request, "admin/liability/publish.html", context | {"opts": self.model._meta})

    def publish_chosen(self, request, current, working, drafts):
        """Publish the ticked ready items, or say why not (the page keeps the note)."""
        ready = {f"{d.kind}:{d.key}": d.item for d in drafts if d.ready}
        posted = request.POST.getlist("items")
        chosen = [ready[value] for value in posted if value in ready]
        published = current.data if current else {}
        number = current.number if current else 0
        if posted and publishing.reviewed_number(request.POST.get("reviewed", "")) not in (None, number):
            messages.error(
                request,
                _("Someone else just published version %(n)s since you opened the review page. Review again.")
                % {"n": number},
            )
        elif len(chosen) < len(posted):  # edited, sent back or published since the page was opened
            labels = {f"{d.kind}:{d.key}": d.label for d in drafts}
            gone = ", ".join(labels.get(value, value.partition(":")[2]) for value in posted if value not in ready)
            messages.error(
                request,
                _(
                    "%(items)s changed since you opened this page, or is no longer ready for review. Nothing was "
                    "published; review it again."
                )
                % {"items": gone},
            )
        elif not chosen:
            messages.error(request, _("Tick at least one item that is ready for review."))
        elif publishing.warnings(published, publishing.with_items(published, working, chosen)) and not (
            request.POST.get("acknowledge")
        ):
            messages.error(request, _("Read the warnings and tick “I have read the warnings” to publish anyway."))
        else:
            try:
                return publishing.publish(
                    request.user,
                    request.POST.get("review_note", ""),
                    override=bool(request.POST.get("override")),
                    # What the page showed: a publish never includes an edit made after it was opened.
                    reviewed=request.POST.get("reviewed", ""),
                    restored_reason=request.POST.get("restored_reason", ""),
                    items=chosen,
                )
            except publishing.PublishRefused as refusal:
                messages.error(request, str(refusal))
        return None

    @method_decorator(require_POST)
    def ready_view(self, request):
        """An editor marks an item ready for review, from its change form."""
        if (item := editable_item(request)) is None:
            return HttpResponseBadRequest("Not an item you can mark.")
        try:
            publishing.mark_ready(request.user, item, request.POST.get("comment", ""))
        except publishing.ReviewRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Marked ready for review. A Publisher will see it on the desk."))
        back = request.POST.get("next", "")
        return redirect(back if url_has_allowed_host_and_scheme(back, {request.get_host()}) else "admin:index")

    @method_decorator(require_POST)
    def discard_view(self, request):
        """An editor throws away an item's draft: it goes back to what the public sees."""
        if (item := editable_item(request)) is None:
            return HttpResponseBadRequest("Not an item you can discard.")
        try:
            publishing.discard(request.user, item)
        except publishing.ContentError as error:
            messages.error(request, _("Nothing was discarded: %(error)s") % {"error": error})
            return redirect("admin:index")
        messages.success(request, _("The draft was discarded: it is as the public sees it."))
        url = change_urls([item]).get(item)
        return redirect(url or "admin:index")

    @method_decorator(require_POST)
    def send_back_view(self, request):
        """A Publisher returns a ready item to its editor with a comment."""
        item = posted_item(request)
        try:
            publishing.send_back(request.user, item, request.POST.get("reply", ""))
        except publishing.ReviewRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Sent back to the editor."))
        return redirect("admin:liability_publish")

    def compare_view(self, request):
        """Any two versions side by side, or a version and the drafts ("drafts")."""
        numbers = list(ContentVersion.objects.order_by("-number").values_list("number", flat=True))
        default_b = str(numbers[0]) if numbers else "drafts"
        default_a = str(numbers[1]) if len(numbers) > 1 else ""
        a, b = request.GET.get("a", default_a), request.GET.get("b", default_b)
        documents = {"drafts": publishing.export} | {
            str(n): (lambda n=n: ContentVersion.objects.get(number=n).data) for n in numbers
        }
        before = documents[a]() if a in documents else {}
        after = documents[b]() if b in documents else {}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare two versions"),
            "numbers": numbers,
            "a": a,
            "b": b,
            "diff": redline_html(before, after),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/liability/compare.html", context)

    def take_files_view(self, request):
        """A reviewer takes the content files' version of an item whose staff draft was kept."""
        if request.method != "POST" or not request.user.has_perm("liability.publish_contentversion"):
            raise PermissionDenied
        kind, _slash, key = request.POST.get("item", "").partition("/")
        if kind not in publishing.KINDS or not key:
            messages.error(request, _("Choose an item."))
        elif publishing.take_from_files(kind, key, request.user):
            messages.success(request, _("The content files' version of %(key)s is now the draft.") % {"key": key})
        return redirect("admin:liability_publish")

    def restore_view(self, request, number):
        version = get_object_or_404(ContentVersion, number=number)
        if not request.user.has_perm("liability.change_route"):
            raise PermissionDenied
        discard = bool(request.POST.get("discard_others"))
        if request.method == "POST":
            try:
                loader = publishing.restore(version, request.user, discard=discard)
            except publishing.ContentError as error:
                messages.error(request, " ".join(error.problems[:5]))
            else:
                # A restore is finished work: ready for a second person to review.
                for item in dict.fromkeys(publishing.item_of(kind, key) for kind, key in loader.written):
                    # (an item the restore made match the published version has nothing to review)
                    with suppress(publishing.ReviewRefused):
                        publishing.mark_ready(request.user, item, f"Restored from version {number}.")
                messages.success(
                    request,
                    _(
                        "Version %(number)s is now the draft (%(written)s items changed, %(kept)s drafts of other "
                        "people kept). Review and publish it to make it public."
                    )
                    % {"number": number, "written": len(loader.written), "kept": loader.counts["kept"]},
                )
                return redirect("admin:liability_publish")
        working = publishing.export()
        others = publishing.drafts_by_others(request.user)
        will_change = publishing.diff(working, version.data)
        current = publishing.latest()
        drafts = publishing.diff(current.data if current else {}, working)
        touched = {(c.kind, c.key) for c in will_change}
        return TemplateResponse(
            request,
            "admin/liability/restore.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Restore a version"),
                "version": version,
                "diff": redline_html(working, version.data, [c for c in will_change if (c.kind, c.key) not in others]),
                # Drafts the restore replaces: the user's own (and the files') always, other people's if asked.
                "discarded": [c for c in drafts if (c.kind, c.key) in touched and (c.kind, c.key) not in others],
                "others": [(c, others[(c.kind, c.key)]) for c in drafts if (c.kind, c.key) in touched & others.keys()],
                "opts": self.model._meta,
            },
        )

    def stale_view(self, request):
        cutoff = timezone.localdate() - timedelta(days=settings.STALE_AFTER_DAYS)
        stale = Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff)
        sections = [
            (_("Routes"), Route.objects.filter(stale | Q(verified=False))),
            (_("Doctrines"), Doctrine.objects.filter(stale | Q(verified=False))),
            (_("Myths"), Myth.objects.filter(stale | Q(verified=False))),
            (
                _("Places"),
                Jurisdiction.objects.filter(
                    stale | Q(periods__verified=False) | Q(notice_rules__verified=False)
                ).distinct(),
            ),
            (_("Authorities not verified"), Authority.objects.filter(verified=False)),
            (_("Agencies not verified"), Agency.objects.filter(verified=False)),
            (
                _("Routes citing unverified authorities"),
                Route.objects.filter(Q(authorities__verified=False) | Q(rules__authorities__verified=False)).distinct(),
            ),
        ]
        context = {
            **self.admin_site.each_context(request),
            "spanish": spanish_to_do(publishing.export()),
            "title": _("Stale and unverified content"),
            "sections": [
                (
                    title,
                    [
                        (item, reverse(f"admin:liability_{item._meta.model_name}_change", args=[item.pk]))
                        for item in items
                    ],
                )
                for title, items in sections
            ],
            "old_drafts": [d for d in publishing.drafts() if d.old],
            "cutoff": cutoff,
            "days": settings.STALE_AFTER_DAYS,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/liability/stale.html", context)


def spanish_report(data: dict) -> str:
    """How a version stands in Spanish, said when it is published."""
    found = translations.counts(data)
    return (
        _(
            "In Spanish: %(current)s of %(items)s items reviewed; %(stale)s stale (English changed since), "
            "%(unreviewed)s not reviewed, %(missing)s with no Spanish. Spanish pages show those in English, "
            "marked as not yet translated."
        )
        % found
    )


def spanish_to_do(data: dict) -> list[dict]:
    """What needs a translator in the drafts, one entry per item: its fields and their state,
    stale first, with the admin page where its Spanish is edited."""
    pages: dict[str, dict[str, int]] = {}
    to_do: dict[tuple[str, str], dict] = {}
    for field in translations.pending(data):
        model, key = SPANISH_PAGES[field.kind]
        if field.kind not in pages:
            pages[field.kind] = dict(model.objects.values_list(key, "pk"))
        owner_key = field.owner.get("jurisdiction", field.key) if field.kind in ("notices", "suits") else field.key
        entry = to_do.setdefault(
            (field.kind, field.key),
            {
                "kind": field.kind.replace("_", " "),
                "label": field.label,
                "url": reverse(f"admin:liability_{model._meta.model_name}_change", args=[pages[field.kind][owner_key]])
                if owner_key in pages[field.kind]
                else "",
                "fields": [],
                "stale": False,
            },
        )
        entry["fields"].append((field.path, translations.STATES[field.state]))
        entry["stale"] |= field.state == translations.STALE
    return sorted(to_do.values(), key=lambda e: (not e["stale"], e["kind"], e["label"]))


def posted_item(request) -> tuple[str, str]:
    """The (kind, key) of the content item a desk form was about."""
    return request.POST.get("kind", ""), request.POST.get("key", "")


def editable_item(request) -> tuple[str, str] | None:
    """The posted item, if it is a kind of content and the user may edit content."""
    item = posted_item(request)
    return item if item[0] in publishing.KINDS and request.user.has_perm("liability.change_route") else None
