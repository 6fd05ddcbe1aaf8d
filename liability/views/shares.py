"""Saved results: save, show (page or JSON), calendar, delete."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from liability import law, publishing, questions
from liability.clients import client_address
from liability.context_processors import language_path
from liability.models import Share, ShareThrottle
from liability.publishing import translations
from liability.views.answers import answers_of, calendar_file, personal, result_data, review, what_if_links

DELETE_COOKIE = "recourse_delete_key"  # carries a new share's delete secret to its page, once


@personal
@require_POST
def share(request: HttpRequest) -> HttpResponse:
    content = publishing.published(request)[1]
    today = timezone.localdate()
    step = questions.build_for(content).resolve(answers_of(request.POST), today)
    if not step.is_complete:
        return render(request, "400.html", {"message": "incomplete"}, status=400)
    now, window = timezone.now(), timedelta(seconds=settings.SHARE_LIMIT_WINDOW)
    count, ends = ShareThrottle.objects.hit(client_address(request), now, window)
    if count > settings.SHARE_LIMIT:
        result_url = f"{reverse('liability:result')}?{step.querystring}"
        response = render(request, "liability/share_limited.html", {"result_url": result_url}, status=429)
        response["Retry-After"] = str(max(1, int((ends - now).total_seconds())))
        return response
    keep = request.POST.get("keep")
    keep = Share.Keep(keep) if keep in Share.Keep.values else Share.Keep.MONTH
    saved = Share(
        answers=step.pairs,
        content_version=content.result_fingerprint,
        result=translations.keep_marks(result_data(step, content, today)),  # English shown in Spanish stays marked
        language=translation.get_language(),  # /es/share/ saves a Spanish result
    )
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


@personal
@require_safe
def shared(request: HttpRequest, share_id: str, as_json: bool = False) -> HttpResponse:
    """A saved result: the page, or JSON for legal-aid partners (`.json` or Accept)."""
    as_json = as_json or request.get_preferred_type(["text/html", "application/json"]) == "application/json"
    # The page reads the stored result only when its cache has no copy (see result.html).
    saved = (Share.objects if as_json else Share.objects.defer("result")).find(share_id)
    if saved is None:
        missing = JsonResponse({"error": "not found"}, status=404) if as_json else None
        response = missing or render(request, "liability/share_missing.html", status=404)
    elif not as_json and saved.language != translation.get_language():
        # A share opens in the language it was saved in (its stored result is worded in it).
        return redirect(saved)
    else:
        content = publishing.published(request)[1]
        changed = saved.content_version != content.result_fingerprint
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
    # Like the stored result, worked out only when the page's cache has no copy.
    step = SimpleLazyObject(
        lambda: questions.build_for(content).resolve(answers_of(QueryDict(urlencode(pairs))), today)
    )
    key = request.COOKIES.get(DELETE_COOKIE, "")
    today_url = f"{reverse('liability:result')}?{urlencode(pairs)}"
    other = next(code for code, _name in settings.LANGUAGES if code != saved.language)
    delete_url = ""
    if saved.accepts_delete_key(key):
        delete_url = request.build_absolute_uri(
            f"{reverse('liability:share_delete', args=[saved.id])}?{urlencode({'key': key})}"
        )
    response = render(
        request,
        "liability/result.html",
        {
            "result": SimpleLazyObject(lambda: translations.restore_marks(saved.result)),
            "result_fingerprint": saved.content_version,
            "shared": saved,
            "changed": changed,
            "today_url": today_url,
            # The switch leads to today's result in the other language: the stored one is
            # worded in its own language only. No alternates: a share has one address.
            "language_switch": {
                "code": other,
                "name": dict(settings.LANGUAGES)[other],
                "url": language_path(today_url, other),
                "fixed": True,
            },
            "alternates": [],
            "review": SimpleLazyObject(
                lambda: review(step, reverse("liability:questionnaire")) if step.is_complete else []
            ),
            "what_if": SimpleLazyObject(lambda: what_if_links(step) if step.is_complete else []),
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


@personal
@require_http_methods(["GET", "POST"])
def share_delete(request: HttpRequest, share_id: str) -> HttpResponse:
    """Delete a saved result with the secret its maker was shown: GET asks, POST deletes."""
    saved = Share.objects.find(share_id)
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


@personal
@require_safe
def shared_calendar(request: HttpRequest, share_id: str) -> HttpResponse:
    saved = Share.objects.find(share_id)
    if saved is None:
        return render(request, "liability/share_missing.html", status=404)
    with translation.override(saved.language):  # the calendar's words match the saved result's
        return calendar_file(saved.result, timezone.localdate(), request.build_absolute_uri(saved.get_absolute_url()))
