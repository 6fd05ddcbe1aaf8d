"""Declarative admin for the legal content lawyers edit."""

import hashlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.utils import NestedObjects, flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.translator import translator
from simple_history.admin import SimpleHistoryAdmin

from liability import publishing
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
    SuitDeadline,
    Term,
)
from liability.publishing import translations
from liability.publishing.document import lines


def reading_grade(text: str) -> str:
    """The Flesch-Kincaid grade of a public summary as saved, with a warning above the bar.
    static/liability/grade.js shows it again as the editor types."""
    if not text:
        return "—"
    grade = publishing.reading_grade(text)
    if grade > READING_GRADE_LIMIT:
        return format_html(
            '<span class="grade-warning">{} ⚠ {}</span>', grade, _("above grade 9: use shorter words and sentences")
        )
    return format_html("{} ✓", grade)


class PlainText(forms.CharField):
    """Browsers send a text box's line breaks as \r\n; the content files, the public pages
    and the review's diff use \n. Unchanged text saved from a browser stays unchanged."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class DateOnly(widgets.AdminDateWidget):
    """A date has no time of day, so no "Enter times in the … timezone" note: the admin's
    script adds one to every date box unless the field already has one (issue 16)."""

    def render(self, name, value, attrs=None, renderer=None):
        note = format_html('<span class="timezonewarning" id="id_{}_timezone_warning_helptext" hidden></span>', name)
        return super().render(name, value, attrs, renderer) + note


FORM_FIELDS = {models.TextField: {"form_class": PlainText}, models.DateField: {"widget": DateOnly}}


READING_GRADE_LIMIT = publishing.READING_GRADE_LIMIT


SPANISH_HELP = _(
    "Spanish: say the same as the English, in plain words, using the terms of the Spanish glossary "
    "(liability/content/spanish/terms.yaml), with the English term in brackets the first time. Case names, statutes and "
    "citations stay as cited. Leave it empty rather than guess: the English is shown, marked as not yet "
    "translated, until the Spanish is written and reviewed."
)
SPANISH_STATE_LABELS = {
    translations.MISSING: _("no Spanish yet"),
    translations.UNREVIEWED: _("Spanish not reviewed: not shown"),
    translations.STALE: _("English changed since the Spanish was reviewed: not shown"),
    translations.CURRENT: _("Spanish reviewed: shown"),
}


def spanish_fields(obj) -> list[str]:
    return list(translator.get_options_for_model(type(obj)).fields)


def spanish_texts(obj, field: str) -> tuple:
    """A field's English and Spanish as published (first steps: their lines)."""
    english, spanish = getattr(obj, f"{field}_en") or "", getattr(obj, f"{field}_es") or ""
    return (lines(english), lines(spanish)) if field == "first_steps" else (english.strip(), spanish.strip())


def spanish_states(obj) -> list[tuple[str, str]]:
    """(field, state) for every translated field of a row that has English."""
    found = []
    for field in spanish_fields(obj):
        state = translations.state(*spanish_texts(obj, field), (obj.es_reviewed or {}).get(field))
        if state:
            found.append((field, state))
    return found


def mark_spanish_reviewed(obj) -> None:
    """The translator confirmed every Spanish text on the page says what its English says:
    stamp each field that has both, with the two texts as they are now."""
    stamps = dict(obj.es_reviewed or {})
    for field in spanish_fields(obj):
        english, spanish = spanish_texts(obj, field)
        if english and spanish:
            stamps[field] = translations.stamp(english, spanish)
    obj.es_reviewed = stamps


