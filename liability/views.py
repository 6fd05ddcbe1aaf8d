from dataclasses import asdict, replace
from datetime import date
from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url
from django_htmx.middleware import HtmxDetails

from . import flow, law, publishing
from .models import NoticeRule, Route, Share
from .questionnaire import Choice, Flow, Problem, Question, Step, parse_date

MAX_QUERY = 2048  # a full set of answers is a few hundred bytes


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def build_flow(content: law.Content) -> Flow:
    officers = [Choice(o.slug, o.name, o.hint, o.group) for o in content.officer_kinds.values()]
    places = [Choice(j.code, j.name) for j in sorted(content.jurisdictions.values(), key=lambda j: j.name)]
    return flow.build(officers, places)


def answers_of(query: QueryDict) -> dict[str, list[str]]:
    return {key: query.getlist(key) for key in query}


def facts_of(step: Step, content: law.Content, today: date) -> law.Facts:
    answers = step.answers
    one = lambda key: next(iter(answers.get(key, ())), "")  # noqa: E731
    officer = content.officer_kinds.get(one("officer"))
    earliest, latest, exact = flow.incident_window(answers, today)
    return law.Facts(
        officer=one("officer"),
        level=officer.level if officer else "unsure",
        harms=frozenset(answers.get("harms", ())),
        died=one("died") == "yes",
        asker=one("asker"),
        place=one("place"),
        earliest=earliest,
        latest=latest,
        exact=exact,
        case_outcome=one("charged") or "none",
        wants=frozenset(answers.get("wants", ())),
    )


def review(step: Step, questionnaire_url: str) -> list[dict]:
    """'Your answers': each answer with a link that re-asks it and keeps the others."""
    rows = []
    for question, values in step.answered:
        link = urlencode([*step.pairs, ("change", question.key)])
        rows.append(
            {
                "question": question.text,
                "answers": [parse_date(v) or question.label(v) for v in values],
                "change_url": f"{questionnaire_url}?{link}",
                "key": question.key,
            }
        )
    return rows


def _too_long(request: HttpRequest) -> bool:
    return len(request.META.get("QUERY_STRING", "")) > MAX_QUERY


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "liability/home.html", {"library_url": reverse("liability:library")})


@require_GET
def questionnaire(request: HtmxHttpRequest) -> HttpResponse:
    if _too_long(request):
        return render(request, "400.html", {"message": "too_long"}, status=400)
    content, urls = content_and_urls(request)
    today = timezone.localdate()
    step = build_flow(content).resolve(answers_of(request.GET), today, change=request.GET.get("change", ""))
    if step.problem is None and not step.is_complete and request.GET.get("asked") == step.node.key:
        step = replace(step, problem=Problem.MISSING)  # the form was sent without an answer
    if step.is_complete:
        url = f"{urls['result']}?{step.querystring}"
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    template = "liability/questionnaire.html#step" if request.htmx else "liability/questionnaire.html"
    context = {
        "step": step,
        "choices": choice_list(step),
        "current": current_values(step, request.GET),
        "back_url": back_url(step, urls["questionnaire"]),
        "today": today,
        "urls": urls,
    }
    response = render(request, template, context, status=400 if step.problem else 200)
    if request.htmx:  # the address bar shows this step's own link, not the form's plumbing
        here = urlencode([*step.pairs, *step.carried, *([("change", step.node.key)] if step.carried else [])])
        response = push_url(response, f"{urls['questionnaire']}?{here}")
    return response


def choice_list(step: Step) -> list[dict]:
    """The choices offered now, each with the group heading it starts, if any."""
    assert isinstance(step.node, Question)
    rows, group = [], None
    for choice in step.node.offered(step.answers):
        starts = choice.group != group
        group = choice.group
        rows.append({"choice": choice, "heading": flow.LEVEL_LABELS.get(choice.group, "") if starts else ""})
    return rows


