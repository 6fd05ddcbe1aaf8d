"""Security headers on every kind of page, the limit on saving shares, and share ids
that cannot be guessed or listed."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from django.test import override_settings

from liability.clients import trusted_proxies
from liability.models import Share, ShareThrottle
from tests.web.test_share import dict_pairs, save
from tests.web.test_views import ICE_FAMILY, query

pytestmark = pytest.mark.django_db

RESULT = "/result/?" + query(ICE_FAMILY)
HTTPS = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
}


def page_types(client) -> dict[str, tuple[str, str, dict]]:
    """(method, path, data) for one page of every kind the site answers with."""
    share_path = save(client)
    share = Share.objects.get(pk=share_path.split("/")[2])
    key = share.set_delete_key()
    share.save()
    return {
        "home": ("get", "/", {}),
        "question": ("get", "/check/?officer=ice", {}),
        "question fragment": ("get", "/check/?officer=ice", {"HTTP_HX_REQUEST": "true"}),
        "result": ("get", RESULT, {}),
        "what-if": ("get", "/result/what-if/?" + query(ICE_FAMILY) + "&change=died&to=no", {}),
        "calendar": ("get", "/result/deadlines.ics?" + query(ICE_FAMILY), {}),
        "shared result": ("get", share_path, {}),
        "shared json": ("get", share_path.rstrip("/") + ".json", {}),
        "shared calendar": ("get", share_path + "deadlines.ics", {}),
        "delete page": ("get", f"{share_path}delete/?{urlencode({'key': key})}", {}),
        "guide": ("get", "/guide/", {}),
        "route": ("get", "/guide/routes/ftca/", {}),
        "doctrine": ("get", "/guide/doctrines/qualified-immunity/", {}),
        "state": ("get", "/guide/states/MN/", {}),
        "myth": ("get", "/guide/myths/ice-absolute-immunity/", {}),
        "glossary": ("get", "/guide/glossary/", {}),
        "sitemap": ("get", "/sitemap.xml", {}),
        "404": ("get", "/no-such-page/", {}),
        "missing share": ("get", "/s/no-such-share/", {}),
        "400": ("get", "/check/?" + "&".join(f"f{i}=x" for i in range(300)), {}),
        "admin login": ("get", "/admin/login/", {}),
        "static file": ("get", "/static/liability/site.css", {}),
    }


def assert_secure_headers(response, name):
    csp = response.get("Content-Security-Policy", "")
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";") if d.strip())
    script_src = directives.get("script-src", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if b"<script" in body:  # a page loading htmx carries the nonce it was given
        assert re.search(r"'nonce-[\w+/=-]+'", script_src), (name, csp)
    else:  # Django adds a nonce only where one was used: the rest may run no script of their own
        assert script_src == "'self'", (name, csp)
    assert "unsafe-" not in csp, (name, csp)  # neither 'unsafe-inline' nor 'unsafe-eval', anywhere
    assert directives.get("frame-ancestors") == "'none'", (name, csp)
    assert directives.get("default-src") == "'self'", (name, csp)
    assert response.get("X-Content-Type-Options") == "nosniff", name
    assert response.get("Referrer-Policy") in ("same-origin", "no-referrer", "strict-origin"), name
    assert response.get("X-Frame-Options") == "DENY", name
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", name


@pytest.fixture
def client(client, settings):
    """Whitenoise serves static files from the source folders, as without collectstatic."""
    settings.WHITENOISE_USE_FINDERS = True
    return client


def test_every_page_type_sends_the_security_headers(client):
    statuses = {}
    for name, (method, path, extra) in page_types(client).items():
        response = getattr(client, method)(path, **extra)
        statuses[name] = response.status_code
        assert_secure_headers(response, name)
    # each page is what it claims to be, so a broken one cannot pass unseen
    assert statuses["404"] == statuses["missing share"] == 404 and statuses["400"] == 400
    assert {n: s for n, s in statuses.items() if n not in ("404", "missing share", "400") and s != 200} == {}


PERSONAL = {"result", "what-if", "calendar", "shared result", "shared json", "shared calendar", "delete page"}


def test_pages_that_spell_out_a_situation_are_kept_by_no_cache_and_ask_for_no_device(client):
    for name, (method, path, extra) in page_types(client).items():
        response = getattr(client, method)(path, **extra)
        cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        if name in PERSONAL:
            assert {"private", "no-store"} <= cache_control, (name, cache_control)
            policy = response.get("Permissions-Policy", "")
            assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy, name
    saved = client.post("/share/", dict_pairs(ICE_FAMILY) | {"keep": "30d"})
    assert "no-store" in saved["Cache-Control"]


def test_over_https_every_page_is_strict_transport_and_cookies_are_secure(client):
    with override_settings(**HTTPS):
        pages = page_types(client)
        for name, (method, path, extra) in pages.items():
            response = getattr(client, method)(path, secure=True, **extra)
            assert_secure_headers(response, name)
            assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains", name
        # the admin login sets csrftoken; signing in sets sessionid: both Secure, sessionid HttpOnly
        login = client.get("/admin/login/", secure=True)
        assert login.cookies["csrftoken"]["secure"]
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_user("staff", password="a-long-password-1", is_staff=True)
        signed_in = client.post(
            "/admin/login/?next=/admin/",
            {
                "username": "staff",
                "password": "a-long-password-1",
                "csrfmiddlewaretoken": login.cookies["csrftoken"].value,
            },
            secure=True,
        )
        assert signed_in.status_code == 302
        assert signed_in.cookies["sessionid"]["secure"] and signed_in.cookies["sessionid"]["httponly"]
        # the saved result's one-time delete cookie is Secure too
        saved = client.post("/share/", dict_pairs(ICE_FAMILY), secure=True)
        assert saved.status_code == 302
        assert all(cookie["secure"] for cookie in saved.cookies.values()), saved.cookies


def test_htmx_loads_with_the_nonce_and_needs_no_eval_or_inline_styles(client):
    import json

    response = client.get("/check/")
    html = response.text
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    scripts = re.findall(r"<script\b[^>]*>", html)
    htmx = [tag for tag in scripts if "htmx" in tag]
    assert len(htmx) == 1 and f'nonce="{nonce}"' in htmx[0]
    assert all("src=" in tag for tag in scripts)  # no inline script at all
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)[1])
    assert config["allowEval"] is False and config["includeIndicatorStyles"] is False
    # nothing in our pages relies on inline styles or handlers, which the CSP would block
    for path in ("/", "/check/?officer=ice", RESULT, "/guide/glossary/"):
        page = client.get(path).text
        assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on|javascript:", page), path


@pytest.mark.parametrize("https", [False, True])
def test_check_deploy_is_clean_with_production_settings(https):
    """`manage.py check --deploy` run as production runs it: a fresh process, DEBUG off,
    behind a TLS proxy (HTTPS=true) with a real key; also without HTTPS (make serve)
    to show which warnings production's settings are there to clear."""
    import os
    import secrets
    import subprocess
    import sys

    from tests.ops.test_deploy import ROOT

    # as a server starts: without what the test run itself sets (the browser tests allow async-unsafe calls)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))}
    env |= {
        "DEBUG": "false",
        "HTTPS": "true" if https else "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "recourse.example.org",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if https:
        assert run.returncode == 0, run.stdout + run.stderr
        assert "no issues" in run.stdout
    else:  # plain HTTP is for trying it on a laptop, and the check says so
        assert run.returncode != 0 and "security.W004" in run.stderr


def test_production_refuses_to_start_without_a_shared_secret_key():
    import os
    import subprocess
    import sys

    from tests.ops.test_deploy import ROOT

    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "false", "HTTPS": "true"}
    run = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in run.stderr
    assert "the same long random string on every app server" in run.stderr