def spanish_form(form: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """The admin's form with the "Spanish reviewed" confirmation added (whatever form the
    admin already uses, such as RevisionForm)."""
    reviewed = forms.BooleanField(
        required=False,
        label=_("Spanish reviewed"),
        help_text=_(
            "Tick once a Spanish-speaking reviewer has read every Spanish text on this page against its "
            "English and confirms they say the same. Only reviewed Spanish is shown to the public. Editing "
            "the English or the Spanish later makes it need review again, automatically."
        ),
    )
    return type(form.__name__, (form,), {"spanish_reviewed": reviewed})


class SpanishAdmin(TranslationAdmin):
    """Spanish under each English field (modeltranslation's plain admin: its tabbed admin
    loads jQuery UI from a third-party site), with help for the translator, the state of
    each field's Spanish, and the "Spanish reviewed" confirmation.

    List it after ContentAdmin (or SimpleHistoryAdmin) in an admin's bases: modeltranslation's
    get_readonly_fields does not call super(), so anything after it in the order is skipped
    (ContentAdmin's frozen slug was, when it came first)."""

    spanish_parts: tuple[str, ...] = ()  # inline rows confirmed with the item (a place's periods and notices)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "spanish_state"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets:  # declared fieldsets: add ours; otherwise the form's fields include it
            fieldsets = [*fieldsets, (_("Spanish"), {"fields": ["spanish_state", "spanish_reviewed"]})]
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name.endswith("_es"):
            field.help_text = SPANISH_HELP
        return field

    @admin.display(description=_("Spanish"))
    def spanish_state(self, obj):
        rows = spanish_states(obj) if obj and obj.pk else []
        for part in self.spanish_parts:
            for row in getattr(obj, part).all():
                rows += [(f"{row}: {field}", state) for field, state in spanish_states(row)]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: {}</li>", ((field, SPANISH_STATE_LABELS[state]) for field, state in rows)),
        )

    def get_form(self, request, obj=None, **kwargs):
        kwargs.setdefault("form", spanish_form(self.form))
        return super().get_form(request, obj, **kwargs)

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)  # before save_model, however that saves
        if form.cleaned_data.get("spanish_reviewed"):
            mark_spanish_reviewed(obj)
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("spanish_reviewed"):
            for part in self.spanish_parts:
                for row in getattr(form.instance, part).all():
                    mark_spanish_reviewed(row)
                    row.save(update_fields=["es_reviewed"])


class ReferencedByRules:
    """Rules name officer kinds and places. Deleting one would silently widen every rule
    that named it, so it cannot be deleted while a rule (or a route) refers to it: the delete
    page names and links each of them instead."""

    def referrers(self, obj) -> list:
        return [*obj.rules.select_related("route"), *getattr(obj, "routes", Route.objects.none()).all()]


# A citation or link row blocks a delete on behalf of the item it belongs to: name that item.
OWNERS = {
    DoctrineCitation: "doctrine",
    RouteCitation: "route",
    RouteDoctrine: "route",
    MythCitation: "myth",
    RuleCitation: "rule",
}


def blockers(objs, referrers) -> list[str]:
    """What stops `objs` being deleted, each named and linked once (issue 16): the items
    citing or relying on them, not the citation rows in between."""
    collector = NestedObjects(using="default")
    collector.collect(objs)
    found = {}
    for obj in [*collector.protected, *(r for o in objs for r in referrers(o))]:
        owner = getattr(obj, OWNERS[type(obj)]) if type(obj) in OWNERS else obj
        opts = owner._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[owner.pk])
        found[type(owner), owner.pk] = format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, owner)
    return list(found.values())


