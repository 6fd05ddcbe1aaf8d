from django.utils.functional import SimpleLazyObject

from .models import Term


def glossary(request):
    """The glossary terms, fetched (one query) only by a page that links them."""
    return {"glossary": SimpleLazyObject(lambda: list(Term.objects.values_list("term", "slug")))}
