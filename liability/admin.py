from datetime import timedelta

import textstat
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import publishing
from .models import (
    Agency,
    Authority,
    ContentVersion,
    Doctrine,
    DoctrineCitation,
    Jurisdiction,
    LimitationPeriod,
    Myth,
    MythCitation,
    NoticeRule,
    OfficerKind,
    Route,
    RouteCitation,
    RouteDoctrine,
    Rule,
    RuleCitation,
    Share,
    Term,
)

admin.site.site_header = _("Recourse content")
admin.site.site_title = _("Recourse admin")
admin.site.index_title = _("The law, as the public sees it")


READING_GRADE_LIMIT = 9


def reading_grade(text: str) -> str:
    """The Flesch-Kincaid grade of a public summary, with a warning above the bar."""
    if not text:
        return "—"
    grade = textstat.flesch_kincaid_grade(text)
    if grade > READING_GRADE_LIMIT:
        return format_html(
            '<strong class="errornote">{} ⚠ {}</strong>', grade, _("above grade 9: use shorter words and sentences")
        )
    return format_html("{} ✓", grade)


class ReferencedByRules:
    """Rules name officer kinds and places. Deleting one would silently widen every rule
    that named it, so it cannot be deleted while a rule refers to it."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.rules.exists() or getattr(obj, "routes", None) and obj.routes.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # bulk delete would skip the check above
        return actions


class ContentAdmin(SimpleHistoryAdmin):
    """Every edit is a draft until a Publisher publishes it (see publishing.py). Staff
    edits are stamped so that reloading the bundled files never overwrites them, and the
    slug that public links and saved results depend on is frozen once saved."""

    frozen = ("slug",)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(self.frozen if obj else ())]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        obj.staff_edited_at = timezone.now()
        super().save_model(request, obj, form, change)


class CitedFormSet(BaseInlineFormSet):
    """Every statement the public reads needs at least one citation."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("Cite at least one authority: every statement the public reads needs a source."))


class DoctrineCitationInline(admin.TabularInline):
    formset = CitedFormSet
    min_num = 1
    model = DoctrineCitation
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(Authority)
class AuthorityAdmin(ContentAdmin):
    list_display = ["citation", "kind", "verified", "last_reviewed"]
    list_filter = ["kind", "verified"]
    search_fields = ["title", "citation", "slug", "note"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "citation", "url"]}),
        (_("Review"), {"fields": ["verified", "last_reviewed", "note"]}),
    ]


@admin.register(Doctrine)
class DoctrineAdmin(ContentAdmin):
    @admin.display(description=_("Reading grade of the summary"))
    def summary_grade(self, obj):
        return reading_grade(obj.summary)

    list_display = ["name", "effect", "verified", "last_reviewed"]
    list_filter = ["effect", "verified"]
    search_fields = ["name", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DoctrineCitationInline]
    readonly_fields = ["summary_grade"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "effect", "summary", "summary_grade", "body"]}),
        (_("Review"), {"fields": ["verified", "last_reviewed"]}),
    ]


@admin.register(Agency)
class AgencyAdmin(ContentAdmin):
    list_display = ["name", "department", "complaint_name", "verified"]
    list_filter = ["department", "verified"]
    search_fields = ["name", "department", "complaint_name", "claims_office"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OfficerKind)