# The share limit -----------------------------------------------------------------------


def share_from(client, address: str):
    return client.post("/share/", dict_pairs(ICE_FAMILY), REMOTE_ADDR=address)


@override_settings(SHARE_LIMIT=3, SHARE_LIMIT_WINDOW=3600)
def test_saving_is_limited_per_client_with_a_kind_page_that_keeps_the_answers(client):
    for _ in range(3):
        assert share_from(client, "203.0.113.7").status_code == 302
    refused = share_from(client, "203.0.113.7")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Please wait a while before saving another result" in refused.text
    back = re.search(r'href="(/result/\?[^"]+)"[^>]*>Back to your result', refused.text)[1].replace("&amp;", "&")
    assert back == RESULT  # the answers come back with the link
    assert client.get(back).status_code == 200
    assert Share.objects.count() == 3
    # another client is counted on its own
    assert share_from(client, "198.51.100.20").status_code == 302


@override_settings(SHARE_LIMIT=2, SHARE_LIMIT_WINDOW=3600)
def test_the_limit_resets_when_the_window_ends_and_old_counts_are_purged(client, monkeypatch):
    from django.core.management import call_command
    from django.utils import timezone

    start = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=5))
    assert [share_from(client, "203.0.113.7").status_code for _ in range(3)] == [302, 302, 429]
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=59))
    assert share_from(client, "203.0.113.7").status_code == 429
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=61))
    assert share_from(client, "203.0.113.7").status_code == 302
    # the new window's first hit removed the ended window's count
    assert list(ShareThrottle.objects.values_list("window", "count")) == [(start + timedelta(hours=1), 1)]
    share_from(client, "198.51.100.20")  # same window: nothing older to remove
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=3))
    call_command("purge_shares", verbosity=0)
    assert not ShareThrottle.objects.exists()


def test_no_address_is_stored_and_windows_cannot_be_linked():
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    ShareThrottle.objects.hit("203.0.113.7", now, timedelta(hours=1))
    first = ShareThrottle.objects.get()
    assert "203.0.113" not in first.client and len(first.client) == 64
    ShareThrottle.objects.hit("203.0.113.7", now + timedelta(hours=1), timedelta(hours=1))
    second = ShareThrottle.objects.get()  # the ended window's row is gone
    assert second.window > first.window
    assert first.client != second.client  # the same client looks different in each window


