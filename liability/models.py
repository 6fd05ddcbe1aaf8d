"""The law as data: what lawyers edit in the admin, and the shares people make.

Every user-facing text lives in a plain text field. Spanish arrives as sibling fields
(`summary_es` beside `summary`), exported with the rest; the public reads published data
through publishing.localize(), so adding a language is a migration and a translation
pass, not a redesign.
"""

import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta

from django import forms
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import flow
from .deadlines import timing


class ChoiceListField(models.JSONField):
    """A list of values from a fixed set, edited as checkboxes; empty means "any"."""

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.item_choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )


class Status(models.TextChoices):
    AVAILABLE = "available", _("May be open")
    LIMITED = "limited", _("May be open, with limits")
    UNAVAILABLE = "unavailable", _("Likely closed")


class Effect(models.TextChoices):
    BLOCKS = "blocks", _("Blocks or limits")
    HELPS = "helps", _("Helps")
    DEPENDS = "depends", _("Depends on the facts")


LEVELS = [(level.value, label) for level, label in flow.LEVEL_LABELS.items()]
HARMS = [(c.value, c.label) for c in flow.HARMS]
CASE_OUTCOMES = [(c.value, c.label) for c in flow.CASE_OUTCOMES]
ASKERS = [(c.value, c.label) for c in flow.ASKERS]
REMEDIES = [
    ("money", _("Money")),
    ("prosecution", _("Prosecution")),
    ("discipline", _("Discipline")),
    ("court_order", _("A court order")),
    ("information", _("Information or findings")),
]

SLUG_HELP = _("Part of public links and saved results. It cannot change once saved.")
VERIFIED_HELP = _(
    "Tick only once a lawyer has confirmed this against its source. Unverified items are "
    "shown to the public with a “needs confirmation” note."
)
REVIEWED_HELP = _("The date someone last checked this against its sources.")


class Authority(models.Model):
    class Kind(models.TextChoices):
        STATUTE = "statute", _("Statute")
        CASE = "case", _("Court decision")
        REGULATION = "regulation", _("Regulation")
        CONSTITUTION = "constitution", _("Constitution")
        SECONDARY = "secondary", _("Secondary source")

    slug = models.SlugField(max_length=80, unique=True, help_text=SLUG_HELP)
    kind = models.CharField(max_length=20, choices=Kind)
    title = models.CharField(max_length=200, help_text=_("A short name, e.g. “Graham v. Connor”."))
    citation = models.CharField(
        max_length=300,
        help_text=_("The full citation in Bluebook style, e.g. “Graham v. Connor, 490 U.S. 386 (1989)”."),
    )
    url = models.URLField(
        max_length=500,
        help_text=_("A free public copy: Cornell LII, Justia, congress.gov, a court or legislature site."),
    )
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    note = models.TextField(blank=True, help_text=_("For staff only; never shown to the public."))
    last_reviewed = models.DateField(null=True, blank=True, help_text=REVIEWED_HELP)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.citation


class Doctrine(models.Model):
    slug = models.SlugField(max_length=80, unique=True, help_text=SLUG_HELP)
    name = models.CharField(max_length=200)
    effect = models.CharField(
        max_length=10, choices=Effect, help_text=_("Its usual effect for the person harmed, as shown in results.")
    )
    summary = models.TextField(
        help_text=_("One to three short sentences at about an 8th-grade reading level. Say “may”; never promise.")
    )
    body = models.TextField(help_text=_("The longer plain explanation, in Markdown. Shown on the doctrine's page."))
    authorities = models.ManyToManyField(Authority, through="DoctrineCitation", related_name="doctrines")
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    last_reviewed = models.DateField(null=True, blank=True, help_text=REVIEWED_HELP)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("liability:doctrine", args=[self.slug])


class DoctrineCitation(models.Model):
    doctrine = models.ForeignKey(Doctrine, on_delete=models.CASCADE)
    # PROTECT: an authority cannot be deleted while a doctrine cites it.
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["doctrine", "authority"], name="unique_doctrine_citation")]

    def __str__(self) -> str:
        return str(self.authority)