class OfficerKindAdmin(ReferencedByRules, ContentAdmin):
    list_display = ["name", "level", "group", "agency", "order"]
    list_editable = ["order"]
    list_filter = ["level", "group"]
    search_fields = ["name", "hint", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["agency"]


class LimitationPeriodInline(admin.StackedInline):
    model = LimitationPeriod
    extra = 0


class NoticeRuleInline(admin.StackedInline):
    model = NoticeRule
    extra = 0


@admin.register(Jurisdiction)
class JurisdictionAdmin(ReferencedByRules, ContentAdmin):
    frozen = ("code",)
    list_display = ["name", "code", "kind", "periods_summary", "last_reviewed"]
    list_filter = ["kind", "periods__verified"]
    search_fields = ["name", "code", "periods__statute"]
    inlines = [LimitationPeriodInline, NoticeRuleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("periods")

    @admin.display(description=_("§ 1983 period"))
    def periods_summary(self, obj):
        return "; ".join(f"{p.years} yr{'' if p.verified else ' (unverified)'}" for p in obj.periods.all()) or "—"


class RouteCitationInline(admin.TabularInline):
    formset = CitedFormSet
    min_num = 1
    model = RouteCitation
    extra = 0
    autocomplete_fields = ["authority"]


class RouteDoctrineInline(admin.TabularInline):
    model = RouteDoctrine
    extra = 0
    autocomplete_fields = ["doctrine"]


@admin.register(Route)
class RouteAdmin(ContentAdmin):
    list_display = ["name", "kind", "decider", "default_status", "rule_count", "verified", "last_reviewed"]
    list_filter = ["kind", "decider", "default_status", "verified", "jurisdictions"]
    search_fields = ["name", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["jurisdictions"]
    inlines = [RouteCitationInline, RouteDoctrineInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "decider", "remedies", "order"]}),
        (_("What the public reads"), {"fields": ["summary", "summary_grade", "gets", "first_steps"]}),
        (_("Deadline"), {"fields": ["deadline_rule", "deadline_years", "deadline_note"]}),
        (
            _("When it applies"),
            {
                "fields": ["jurisdictions", "default_status", "default_reason", "rules_summary"],
                "description": _(
                    "The rules (edited under “Applicability rules”) decide the status. When no rule matches, "
                    "the default below is shown."
                ),
            },
        ),
        (_("Review"), {"fields": ["verified", "last_reviewed"]}),
    ]

    readonly_fields = ["rules_summary", "summary_grade"]

    @admin.display(description=_("Reading grade of the summary"))
    def summary_grade(self, obj):
        return reading_grade(obj.summary)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("rules")

    @admin.display(description=_("Rules"))
    def rule_count(self, obj):
        return len(obj.rules.all())

    @admin.display(description=_("Applicability rules"))
    def rules_summary(self, obj):
        if not obj.pk:
            return _("Save the route first, then add rules under “Rules”.")
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a>: {}</li>',
            (
                (reverse("admin:liability_rule_change", args=[r.pk]), r.get_status_display(), r.reason[:120])
                for r in obj.rules.all()
            ),
        )
        add = reverse("admin:liability_rule_add") + f"?route={obj.pk}"
        return format_html('<ul>{}</ul><a href="{}">{}</a>', rows, add, _("Add a rule for this route"))


class RuleCitationInline(admin.TabularInline):
    formset = CitedFormSet
    min_num = 1
    model = RuleCitation
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    list_display = ["route", "status", "short_reason", "order"]
    list_filter = ["route", "status"]
    search_fields = ["reason", "route__name"]
    autocomplete_fields = ["route"]
    filter_horizontal = ["officer_kinds", "jurisdictions"]
    inlines = [RuleCitationInline]
    fieldsets = [
        (None, {"fields": ["route", "status", "reason", "order"]}),
        (
            _("Applies when (leave a condition empty for “any”)"),
            {
                "fields": [
                    "officer_levels",
                    "officer_kinds",
                    "harms",
                    "harms_match",
                    "jurisdictions",
                    "case_outcomes",
                    "died",
                    "askers",
                    "incident_from",
                    "incident_until",
                ],
                "description": _(
                    "Every condition that is set must hold. A route's status is the most cautious status among "
                    "the rules that match (likely closed, then limited, then open)."
                ),
            },
        ),
    ]

    @admin.display(description=_("Reason"))
    def short_reason(self, obj):
        return obj.reason[:90] + ("…" if len(obj.reason) > 90 else "")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A rule edit is an edit of its route: keep it when the bundled content reloads.
        Route.objects.filter(pk=obj.route_id).update(staff_edited_at=timezone.now())


