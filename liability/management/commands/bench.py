"""Measure the main pages: database queries per request and response times.

Performance is measured here, never asserted by timed tests. Run with `make bench`.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

ANSWERS = "officer=ice&harms=shot&died=yes&asker=family&place=MN&date=2026-01-07&wants=money&wants=prosecution"
PAGES = [
    ("home", "/"),
    ("first question", "/check/"),
    ("a later question", "/check/?officer=ice&harms=shot&died=yes&asker=family"),
    ("result", f"/result/?{ANSWERS}"),
    ("doctrine page", "/guide/doctrines/qualified-immunity/"),
    ("guide", "/guide/"),
]


class Command(BaseCommand):
    help = "Measure queries and response times of the main pages."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="Requests per page.")

    def handle(self, *args, requests: int = 50, **options):
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        share = client.post(
            "/share/",
            dict(pair.split("=") for pair in ANSWERS.split("&") if "wants" not in pair)
            | {"wants": ["money", "prosecution"]},
        )
        pages = [*PAGES, ("shared result", share["Location"])]
        self.stdout.write(f"{'page':<18} {'status':>6} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
        for name, url in pages:
            queries = []  # counted by a wrapper, which survives the per-request reconnects

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                status = client.get(url).status_code
            times = []
            for _ in range(requests):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            self.stdout.write(f"{name:<18} {status:>6} {len(queries):>8} {statistics.median(times):>10.1f} {p95:>8.1f}")
