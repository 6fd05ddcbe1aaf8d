"""The legal content lawyers edit: authorities, doctrines, officer kinds and agencies,
places with their deadlines, myths and the glossary, and the vocabulary they share."""

from django import forms
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from liability import questions


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


LEVELS = [(level.value, label) for level, label in questions.LEVEL_LABELS.items()]
GROUPS = list(questions.GROUP_LABELS.items())
HARMS = [(c.value, c.label) for c in questions.HARMS]
CASE_OUTCOMES = [(c.value, c.label) for c in questions.CASE_OUTCOMES]
ASKERS = [(c.value, c.label) for c in questions.ASKERS]
DUTY = [(c.value, c.label) for c in questions.DUTY]
CUSTODY = [(c.value, c.label) for c in questions.CUSTODY]
REMEDIES = [
    ("money", _("Money")),
    ("prosecution", _("Prosecution")),
    ("discipline", _("Discipline")),
    ("court_order", _("A court order")),
    ("information", _("Information or findings")),
]

SLUG_HELP = _(
    "Part of the public address and of saved results. You can correct it until the item is first "
    "published; after that it cannot change."
)
VERIFIED_HELP = _(
    "Tick only once a lawyer has confirmed this against its source. Unverified items are "
    "shown to the public with a “needs confirmation” note."
)
REVIEWED_HELP = _("The date someone last checked this against its sources.")


def spanish_reviewed_field() -> models.JSONField:
    """Per translated field, the fingerprints of the English and the Spanish a translator
    reviewed together: {"summary": {"en": "…", "es": "…"}}. The Spanish is current only while
    both still match (publishing/translations.py); editing either makes it need review again."""
    return models.JSONField(default=dict, blank=True, editable=False)


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
    note = models.TextField(
        _("staff note (never public)"), blank=True, help_text=_("For staff only; never shown to the public.")
    )
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
    es_reviewed = spanish_reviewed_field()  # history: registered in liability/translation.py

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
    es_reviewed = spanish_reviewed_field()  # history: registered in liability/translation.py

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
    group = models.CharField(
        max_length=12,
        choices=GROUPS,
        help_text=_("The plain kind of officer it is chosen under first; the exact agency is asked next."),
    )
    hint = models.CharField(max_length=300, blank=True, help_text=_("How a person can tell, in one short sentence."))
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="officer_kinds")
    order = models.PositiveSmallIntegerField(default=0)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    es_reviewed = spanish_reviewed_field()  # history: registered in liability/translation.py

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Jurisdiction(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("State")
        DISTRICT = "district", _("District")
        TERRITORY = "territory", _("Territory")

    code = models.CharField(
        max_length=2, unique=True, help_text=_("The postal code, e.g. MN. It cannot change once published.")
    )
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.STATE)
    notes = models.TextField(
        _("notes for the state's page (public)"),
        blank=True,
        help_text=_("Shown to the public on the state's page: notable state laws and exceptions, in Markdown."),
    )
    # How the place pauses its period for a child; § 1983 and Bivens borrow it (issue 10).
    minor_majority = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("The age until which the period is paused for a child. 0: no pause at all. Empty: not known."),
    )
    minor_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Years allowed after that birthday. Empty: the full period again.")
    )
    minor_limit = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("An outer limit, in years from the incident, if the law sets one.")
    )
    minor_statute = models.CharField(max_length=200, blank=True)
    minor_source = models.URLField(max_length=500, blank=True)
    minor_verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    minor_note = models.TextField(blank=True, help_text=_("Shown to the public beside the later date."))
    # Wrongful death: its period (from the death) and who may bring the claims.
    death_years = models.PositiveSmallIntegerField(null=True, blank=True)
    death_who = models.TextField(blank=True, help_text=_("Who may bring the claims after a death, in plain words."))
    death_statute = models.CharField(max_length=200, blank=True)
    death_source = models.URLField(max_length=500, blank=True)
    death_verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    death_note = models.TextField(blank=True)
    last_reviewed = models.DateField(null=True, blank=True, help_text=REVIEWED_HELP)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    es_reviewed = spanish_reviewed_field()  # history: registered in liability/translation.py

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
    note = models.TextField(
        _("note with this period (public)"),
        blank=True,
        help_text=_("Shown to the public beside this period on the state's page: exceptions and changes."),
    )
    es_reviewed = spanish_reviewed_field()

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
        _("note with this window (public)"),
        blank=True,
        help_text=_("Shown to the public: exceptions, who receives the notice, late-notice relief."),
    )
    es_reviewed = spanish_reviewed_field()

    class Meta:
        ordering = ["jurisdiction", "days"]

    def __str__(self) -> str:
        return f"{self.jurisdiction}: {self.days} days ({self.get_covers_display()})"