def back_url(step: Step, questionnaire_url: str) -> str:
    if not step.answered:
        return reverse("liability:home")
    previous = step.answered[-1][0].key
    return f"{questionnaire_url}?{urlencode([*step.pairs, *step.carried, ('change', previous)])}"


def content_and_urls(request: HttpRequest) -> tuple[law.Content, dict]:
    """Staff preview walks the same pages over the drafts; everyone else sees what is published."""
    if request.resolver_match and request.resolver_match.url_name.startswith("preview"):
        urls = {"questionnaire": reverse("liability:preview"), "result": reverse("liability:preview_result")}
        return publishing.content_of(publishing.export()), urls | {"preview": True}
    urls = {"questionnaire": reverse("liability:questionnaire"), "result": reverse("liability:result")}
    return publishing.published()[1], urls | {"preview": False}


def current_values(step: Step, query: QueryDict) -> list[str]:
    """What to pre-select when a question is shown again (changing an answer)."""
    if not isinstance(step.node, Question):
        return []
    return [v for v in query.getlist(step.node.key) if v] + [v for v in query.getlist(step.node.range_key) if v]


@require_GET
def result(request: HttpRequest) -> HttpResponse:
    if _too_long(request):
        return render(request, "400.html", {"message": "too_long"}, status=400)
    content, urls = content_and_urls(request)
    today = timezone.localdate()
    step = build_flow(content).resolve(answers_of(request.GET), today)
    if not step.is_complete:  # a hand-edited or outdated link: resume the questionnaire
        return redirect(f"{urls['questionnaire']}?{step.querystring}")
    if request.META.get("QUERY_STRING") != step.querystring:  # one address per result
        return redirect(f"{urls['result']}?{step.querystring}")
    assessment = law.assess(facts_of(step, content, today), content, today)
    return render(
        request,
        "liability/result.html",
        {
            "result": to_json(assessment),
            "review": review(step, urls["questionnaire"]),
            "pairs": step.pairs,
            "canonical": request.build_absolute_uri(),
            "today": today,
            "urls": urls,
        },
    )


def to_json(assessment: law.Assessment) -> dict:
    """The result as JSON-ready data: what a share stores and what templates render."""
    data = asdict(assessment)
    for route in data["routes"]:
        deadline = route["deadline"]
        if deadline:
            for key in ("earliest", "latest"):
                deadline[key] = deadline[key].isoformat() if deadline[key] else None
    return data


@require_POST
def share(request: HttpRequest) -> HttpResponse:
    content = publishing.published()[1]
    today = timezone.localdate()
    step = build_flow(content).resolve(answers_of(request.POST), today)
    if not step.is_complete:
        return render(request, "400.html", {"message": "incomplete"}, status=400)
    assessment = law.assess(facts_of(step, content, today), content, today)
    saved = Share.objects.create(answers=step.pairs, content_version=assessment.version, result=to_json(assessment))
    return redirect(saved)


