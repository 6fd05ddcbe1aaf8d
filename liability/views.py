import json
from dataclasses import asdict, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url
from django_htmx.middleware import HtmxDetails

from . import calendar, flow, law, plan, publishing, whatif
from .models import NoticeRule, Route, Share
from .questionnaire import Flow, Problem, Question, Step, parse_date

MAX_QUERY = 2048  # a full set of answers is a few hundred bytes
DELETE_COOKIE = "recourse_delete_key"  # carries a new share's delete secret to its page, once


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def answers_of(query: QueryDict) -> dict[str, list[str]]:
    return {key: query.getlist(key) for key in query}


def review(step: Step, questionnaire_url: str) -> list[dict]:
    """'Your answers': each answer with a link that re-asks it and keeps the others."""
    rows = []
    for question, values in step.answered:
        link = urlencode([*step.pairs, ("change", question.key)])
        rows.append(
            {
                "question": question.text,
                "topic": flow.TOPICS.get(question.key, question.text),  # the short form, on paper
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
    step = flow.build_for(content).resolve(answers_of(request.GET), today, change=request.GET.get("change", ""))
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
    step = flow.build_for(content).resolve(answers_of(request.GET), today)
    if not step.is_complete:  # a hand-edited or outdated link: resume the questionnaire
        return redirect(f"{urls['questionnaire']}?{step.querystring}")
    if request.META.get("QUERY_STRING") != step.querystring:  # one address per result
        return redirect(f"{urls['result']}?{step.querystring}")
    return render(
        request,
        "liability/result.html",
        {
            "result": result_data(step, content, today),
            "review": review(step, urls["questionnaire"]),
            "pairs": step.pairs,
            "what_if": what_if_links(step),
            "calendar_url": f"{reverse('liability:result_calendar')}?{step.querystring}",
            "canonical": request.build_absolute_uri(),
            "today": today,
            "urls": urls,
        },
    )


def result_data(step: Step, content: law.Content, today: date) -> dict:
    """Everything a result shows, JSON-ready: the page renders it and a share stores it."""
    facts = flow.facts_of(step, content, today)
    assessment = law.assess(facts, content, today)
    data = to_json(assessment)
    data["steps"] = plain([asdict(s) for s in plan.next_steps(facts, assessment, content)])
    data["comparison"] = plain([asdict(c) for c in plan.compare(facts, assessment, content)])
    return explain(data, step)


def explain(data: dict, step: Step) -> dict:
    """Each reason's answers in the person's words ("because you said: officer: ICE;
    place: Illinois"), kept in the data so a share shows what was shown."""
    answered = {question.key: (question, values) for question, values in step.answered}
    for route in data["routes"]:
        for reason in route["reasons"]:
            because = []
            for said in reason["because"]:
                if said["key"] not in answered:  # a default the person was never asked about
                    continue
                question, values = answered[said["key"]]
                labels = [question.label(v) for v in said["values"] or values]
                because.append({"key": said["key"], "topic": flow.TOPICS.get(said["key"], ""), "answers": labels})
            reason["because"] = because
    return data


def what_if_links(step: Step) -> list[tuple[str, str]]:
    """One link per answer. Links, not a form, so the result page asks no question."""
    base = reverse("liability:what_if")
    return [(f"{base}?{urlencode([*step.pairs, ('change', q.key)])}", q.text) for q, _values in step.answered]


def to_json(assessment: law.Assessment) -> dict:
    """The result as JSON-ready data: what a share stores and what templates render."""
    return plain(asdict(assessment))


def plain(data: object) -> Any:
    """JSON-ready: dates become ISO text (str(date) is ISO), tuples lists, enums strings."""
    return json.loads(json.dumps(data, default=str))


@require_POST
def share(request: HttpRequest) -> HttpResponse:
    content = publishing.published()[1]
    today = timezone.localdate()
    step = flow.build_for(content).resolve(answers_of(request.POST), today)
    if not step.is_complete:
        return render(request, "400.html", {"message": "incomplete"}, status=400)
    keep = request.POST.get("keep")
    keep = Share.Keep(keep) if keep in Share.Keep.values else Share.Keep.MONTH
    saved = Share(answers=step.pairs, content_version=content.version, result=result_data(step, content, today))
    saved.expires_at = keep.expires(timezone.now())
    key = saved.set_delete_key()
    saved.save()
    response = redirect(saved)
    # The delete secret goes to the saved page in a short-lived cookie for that page only,
    # is shown there once, and never travels in an address that gets copied and shared.
    path = saved.get_absolute_url()
    response.set_cookie(
        DELETE_COOKIE, key, max_age=600, path=path, secure=request.is_secure(), httponly=True, samesite="Lax"
    )
    return response


@require_GET
def shared(request: HttpRequest, share_id: str, as_json: bool = False) -> HttpResponse:
    """A saved result: the page, or JSON for legal-aid partners (`.json` or Accept)."""
    saved = Share.objects.live().filter(pk=share_id).first()
    as_json = as_json or request.get_preferred_type(["text/html", "application/json"]) == "application/json"
    if saved is None:
        missing = JsonResponse({"error": "not found"}, status=404) if as_json else None
        response = missing or render(request, "liability/share_missing.html", status=404)
    else:
        content = publishing.published()[1]
        changed = saved.content_version != content.version
        if as_json:
            response = JsonResponse(
                saved.as_json(changed, timezone.localdate()), json_dumps_params={"ensure_ascii": False}
            )
        else:
            response = shared_page(request, saved, content, changed)
    patch_vary_headers(response, ["Accept"])
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def shared_page(request: HttpRequest, saved: Share, content: law.Content, changed: bool) -> HttpResponse:
    today = timezone.localdate()
    pairs = [tuple(p) for p in saved.answers]
    step = flow.build_for(content).resolve(answers_of(QueryDict(urlencode(pairs))), today)
    key = request.COOKIES.get(DELETE_COOKIE, "")
    delete_url = ""
    if saved.accepts_delete_key(key):
        delete_url = request.build_absolute_uri(
            f"{reverse('liability:share_delete', args=[saved.id])}?{urlencode({'key': key})}"
        )
    response = render(
        request,
        "liability/result.html",
        {
            "result": saved.result,
            "shared": saved,
            "changed": changed,
            "today_url": f"{reverse('liability:result')}?{urlencode(pairs)}",
            "review": review(step, reverse("liability:questionnaire")) if step.is_complete else [],
            "pairs": step.pairs if step.is_complete else [],
            "what_if": what_if_links(step) if step.is_complete else [],
            "calendar_url": reverse("liability:shared_calendar", args=[saved.id]),
            "delete_url": delete_url,
            "delete_key": key if delete_url else "",
            "canonical": request.build_absolute_uri(saved.get_absolute_url()),
            "today": today,
        },
    )
    if key:  # shown once: forget it, and ask the browser to keep no copy of this page
        response.delete_cookie(DELETE_COOKIE, path=saved.get_absolute_url())
        patch_cache_control(response, no_store=True, private=True)
    return response


@require_http_methods(["GET", "POST"])
def share_delete(request: HttpRequest, share_id: str) -> HttpResponse:
    """Delete a saved result with the secret its maker was shown: GET asks, POST deletes."""
    saved = Share.objects.live().filter(pk=share_id).first()
    if saved is None:
        return render(request, "liability/share_missing.html", status=404)
    key = request.POST.get("key") or request.GET.get("key") or ""
    if not saved.accepts_delete_key(key):
        return render(request, "liability/share_delete.html", {"state": "wrong_key"}, status=403)
    if request.method == "POST":
        saved.delete()
        return render(request, "liability/share_delete.html", {"state": "deleted"})
    response = render(request, "liability/share_delete.html", {"state": "confirm", "shared": saved, "key": key})
    patch_cache_control(response, no_store=True, private=True)
    return response


@require_GET
def result_calendar(request: HttpRequest) -> HttpResponse:
    content, urls = content_and_urls(request)
    today = timezone.localdate()
    step = flow.build_for(content).resolve(answers_of(request.GET), today)
    if not step.is_complete:
        return redirect(f"{urls['questionnaire']}?{step.querystring}")
    return calendar_file(result_data(step, content, today), today, url="")  # the address would spell out the answers


@require_GET
def shared_calendar(request: HttpRequest, share_id: str) -> HttpResponse:
    saved = Share.objects.live().filter(pk=share_id).first()
    if saved is None:
        return render(request, "liability/share_missing.html", status=404)
    return calendar_file(saved.result, timezone.localdate(), request.build_absolute_uri(saved.get_absolute_url()))


def calendar_file(result: dict, today: date, url: str) -> HttpResponse:
    texts = {
        "title": gettext("Recourse: deadlines"),
        "summary": gettext("Deadline: {route}"),
        "range": gettext(
            "The deadline falls between {first} and {last}, depending on the exact date it happened. "
            "This reminder is on the earlier date, to be safe."
        ),
        "lawyer": gettext("Talk to a lawyer well before this date."),
        "source": gettext("Saved result:"),
    }
    say_date = lambda day: formats.date_format(day, "F j, Y")  # noqa: E731
    body = calendar.ics(result, today, timezone.now(), url, texts, say_date)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recourse-deadlines.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def what_if(request: HtmxHttpRequest) -> HttpResponse:
    """Change one answer of a result and see which routes would change, without starting over."""
    if _too_long(request):
        return render(request, "400.html", {"message": "too_long"}, status=400)
    content, urls = content_and_urls(request)
    today = timezone.localdate()
    questions = flow.build_for(content)
    step = questions.resolve(answers_of(request.GET), today)
    question = next((q for q, _values in step.answered if q.key == request.GET.get("change")), None)
    if not step.is_complete or question is None:
        return redirect(f"{urls['result']}?{step.querystring}")
    values = [v for v in request.GET.getlist("to") if v]
    context = {
        "step": step,
        "question": question,
        "choices": question.offered(step.answers),
        "current": values or list(step.answers[question.key]),
        "original": [question.label(v) for v in step.answers[question.key]],
        "result_url": f"{urls['result']}?{step.querystring}",
        "today": today,
        "urls": urls,
        **compare_answers(questions, step, question, values, content, today, urls),
    }
    template = "liability/what_if.html#panel" if request.htmx else "liability/what_if.html"
    response = render(request, template, context)
    return push_url(response, request.get_full_path()) if request.htmx else response


def compare_answers(
    questions: Flow, step: Step, question: Question, values: list[str], content: law.Content, today: date, urls: dict
) -> dict:
    """What changes if `question` is answered `values` instead: the routes whose status or
    deadline differ, or a link to finish the questions when the new answer needs more."""
    if not values:
        return {}
    pairs = whatif.swap(step.pairs, question, values)
    changed = questions.resolve(answers_of(QueryDict(urlencode(pairs))), today)
    if not changed.is_complete:  # a new question now applies, or the answer is not valid
        return {"asked": True, "unfinished_url": f"{urls['questionnaire']}?{urlencode(pairs)}"}
    before = law.assess(flow.facts_of(step, content, today), content, today)
    after = law.assess(flow.facts_of(changed, content, today), content, today)
    return {
        "asked": True,
        "changes": whatif.compare(before, after),
        "new_url": f"{urls['result']}?{changed.querystring}",
    }


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
    context = {
        "myth": item,
        "cites": _cites(data, item["authorities"]),
        "doctrines": _doctrines(data, item["doctrines"]),
    }
    return render(request, "liability/myth_detail.html", context)


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    data = publishing.published()[0]
    names = {d["slug"]: d["name"] for d in data["doctrines"]}
    terms = [
        t | {"doctrine_name": names.get(t["doctrine"], "")}
        for t in sorted(data["glossary"], key=lambda t: t["term"].lower())
    ]
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
