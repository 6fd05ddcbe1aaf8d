"""The questionnaire, the result, what-if and the calendar file: the state is the URL."""

import hashlib
import hmac
import logging
import time
import zlib
from collections.abc import Sequence
from dataclasses import fields, is_dataclass, replace
from datetime import date
from functools import cache, wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language, get_language_from_request, gettext
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseClientRedirect, push_url
from django_htmx.middleware import HtmxDetails

from liability import ics, law, plan, publishing, questions, shapes, whatif
from liability.clients import client_address
from liability.context_processors import languages
from liability.engine import Flow, Problem, Question, Step, parse_date
from liability.publishing import translations
from liability.templatetags.recourse import SHAPING

logger = logging.getLogger(__name__)
MAX_QUERY = 2048  # a full set of answers is a few hundred bytes


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def answers_of(query: QueryDict) -> dict[str, list[str]]:
    return {key: query.getlist(key) for key in query}


SITUATION = {"asker", "employer", "officer", "harms", "died", "place", "date", "exact", "charged"}


def review(step: Step, questionnaire_url: str) -> list[dict]:
    """'Your answers': each answer with a link that re-asks it and keeps the others."""
    rows, answers = [], urlencode(step.pairs)  # encoded once, not once per answer
    asked_agency = "officer" in step.answers and "officer" not in step.implied
    for question, values in step.answered:
        if question.key in step.implied:  # taken without asking (the only agency of its kind)
            continue
        link = "&".join(filter(None, [answers, urlencode([("change", question.key)])]))
        rows.append(
            {
                "question": question.text,
                "topic": questions.TOPICS.get(question.key, question.text),  # the short form, on paper
                "answers": [parse_date(v) or question.label(v) for v in values],
                "change_url": f"{questionnaire_url}?{link}",
                "key": question.key,
                # The one-line situation tells the story (who, what, where, when, the charge), naming
                # the agency rather than also its kind. The deciding details (duty, age, custody, a
                # claim and its dates) read as a bare "No" or a date out of context: they stay in
                # "Your answers".
                "in_summary": question.key in SITUATION and not (question.key == "employer" and asked_agency),
            }
        )
    return rows


