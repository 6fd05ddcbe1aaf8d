"""`make serve` itself, started on 127.0.0.1 as an operator would, in production mode
(HTTPS=true behind a "proxy", DEBUG off) on a database of its own.

It must keep serving a normal visitor while slow and idle clients hang on, answer its
health checks over plain HTTP to any host name, and write nothing personal to its logs.
Marked `server`: `pytest -m "not server"` leaves these out of a quick run."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "recourse.test"
CLIENT = "203.0.113.77"  # the visitor's address, as the trusted proxy reports it
ANSWERS = [
    ("officer", "ice"),
    ("harms", "shot"),
    ("died", "yes"),
    ("asker", "family"),
    ("place", "MN"),
    ("date", "2026-01-07"),
    ("duty", "on"),
    ("claim", "none"),
    ("wants", "money"),
    ("wants", "prosecution"),
]

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, port: int, log: Path):
        self.port, self.log = port, log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`make serve` on a free port; its whole process group is stopped afterwards."""
    work = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW", "DATABASE_"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "STATIC_ROOT": str(work / "static"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HTTPS": "true",
        "ALLOWED_HOSTS": HOST,
        "TRUSTED_PROXIES": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    log = work / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: make, gunicorn and its workers
        )
    served = Server(port, log)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, served.output()[-3000:]
            try:
                if get(port, "/healthz", host="127.0.0.1")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "make serve did not answer within 120 s:\n" + served.output()[-3000:]
            time.sleep(0.3)
        yield served
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def get(port: int, path: str, host: str = HOST, method: str = "GET", body: str = "", cookies=None, timeout=10):
    """One request as the TLS proxy forwards it (or, with host=127.0.0.1, as a checker sends it)."""
    headers = {"Host": host}
    if host == HOST:
        headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if method == "POST":
        headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{HOST}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def test_health_checks_answer_over_plain_http_to_any_host(server):
    assert get(server.port, "/healthz", host="127.0.0.1")[:3:2] == (200, "ok")
    status, headers, text = get(server.port, "/readyz", host="localhost")
    assert (status, text) == (200, "ready")
    assert headers["Cache-Control"] == "no-store"
    # every other page still insists on HTTPS and the public name
    assert get(server.port, "/", host=HOST)[0] == 200
    assert get(server.port, "/", host="127.0.0.1")[0] == 400


def drip(port: int, stop: threading.Event):
    """A client that sends its headers one byte every half second, forever."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        while not stop.wait(0.5):
            try:
                sock.sendall(b"X")
            except OSError:
                return


def test_sixteen_slow_or_idle_clients_do_not_delay_a_visitor(server):
    stop = threading.Event()
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(8)]
    drippers = [threading.Thread(target=drip, args=(server.port, stop), daemon=True) for _ in range(8)]
    for thread in drippers:
        thread.start()
    try:
        time.sleep(1)  # every slow client is connected and being read
        # Idle connections hold a thread for up to 5 s before gunicorn parks them, so ask
        # for 7 s: before, during and after that.
        timings = []
        started = time.monotonic()
        while time.monotonic() - started < 7:
            began = time.monotonic()
            status, _, page = get(server.port, "/guide/", timeout=5)
            timings.append(time.monotonic() - began)
            assert status == 200 and "</html>" in page
            time.sleep(0.5)
        assert max(timings) < 2, timings
        assert all(thread.is_alive() for thread in drippers)  # they were still dripping throughout
    finally:
        stop.set()
        for sock in idle:
            sock.close()
        for thread in drippers:
            thread.join(timeout=5)


def test_the_server_logs_no_share_id_answers_or_address(server):
    port = server.port
    status, headers, _ = get(port, f"/check/?{urlencode(ANSWERS)}")
    assert status == 302
    result_path = headers["Location"]
    status, headers, result = get(port, result_path)
    assert status == 200
    csrf = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"])[1]
    form = re.search(r'<form method="post" action="/share/">(.*?)</form>', result, re.S)[1]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    status, headers, _ = get(port, "/share/", method="POST", body=urlencode(fields), cookies={"csrftoken": csrf})
    assert status == 302
    share_path = headers["Location"]
    share_id = share_path.split("/")[2]
    assert get(port, share_path)[0] == 200
    assert get(port, f"/s/{share_id}.json")[0] == 200
    missing = "NoSuchShareXyzAbc12345"
    assert get(port, f"/s/{missing}/")[0] == 404
    assert get(port, f"/s/{missing}.json?officer=ice")[0] == 404
    # a malformed request: gunicorn refuses it and logs an error with the request line in it
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"GET /s/{share_id}/?officer=ice&harms=shot HTTP/9\r\nHost: {HOST}\r\n\r\n".encode())
        assert sock.recv(1000).startswith(b"HTTP/1.1 400")

    time.sleep(0.5)  # the last lines reach the file
    output = server.output()
    output = output[output.index("Starting gunicorn") :]  # the server's, not make's echo of its command
    # The log is there, and says what happened, in words that name no one.
    assert "/s/…/" in output and "/s/…" in output  # the share pages, by their route
    assert re.search(r'"GET /s/…/" 404', output), output[-3000:]
    assert "Not Found: /s/…/" in output  # Django's own 404 warning, redacted too
    assert "Invalid request from ip=[address]" in output
    assert '"POST /share/" 302' in output
    for secret in (share_id, missing, "officer=", "harms=", "prosecution", CLIENT, "127.0.0.1"):
        assert secret not in output, f"{secret!r} is in the server's log"
    assert "/healthz" not in output  # passing health checks make no noise