class Agency(models.Model):
    slug = models.SlugField(max_length=80, unique=True, help_text=SLUG_HELP)
    name = models.CharField(max_length=200)
    department = models.CharField(max_length=200, blank=True)
    complaint_name = models.CharField(
        max_length=200, blank=True, help_text=_("Where to complain about its officers, e.g. the Inspector General.")
    )
    complaint_url = models.URLField(max_length=500, blank=True)
    claims_office = models.TextField(
        blank=True, help_text=_("Where a Federal Tort Claims Act claim (Standard Form 95) about its officers goes.")
    )
    claims_url = models.URLField(max_length=500, blank=True)
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class OfficerKind(models.Model):
    slug = models.SlugField(max_length=80, unique=True, help_text=SLUG_HELP)
    name = models.CharField(max_length=200, help_text=_("The choice a person reads in the questionnaire."))
    level = models.CharField(
        max_length=10,
        choices=LEVELS,
        help_text=_("Which family of rules applies. Hybrid officers are shown both federal and local routes."),
    )
    group = models.CharField(max_length=10, choices=LEVELS, help_text=_("The heading the choice is listed under."))
    hint = models.CharField(max_length=300, blank=True, help_text=_("How a person can tell, in one short sentence."))
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="officer_kinds")
    order = models.PositiveSmallIntegerField(default=0)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Jurisdiction(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("State")
        DISTRICT = "district", _("District")
        TERRITORY = "territory", _("Territory")

    code = models.CharField(max_length=2, unique=True, help_text=_("The postal code, e.g. MN. It cannot change."))
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.STATE)
    notes = models.TextField(
        blank=True, help_text=_("Notable state laws and exceptions, in Markdown, shown on the state's page.")
    )
    last_reviewed = models.DateField(null=True, blank=True, help_text=REVIEWED_HELP)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("liability:state", args=[self.code.lower()])


class LimitationPeriod(models.Model):
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="periods")
    years = models.PositiveSmallIntegerField(
        help_text=_("The personal-injury period federal courts borrow for § 1983 (and Bivens) claims.")
    )
    statute = models.CharField(max_length=200, help_text=_("The state statute that sets it."))
    source = models.URLField(max_length=500, help_text=_("A free public source confirming it."))
    applies_from = models.DateField(
        null=True, blank=True, help_text=_("Leave empty unless the period changed: incidents on or after this date.")
    )
    applies_until = models.DateField(null=True, blank=True, help_text=_("Incidents on or before this date."))
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    note = models.TextField(blank=True, help_text=_("Exceptions and changes, for staff and the state's page."))

    class Meta:
        ordering = ["jurisdiction", "applies_from"]

    def __str__(self) -> str:
        return f"{self.jurisdiction}: {self.years} years"


class NoticeRule(models.Model):
    """A state's notice-of-claim window for tort claims against public bodies: often far
    shorter than the lawsuit deadline, and it does not apply to § 1983 claims."""

    class Covers(models.TextChoices):
        STATE = "state", _("Claims against the state and its agencies")
        LOCAL = "local", _("Claims against cities, counties and other local bodies")
        ALL = "all", _("Claims against any public body")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="notice_rules")
    covers = models.CharField(max_length=10, choices=Covers, default=Covers.ALL)
    days = models.PositiveSmallIntegerField(help_text=_("Days from the incident to give written notice."))
    statute = models.CharField(max_length=200)
    source = models.URLField(max_length=500, help_text=_("A free public source confirming it."))
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    note = models.TextField(
        blank=True, help_text=_("Shown to the public: exceptions, who receives the notice, late-notice relief.")
    )

    class Meta:
        ordering = ["jurisdiction", "days"]

    def __str__(self) -> str:
        return f"{self.jurisdiction}: {self.days} days ({self.get_covers_display()})"


