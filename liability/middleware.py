"""Middleware: a page a person can read where Django would answer with an empty body."""

from django.http import HttpResponseNotAllowed
from django.shortcuts import render


def method_not_allowed(get_response):
    """@require_safe and @require_POST answer 405 with no body at all, so a person who
    lands there (going back to /share/, a bookmarked form address) saw a blank page.
    Django has no handler405, so render one here and keep the Allow header."""

    def middleware(request):
        response = get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            allow = response["Allow"]
            response = render(request, "405.html", status=405)
            response["Allow"] = allow
        return response

    return middleware