# Features no page of ours uses: a page that spells out a person's situation must not be
# able to ask for them, even if something were injected into it.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def personal(view):
    """For pages that spell out a person's situation (a result, what-if, a saved result,
    its calendar and delete pages): no shared cache and no browser disk may keep a copy,
    and the page may ask for no device feature. Our own server-side page cache is keyed
    by the address and holds nothing per visitor, so it is unaffected."""

    @wraps(view)
    def private(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response

    return private


def answers_in_address(view):
    """For the pages whose answers travel in the address: refuse an oversized one with a
    clear 400 before anything reads it, and answer GET and HEAD only."""

    @require_safe
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY:
            return render(request, "400.html", {"message": "too_long"}, status=400)
        return view(request, *args, **kwargs)

    return checked


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # Accept-Language only suggests: a browser that prefers Spanish gets a link to the
    # Spanish home page on the English one, never a redirect, so "English" always wins.
    suggest = get_language() != "es" and get_language_from_request(request) == "es"
    context = {"library_url": reverse("liability:library"), "suggest_spanish": suggest}
    response = render(request, "liability/home.html", context)
    patch_vary_headers(response, ["Accept-Language"])
    return response


@answers_in_address
def questionnaire(request: HtmxHttpRequest) -> HttpResponse:
    content, urls = content_and_urls(request)
    today = timezone.localdate()
    step = questions.build_for(content).resolve(answers_of(request.GET), today, change=request.GET.get("change", ""))
    if step.problem is None and not step.is_complete and request.GET.get("asked") == step.node.key:
        step = replace(step, problem=Problem.MISSING)  # the form was sent without an answer
    if step.is_complete:
        url = f"{urls['result']}?{step.querystring}"
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    # htmx swaps only the step, except when it restores a page from the history (Back):
    # then it needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "liability/questionnaire.html#step" if partial else "liability/questionnaire.html"
    context = {
        "step": step,
        "choices": choice_rows(step.node, step.answers),
        "current": current_values(step, request.GET),
        "back_url": back_url(step, urls["questionnaire"]),
        "today": today,
        "urls": urls,
        "result_fingerprint": content.result_fingerprint,
    }
    response = render(request, template, context, status=400 if step.problem else 200)
    if partial:  # the address bar shows this step's own link, not the form's plumbing
        # (no "asked", no "change": reloading it shows this same question, as asked)
        response = push_url(response, f"{urls['questionnaire']}?{urlencode([*step.pairs, *step.carried])}")
    return response


def choice_rows(question: Question, answers: dict) -> list[dict]:
    """The choices offered now, each with the group heading it starts when they come from
    more than one group (the same rows for the questionnaire and the what-if page:
    liability/question_fields.html)."""
    offered = question.offered(answers)
    grouped = len({choice.group for choice in offered}) > 1
    rows, group = [], None
    for choice in offered:
        starts = grouped and choice.group != group
        group = choice.group
        rows.append({"choice": choice, "heading": questions.GROUP_LABELS.get(choice.group, "") if starts else ""})
    return rows


def back_url(step: Step, questionnaire_url: str) -> str:
    asked = [question.key for question, _values in step.answered if question.key not in step.implied]
    if not asked:
        return reverse("liability:home")
    previous = asked[-1]
    return f"{questionnaire_url}?{urlencode([*step.pairs, *step.carried, ('change', previous)])}"


def content_and_urls(request: HttpRequest) -> tuple[law.Content, dict]:
    """Staff preview walks the same pages over the drafts; everyone else sees what is published."""
    if request.resolver_match and request.resolver_match.url_name.startswith("preview"):
        urls = {"questionnaire": reverse("liability:preview"), "result": reverse("liability:preview_result")}
        language = get_language()
        drafts = publishing.localize(publishing.export(), language)
        return translations.content_in(drafts, language), urls | {"preview": True}
    urls = {"questionnaire": reverse("liability:questionnaire"), "result": reverse("liability:result")}
    return publishing.published(request)[1], urls | {"preview": False}


def current_values(step: Step, query: QueryDict) -> list[str]:
    """What to pre-select when a question is shown again (changing an answer)."""
    if not isinstance(step.node, Question):
        return []
    return [v for v in query.getlist(step.node.key) if v] + [v for v in query.getlist(step.node.range_key) if v]


@personal
@answers_in_address
def result(request: HttpRequest) -> HttpResponse:
    content, urls = content_and_urls(request)
    today = timezone.localdate()
    step = questions.build_for(content).resolve(answers_of(request.GET), today)
    if not step.is_complete:  # a hand-edited or outdated link: resume the questionnaire, keeping its answers
        return redirect(f"{urls['questionnaire']}?{urlencode([*step.pairs, *step.carried])}")
    if request.META.get("QUERY_STRING") != step.querystring:  # one address per result
        return redirect(f"{urls['result']}?{step.querystring}")
    canonical, language = request.build_absolute_uri(), get_language()
    keyed = (publishing.published_fingerprint(request), content.result_fingerprint, language, urls["preview"])
    page_key = "result:" + hashlib.sha256(repr((keyed, canonical, today)).encode()).hexdigest()
    page = caches["pages"].get(page_key)  # this very result, kept (filled in, but for each visitor's own)
    if page is None:
        if wait := fresh_render_wait(request):
            limited = {"result_url": request.get_full_path()}
            response = render(request, "liability/result_limited.html", limited, status=429)
            response["Retry-After"] = str(wait)
            return response
        context = {
            "result": result_data(step, content, today),
            "result_fingerprint": content.result_fingerprint,
            "pairs": step.pairs,
            "calendar_url": f"{reverse('liability:result_calendar')}?{step.querystring}",
            "canonical": canonical,
            "today": today,
            "urls": urls,
            "changed": False,
            "shared": None,
            **languages(request),  # the layout's links to this page: they spell out the answers too
        }
        derived = {"review": lambda: review(step, urls["questionnaire"]), "what_if": lambda: what_if_links(step)}
        page = shaped(request, "liability/result.html", context, derived, step.querystring, keyed)
        caches["pages"].set(page_key, page, PAGE_TIMEOUT)
    page = shapes.for_visitor(page, token=lambda: get_token(request), nonce=lambda: str(get_nonce(request)))
    return HttpResponse(page)


PAGE_TIMEOUT = 600  # a page holds answers and dates: kept 10 minutes at most (the privacy note)
VISITOR = {"csrf_token": shapes.TOKEN_MARKER, "csp_nonce": shapes.NONCE_MARKER}  # filled in per response


def shaped(request: HttpRequest, template: str, context: dict, derived: dict, answers: str, keyed: tuple) -> list:
    """A page rendered once per shape (liability/shapes.py) and filled in with this
    person's dates, days left and answers (from scratch if that cannot be done), as chunks
    for shapes.for_visitor: the page is kept per address, and the CSRF token and the CSP
    nonce belong to one response. `derived` values follow from the answers (shapes.Shape)."""
    shape = shapes.Shape(context, answers, keyed, derived)
    html = filled = None
    if (kept := caches["shapes"].get(shape.key)) is not None:
        html = zlib.decompress(kept)
    elif (masked := shape.context()) is not None:
        rendered = render_to_string(template, masked | VISITOR | {SHAPING: True}, request)
        if answers not in rendered:  # else a value the shape did not mask (a new context processor?): never kept
            html = rendered.encode()
            caches["shapes"].set(shape.key, zlib.compress(html, 6), PAGE_TIMEOUT)  # a fifth of the memory
    if html is None or (filled := shapes.fill(html, shape)) is None:
        logger.error("A result's shape could not be filled in; rendered from scratch (template %s).", template)
        caches["shapes"].delete(shape.key)
        made = {key: make() for key, make in derived.items()}
        filled = shapes.chunks(render_to_string(template, context | made | VISITOR, request))
    return filled


def fresh_render_wait(request: HttpRequest) -> int:
    """0 while the client may have another result rendered from scratch, else the seconds
    until it may. A new result costs a core several milliseconds, and one client asking
    for thousands could starve everyone else, so each client gets RESULT_LIMIT of them per
    RESULT_LIMIT_WINDOW seconds, counted per app-server process: the limit protects that
    process's CPU, needs no shared store, and keeps only a keyed digest of the address
    (from trusted proxies only: liability/clients.py)."""
    if settings.RESULT_LIMIT <= 0:
        return 0
    window, now = settings.RESULT_LIMIT_WINDOW, time.time()
    client = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), "sha256").hexdigest()[:32]
    key = f"fresh-results:{client}:{int(now // window)}"
    caches["default"].add(key, 0, window)
    if caches["default"].incr(key) <= settings.RESULT_LIMIT:
        return 0
    return max(1, int(window - now % window))


