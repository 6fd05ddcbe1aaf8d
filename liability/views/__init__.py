"""Short views, one module per part of the site; urls.py imports them from here."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .answers import home, questionnaire, result, result_calendar, what_if
from .guide import LibrarySitemap, doctrine, glossary, library, myth, route, state
from .shares import share, share_delete, shared, shared_calendar

__all__ = [
    "LibrarySitemap",
    "bad_request",
    "doctrine",
    "glossary",
    "home",
    "library",
    "myth",
    "not_found",
    "questionnaire",
    "result",
    "result_calendar",
    "route",
    "share",
    "share_delete",
    "shared",
    "shared_calendar",
    "state",
    "what_if",
]


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", {"message": "bad"}, status=400)
