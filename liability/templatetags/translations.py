"""Django's i18n template tags, made cheaper to render again: every template's
`{% load i18n %}` loads this library (settings.TEMPLATES "libraries"), which is Django's
own with two changes that keep the output identical:

- `{% translate "literal" %}` (no variable, no filter) is translated once per language and
  kept on its node: Django builds a lazy string and looks it up in the catalog every time,
  ~10 µs, and a new result has ~200 of them.
- `{% blocktranslate %}` works out its message id (its text, with `trimmed` applied by a
  regular expression) once per node instead of on every render; a block with no variables
  at all is translated once per language, like a literal.

makemessages reads the templates' text, not this library, so extraction is unchanged.
tests/web/test_parts.py compares pages rendered with these tags and with Django's own.
"""

from functools import cached_property

from django import template
from django.template.base import Variable
from django.templatetags import i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)


class TranslateNode(i18n.TranslateNode):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.done = {}

    def render(self, context):
        key = (get_language(), context.autoescape)
        if (value := self.done.get(key)) is None:
            value = super().render(context)
            if self.asvar:
                value = context[self.asvar]
            self.done[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _constant(expression) -> bool:
    """A quoted string with no filter: the same text whatever the context."""
    if expression is None:
        return True
    var = expression.var
    return not expression.filters and (isinstance(var, str) or (isinstance(var, Variable) and var.literal is not None))


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = i18n.do_translate(parser, token)
    if node.noop or not _constant(node.filter_expression) or not _constant(node.message_context):
        return node
    return TranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


class BlockTranslateNode(i18n.BlockTranslateNode):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.messages = {}  # id of a token list (singular, plural): its message id and variables
        self.done = {}  # a block with no variables: its text per language

    def render_token_list(self, tokens):
        if (made := self.messages.get(id(tokens))) is None:
            made = self.messages[id(tokens)] = super().render_token_list(tokens)
        return made[0], list(made[1])

    def render(self, context, nested=False):
        if not self.constant:
            return super().render(context, nested)
        key = (get_language(), context.autoescape)
        if (value := self.done.get(key)) is None:
            value = self.done[key] = super().render(context, nested)
        return value

    @cached_property
    def constant(self) -> bool:
        return (
            not (self.extra_context or self.plural or self.counter or self.message_context or self.asvar)
            and not (self.render_token_list(self.singular)[1])
        )


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser, token):
    node = i18n.do_block_translate(parser, token)
    return BlockTranslateNode(
        node.extra_context,
        node.singular,
        node.plural,
        node.countervar,
        node.counter,
        node.message_context,
        node.trimmed,
        node.asvar,
        node.tag_name,
    )