class RevisionForm(forms.ModelForm):
    """A content form remembers the revision it was opened on (the item's last history
    record, and its links to other items). Saved over a newer revision, it is merged when
    the two saves changed different fields, and refused, naming who saved what and when
    and keeping the typed text, when they changed the same one."""

    revision = forms.CharField(widget=forms.HiddenInput, required=False)
    inline_sets: list = []  # (formset prefix, model, foreign key name), set by the admin

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["revision"].initial = self.revision_now()

    def links(self) -> list[str]:
        return [name for name, field in self.fields.items() if name in self.many_to_many()]

    def many_to_many(self) -> set[str]:
        return {f.name for f in self._meta.model._meta.many_to_many}

    def _link_hash(self, values) -> str:
        return hashlib.sha256(",".join(sorted(str(getattr(v, "pk", v)) for v in values)).encode()).hexdigest()[:8]

    def revision_now(self) -> str:
        record = self.instance.history.order_by("-history_id").values_list("history_id", flat=True).first()
        links = [f"{name}={self._link_hash(getattr(self.instance, name).all())}" for name in self.links()]
        rows = [f"@{prefix}={inline_hash(model, fk, self.instance)}" for prefix, model, fk in self.inline_sets]
        return ";".join([str(record or 0), *links, *rows])

    def clean(self):
        cleaned = super().clean()
        opened = self.cleaned_data.get("revision") or ""
        if not self.instance.pk or not opened or opened == self.revision_now():
            return cleaned
        record, *links = opened.split(";")
        then = self.instance.history.filter(history_id=record).first() if record.isdigit() else None
        if then is None:
            return cleaned
        opened_links = dict(link.split("=", 1) for link in links if "=" in link)
        theirs, mine = set(), set()
        for name in self.fields:
            if name == "revision":
                continue
            if name in self.many_to_many():
                was = opened_links.get(name)
                theirs |= {name} if self._link_hash(getattr(self.instance, name).all()) != was else set()
                mine |= {name} if name in cleaned and self._link_hash(cleaned[name]) != was else set()
                continue
            try:
                field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            before = getattr(then, field.attname, None)
            theirs |= {name} if getattr(self.instance, field.attname) != before else set()
            value = cleaned.get(name)
            value = value.pk if isinstance(value, models.Model) else value
            if isinstance(value, list) and isinstance(before, list):  # checkboxes: a set of choices
                value, before = sorted(value), sorted(before)
            mine |= {name} if name in cleaned and value != before else set()
        if clash := sorted(theirs & mine):
            later = self.instance.history.filter(history_id__gt=then.history_id).order_by("history_id")
            who = sorted({str(r.history_user or _("the content files")) for r in later})
            when = timezone.localtime(later.last().history_date) if later else None
            labels = ", ".join(str(self.fields[name].label or name) for name in clash)
            # The next save may replace theirs on purpose: the form now stands on their revision.
            self.data = self.data.copy()
            self.data[self.add_prefix("revision")] = self.revision_now()
            raise ValidationError(
                _(
                    "%(who)s saved %(fields)s at %(when)s, after you opened this page. Nothing was saved: your "
                    "text is kept below. Compare it with theirs (open the page in a new tab), then save again "
                    "to replace it."
                )
                % {"who": " and ".join(who), "fields": labels, "when": when.strftime("%H:%M:%S") if when else "?"}
            )
        for name in theirs - mine:  # another save changed it, this one did not: keep theirs
            cleaned[name] = (
                getattr(self.instance, name) if name not in self.many_to_many() else getattr(self.instance, name).all()
            )
        return cleaned


def inline_hash(model, fk: str, parent) -> str:
    """The rows an inline edits (citations, periods, links), as they stand."""
    fields = [f.attname for f in model._meta.concrete_fields]
    rows = model.objects.filter(**{fk: parent}).order_by("pk").values_list(*fields)
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:8]


class OnlyChangedFields:
    """A save writes only the fields that differ from the database (a merged save never
    writes back another person's field), and is recorded in the item's history. An
    inline (citations, periods) that someone else changed since the page was opened is
    not saved over: the save is refused, saying so, with the typed text kept."""

    form = RevisionForm

    def inline_sets(self, request, obj) -> list:
        sets = []
        for inline in self.get_inline_instances(request, obj):
            formset = inline.get_formset(request, obj)
            sets.append((formset.get_default_prefix(), inline.model, formset.fk.name))
        return sets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.inline_sets = self.inline_sets(request, obj) if obj is not None else []
        return form

    def _create_formsets(self, request, obj, change):
        formsets, inlines = super()._create_formsets(request, obj, change)
        opened = dict(
            part[1:].split("=", 1) for part in request.POST.get("revision", "").split(";") if part.startswith("@")
        )
        for formset in formsets if change and request.method == "POST" else ():
            was = opened.get(formset.prefix)
            if was and was != inline_hash(formset.model, formset.fk.name, obj):
                formset.clean = _refuse_if_changed(formset, obj)
        return formsets, inlines

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and "revision" not in flatten_fieldsets(fieldsets):
            fieldsets = [*fieldsets, (None, {"fields": ["revision"]})]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        stored = type(obj).objects.get(pk=obj.pk)
        fields = [
            f.attname
            for f in obj._meta.concrete_fields
            if not f.primary_key and getattr(obj, f.attname) != getattr(stored, f.attname)
        ]
        # An edit of links or citations alone still records who touched the item.
        obj.save(update_fields=fields or [self.touched_field])


def _refuse_if_changed(formset, parent):
    clean = formset.clean

    def refuse():
        clean()
        if formset.has_changed():
            last = parent.history.order_by("-history_id").first()
            who = str(last.history_user or _("the content files")) if last else "?"
            when = timezone.localtime(last.history_date).strftime("%H:%M:%S") if last else "?"
            raise ValidationError(
                _(
                    "%(who)s changed these rows at %(when)s, after you opened this page, and this save would "
                    "undo it. Nothing was saved: open the page again in a new tab to see theirs, and copy your "
                    "typed text from here."
                )
                % {"who": who, "when": when}
            )

    return refuse


