"""Two production-like app servers (gunicorn, DEBUG off, HTTPS behind a "proxy", one
SECRET_KEY, one database) behind an imaginary load balancer: any step, any form and any
saved link must work whichever server answers it.

The servers are real processes on free ports, over a database made for this test alone
(a new PostgreSQL database when DATABASE_URL is PostgreSQL, else a temporary SQLite file),
prepared with `migrate` and `load_content` as production does."""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

from tests.ops.test_deploy import ROOT
from tests.web.test_views import ICE_FAMILY

HOST = "recourse.test"  # the public name both servers answer to, as behind a balancer

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A database of its own: PostgreSQL like the suite's, or SQLite; dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('scaleout') / 'db.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'recourse'}_scaleout_{os.getpid()}"
    admin = {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username, "password": parts.password}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def production_env(database_url, tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))}
    env |= {
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),  # one key, given to every server
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "SHARE_LIMIT": "2",
        "TRUSTED_PROXIES": "127.0.0.1",  # the "proxy" below names each test's client
    }
    for command in (["migrate", "--noinput"], ["load_content"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    return env


@pytest.fixture(scope="module")
def servers(production_env):
    """Two gunicorn servers on free ports; always stopped, even when a test fails."""
    started = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "liability.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                cwd=ROOT,
                env=production_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            started.append((process, port))
        for process, port in started:
            deadline = time.monotonic() + 30
            while True:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    assert time.monotonic() < deadline, f"the server on port {port} never accepted connections"
                    time.sleep(0.1)
        yield [port for _, port in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def request(port: int, method: str, path: str, body: str = "", cookies: dict | None = None, client="203.0.113.1"):
    """One request as the TLS proxy forwards it: the public host name, X-Forwarded-Proto
    and the client's address."""
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": client}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if method == "POST":
        headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{HOST}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return response.status, response.headers, text, {k: m.value for k, m in jar.items()}
    finally:
        connection.close()


def routes_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-route="([^"]+)" data-route-status="([^"]+)"', html))


def test_a_journey_alternating_between_two_servers(servers):
    a, b = servers
    keys = list(dict.fromkeys(key for key, _ in ICE_FAMILY))
    # Step n on one server, step n+1 on the other: the answers so far are all in the address.
    for n, key in enumerate(keys):
        answered = [(k, v) for k, v in ICE_FAMILY if k in keys[:n]]
        status, _, html, _ = request((a, b)[n % 2], "GET", f"/check/?{urlencode(answered)}")
        assert status == 200, html[-500:]
        assert f'name="asked" value="{key}"' in html  # the server asks the next question
    status, headers, _, _ = request((a, b)[len(keys) % 2], "GET", f"/check/?{urlencode(ICE_FAMILY)}")
    assert status == 302 and headers["Location"].startswith("/result/?")
    result_path = headers["Location"]

    # The result on A sets the CSRF cookie and token; B accepts them (one SECRET_KEY).
    status, headers, result, cookies = request(a, "GET", result_path)
    assert status == 200 and "Strict-Transport-Security" in headers
    assert "csrftoken" in cookies
    form = re.search(r'<form method="post" action="/share/">(.*?)</form>', result, re.S)[1]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    assert ("csrfmiddlewaretoken", re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]) in fields
    status, headers, _, saved_cookies = request(
        b, "POST", "/share/", urlencode([*fields, ("keep", "30d")]), {"csrftoken": cookies["csrftoken"]}
    )
    assert status == 302, "B refused A's CSRF token"
    share_path = headers["Location"]
    assert re.fullmatch(r"/s/[\w-]{22,}/", share_path)

    # The link made on B opens on A, showing the same result, and its delete secret too.
    status, _, shared, _ = request(a, "GET", share_path, cookies=saved_cookies)
    assert status == 200
    assert routes_of(shared) == routes_of(result) and routes_of(shared)
    assert f"{share_path}delete/?key=" in shared


def test_a_publish_seen_by_one_server_is_served_by_the_other(servers, production_env):
    """Each server keeps parsed content per process, but asks the database for the latest
    version on every request: a version published anywhere is what every server shows."""
    a, b = servers
    page = "/guide/doctrines/qualified-immunity/"
    status, _, before, _ = request(b, "GET", page)  # B now holds the current version
    assert status == 200
    summary = f"Checked on two servers ({secrets.token_hex(4)})."
    assert summary not in before
    publish = (
        "from liability import publishing; from liability.models import Doctrine; "
        f"Doctrine.objects.filter(slug='qualified-immunity').update(summary={summary!r}); "
        "publishing.publish(None, 'Scale-out test: a new version.', source='files')"
    )
    command = [sys.executable, "manage.py", "shell", "-c", publish]
    subprocess.run(command, cwd=ROOT, env=production_env, check=True, capture_output=True)
    for port in (b, a):
        status, _, after, _ = request(port, "GET", page)
        assert status == 200 and summary in after, port


def test_the_share_limit_is_counted_across_servers(servers):
    """The count is keyed with SECRET_KEY and kept in the database: two saves on A and B
    use up a limit of two, and the next one is refused wherever it lands."""
    a, b = servers
    status, _, result, cookies = request(a, "GET", f"/result/?{urlencode(ICE_FAMILY)}", client="198.51.100.9")
    form = re.search(r'<form method="post" action="/share/">(.*?)</form>', result, re.S)[1]
    body = urlencode([*re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form), ("keep", "30d")])
    statuses = [
        request(port, "POST", "/share/", body, {"csrftoken": cookies["csrftoken"]}, client="198.51.100.9")[0]
        for port in (a, b, a)
    ]
    assert statuses == [302, 302, 429]
