"""Which content fields have Spanish beside the English (django-modeltranslation).

Each field listed here gets `<field>_en` and `<field>_es` columns; the admin shows them one
under the other. Our code never reads the plain `<field>` attribute of these models (it
follows the active language): export, import and the admin read `_en` and `_es` by name.
Names of places, citations, statutes and URLs stay as they are, so they are not here.
The same fields carry a `_es` sibling in publishing/schema.py; a test checks the two agree.

History is registered here, after the translation fields exist, so that the history of
every item records its Spanish too (a `HistoricalRecords()` on the model would be built
before modeltranslation adds the columns, and would miss them).
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from liability.models import (
    Agency,
    Doctrine,
    Jurisdiction,
    LimitationPeriod,
    Myth,
    NoticeRule,
    OfficerKind,
    Route,
    Rule,
    SuitDeadline,
    Term,
)


@register(Doctrine)
class DoctrineTranslation(TranslationOptions):
    fields = ("name", "summary", "body")


@register(Agency)
class AgencyTranslation(TranslationOptions):
    fields = ("name", "department", "complaint_name", "claims_office")


@register(OfficerKind)
class OfficerKindTranslation(TranslationOptions):
    fields = ("name", "hint")


@register(Jurisdiction)
class JurisdictionTranslation(TranslationOptions):
    fields = ("notes", "minor_note", "death_who", "death_note")


@register(LimitationPeriod)
class LimitationPeriodTranslation(TranslationOptions):
    fields = ("note",)


@register(NoticeRule)
class NoticeRuleTranslation(TranslationOptions):
    fields = ("note",)


@register(SuitDeadline)
class SuitDeadlineTranslation(TranslationOptions):
    fields = ("note", "claims")


@register(Route)
class RouteTranslation(TranslationOptions):
    fields = ("name", "summary", "gets", "first_steps", "deadline_note", "deadline_minor_note", "default_reason")


@register(Rule)
class RuleTranslation(TranslationOptions):
    fields = ("reason",)


@register(Myth)
class MythTranslation(TranslationOptions):
    fields = ("question", "answer", "body", "short")


@register(Term)
class TermTranslation(TranslationOptions):
    fields = ("term", "definition")


for model in (Doctrine, Agency, OfficerKind, Jurisdiction, Route, Rule, Myth, Term):
    register_history(model)
