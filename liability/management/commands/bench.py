"""`make bench`: serve the app production-like and measure it under load.

For each amount of content (the real content, then ten times as much, generated), a fresh
SQLite database is prepared and gunicorn serves it with DEBUG off, as `make serve` does.
Sixteen connections then ask for each kind of page for a few seconds, and the command
prints requests per second, p50 and p99 latency, and each page's ratio to a bare Django
view rendering a similar form without a database (liability/bench.py): the framework's
ceiling, measured in the same run on the same machine. Nothing here is a test: figures
vary with the machine, so they are reported, never asserted.
"""

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand

# (page, ratio it should reach) — the targets; None: reported only.
TARGETS = {
    "ceiling (bare form)": None,  # its ratio is to the better of its two runs
    "question step": 0.6,
    "result": 0.5,
    "result, first view": None,
    "shared result": 0.5,
    "explainer page": None,
}
P99_TARGET_MS = 50
JOURNEY = ["officer=ice", "harms=shot", "died=yes", "asker=family", "place=MN", "date=2026-01-07"]
EXPLAINERS = [
    "/guide/doctrines/qualified-immunity/",
    "/guide/routes/ftca/",
    "/guide/states/MN/",
    "/guide/myths/ice-absolute-immunity/",
    "/guide/",
]


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000 if ordered else float("nan")


def load(port: int, urls: list[str], seconds: float, concurrency: int) -> Run:
    """`concurrency` connections, each asking for the next URL in turn until time is up."""
    run, lock, position = Run(), threading.Lock(), [0]
    deadline = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < deadline:
            with lock:
                url = urls[position[0] % len(urls)]
                position[0] += 1
            start = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", url)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                connection.close()
            except OSError:
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                if ok:
                    run.latencies.append(elapsed)
                else:
                    run.errors += 1

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scenario_answers() -> list[str]:
    path = Path(settings.BASE_DIR) / "liability" / "scenarios.yaml"
    return [s["answers"] for s in yaml.safe_load(path.read_text())]


class Command(BaseCommand):
    help = "Serve the app with gunicorn and measure pages under load against a bare-view ceiling."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=5.0, help="How long to load each page.")
        parser.add_argument("--concurrency", type=int, default=16, help="Connections at once.")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--times", type=int, nargs="+", default=[1, 10], help="Amounts of content to try.")
        parser.add_argument("--grow", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, seconds, concurrency, workers, times, grow=None, **options):
        if grow:  # run inside a prepared bench database: add generated content, publish it
            return self.grow(grow)
        self.stdout.write(
            f"gunicorn, {workers} sync workers, DEBUG off, SQLite; {concurrency} connections, "
            f"{seconds:g} s per page; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}"
        )
        for amount in times:
            with tempfile.TemporaryDirectory() as folder:
                env = os.environ | {
                    "DEBUG": "false",
                    "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
                    "SECRET_KEY": "bench-only-" + "x" * 50,
                }
                self.prepare(env, amount)
                self.measure(env, amount, seconds, concurrency, workers)

    def prepare(self, env: dict, amount: int) -> None:
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        for command in (
            ["migrate", "--noinput"],
            ["load_content"],
            *([["bench", "--grow", str(amount)]] * (amount > 1)),
        ):
            subprocess.run([*manage, *command, "--verbosity", "0"], env=env, check=True, stdout=subprocess.DEVNULL)

    def grow(self, amount: int) -> None:
        from django.db import transaction

        from liability import bench, publishing

        with transaction.atomic():
            publishing.Loader().load(bench.grow(publishing.export(), amount))
            publishing.publish(None, f"Generated for the benchmark: the content {amount} times over.")

    def measure(self, env: dict, amount: int, seconds: float, concurrency: int, workers: int) -> None:
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "liability.bench:application()", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(workers), "--log-level", "warning"],
            env=env,
            cwd=settings.BASE_DIR,
        )
        try:
            self.wait_for(port)
            pages = self.pages(port)
            self.stdout.write(f"\nContent x{amount}:")
            self.stdout.write(f"  {'page':<22}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}  target")
            # The ceiling is measured first and again last, and the higher figure is used,
            # so that a slow start or a busy moment cannot flatter the pages' ratios.
            runs = {}
            for name, urls in [*pages.items(), ("ceiling (bare form), again", pages["ceiling (bare form)"])]:
                # Warm up (workers, parsed content); a first view must stay unseen, so its
                # warm-up asks for the ordinary results instead.
                warm = pages["result"] if name == "result, first view" else urls
                load(port, warm, min(2.0, seconds), concurrency)
                runs[name] = load(port, urls, seconds, concurrency)
            ceiling = max(runs["ceiling (bare form)"].rps, runs.pop("ceiling (bare form), again").rps)
            for name, run in runs.items():
                ratio, p99 = run.rps / ceiling, run.percentile(0.99)
                verdicts = [f"p99 < {P99_TARGET_MS} ms: " + ("met" if p99 < P99_TARGET_MS else "MISSED")]
                if (target := TARGETS[name]) is not None:
                    verdicts.insert(0, f"ratio >= {target}: " + ("met" if ratio >= target else "MISSED"))
                verdicts += [f"{run.errors} ERRORS"] * bool(run.errors)
                figures = f"{run.rps:>8.0f}{run.percentile(0.5):>9.1f}{p99:>9.1f}{ratio:>8.2f}"
                self.stdout.write(f"  {name:<22}{figures}  {'; '.join(verdicts)}")
        finally:
            server.terminate()
            server.wait(timeout=30)

    @staticmethod
    def wait_for(port: int) -> None:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def pages(self, port: int) -> dict[str, list[str]]:
        results = [canonical(port, f"/result/?{answers}") for answers in scenario_answers()]
        dated = [u for u in results if "date=2026-" in u]
        # Results nobody has asked for yet: the same situations on each day of 2025.
        first_views = [
            re.sub(r"date=\d{4}-\d\d-\d\d", f"date={date(2025, 1, 1) + timedelta(days=offset):%Y-%m-%d}", url)
            for offset in range(365)
            for url in dated
        ]
        shares = [share(port, url) for url in results[:8]]
        return {
            "ceiling (bare form)": ["/bench/ceiling/"],
            "question step": ["/check/"] + [f"/check/?{'&'.join(JOURNEY[:n])}" for n in range(1, len(JOURNEY) + 1)],
            "result": results,
            "result, first view": first_views,
            "shared result": shares,
            "explainer page": EXPLAINERS,
        }


def canonical(port: int, url: str) -> str:
    """A result's own address (the site redirects any other spelling of the answers)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", url)
    response = connection.getresponse()
    response.read()
    return response.getheader("Location") or url if response.status == 302 else url


def share(port: int, result_url: str) -> str:
    """Save a result as a visitor does: the form's CSRF token, then the POST."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", result_url)
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    pairs = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', page.split('action="/share/"')[1])
    body = urlencode([("csrfmiddlewaretoken", token), *pairs, ("keep", "30d")])
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    connection.request("POST", "/share/", body, headers)
    saved = connection.getresponse()
    saved.read()
    assert saved.status == 302, f"saving a result answered {saved.status}"
    return saved.getheader("Location")
