"""Spanish content: declared once, carried whole through files, import and export, never
shown unreviewed, and plain enough to read."""

import copy

import pytest
from modeltranslation.translator import translator
from textstat.textstat import textstatistics

from liability import publishing
from liability.models import Doctrine, Route
from liability.publishing import schema, translations

pytestmark = pytest.mark.django_db

MODELS = {
    "doctrines": "Doctrine",
    "agencies": "Agency",
    "officer_kinds": "OfficerKind",
    "jurisdictions": "Jurisdiction",
    "notices": "NoticeRule",
    "suits": "SuitDeadline",
    "routes": "Route",
    "myths": "Myth",
    "glossary": "Term",
}


def test_the_schema_and_the_models_translate_the_same_fields():
    """schema.py's `x_es` fields and liability/translation.py's registrations must agree,
    or a Spanish text would be edited in the admin and never published (or the reverse)."""
    registered = {
        model.__name__: set(translator.get_options_for_model(model).fields)
        for model in translator.get_registered_models(abstract=False)
    }
    for kind, model in MODELS.items():
        declared = set(translations.translated(schema.SCHEMA[kind]))
        if kind == "routes":  # the deadline's note and the rules' reasons live in nested items
            declared |= {"deadline_note", "deadline_minor_note"}
            assert set(translations.translated(schema.Rule)) == registered["Rule"]
        if kind == "jurisdictions":
            assert set(translations.translated(schema.Period)) == registered["LimitationPeriod"]
        assert declared == registered[model], kind


def test_states_of_a_field():
    reviewed = translations.stamp("The law.", "La ley.")
    assert translations.state("The law.", "La ley.", reviewed) == translations.CURRENT
    assert translations.state("The new law.", "La ley.", reviewed) == translations.STALE
    assert translations.state("The law.", "La ley nueva.", reviewed) == translations.UNREVIEWED
    assert translations.state("The law.", "La ley.", None) == translations.UNREVIEWED
    assert translations.state("The law.", "", reviewed) == translations.MISSING
    assert translations.state("", "", None) == ""  # nothing to translate
    # Whitespace at the ends is not a change (the files and the admin strip it alike).
    assert translations.state("The law. ", "La ley.", reviewed) == translations.CURRENT


def test_the_bundled_drafts_are_loaded_unreviewed_and_never_shown():
    data = publishing.read_files(publishing.CONTENT_DIR)
    states = {f.state for f in translations.fields(data)}
    assert translations.CURRENT not in states  # no one has reviewed them yet
    assert Route.objects.get(slug="ftca").name_es.startswith("Reclamo de dinero")
    spanish = translations.localize(data, "es")
    ftca = next(r for r in spanish["routes"] if r["slug"] == "ftca")
    assert isinstance(ftca["name"], publishing.English) and ftca["name"] == ftca["name"]
    assert ftca["name"] == next(r for r in data["routes"] if r["slug"] == "ftca")["name"]  # the English
    assert all(isinstance(step, publishing.English) for step in ftca["first_steps"])
    assert isinstance(ftca["rules"][0]["reason"], publishing.English)
    assert isinstance(ftca["deadline"]["note"], publishing.English)
    assert translations.localize(data, "en") is data


def reviewed(item: dict, *fields: str) -> None:
    item.setdefault("es_reviewed", {})
    for field in fields:
        item["es_reviewed"][field] = translations.stamp(item[field], item[f"{field}_es"])


def test_reviewed_spanish_is_shown_and_goes_stale_when_the_english_changes():
    data = publishing.read_files(publishing.CONTENT_DIR)
    ftca = next(r for r in data["routes"] if r["slug"] == "ftca")
    reviewed(ftca, "summary", "first_steps")
    ftca["es_reviewed"]["deadline_note"] = translations.stamp(ftca["deadline"]["note"], ftca["deadline"]["note_es"])
    reviewed(ftca["rules"][0], "reason")
    shown = next(r for r in translations.localize(data, "es")["routes"] if r["slug"] == "ftca")
    assert shown["summary"] == ftca["summary_es"] and not isinstance(shown["summary"], publishing.English)
    assert shown["first_steps"] == ftca["first_steps_es"]
    assert shown["deadline"]["note"] == ftca["deadline"]["note_es"]
    assert shown["rules"][0]["reason"] == ftca["rules"][0]["reason_es"]
    assert isinstance(shown["gets"], publishing.English)  # not reviewed: English, marked

    ftca["summary"] += " It changed."
    ftca["rules"][0]["reason"] += " It changed."
    stale = {(f.path, f.state) for f in translations.pending(data) if f.key == "ftca"}
    assert {("summary", "stale"), ("rules[1].reason", "stale")} <= stale
    shown = next(r for r in translations.localize(data, "es")["routes"] if r["slug"] == "ftca")
    assert shown["summary"].endswith("It changed.") and isinstance(shown["summary"], publishing.English)
    assert translations.counts(data)["stale"] == 1