class MythCitationInline(admin.TabularInline):
    formset = CitedFormSet
    min_num = 1
    model = MythCitation
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(Myth)
class MythAdmin(ContentAdmin):
    readonly_fields = ["answer_grade"]

    @admin.display(description=_("Reading grade of the answer"))
    def answer_grade(self, obj):
        return reading_grade(obj.answer)

    list_display = ["question", "verified", "last_reviewed", "order"]
    list_filter = ["verified"]
    search_fields = ["question", "answer", "body"]
    prepopulated_fields = {"slug": ["question"]}
    filter_horizontal = ["doctrines"]
    inlines = [MythCitationInline]


@admin.register(Term)
class TermAdmin(ContentAdmin):
    list_display = ["term", "doctrine"]
    search_fields = ["term", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["doctrine"]


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    list_display = ["__str__", "content_version", "created_at", "expires_at"]
    list_filter = ["created_at", "expires_at"]
    # The delete secret's digest is not shown: staff have no use for it.
    readonly_fields = ["id", "answers", "content_version", "result", "created_at", "expires_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ContentVersion)
class ContentVersionAdmin(admin.ModelAdmin):
    """Published versions: the public sees the newest. Publishing and restoring happen here."""

    list_display = ["__str__", "published_at", "published_by", "override", "change_count", "review_note"]
    list_filter = ["override", "published_by"]
    search_fields = ["review_note"]
    fields = ["number", "published_at", "published_by", "override", "review_note", "changes_since_previous"]
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

    @admin.display(description=_("What changed since the version before"))
    def changes_since_previous(self, obj):
        previous = ContentVersion.objects.filter(number__lt=obj.number).order_by("-number").first()
        changes = publishing.diff(previous.data if previous else {}, obj.data)
        return render_to_string("admin/liability/diff.html", {"changes": changes})

    def get_urls(self):
        return [
            path("publish/", self.admin_site.admin_view(self.publish_view), name="liability_publish"),
            path("stale/", self.admin_site.admin_view(self.stale_view), name="liability_stale"),
            path("<int:number>/restore/", self.admin_site.admin_view(self.restore_view), name="liability_restore"),
            *super().get_urls(),
        ]

    def publish_view(self, request):
        current = publishing.latest()
        working = publishing.export()
        changes = publishing.diff(current.data if current else {}, working)
        if request.method == "POST":
            try:
                version = publishing.publish(
                    request.user, request.POST.get("review_note", ""), override=bool(request.POST.get("override"))
                )
            except publishing.PublishRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, _("Published version %(number)s.") % {"number": version.number})
                return redirect("admin:liability_contentversion_change", version.pk)
        editors = publishing.last_editors(changes)
        today = timezone.localdate()
        impacts = (
            publishing.impact(publishing.content_of(current.data), publishing.content_of(working), today)
            if current and changes
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review and publish drafts"),
            "changes": [(c, editors.get((c.kind, c.key))) for c in changes],
            "problems": publishing.problems(working),
            "diff_changes": changes,
            "impacts": impacts,
            "current": current,
            "can_publish": request.user.has_perm("liability.publish_contentversion"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/liability/publish.html", context)

    def restore_view(self, request, number):
        version = get_object_or_404(ContentVersion, number=number)
        if request.method == "POST" and request.user.has_perm("liability.change_route"):
            publishing.restore(version)
            messages.success(
                request,
                _("Version %(number)s is now the draft. Review and publish it to make it public.") % {"number": number},
            )
            return redirect("admin:liability_publish")
        return TemplateResponse(
            request,
            "admin/liability/restore.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Restore a version"),
                "version": version,
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
            "cutoff": cutoff,
            "days": settings.STALE_AFTER_DAYS,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/liability/stale.html", context)