class Route(models.Model):
    class Kind(models.TextChoices):
        CIVIL = "civil", _("Civil")
        CRIMINAL = "criminal", _("Criminal")
        ADMINISTRATIVE = "administrative", _("Administrative")

    class Decider(models.TextChoices):
        YOU = "you", _("You decide")
        PROSECUTOR = "prosecutor", _("A prosecutor decides")
        AGENCY = "agency", _("The agency or oversight body decides")

    class DeadlineRule(models.TextChoices):
        NONE = "none", _("No single deadline (explain in the note)")
        FIXED = "fixed", _("A fixed number of years from the incident")
        STATE_1983 = "state_1983", _("The state's § 1983 limitations period")
        NOTICE = "notice", _("The state's notice-of-claim window for public bodies")

    slug = models.SlugField(max_length=80, unique=True, help_text=SLUG_HELP)
    name = models.CharField(max_length=200, help_text=_("The heading a person sees, in plain words."))
    kind = models.CharField(max_length=20, choices=Kind)
    decider = models.CharField(max_length=20, choices=Decider)
    remedies = ChoiceListField(item_choices=REMEDIES, help_text=_("What this route can get a person."))
    summary = models.TextField(help_text=_("What this route is, at about an 8th-grade reading level."))
    gets = models.TextField(help_text=_("What it can get, and what it cannot."))
    first_steps = models.TextField(help_text=_("One step per line, each a short instruction."))
    deadline_rule = models.CharField(max_length=20, choices=DeadlineRule, default=DeadlineRule.NONE)
    deadline_years = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("For a fixed deadline."))
    deadline_note = models.TextField(blank=True, help_text=_("The deadline in plain words, with its exceptions."))
    jurisdictions = models.ManyToManyField(
        Jurisdiction,
        blank=True,
        related_name="routes",
        help_text=_("Leave empty for a route open everywhere. If set, only incidents in these places see it."),
    )
    default_status = models.CharField(
        max_length=12, choices=Status, help_text=_("The status when none of the rules below match.")
    )
    default_reason = models.TextField(help_text=_("Why, in plain words, when no rule matches."))
    authorities = models.ManyToManyField(Authority, through="RouteCitation", related_name="routes")
    doctrines = models.ManyToManyField(Doctrine, through="RouteDoctrine", related_name="routes")
    order = models.PositiveSmallIntegerField(default=0)
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    last_reviewed = models.DateField(null=True, blank=True, help_text=REVIEWED_HELP)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("liability:route", args=[self.slug])


class RouteCitation(models.Model):
    class Purpose(models.TextChoices):
        ROUTE = "route", _("The route itself")
        DEADLINE = "deadline", _("Its deadline")

    route = models.ForeignKey(Route, on_delete=models.CASCADE)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    purpose = models.CharField(max_length=10, choices=Purpose, default=Purpose.ROUTE)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["route", "authority", "purpose"], name="unique_route_citation")]

    def __str__(self) -> str:
        return str(self.authority)


class RouteDoctrine(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE)
    # PROTECT: a doctrine cannot be deleted while a route relies on it.
    doctrine = models.ForeignKey(Doctrine, on_delete=models.PROTECT)
    effect = models.CharField(max_length=10, choices=Effect, help_text=_("Its effect on this route."))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["route", "doctrine"], name="unique_route_doctrine")]

    def __str__(self) -> str:
        return str(self.doctrine)


class Rule(models.Model):
    """When a route is open, limited or closed: conditions chosen from lists, never code."""

    class Died(models.TextChoices):
        ANY = "", _("Either")
        YES = "yes", _("The person died")
        NO = "no", _("The person survived")

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="rules")
    status = models.CharField(max_length=12, choices=Status)
    reason = models.TextField(
        help_text=_("Shown to the person when this rule applies: a plain sentence saying why, e.g. “§ 1983 covers …”.")
    )
    authorities = models.ManyToManyField(Authority, through="RuleCitation", related_name="rules")
    officer_levels = ChoiceListField(item_choices=LEVELS, help_text=_("Leave all unticked for any officer."))
    officer_kinds = models.ManyToManyField(
        OfficerKind, blank=True, related_name="rules", help_text=_("Leave empty for any officer kind.")
    )
    harms = ChoiceListField(item_choices=HARMS, help_text=_("None ticked: any harm."))
    harms_match = models.CharField(
        max_length=4,
        choices=[("any", _("Any ticked harm happened")), ("only", _("Only ticked harms happened (nothing else)"))],
        default="any",
        help_text=_("“Only” lets a rule turn on what did not happen, e.g. retaliation with no force."),
    )
    jurisdictions = models.ManyToManyField(
        Jurisdiction, blank=True, related_name="rules", help_text=_("Leave empty for anywhere.")
    )
    case_outcomes = ChoiceListField(
        item_choices=CASE_OUTCOMES, help_text=_("The criminal case against the person harmed. None: any.")
    )
    died = models.CharField(max_length=3, choices=Died, default=Died.ANY, blank=True)
    askers = ChoiceListField(item_choices=ASKERS, help_text=_("Who is asking. None: anyone."))
    incident_from = models.DateField(null=True, blank=True, help_text=_("Only incidents on or after this date."))
    incident_until = models.DateField(null=True, blank=True, help_text=_("Only incidents on or before this date."))
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["route", "order", "id"]

    def __str__(self) -> str:
        return f"{self.route}: {self.get_status_display()}"


