"""`{% load i18n %}` loads liability/templatetags/translations.py: Django's tags, keeping a
literal's translation per language. Pages must be exactly what Django's own tags make."""

import re

import pytest
from django.core.cache import caches
from django.template import Context, Template, engines
from django.templatetags import i18n
from django.utils import translation

from liability.templatetags import translations

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/check/?officer=ice&harms=shot",
    "/guide/",
    "/guide/routes/ftca/",
    "/result/?officer=ice&harms=shot&died=yes&asker=family&place=MN&date=2026-01-07",
]


def page(client, url: str) -> str:
    caches["pages"].clear()
    caches["parts"].clear()
    response = client.get(url, follow=True)
    assert response.status_code == 200
    text = re.sub(r'nonce="[^"]+"', 'nonce=""', response.text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', text)


def test_pages_are_byte_for_byte_what_djangos_own_tags_make(client, monkeypatch):
    engine = engines["django"].engine
    assert engine.template_libraries["i18n"] is translations.register
    ours = [page(client, url) for url in PAGES]
    monkeypatch.setitem(engine.template_libraries, "i18n", i18n.register)
    for loader in engine.template_loaders:
        loader.reset()  # compile the templates again, with Django's tags
    try:
        assert [page(client, url) for url in PAGES] == ours
    finally:
        monkeypatch.undo()
        for loader in engine.template_loaders:
            loader.reset()


def test_a_literal_is_kept_per_language():
    template = Template(
        "{% load i18n %}{% translate 'Yes' %} {% translate 'No' as no %}{{ no }} "
        "{% blocktranslate trimmed %}\n  Yes\n{% endblocktranslate %} {% translate '<b>' %}"  # a literal is safe, as in Django
    )
    for _ in range(2):  # the second time from what the nodes kept
        with translation.override("fr"):
            assert template.render(Context()) == "Oui Non Oui <b>"
        with translation.override("en"):
            assert template.render(Context()) == "Yes No Yes <b>"
        assert template.render(Context(autoescape=False)) == "Yes No Yes <b>"


def test_translations_of_variables_are_not_kept():
    template = Template("{% load i18n %}{% translate word %} {% blocktranslate %}{{ word }}{% endblocktranslate %}")
    assert template.render(Context({"word": "Yes"})) == "Yes Yes"
    assert template.render(Context({"word": "No"})) == "No No"
