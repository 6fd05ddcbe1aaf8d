"""The built wheel is the whole app: installed alone in a new virtualenv (with the locked
dependencies, away from this checkout), it passes `manage.py check` and serves pages."""

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # setuptools' scratch copy
    (found,) = out.glob("recourse-*.whl")
    return found


def test_the_wheel_holds_every_file_of_the_package(wheel):
    source = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "liability").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    packed = {name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("liability/")}
    assert source - packed == set()
    for needed in (
        "liability/migrations/0001_initial.py",
        "liability/templates/base.html",
        "liability/static/liability/site.css",
        "liability/content/routes.yaml",
        "liability/scenarios.yaml",
        "liability/locale/es/LC_MESSAGES/django.po",
        "liability/locale/es/LC_MESSAGES/django.mo",  # compiled by make before the tests
        "liability/management/commands/load_content.py",
    ):
        assert needed in packed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_wheel_alone_checks_and_serves(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "--require-hashes", "--no-deps", "-r", str(ROOT / "requirements.lock")], check=True, timeout=600
    )
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, timeout=120)
    site = tmp_path / "site"  # only manage.py, nothing of the checkout
    site.mkdir()
    shutil.copy(ROOT / "manage.py", site)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO", "DATABASE_", "PYTHON"))}
    port = free_port()
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DEBUG": "false",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }

    def manage(*args: str) -> str:
        run = subprocess.run([str(python), "manage.py", *args], cwd=site, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-2000:]
        return run.stdout

    where = subprocess.run(
        [str(python), "-c", "import liability; print(liability.__file__)"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(venv)), where  # the installed copy, not this checkout
    assert "System check identified no issues" in manage("check")
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("load_content")
    manage("collectstatic", "--noinput", "--verbosity", "0")

    server = subprocess.Popen(
        [str(venv / "bin" / "gunicorn"), "-c", "python:liability.gunicorn_conf", "liability.wsgi"],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        pages = {}
        deadline = time.monotonic() + 60
        for path in ("/readyz", "/", "/guide/", "/check/"):
            while True:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    connection.request("GET", path, headers={"Host": "127.0.0.1"})
                    response = connection.getresponse()
                    pages[path] = (response.status, response.read().decode())
                    connection.close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "the installed app never answered"
                    time.sleep(0.3)
        assert {path: status for path, (status, _) in pages.items()} == {
            "/readyz": 200,
            "/": 200,
            "/guide/": 200,
            "/check/": 200,
        }
        assert "Recourse" in pages["/"][1]
        css = pages["/"][1].split('href="/static/liability/site.', 1)[1].split('"', 1)[0]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", f"/static/liability/site.{css}", headers={"Host": "127.0.0.1"})
        assert connection.getresponse().status == 200  # static files from the package, via whitenoise
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