class ReconfirmForm(RevisionForm):
    """A verified item whose legal text changes is no longer verified: the save clears
    "Verified" and "Last reviewed" unless the editor ticks them again, changes the date, or
    re-confirms here in the same save (issue 16). The public then sees "needs confirmation"
    until someone checks the new words against their sources."""

    reconfirm = forms.BooleanField(
        required=False,
        label=_("I re-checked the changed text against its sources"),
        help_text=_(
            "Tick this only if you checked the new wording against the cited sources just now. Otherwise "
            "saving a change to the text clears “Verified” and “Last reviewed”, so the public sees "
            "“needs confirmation” until a lawyer checks it."
        ),
    )
    legal_fields = ("summary", "body", "effect", "answer", "citation", "url", "title", "kind", "gets", "first_steps")
    legal_fields += ("deadline_rule", "deadline_years", "deadline_note", "default_status", "default_reason")

    def clean(self):
        cleaned = super().clean()
        # (modeltranslation names the English and Spanish fields summary_en, summary_es)
        changed = {name.removesuffix("_en").removesuffix("_es") for name in self.changed_data}
        self.cleared = bool(
            self.instance.pk
            and getattr(self.instance, "verified", False)
            and changed & set(self.legal_fields)
            and not changed & {"verified", "last_reviewed"}
            and not cleaned.get("reconfirm")
        )
        if self.cleared:
            cleaned["verified"] = False
            cleaned["last_reviewed"] = None
        return cleaned


class DraftPanel:
    """Each change form says whether its item's draft differs from the published version,
    what differs, and where it stands in review; it links to a preview of the draft. Its
    public texts show their reading grade as the editor types."""

    class Media:
        js = ["liability/grade.js"]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and obj.pk:
            from .desk import panel

            context["draft_panel"] = panel(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)


class ContentAdmin(DraftPanel, OnlyChangedFields, SimpleHistoryAdmin):
    """Every edit is a draft until a Publisher publishes it (see the publishing package).
    The slug that public links and saved results depend on is frozen once published."""

    frozen = ("slug",)
    touched_field = "staff_edited_at"
    formfield_overrides = FORM_FIELDS
    form = ReconfirmForm

    def get_readonly_fields(self, request, obj=None):
        # A slug becomes a public address (and part of saved results) once published; until
        # then a typo can still be fixed (issue 16).
        published = obj is not None and self.is_published(obj)
        return [*super().get_readonly_fields(request, obj), *(self.frozen if published else ())]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else super().get_prepopulated_fields(request, obj)

    def is_published(self, obj) -> bool:
        from .desk import item_for

        kind, key = item_for(obj)
        return any(entry[publishing.KINDS[kind]] == key for entry in publishing.published()[0][kind])

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, _protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, blockers(objs, getattr(self, "referrers", lambda obj: []))

    def save_model(self, request, obj, form, change):
        obj.staff_edited_at = timezone.now()
        super().save_model(request, obj, form, change)
        if getattr(form, "cleared", False):
            messages.warning(
                request,
                _("The text changed, so “Verified” and “Last reviewed” were cleared. Tick them once it is checked."),
            )


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
        (_("Review"), {"fields": ["verified", "last_reviewed", "reconfirm", "note"]}),
    ]


@admin.register(Doctrine)
class DoctrineAdmin(ContentAdmin, SpanishAdmin):
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
        (_("Review"), {"fields": ["verified", "last_reviewed", "reconfirm"]}),
    ]


@admin.register(Agency)
class AgencyAdmin(ContentAdmin, SpanishAdmin):
    list_display = ["name", "department", "complaint_name", "verified"]
    list_filter = ["department", "verified"]
    search_fields = ["name", "department", "complaint_name", "claims_office"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OfficerKind)
