"""What `make bench` serves and measures against (never mounted in production).

- `ceiling`: a bare view that renders a form like a question step's (with a CSRF token),
  in the same page layout, with no database and no legal logic. It is served twice: at
  /bench/bare/ behind Django's own security, common, CSRF and clickjacking middleware
  only (the framework's ceiling on this machine), and at /bench/ceiling/ behind all of
  ours. Every page is reported as a ratio to both.
- `application()`: the site plus that view, for gunicorn (`liability.bench:application()`).
- `grow()`: more content of every kind, generated, to show that pages cost the same
  however much law the database holds.
"""

import os
import string
from importlib import import_module
from itertools import product

from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

CHOICES = [
    {"value": f"choice-{n}", "label": f"Choice number {n}", "hint": f"A short hint that explains choice {n}."}
    for n in range(17)  # as many as the first question has officer kinds
]


def ceiling(request: HttpRequest) -> HttpResponse:
    return render(request, "bench_ceiling.html", {"choices": CHOICES, "urls": {}})


handler400 = "liability.views.bad_request"
handler404 = "liability.views.not_found"
BARE = "/bench/bare/"
BARE_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def application():
    """gunicorn's app factory: the site, and the bare ceiling behind Django's middleware
    only. The URLs are made here, once Django is set up, so that importing this module
    has no side effects (tests use `grow`)."""
    global urlpatterns
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liability.settings")
    site = get_wsgi_application()
    urlpatterns = [
        path("bench/ceiling/", ceiling),
        path(BARE.strip("/") + "/", ceiling),
        *import_module("liability.urls").urlpatterns,  # as they are: i18n_patterns cannot be include()d
    ]
    settings.ROOT_URLCONF = __name__
    ours, settings.MIDDLEWARE = settings.MIDDLEWARE, BARE_MIDDLEWARE
    bare = WSGIHandler()  # reads the middleware once, now
    settings.MIDDLEWARE = ours

    def app(environ, start_response):
        handler = bare if environ.get("PATH_INFO") == BARE else site
        return handler(environ, start_response)

    return app


def grow(data: dict[str, list[dict]], times: int) -> dict[str, list[dict]]:
    """The content `times` over: each extra copy renames every item and every reference to
    it (the schema knows which fields are references), and its routes, periods and notices
    belong to generated places of its own, so what a person in a real place sees is
    unchanged while every table, the glossary and the place list grow. Officer kinds and
    agencies are not copied: they are the choices of the first question."""
    from liability.publishing import schema

    document = schema.parse(data)
    codes = ["".join(pair) for pair in product(string.digits, string.ascii_uppercase)]
    codes += ["".join(pair) for pair in product(string.ascii_uppercase, string.digits)]
    real = [j.code for j in document["jurisdictions"]]
    grown = {kind: list(items) for kind, items in document.items()}
    for copy in range(1, times):
        place = dict(zip(real, codes[(copy - 1) * len(real) : copy * len(real)], strict=True))
        renamed = {kind: (lambda key, copy=copy: f"{key}-x{copy}") for kind in schema.KINDS}
        names = {**renamed, "jurisdictions": place.__getitem__, "agencies": str, "officer_kinds": str}
        for kind, items in document.items():
            if kind in ("agencies", "officer_kinds"):
                continue
            for item in items:
                copied = item.renamed(names, kind)
                if kind == "routes" and not item.jurisdictions:  # everywhere: everywhere in the copy's places
                    copied = copied.model_copy(update={"jurisdictions": sorted(place.values())})
                elif kind == "jurisdictions":
                    copied = copied.model_copy(update={"name": f"{item.name} (copy {copy})"})
                elif kind == "glossary":
                    copied = copied.model_copy(update={"term": f"{item.term} {copy}"})
                grown[kind].append(copied)
    return schema.dump(grown)