class RuleCitation(models.Model):
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "authority"], name="unique_rule_citation")]

    def __str__(self) -> str:
        return str(self.authority)


class Myth(models.Model):
    """A common belief answered with the law, e.g. “Do ICE agents have absolute immunity?”"""

    slug = models.SlugField(max_length=80, unique=True, help_text=SLUG_HELP)
    question = models.CharField(max_length=200, help_text=_("The belief, asked as people ask it."))
    answer = models.TextField(help_text=_("The short answer, at about an 8th-grade reading level."))
    body = models.TextField(help_text=_("The explanation, in Markdown."))
    authorities = models.ManyToManyField(Authority, through="MythCitation", related_name="myths")
    doctrines = models.ManyToManyField(Doctrine, blank=True, related_name="myths")
    order = models.PositiveSmallIntegerField(default=0)
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    last_reviewed = models.DateField(null=True, blank=True, help_text=REVIEWED_HELP)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "question"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("liability:myth", args=[self.slug])


class MythCitation(models.Model):
    myth = models.ForeignKey(Myth, on_delete=models.CASCADE)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["myth", "authority"], name="unique_myth_citation")]

    def __str__(self) -> str:
        return str(self.authority)


class Term(models.Model):
    """A legal term in the glossary, linked where it appears in public text."""

    slug = models.SlugField(max_length=80, unique=True, help_text=SLUG_HELP)
    term = models.CharField(max_length=100, help_text=_("As it appears in text, e.g. “qualified immunity”."))
    definition = models.TextField(help_text=_("One or two plain sentences."))
    doctrine = models.ForeignKey(
        Doctrine, null=True, blank=True, on_delete=models.SET_NULL, help_text=_("Its full explanation, if it has one.")
    )
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class ContentVersion(models.Model):
    """A published version of the whole legal content: what the public sees, frozen."""

    number = models.PositiveIntegerField(unique=True)
    data = models.JSONField(help_text=_("The content, in the content files' format."))
    fingerprint = models.CharField(max_length=16, help_text=_("Equal content has an equal fingerprint."))
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(help_text=_("What changed and why, and what the reviewer checked."))
    override = models.BooleanField(
        default=False, help_text=_("A superuser published without a second reviewer. Recorded for audit.")
    )
    changes = models.JSONField(default=list, help_text=_("What this version changed, item by item."))

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        permissions = [("publish_contentversion", "Can review and publish content")]

    def __str__(self) -> str:
        return f"Version {self.number}"