class OfficerKindAdmin(ReferencedByRules, ContentAdmin, SpanishAdmin):
    form = RevisionForm  # nothing here is marked verified: no re-confirmation
    list_display = ["name", "level", "group", "agency", "order"]
    list_editable = ["order"]
    list_filter = ["level", "group"]
    search_fields = ["name", "hint", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["agency"]


class LimitationPeriodInline(TranslationStackedInline):
    model = LimitationPeriod
    formfield_overrides = FORM_FIELDS
    extra = 0


class NoticeRuleInline(TranslationStackedInline):
    model = NoticeRule
    formfield_overrides = FORM_FIELDS
    extra = 0


class SuitDeadlineInline(TranslationStackedInline):
    model = SuitDeadline
    formfield_overrides = FORM_FIELDS
    extra = 0


@admin.register(Jurisdiction)
class JurisdictionAdmin(ReferencedByRules, ContentAdmin, SpanishAdmin):
    form = RevisionForm  # nothing here is marked verified: no re-confirmation
    frozen = ("code",)
    spanish_parts = ("periods", "notice_rules", "suit_deadlines")
    list_display = ["name", "code", "kind", "periods_summary", "last_reviewed"]
    list_filter = ["kind", "periods__verified"]
    search_fields = ["name", "code", "periods__statute"]
    inlines = [LimitationPeriodInline, NoticeRuleInline, SuitDeadlineInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "notes", "last_reviewed"]}),
        (
            _("A child's pause (borrowed by § 1983 and Bivens)"),
            {
                "fields": [
                    "minor_majority",
                    "minor_years",
                    "minor_limit",
                    "minor_statute",
                    "minor_source",
                    "minor_verified",
                    "minor_note",
                ]
            },
        ),
        (
            _("Wrongful death"),
            {"fields": ["death_years", "death_who", "death_statute", "death_source", "death_verified", "death_note"]},
        ),
    ]

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
class RouteAdmin(ContentAdmin, SpanishAdmin):
    list_display = ["name", "kind", "decider", "default_status", "rule_count", "verified", "last_reviewed"]
    list_filter = ["kind", "decider", "default_status", "verified", "jurisdictions"]
    search_fields = ["name", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["jurisdictions"]
    inlines = [RouteCitationInline, RouteDoctrineInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "decider", "remedies", "order"]}),
        (_("What the public reads"), {"fields": ["summary", "summary_grade", "gets", "first_steps"]}),
        (
            _("Routes side by side"),
            {
                "fields": ["fees", "timing"],
                "description": _(
                    "The doctrines whose summary and citations fill this route's cost and time cells when routes "
                    "are compared (e.g. who pays the lawyers). Empty: the table says fee rules differ."
                ),
            },
        ),
        (
            _("Deadline"),
            {
                "fields": [
                    "deadline_rule",
                    "deadline_years",
                    "deadline_note",
                    "deadline_after_denial_months",
                    "deadline_from_case_end",
                    "deadline_minor_note",
                ]
            },
        ),
        (
            _("When it applies"),
            {
                "fields": ["jurisdictions", "only_for_harms", "default_status", "default_reason", "rules_summary"],
                "description": _(
                    "The rules (edited under “Applicability rules”) decide the status. When no rule matches, "
                    "the default below is shown."
                ),
            },
        ),
        (_("Review"), {"fields": ["verified", "last_reviewed", "reconfirm"]}),
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
class RuleAdmin(DraftPanel, OnlyChangedFields, SimpleHistoryAdmin, SpanishAdmin):
    touched_field = "order"
    formfield_overrides = FORM_FIELDS

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
                    "duty",
                    "custody",
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
        Route.objects.filter(pk=obj.route_id).update(staff_edited_at=timezone.now())  # shown in lists

    def delete_model(self, request, obj):
        # Deleting a rule is an edit of its route like any other (its history records who).
        Route.objects.filter(pk=obj.route_id).update(staff_edited_at=timezone.now())
        super().delete_model(request, obj)

    # After "Save", back to the rule's route, not the list of every route's rules (issue 16).
    def response_post_save_change(self, request, obj):
        return HttpResponseRedirect(reverse("admin:liability_route_change", args=[obj.route_id]))

    response_post_save_add = response_post_save_change


class MythCitationInline(CitationInline):
    model = MythCitation


@admin.register(Myth)
class MythAdmin(ContentAdmin, SpanishAdmin):
    readonly_fields = ["answer_grade"]

    @admin.display(description=_("Reading grade of the answer"))
    def answer_grade(self, obj):
        return reading_grade(obj.answer)

    list_display = ["question", "verified", "last_reviewed", "order"]
    list_filter = ["verified"]
    search_fields = ["question", "answer", "body"]
    prepopulated_fields = {"slug": ["question"]}
    filter_horizontal = ["doctrines", "jurisdictions"]
    inlines = [MythCitationInline]


@admin.register(Term)
class TermAdmin(ContentAdmin, SpanishAdmin):
    form = RevisionForm  # nothing here is marked verified: no re-confirmation
    list_display = ["term", "doctrine"]
    search_fields = ["term", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["doctrine"]