@override_settings(SHARE_LIMIT=2)
def test_the_count_is_shared_by_every_app_server(client):
    """The count is in the database: what one server counted, another refuses on.
    Two test clients stand in for two servers; nothing is kept in a process."""
    from django.test import Client

    server_a, server_b = client, Client()
    assert share_from(server_a, "203.0.113.7").status_code == 302
    assert share_from(server_b, "203.0.113.7").status_code == 302
    assert share_from(server_a, "203.0.113.7").status_code == 429
    assert ShareThrottle.objects.get().count == 3


@override_settings(SHARE_LIMIT=1, TRUSTED_PROXIES=trusted_proxies("10.0.0.1"))
def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_added(client):
    def via_proxy(forwarded):
        return client.post("/share/", dict_pairs(ICE_FAMILY), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert via_proxy("203.0.113.7").status_code == 302
    # a client cannot dodge the limit by writing its own entry before the proxy's
    assert via_proxy("1.2.3.4, 203.0.113.7").status_code == 429
    assert via_proxy("198.51.100.20").status_code == 302


@override_settings(SHARE_LIMIT=1)
def test_without_trusted_proxies_forwarded_addresses_are_ignored(client):
    assert client.post("/share/", dict_pairs(ICE_FAMILY), HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    assert client.post("/share/", dict_pairs(ICE_FAMILY), HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


# Share ids ------------------------------------------------------------------------------


def test_share_ids_are_128_random_bits_from_secrets(monkeypatch):
    import secrets

    from liability.models import new_share_id

    asked = []
    real = secrets.token_urlsafe
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: asked.append(n) or real(n))
    ids = {new_share_id() for _ in range(200)}
    assert asked and all(n >= 16 for n in asked)  # bytes: 128 bits or more
    assert len(ids) == 200 and all(re.fullmatch(r"[A-Za-z0-9_-]{22,}", i) for i in ids)


def test_unknown_and_near_miss_ids_get_the_same_404(client):
    share_id = save(client).split("/")[2]
    near = share_id[:-1] + ("A" if share_id[-1] != "A" else "B")
    pages = [client.get(f"/s/{i}/") for i in ("no-such-share", near, share_id[:-1], share_id.upper())]
    assert {p.status_code for p in pages} == {404}
    assert len({re.sub(r'nonce="[^"]+"', "", p.text) for p in pages}) == 1  # the same page, byte for byte
    jsons = [client.get(f"/s/{i}.json") for i in ("no-such-share", near)]
    assert [j.json() for j in jsons] == [{"error": "not found"}] * 2
    for path in (f"/s/{near}/delete/?key=x", f"/s/{near}/deadlines.ics"):
        assert client.get(path).status_code == 404


def test_shares_are_listed_nowhere(client):
    share_id = save(client).split("/")[2]
    for path in ("/sitemap.xml", "/", "/guide/", "/s/", "/share/"):
        response = client.get(path)
        assert share_id not in response.text, path
    assert client.get("/s/").status_code == 404
    assert client.get("/share/").status_code == 405


def test_admin_login_locks_out_after_five_failures(client, django_user_model):
    django_user_model.objects.create_user("clerk", password="the-right-password-2", is_staff=True)
    statuses = [
        client.post("/admin/login/?next=/admin/", {"username": "clerk", "password": f"wrong-{n}"}).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the form again four times; the fifth failure locks
    locked = client.post("/admin/login/?next=/admin/", {"username": "clerk", "password": "the-right-password-2"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failed_admin_logins_are_recorded_without_the_address(client, django_user_model):
    from axes.models import AccessAttempt

    for address in ("203.0.113.7", "203.0.113.8"):
        client.post("/admin/login/", {"username": "clerk", "password": "wrong"}, REMOTE_ADDR=address)
    recorded = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert len(recorded) == 2  # still one count per client
    assert not recorded & {"203.0.113.7", "203.0.113.8"}


def test_no_state_lives_in_one_process(settings):
    """Behind a load balancer any server may answer the next request: sessions, admin
    lockouts and share counts are in the database. The per-process caches hold rendered
    pages and parts of pages, keyed by everything they depend on (tests/ops/test_budgets.py,
    tests/web/test_parts.py), so a copy on one server is never a state the others lack; no
    other code uses a cache."""
    from importlib import import_module

    from axes.conf import settings as axes_settings
    from django.contrib.sessions.backends.db import SessionStore

    from tests.ops.test_deploy import ROOT

    assert issubclass(import_module(settings.SESSION_ENGINE).SessionStore, SessionStore)
    assert axes_settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert set(settings.CACHES) == {"default", "pages", "parts", "shapes"}
    code = [p for p in (ROOT / "liability").rglob("*.py") if "migrations" not in p.parts and p.name != "settings.py"]
    users = [p.relative_to(ROOT).as_posix() for p in code if "django.core.cache" in p.read_text()]
    # The route cards' "parts" cache, and the per-process limit on results rendered from
    # scratch (it protects that process's CPU, so it is counted where the CPU is spent).
    assert code and sorted(users) == ["liability/templatetags/recourse.py", "liability/views/answers.py"]
