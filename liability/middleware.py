"""Middleware: health checks, and a page a person can read where Django would answer with an empty body."""

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from liability import publishing


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


def health_checks(get_response):
    """/healthz: the process answers (no database). /readyz: it can read the published
    content, so it can serve pages. For container health checks and load balancers.

    First in MIDDLEWARE, so nothing else runs: no host check (a checker asks for
    127.0.0.1, not the public name), no HTTPS redirect (it speaks plain HTTP inside the
    network), no session, and gunicorn logs no line for a passing check."""

    def middleware(request):
        if request.path == "/healthz":
            return _plain("ok")
        if request.path == "/readyz":
            try:
                data, _ = publishing.published()
            except DatabaseError:
                return _plain("not ready: the database cannot be read", status=503)
            if not data["routes"]:
                return _plain("not ready: no content is published (run load_content)", status=503)
            return _plain("ready")
        return get_response(request)

    return middleware


def _plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "no-store"
    return response
