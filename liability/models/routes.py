"""Routes to accountability and the rules that say when each is open."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .content import (
    ASKERS,
    CASE_OUTCOMES,
    CUSTODY,
    DUTY,
    HARMS,
    LEVELS,
    REMEDIES,
    REVIEWED_HELP,
    SLUG_HELP,
    VERIFIED_HELP,
    Authority,
    ChoiceListField,
    Doctrine,
    Effect,
    Jurisdiction,
    OfficerKind,
    Status,
    spanish_reviewed_field,
)


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
    deadline_after_denial_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Months to sue after a written claim is denied, and the wait after which silence counts as one."),
    )
    deadline_from_case_end = models.BooleanField(
        default=False,
        help_text=_(
            "Tick if a claim that the charges were false runs from the day the case ended in the person's favour."
        ),
    )
    deadline_minor_note = models.TextField(
        blank=True, help_text=_("What being a child does to this deadline. Shown wherever pausing is mentioned.")
    )
    jurisdictions = models.ManyToManyField(
        Jurisdiction,
        blank=True,
        related_name="routes",
        help_text=_("Leave empty for a route open everywhere. If set, only incidents in these places see it."),
    )
    only_for_harms = ChoiceListField(
        item_choices=HARMS,
        help_text=_(
            "Leave all unticked for a route shown to everyone. If ticked, only people reporting one of these see it."
        ),
    )
    default_status = models.CharField(
        max_length=12, choices=Status, help_text=_("The status when none of the rules below match.")
    )
    default_reason = models.TextField(help_text=_("Why, in plain words, when no rule matches."))
    authorities = models.ManyToManyField(Authority, through="RouteCitation", related_name="routes")
    doctrines = models.ManyToManyField(Doctrine, through="RouteDoctrine", related_name="routes")
    # The side-by-side table's cost and time cells: the doctrine that states the rule (e.g.
    # who pays the lawyers, the claim that must come first), shown with its citations.
    fees = models.ForeignKey(
        Doctrine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The rule on lawyers' fees for this route, shown when routes are compared."),
    )
    timing = models.ForeignKey(
        Doctrine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "The rule on how long it takes (e.g. a claim that must come first), shown when routes are compared."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)
    verified = models.BooleanField(default=False, help_text=VERIFIED_HELP)
    last_reviewed = models.DateField(null=True, blank=True, help_text=REVIEWED_HELP)
    staff_edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    es_reviewed = spanish_reviewed_field()  # history: registered in liability/translation.py

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
    duty = ChoiceListField(item_choices=DUTY, help_text=_("Was the officer acting as an officer? None: any."))
    custody = ChoiceListField(item_choices=CUSTODY, help_text=_("Was the person held in custody? None: any."))
    order = models.PositiveSmallIntegerField(default=0)
    es_reviewed = spanish_reviewed_field()  # history: registered in liability/translation.py

    class Meta:
        ordering = ["route", "order", "id"]

    def __str__(self) -> str:
        return f"{self.route}: {self.get_status_display()}"


class RuleCitation(models.Model):
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["rule", "authority"], name="unique_rule_citation")]

    def __str__(self) -> str:
        return str(self.authority)