def result_data(step: Step, content: law.Content, today: date) -> dict:
    """Everything a result shows, JSON-ready: the page renders it and a share stores it."""
    facts = questions.facts_of(step, content, today)
    assessment = law.assess(facts, content, today)
    data = plain(assessment)
    data["first"] = plain(plan.this_week(facts, content))
    data["myths"] = plain(law.myths_for(facts, content))
    data["steps"] = plain(plan.next_steps(facts, assessment, content))
    data["comparison"] = plain(plan.side_by_side(facts, assessment, content))
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
                because.append({"key": said["key"], "topic": questions.TOPICS.get(said["key"], ""), "answers": labels})
            reason["because"] = because
    return data


def what_if_links(step: Step) -> list[tuple[str, str]]:
    """One link per answer. Links, not a form, so the result page asks no question."""
    base = reverse("liability:what_if")
    answers = urlencode(step.pairs)  # encoded once, not once per answer
    # The kind of officer is changed with the agency (all agencies are listed there, under
    # their kinds), so it has no link of its own.
    return [
        (f"{base}?{'&'.join(filter(None, [answers, urlencode([('change', q.key)])]))}", whatif.TEXTS.get(q.key, q.text))
        for q, _values in step.answered
        if not q.resets
    ]


def to_json(assessment: law.Assessment) -> dict:
    """The result as JSON-ready data: what a share stores and what templates render."""
    return plain(assessment)


def plain(data: object) -> Any:
    """JSON-ready, as json.loads(json.dumps(asdict(data), default=str)) would make it, in a
    tenth of the time (that round trip was a tenth of a new result's cost): dataclasses
    become dicts, tuples lists, dates ISO text, enums their text. English shown on a Spanish
    page keeps its mark (publishing.English), so the page marks it."""
    kind = type(data)
    if kind is str or data is None or kind is bool or kind is int or kind is float:
        return data  # the common leaves first: a result has ~1,500 of them
    if kind is dict:
        return {str(key): plain(value) for key, value in data.items()}
    if kind is list or kind is tuple:
        return [plain(item) for item in data]
    if (names := _field_names(kind)) is not None:
        fields = {name: getattr(data, name) for name in names}
        for name, value in fields.items():  # most fields are text or flags: no call for those
            if not (type(value) is str or value is None or type(value) is bool):
                fields[name] = plain(value)
        return fields
    if isinstance(data, publishing.English):
        return data
    if isinstance(data, str):
        return str(data)  # a StrEnum becomes plain text
    if isinstance(data, bool | int | float):
        return data
    if isinstance(data, date):
        return data.isoformat()
    if isinstance(data, list | tuple):
        return [plain(item) for item in data]
    if isinstance(data, dict):
        return {str(key): plain(value) for key, value in data.items()}
    return str(data)


