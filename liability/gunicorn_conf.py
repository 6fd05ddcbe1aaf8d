"""How gunicorn serves Recourse: `gunicorn -c python:liability.gunicorn_conf liability.wsgi`
(`make serve` and the image both do). Settings come from the environment, like the app's.

Threaded workers (gthread) cope with slow and idle clients by themselves: a connection
that sends nothing waits in the worker's event loop without a thread, and one that drips
its headers holds one thread of many, not a whole worker, so 16 such clients do not delay
anyone (tests/ops/test_serve.py). Production still puts a buffering proxy in front
(docker-compose.yml): it holds thousands of slow connections for nothing and hands the app
whole requests only.
"""

import os

from gunicorn.glogging import Logger

from liability.logs import Redact, redact

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
# Threads wait on slow clients and the database far more than they compute. Each holds
# at most one database connection (CONN_MAX_AGE), so workers x threads x servers must
# stay under PostgreSQL's max_connections.
threads = int(os.environ.get("WEB_THREADS", "32"))
timeout = 30  # a worker whose main loop stops for this long is replaced
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
# Method, path (never the query string: it spells out the answers), status, size, time.
# No client address, referrer or user agent: PrivateLogger hands out none of them anyway.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'

HEALTH_CHECKS = ("/healthz", "/readyz")
SAFE_ATOMS = {"t", "m", "U", "s", "b", "B", "H", "T", "D", "M", "L", "p"}


class PrivateLogger(Logger):
    """gunicorn's logger with nothing personal: share ids shortened, no query strings,
    no addresses, and no line for a passing health check (one every few seconds)."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, Redact) for f in log.filters):
                log.addFilter(Redact())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        safe = {key: value for key, value in atoms.items() if key in SAFE_ATOMS}
        safe["U"] = redact(safe.get("U") or "")
        return safe

    def access(self, resp, req, environ, request_time):
        status = str(resp.status).split(None, 1)[0]
        if environ.get("PATH_INFO") in HEALTH_CHECKS and status.startswith("2"):
            return
        super().access(resp, req, environ, request_time)


logger_class = PrivateLogger
