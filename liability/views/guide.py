"""The explainer library: routes, doctrines, states, myths, glossary, sitemap."""

from django.contrib.sitemaps import Sitemap
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from liability import publishing
from liability.models import NoticeRule, Route


def _document(request: HttpRequest) -> tuple[dict, dict]:
    """The published content, or the drafts for a staff preview (/preview/guide/…), and what
    the page needs to say which: the preview banner, and a cache key of its own."""
    if request.resolver_match and request.resolver_match.url_name.startswith("preview"):
        data = publishing.export()
        return data, {"urls": {"preview": True}, "draft_fingerprint": publishing.document_fingerprint(data)}
    return publishing.published(request)[0], {"urls": {"preview": False}, "draft_fingerprint": ""}


def _published_item(request: HttpRequest, kind: str, key: str, value: str) -> tuple[dict, dict, dict]:
    """One item of the content (published, or drafted in a preview), the whole document and
    the page's preview context, or a 404."""
    data, preview = _document(request)
    item = next((entry for entry in data[kind] if entry[key] == value), None)
    if item is None:
        raise Http404
    return item, data, preview


def _cites(data: dict, slugs: list[str]) -> list[dict]:
    authorities = {a["slug"]: a for a in data["authorities"]}
    return [authorities[slug] for slug in slugs if slug in authorities]


def _doctrines(data: dict, slugs: list[str]) -> list[dict]:
    doctrines = {d["slug"]: d for d in data["doctrines"]}
    return [doctrines[slug] for slug in slugs if slug in doctrines]


@require_safe
def doctrine(request: HttpRequest, slug: str) -> HttpResponse:
    item, data, preview = _published_item(request, "doctrines", "slug", slug)
    routes = [r for r in data["routes"] if any(d["doctrine"] == slug for d in r["doctrines"])]
    context = {"doctrine": item, "cites": _cites(data, item["authorities"]), "routes": routes, **preview}
    return render(request, "liability/doctrine_detail.html", context)


@require_safe
def route(request: HttpRequest, slug: str) -> HttpResponse:
    item, data, preview = _published_item(request, "routes", "slug", slug)
    names = {j["code"]: j["name"] for j in data["jurisdictions"]}
    context = {
        "route": item,
        "kind": Route.Kind(item["kind"]).label,
        "decider": Route.Decider(item["decider"]).label,
        "cites": _cites(data, item["authorities"]),
        "deadline_cites": _cites(data, item["deadline"]["authorities"]),
        "doctrines": _doctrines(data, [d["doctrine"] for d in item["doctrines"]]),
        "places": [names[code] for code in item["jurisdictions"] if code in names],
        **preview,
    }
    return render(request, "liability/route_detail.html", context)


@require_safe
def state(request: HttpRequest, code: str) -> HttpResponse:
    item, data, preview = _published_item(request, "jurisdictions", "code", code.upper())
    notices = [
        n | {"covers_label": NoticeRule.Covers(n["covers"]).label}
        for n in data["notices"]
        if n["jurisdiction"] == item["code"]
    ]
    routes = [r for r in data["routes"] if item["code"] in r["jurisdictions"]]
    # The rules every place shares (whose deadline § 1983 borrows, the FTCA's own, what a
    # notice of claim covers) are the deadline notes of the routes they belong to, with their
    # citations: content a lawyer edits, not words in the template. Route slugs never change.
    deadlines = {
        r["slug"].replace("-", "_"): {
            "note": r["deadline"]["note"],
            "cites": _cites(data, r["deadline"]["authorities"]),
        }
        for r in data["routes"]
        if r["slug"] in SHARED_DEADLINES
    }
    context = {"place": item, "notices": notices, "routes": routes, "deadlines": deadlines, **preview}
    return render(request, "liability/state_detail.html", context)


SHARED_DEADLINES = ("section-1983", "ftca", "state-tort")


@require_safe
def myth(request: HttpRequest, slug: str) -> HttpResponse:
    item, data, preview = _published_item(request, "myths", "slug", slug)
    context = {
        "myth": item,
        "cites": _cites(data, item["authorities"]),
        "doctrines": _doctrines(data, item["doctrines"]),
        **preview,
    }
    return render(request, "liability/myth_detail.html", context)


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    data = publishing.published(request)[0]
    names = {d["slug"]: d["name"] for d in data["doctrines"]}
    terms = [
        t | {"doctrine_name": names.get(t["doctrine"], "")}
        for t in sorted(data["glossary"], key=lambda t: t["term"].lower())
    ]
    return render(request, "liability/glossary.html", {"terms": terms, "draft_fingerprint": ""})


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    data = publishing.published(request)[0]
    context = {
        "routes": data["routes"],
        "doctrines": sorted(data["doctrines"], key=lambda d: d["name"]),
        "myths": data["myths"],
        "places": sorted(data["jurisdictions"], key=lambda j: j["name"]),
        "agencies": sorted(data["agencies"], key=lambda a: a["name"]),
        "draft_fingerprint": "",
    }
    return render(request, "liability/library.html", context)


class LibrarySitemap(Sitemap):
    """Every public explainer page of the published content, in every language, each with
    its alternates (hreflang) and the English page as x-default."""

    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[tuple[str, tuple]]:
        data = publishing.published()[0]
        return [
            ("liability:library", ()),
            ("liability:glossary", ()),
            *(("liability:route", (r["slug"],)) for r in data["routes"]),
            *(("liability:doctrine", (d["slug"],)) for d in data["doctrines"]),
            *(("liability:myth", (m["slug"],)) for m in data["myths"]),
            *(("liability:state", (j["code"].lower(),)) for j in data["jurisdictions"]),
        ]

    def location(self, item: tuple[str, tuple]) -> str:
        return reverse(item[0], args=item[1])  # called once per language, under that language