@cache  # one entry per dataclass: dataclasses.fields() is slow to call 1,500 times a page
def _field_names(kind: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None


@personal
@answers_in_address
def result_calendar(request: HttpRequest) -> HttpResponse:
    content, urls = content_and_urls(request)
    today = timezone.localdate()
    step = questions.build_for(content).resolve(answers_of(request.GET), today)
    if not step.is_complete:
        return redirect(f"{urls['questionnaire']}?{step.querystring}")
    return calendar_file(result_data(step, content, today), today, url="")  # the address would spell out the answers


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
        "what": gettext("{what}: {route}"),
        # What each kind of deadline beside a route's own is for (as its card says it).
        "labels": {
            "suit": gettext("Deadline to sue under state law"),
            "suit_after_rejection": gettext("Deadline to sue after a written rejection of the claim"),
            "death": gettext("Deadline for a wrongful-death claim"),
            "case_end": gettext("For a claim that the charges were false"),
            "after_denial": gettext("Deadline to go to court after the denial letter"),
        },
    }
    say_date = lambda day: formats.date_format(day, "DATE_FORMAT")  # noqa: E731
    body = ics.ics(result, today, timezone.now(), url, texts, say_date)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recourse-deadlines.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@personal
@answers_in_address
def what_if(request: HtmxHttpRequest) -> HttpResponse:
    """Change one answer of a result and see which routes would change, without starting over."""
    content, urls = content_and_urls(request)
    today = timezone.localdate()
    flow = questions.build_for(content)
    step = flow.resolve(answers_of(request.GET), today)
    question = next((q for q, _values in step.answered if q.key == request.GET.get("change")), None)
    if not step.is_complete or question is None:
        return redirect(f"{urls['result']}?{step.querystring}")
    values = [v for v in request.GET.getlist("to") if v]
    # Answers that only narrow this one (the kind of officer, for the agency) are left out,
    # so every agency is offered; they follow from the new answer (Question.implied).
    narrowing = [q.key for q, _values in step.answered if question.key in q.resets]
    # Asked here with every agency under its kind, the agency question reads as the first one.
    shown = replace(question, text=whatif.TEXTS[question.key], hint="") if question.key in whatif.TEXTS else question
    context = {
        "step": step,
        "question": shown,
        "choices": choice_rows(question, {k: v for k, v in step.answers.items() if k not in narrowing}),
        "current": values or list(step.answers[question.key]),
        "original": [question.label(v) for v in step.answers[question.key]],
        "result_url": f"{urls['result']}?{step.querystring}",
        "today": today,
        "urls": urls,
        **compare_answers(flow, step, question, values, content, today, urls, narrowing),
    }
    template = "liability/what_if.html#panel" if request.htmx else "liability/what_if.html"
    response = render(request, template, context)
    return push_url(response, request.get_full_path()) if request.htmx else response


def compare_answers(
    flow: Flow,
    step: Step,
    question: Question,
    values: list[str],
    content: law.Content,
    today: date,
    urls: dict,
    narrowing: Sequence[str] = (),
) -> dict:
    """What changes if `question` is answered `values` instead: the routes whose status or
    deadline differ, or a link to finish the questions when the new answer needs more."""
    if not values:
        return {}
    pairs = [(k, v) for k, v in whatif.swap(step.pairs, question, values) if k not in narrowing]
    changed = flow.resolve(answers_of(QueryDict(urlencode(pairs))), today)
    if not changed.is_complete:  # a new question now applies, or the answer is not valid
        return {"asked": True, "unfinished_url": f"{urls['questionnaire']}?{urlencode(pairs)}"}
    before = law.assess(questions.facts_of(step, content, today), content, today)
    after = law.assess(questions.facts_of(changed, content, today), content, today)
    return {
        "asked": True,
        "changes": whatif.changed_routes(before, after),
        "new_url": f"{urls['result']}?{changed.querystring}",
    }
