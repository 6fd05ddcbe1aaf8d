"""What `make bench` serves and measures against (never mounted in production).

- `ceiling`: a bare view that renders a form like a question step's, in the same page
  layout and through the same middleware, with no database and no legal logic. What it
  achieves is the framework's ceiling on this machine; every page is reported as a ratio
  to it.
- `application()`: the site plus that view, for gunicorn (`liability.bench:application()`).
- `grow()`: more content of every kind, generated, to show that pages cost the same
  however much law the database holds.
"""

import os
import string
from itertools import product

from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path

CHOICES = [
    {"value": f"choice-{n}", "label": f"Choice number {n}", "hint": f"A short hint that explains choice {n}."}
    for n in range(17)  # as many as the first question has officer kinds
]


def ceiling(request: HttpRequest) -> HttpResponse:
    return render(request, "bench_ceiling.html", {"choices": CHOICES, "urls": {}})


handler400 = "liability.views.bad_request"
handler404 = "liability.views.not_found"


def application():
    """gunicorn's app factory. The URLs are made here, once Django is set up, so that
    importing this module has no side effects (tests use `grow`)."""
    global urlpatterns
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liability.settings")
    app = get_wsgi_application()
    urlpatterns = [path("bench/ceiling/", ceiling), path("", include("liability.urls"))]
    settings.ROOT_URLCONF = __name__
    return app


def grow(data: dict[str, list[dict]], times: int) -> dict[str, list[dict]]:
    """The content `times` over: each extra copy renames every item, and its routes,
    periods and notices belong to generated places of its own, so what a person in a
    real place sees is unchanged while every table, the glossary and the place list grow.
    Officer kinds are not copied: they are the choices of the first question."""
    codes = ["".join(pair) for pair in product(string.digits, string.ascii_uppercase)]
    codes += ["".join(pair) for pair in product(string.ascii_uppercase, string.digits)]
    real = [j["code"] for j in data["jurisdictions"]]
    grown = {kind: list(items) for kind, items in data.items()}
    for copy in range(1, times):
        batch = codes[(copy - 1) * len(real) : copy * len(real)]
        place = dict(zip(real, batch, strict=True))
        slug = lambda s, copy=copy: f"{s}-x{copy}"  # noqa: E731

        def places(values, place=place):
            return [place[code] for code in values]

        for a in data["authorities"]:
            grown["authorities"].append(a | {"slug": slug(a["slug"])})
        for d in data["doctrines"]:
            grown["doctrines"].append(d | {"slug": slug(d["slug"]), "authorities": list(map(slug, d["authorities"]))})
        for j in data["jurisdictions"]:
            grown["jurisdictions"].append(j | {"code": place[j["code"]], "name": f"{j['name']} (copy {copy})"})
        for n in data["notices"]:
            grown["notices"].append(n | {"key": slug(n["key"]), "jurisdiction": place[n["jurisdiction"]]})
        for n in data.get("suits", []):
            grown["suits"].append(n | {"key": slug(n["key"]), "jurisdiction": place[n["jurisdiction"]]})
        for r in data["routes"]:
            grown["routes"].append(
                r
                | {
                    "slug": slug(r["slug"]),
                    "jurisdictions": places(r["jurisdictions"] or real),
                    "authorities": list(map(slug, r["authorities"])),
                    "doctrines": [d | {"doctrine": slug(d["doctrine"])} for d in r["doctrines"]],
                    "deadline": r["deadline"] | {"authorities": list(map(slug, r["deadline"]["authorities"]))},
                    "rules": [
                        rule
                        | {
                            "authorities": list(map(slug, rule["authorities"])),
                            "jurisdictions": places(rule["jurisdictions"]),
                        }
                        for rule in r["rules"]
                    ],
                }
            )
        for m in data["myths"]:
            grown["myths"].append(
                m
                | {
                    "slug": slug(m["slug"]),
                    "authorities": list(map(slug, m["authorities"])),
                    "doctrines": list(map(slug, m["doctrines"])),
                }
            )
        for g in data["glossary"]:
            doctrine = g.get("doctrine") and slug(g["doctrine"])
            grown["glossary"].append(g | {"slug": slug(g["slug"]), "term": f"{g['term']} {copy}", "doctrine": doctrine})
    return grown