class ContentRelease(models.Model):
    """The content files last loaded, so that loading the same files again is a no-op."""

    fingerprint = models.CharField(max_length=64, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.fingerprint[:12]


def new_share_id() -> str:
    return secrets.token_urlsafe(16)  # 128 random bits


def delete_key_digest(key: str) -> str:
    # A plain SHA-256 is enough: the key is 128 random bits, not a password a person
    # chose, so there is nothing to guess and no need for a slow, salted hash.
    return hashlib.sha256(key.encode()).hexdigest()


class ShareQuerySet(models.QuerySet):
    def live(self):
        """Shares that can still be opened: not past the expiry the person chose."""
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now()))

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class Share(models.Model):
    """A result a person chose to save: their answers, the content version it was
    computed with, and the result exactly as shown."""

    class Keep(models.TextChoices):
        """How long the person asked us to keep it (not stored: it sets `expires_at`)."""

        MONTH = "30d", _("For 30 days")
        YEAR = "1y", _("For 1 year")
        UNTIL_DELETED = "forever", _("Until I delete it")

        def expires(self, now: datetime) -> datetime | None:
            return {"30d": now + timedelta(days=30), "1y": now + timedelta(days=365)}.get(self.value)

    id = models.CharField(primary_key=True, max_length=32, default=new_share_id, editable=False)
    answers = models.JSONField(help_text=_("The answers, as (question, value) pairs."))
    content_version = models.CharField(max_length=32)
    result = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text=_("After this it cannot be opened; empty: until deleted.")
    )
    # Only a digest of the secret that lets the person who saved it delete it; the
    # secret itself is shown to them once and never stored.
    delete_key_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Share {self.id[:6]}…"

    def get_absolute_url(self) -> str:
        return reverse("liability:shared", args=[self.id])

    def set_delete_key(self) -> str:
        """A new delete secret: returns it (to show once) and keeps only its digest."""
        key = secrets.token_urlsafe(16)
        self.delete_key_hash = delete_key_digest(key)
        return key

    def accepts_delete_key(self, key: str) -> bool:
        return bool(self.delete_key_hash and key) and hmac.compare_digest(self.delete_key_hash, delete_key_digest(key))

    def as_json(self, content_changed: bool, today: date) -> dict:
        """The shared result for legal-aid partners (documented in README.md). Built
        field by field so the stored form can change without breaking them; the
        deadline's standing (days left, passed) is worked out for `today`."""
        answers: dict[str, list[str]] = {}
        for key, value in self.answers:
            answers.setdefault(key, []).append(value)
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "content_version": self.content_version,
            "content_changed": content_changed,
            "answers": answers,
            "result": {
                "routes": [_public_route(r, today) for r in self.result.get("routes", [])],
                "next_steps": self.result.get("steps", []),
            },
        }


def _citations(cites: list[dict]) -> list[dict]:
    return [{"citation": c["citation"], "url": c["url"], "verified": c["verified"]} for c in cites]


def _public_route(route: dict, today: date) -> dict:
    deadline = route.get("deadline")
    if deadline:
        earliest, latest = (date.fromisoformat(d) if d else None for d in (deadline["earliest"], deadline["latest"]))
        standing = timing(earliest, latest, today)
        deadline = {
            "rule": deadline["rule"],
            "earliest": deadline["earliest"],
            "latest": deadline["latest"],
            "act_by": standing.act_by.isoformat() if standing.act_by else None,
            "days_left": standing.days_left,
            "passed": standing.passed,
            "may_have_passed": standing.may_have_passed,
            "years": deadline["years"],
            "days": deadline.get("days"),
            "statute": deadline["statute"],
            "exceptions": deadline.get("exceptions", ""),
            "note": deadline["note"],
            "verified": deadline["verified"],
            "citations": _citations(deadline["cites"]),
        }
    return {
        "slug": route["slug"],
        "name": route["name"],
        "kind": route["kind"],
        "status": route["status"],
        "decider": route["decider"],
        "remedies": route["remedies"],
        "summary": route["summary"],
        "gets": route["gets"],
        "wanted": route["wanted"],
        "verified": route["verified"],
        "reasons": [
            {
                "text": r["text"],
                "citations": _citations(r["cites"]),
                "because": [{"question": b["key"], "answers": b.get("answers", [])} for b in r.get("because", [])],
            }
            for r in route["reasons"]
        ],
        "deadline": deadline,
        "deadline_note": route.get("deadline_note", ""),
        "first_steps": route["first_steps"],
        "doctrines": [
            {
                "slug": d["slug"],
                "name": d["name"],
                "effect": d["effect"],
                "summary": d["summary"],
                "verified": d["verified"],
            }
            for d in route["doctrines"]
        ],
        "citations": _citations(route["cites"]),
    }