def test_export_and_import_carry_the_spanish_and_its_review_whole():
    data = publishing.export()
    doctrine = next(d for d in data["doctrines"] if d["slug"] == "qualified-immunity")
    assert doctrine["summary_es"]  # the draft, from the files
    doctrine["summary_es"] = "La inmunidad calificada es una defensa que el agente puede usar si lo demandan."
    reviewed(doctrine, "summary")
    route = next(r for r in data["routes"] if r["slug"] == "ftca")
    route["first_steps_es"] = route["first_steps_es"][:2]
    route["deadline"]["note_es"] = "Dos años."
    route["rules"][1]["reason_es"] = "Otra razón."
    reviewed(route["rules"][1], "reason")
    place = next(j for j in data["jurisdictions"] if j["periods"] and j["periods"][0]["note"])
    place["periods"][0]["note_es"] = "Una nota."
    wanted = copy.deepcopy(data)

    publishing.Loader().load(data)
    assert publishing.export() == wanted
    row = Doctrine.objects.get(slug="qualified-immunity")
    assert row.summary_en == doctrine["summary"] and row.summary_es == doctrine["summary_es"]

    # Importing changed English keeps the stamp: the Spanish is now stale, with no one marking it.
    changed = copy.deepcopy(wanted)
    next(d for d in changed["doctrines"] if d["slug"] == "qualified-immunity")["summary"] = "A new English summary."
    publishing.Loader().load(changed)
    stale = [f for f in translations.pending(publishing.export()) if f.key == "qualified-immunity"]
    assert [(f.path, f.state) for f in stale if f.path == "summary"] == [("summary", "stale")]


def test_the_english_is_exported_whatever_the_active_language():
    """A publisher browsing the admin in Spanish must not publish Spanish as the English."""
    from django.utils import translation

    english = publishing.export()
    with translation.override("es"):
        assert publishing.export() == english


# The Spanish reading-ease bar. Szigriszt-Pazos (textstat's Spanish syllables, on a
# separate instance so the English grade checks keep English rules) reads on the INFLESZ
# scale, where 55 to 65 is "normal" reading (Barrio-Cantalejo et al. 2008,
# http://scielo.isciii.es/scielo.php?pid=S1137-66272008000300004&script=sci_arttext): the
# counterpart of the English grade-9 bar. Higher is easier.
SPANISH_EASE_BAR = 55
SPANISH = textstatistics()
SPANISH.set_lang("es")


def test_spanish_summaries_answers_and_reasons_are_plain():
    data = publishing.read_files(publishing.CONTENT_DIR)
    texts = []
    for f in translations.fields(data):
        if f.name in ("summary", "answer", "reason", "default_reason", "definition") and f.owner.get(f"{f.name}_es"):
            texts.append((f"{f.kind} {f.key} {f.path}", f.owner[f"{f.name}_es"]))
    assert len(texts) > 150
    hard = sorted(
        (round(SPANISH.szigriszt_pazos(text), 1), label)
        for label, text in texts
        if SPANISH.szigriszt_pazos(text) < SPANISH_EASE_BAR
    )
    assert not hard, f"Szigriszt-Pazos below {SPANISH_EASE_BAR}: {hard}"


def test_the_spanish_checker_is_not_the_english_one():
    import textstat

    sentence = "La inmunidad calificada es una defensa que los agentes pueden usar."
    assert SPANISH.szigriszt_pazos(sentence) != textstat.szigriszt_pazos(sentence)
    assert textstat.flesch_kincaid_grade("The officer may be sued.") < 9  # still English rules


# The Spanish terms every text uses (liability/content/spanish/terms.yaml): where an English
# text uses a legal term, its Spanish uses the agreed rendering, or keeps the English term.
TERMS = publishing.read_yaml(publishing.CONTENT_DIR / "spanish" / "terms.yaml")["terms"]
# Plain renderings the terms file allows in running text (its notes say so).
ALSO = {"damages": ["dinero"], "pardon": ["indult"]}


def _plain(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


def test_spanish_texts_use_the_agreed_legal_terms():
    import re

    data = publishing.read_files(publishing.CONTENT_DIR)
    legal = [t for t in TERMS if t.get("kind") == "legal" and t.get("es")]
    checked, off = 0, []
    for f in translations.fields(data):
        english, spanish = f.owner[f.name], f.owner.get(f"{f.name}_es")
        if not spanish or f.name in ("name", "term"):  # a name or a glossary entry is a short form
            continue
        english = "\n".join(english) if isinstance(english, list) else english
        spanish = _plain("\n".join(spanish) if isinstance(spanish, list) else spanish)
        for term in legal:
            if re.search(rf"(?<!\w){re.escape(term['en'])}(?!\w)", english, re.IGNORECASE):
                checked += 1
                allowed = [term["es"], term["en"], *ALSO.get(term["en"], [])]
                if not any(_plain(word) in spanish for word in allowed):
                    off.append((term["en"], f.kind, f.key, f.path))
    assert checked > 200
    assert not off, off