class SuitDeadline(models.Model):
    """A state's deadline to sue a public body or its officers under state law: often
    shorter than the § 1983 period, sometimes counted from a claim's written rejection."""

    class Covers(models.TextChoices):
        STATE = "state", _("Claims against the state and its agencies")
        LOCAL = "local", _("Claims against cities, counties and other local bodies")
        ALL = "all", _("Claims against any public body")

    class CountsFrom(models.TextChoices):
        INCIDENT = "incident", _("The incident")
        REJECTION = "rejection", _("The written rejection of a claim")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="suit_deadlines")
    covers = models.CharField(max_length=10, choices=Covers, default=Covers.ALL)
    counts_from = models.CharField(max_length=10, choices=CountsFrom, default=CountsFrom.INCIDENT)
    years = models.PositiveSmallIntegerField(null=True, blank=True)
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Days added to the years and months, e.g. 1 year and 90 days.")
    )
    statute = models.CharField(max_length=300)
    source = models.URLField(max_length=500, blank=True, help_text=_("A free public source confirming it."))
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    note = models.TextField(blank=True, help_text=_("Shown to the public beside the deadline."))
    claims = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Which claims it covers, if not every claim (e.g. assault, battery, false arrest). Shown."),
    )
    quote = models.TextField(
        blank=True, help_text=_("The words in the source that prove the deadline, for reviewers. Not shown.")
    )
    es_reviewed = spanish_reviewed_field()

    class Meta:
        ordering = ["jurisdiction", "covers", "counts_from"]

    def __str__(self) -> str:
        return f"{self.jurisdiction}: {self.statute}"


class Myth(models.Model):
    """A common belief answered with the law, e.g. “Do ICE agents have absolute immunity?”"""

    slug = models.SlugField(max_length=80, unique=True, help_text=SLUG_HELP)
    question = models.CharField(max_length=200, help_text=_("The belief, asked as people ask it."))
    answer = models.TextField(help_text=_("The short answer, at about an 8th-grade reading level."))
    short = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("The answer in a word or two (“No.”), shown near the top of a result it applies to."),
    )
    # When it applies, like a rule: every condition set must hold (empty: any); no short answer, never shown.
    officer_levels = ChoiceListField(
        item_choices=LEVELS, help_text=_("Shown on a result for these officers (none ticked: any officer).")
    )
    harms = ChoiceListField(item_choices=HARMS, help_text=_("And for these harms (none ticked: any harm)."))
    jurisdictions = models.ManyToManyField(
        "Jurisdiction", blank=True, related_name="myths", help_text=_("And in these places (none: anywhere).")
    )
    died = models.CharField(
        max_length=3,
        choices=[("", _("Either")), ("yes", _("The person died")), ("no", _("The person survived"))],
        default="",
        blank=True,
    )
    case_outcomes = ChoiceListField(
        item_choices=CASE_OUTCOMES,
        help_text=_("And for this criminal case against the person harmed (none ticked: any)."),
    )
    body = models.TextField(help_text=_("The explanation, in Markdown."))
    authorities = models.ManyToManyField(Authority, through="MythCitation", related_name="myths")
    doctrines = models.ManyToManyField(Doctrine, blank=True, related_name="myths")
    order = models.PositiveSmallIntegerField(default=0)
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    last_reviewed = models.DateField(null=True, blank=True, help_text=REVIEWED_HELP)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    es_reviewed = spanish_reviewed_field()  # history: registered in liability/translation.py

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
    es_reviewed = spanish_reviewed_field()  # history: registered in liability/translation.py

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
