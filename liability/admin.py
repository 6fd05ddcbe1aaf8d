from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import (
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
    Share,
    Term,
)

admin.site.site_header = _("Recourse content")
admin.site.site_title = _("Recourse admin")
admin.site.index_title = _("The law, as the public sees it")


class ContentAdmin(admin.ModelAdmin):
    """Stamps staff edits so that reloading the bundled content never overwrites them,
    and freezes the slug that public links and saved results depend on."""

    frozen = ("slug",)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(self.frozen if obj else ())]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        obj.staff_edited_at = timezone.now()
        super().save_model(request, obj, form, change)


class DoctrineCitationInline(admin.TabularInline):
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
    list_display = ["name", "effect", "verified", "last_reviewed"]
    list_filter = ["effect", "verified"]
    search_fields = ["name", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DoctrineCitationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "effect", "summary", "body"]}),
        (_("Review"), {"fields": ["verified", "last_reviewed"]}),
    ]


@admin.register(Agency)
class AgencyAdmin(ContentAdmin):
    list_display = ["name", "department", "complaint_name", "verified"]
    list_filter = ["department", "verified"]
    search_fields = ["name", "department", "complaint_name", "claims_office"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OfficerKind)
class OfficerKindAdmin(ContentAdmin):
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
class JurisdictionAdmin(ContentAdmin):
    frozen = ("code",)
    list_display = ["name", "code", "kind", "periods_summary", "last_reviewed"]
    list_filter = ["kind", "periods__verified"]
    search_fields = ["name", "code", "periods__statute"]
    inlines = [LimitationPeriodInline, NoticeRuleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("periods")

    @admin.display(description=_("§ 1983 period"))
    def periods_summary(self, obj):
        return "; ".join(
            f"{p.years} yr{'' if p.verified else ' (unverified)'}" for p in obj.periods.all()
        ) or "—"


class RouteCitationInline(admin.TabularInline):
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
        (_("What the public reads"), {"fields": ["summary", "gets", "first_steps"]}),
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

    readonly_fields = ["rules_summary"]

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
    model = RuleCitation
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
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
    model = MythCitation
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(Myth)
class MythAdmin(ContentAdmin):
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
    list_display = ["__str__", "content_version", "created_at"]
    list_filter = ["created_at"]
    readonly_fields = ["id", "answers", "content_version", "result", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
