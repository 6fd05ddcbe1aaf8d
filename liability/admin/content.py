"""Declarative admin for the legal content lawyers edit."""

import textstat
from django import forms
from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from liability.models import (
    Agency,
    Authority,
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
    Term,
)

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


class PlainText(forms.CharField):
    """Browsers send a text box's line breaks as \r\n; the content files, the public pages
    and the review's diff use \n. Unchanged text saved from a browser stays unchanged."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


PLAIN_TEXT = {models.TextField: {"form_class": PlainText}}


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


class DraftPanel:
    """Each change form says whether its item's draft differs from the published version,
    what differs, and where it stands in review; it links to a preview of the draft."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and obj.pk:
            from .desk import panel

            context["draft_panel"] = panel(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


class ContentAdmin(DraftPanel, SimpleHistoryAdmin):
    """Every edit is a draft until a Publisher publishes it (see the publishing package). Staff
    edits are stamped so that reloading the bundled files never overwrites them, and the
    slug that public links and saved results depend on is frozen once saved."""

    frozen = ("slug",)
    formfield_overrides = PLAIN_TEXT

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


class CitationInline(admin.TabularInline):
    """The authorities a statement rests on: at least one, chosen by search."""

    formset = CitedFormSet
    min_num = 1
    extra = 0
    autocomplete_fields = ["authority"]


class DoctrineCitationInline(CitationInline):
    model = DoctrineCitation


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
    formfield_overrides = PLAIN_TEXT


class NoticeRuleInline(admin.StackedInline):
    model = NoticeRule
    extra = 0
    formfield_overrides = PLAIN_TEXT


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


class RouteCitationInline(CitationInline):
    model = RouteCitation


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


class RuleCitationInline(CitationInline):
    model = RuleCitation


@admin.register(Rule)
class RuleAdmin(DraftPanel, SimpleHistoryAdmin):
    list_display = ["route", "status", "short_reason", "order"]
    list_filter = ["route", "status"]
    search_fields = ["reason", "route__name"]
    autocomplete_fields = ["route"]
    filter_horizontal = ["officer_kinds", "jurisdictions"]
    formfield_overrides = PLAIN_TEXT
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


class MythCitationInline(CitationInline):
    model = MythCitation


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