@require_GET
def shared(request: HttpRequest, share_id: str) -> HttpResponse:
    saved = Share.objects.filter(pk=share_id).first()
    if saved is None:
        return render(request, "liability/share_missing.html", status=404)
    content = publishing.published()[1]
    today = timezone.localdate()
    pairs = [tuple(p) for p in saved.answers]
    step = build_flow(content).resolve(answers_of(QueryDict(urlencode(pairs))), today)
    response = render(
        request,
        "liability/result.html",
        {
            "result": saved.result,
            "shared": saved,
            "changed": saved.content_version != content.version,
            "today_url": f"{reverse('liability:result')}?{urlencode(pairs)}",
            "review": review(step, reverse("liability:questionnaire")) if step.is_complete else [],
            "canonical": request.build_absolute_uri(saved.get_absolute_url()),
            "today": today,
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _published_item(kind: str, key: str, value: str) -> tuple[dict, dict]:
    """One item of the published content, and the whole version, or a 404."""
    data = publishing.published()[0]
    item = next((entry for entry in data[kind] if entry[key] == value), None)
    if item is None:
        raise Http404
    return item, data


def _cites(data: dict, slugs: list[str]) -> list[dict]:
    authorities = {a["slug"]: a for a in data["authorities"]}
    return [authorities[slug] for slug in slugs if slug in authorities]


def _doctrines(data: dict, slugs: list[str]) -> list[dict]:
    doctrines = {d["slug"]: d for d in data["doctrines"]}
    return [doctrines[slug] for slug in slugs if slug in doctrines]


@require_GET
def doctrine(request: HttpRequest, slug: str) -> HttpResponse:
    item, data = _published_item("doctrines", "slug", slug)
    routes = [r for r in data["routes"] if any(d["doctrine"] == slug for d in r["doctrines"])]
    context = {"doctrine": item, "cites": _cites(data, item["authorities"]), "routes": routes}
    return render(request, "liability/doctrine_detail.html", context)


@require_GET
def route(request: HttpRequest, slug: str) -> HttpResponse:
    item, data = _published_item("routes", "slug", slug)
    names = {j["code"]: j["name"] for j in data["jurisdictions"]}
    context = {
        "route": item,
        "kind": Route.Kind(item["kind"]).label,
        "decider": Route.Decider(item["decider"]).label,
        "cites": _cites(data, item["authorities"]),
        "deadline_cites": _cites(data, item["deadline"]["authorities"]),
        "doctrines": _doctrines(data, [d["doctrine"] for d in item["doctrines"]]),
        "places": [names[code] for code in item["jurisdictions"] if code in names],
    }
    return render(request, "liability/route_detail.html", context)


@require_GET
def state(request: HttpRequest, code: str) -> HttpResponse:
    item, data = _published_item("jurisdictions", "code", code.upper())
    notices = [
        n | {"covers_label": NoticeRule.Covers(n["covers"]).label}
        for n in data["notices"]
        if n["jurisdiction"] == item["code"]
    ]
    routes = [r for r in data["routes"] if item["code"] in r["jurisdictions"]]
    return render(request, "liability/state_detail.html", {"place": item, "notices": notices, "routes": routes})


@require_GET
def myth(request: HttpRequest, slug: str) -> HttpResponse:
    item, data = _published_item("myths", "slug", slug)
    context = {"myth": item, "cites": _cites(data, item["authorities"]), "doctrines": _doctrines(data, item["doctrines"])}
    return render(request, "liability/myth_detail.html", context)


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    data = publishing.published()[0]
    names = {d["slug"]: d["name"] for d in data["doctrines"]}
    terms = [t | {"doctrine_name": names.get(t["doctrine"], "")} for t in sorted(data["glossary"], key=lambda t: t["term"].lower())]
    return render(request, "liability/glossary.html", {"terms": terms})


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    data = publishing.published()[0]
    context = {
        "routes": data["routes"],
        "doctrines": sorted(data["doctrines"], key=lambda d: d["name"]),
        "myths": data["myths"],
        "places": sorted(data["jurisdictions"], key=lambda j: j["name"]),
    }
    return render(request, "liability/library.html", context)


class LibrarySitemap(Sitemap):
    """Every public explainer page of the published content."""

    def items(self) -> list[str]:
        data = publishing.published()[0]
        return [
            reverse("liability:library"),
            reverse("liability:glossary"),
            *(reverse("liability:route", args=[r["slug"]]) for r in data["routes"]),
            *(reverse("liability:doctrine", args=[d["slug"]]) for d in data["doctrines"]),
            *(reverse("liability:myth", args=[m["slug"]]) for m in data["myths"]),
            *(reverse("liability:state", args=[j["code"].lower()]) for j in data["jurisdictions"]),
        ]

    def location(self, item: str) -> str:
        return item


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", {"message": "bad"}, status=400)

