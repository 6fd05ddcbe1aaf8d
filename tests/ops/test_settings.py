"""Settings from the environment: strict, documented, and safe with any password."""

import logging
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from liability import settings as project_settings
from liability.logs import Redact, redact

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value", ["true", "TRUE", " yes ", "1", "on"])
def test_true_is_written_several_ways(monkeypatch, value):
    monkeypatch.setenv("HTTPS", value)
    assert project_settings.env_flag("HTTPS") is True


@pytest.mark.parametrize("value", ["false", "False", "no", "0", "off"])
def test_false_is_written_several_ways(monkeypatch, value):
    monkeypatch.setenv("HTTPS", value)
    assert project_settings.env_flag("HTTPS", default=True) is False


def test_unset_or_empty_means_the_default(monkeypatch):
    monkeypatch.delenv("HSTS_PRELOAD", raising=False)
    assert project_settings.env_flag("HSTS_PRELOAD") is False
    monkeypatch.setenv("HSTS_PRELOAD", "")
    assert project_settings.env_flag("HSTS_PRELOAD", default=True) is True


@pytest.mark.parametrize("value", ["ture", "y", "enabled", "2", "false!"])
def test_a_typo_in_a_flag_stops_the_start(monkeypatch, value):
    """HTTPS=ture used to turn off HSTS, secure cookies and the redirect without a word."""
    monkeypatch.setenv("HTTPS", value)
    with pytest.raises(ImproperlyConfigured, match=r"HTTPS=.* is not true or false"):
        project_settings.env_flag("HTTPS")


def test_a_number_that_is_not_one_stops_the_start(monkeypatch):
    monkeypatch.setenv("SHARE_LIMIT", "twenty")
    with pytest.raises(ImproperlyConfigured, match="SHARE_LIMIT='twenty' is not a whole number"):
        project_settings.env_int("SHARE_LIMIT", 20)


def test_the_database_from_its_parts_takes_any_password(monkeypatch):
    password = "p@ss/w:rd#?%&x"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name, value in {"DATABASE_HOST": "db", "DATABASE_NAME": "recourse", "DATABASE_USER": "recourse"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_PASSWORD", password)
    database = project_settings.database()
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db", 5432, "recourse")
    assert database["USER"] == "recourse" and database["PASSWORD"] == password
    monkeypatch.setenv("DATABASE_URL", "postgres://other@elsewhere/db")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        project_settings.database()


def test_without_parts_the_url_or_sqlite_is_used(monkeypatch):
    monkeypatch.delenv("DATABASE_HOST", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@h:5433/n")
    assert project_settings.database()["NAME"] == "n"
    monkeypatch.delenv("DATABASE_URL")
    assert project_settings.database()["ENGINE"] == "django.db.backends.sqlite3"


def environment_variables_read() -> set[str]:
    """Every variable the settings and the gunicorn config read, found in their source."""
    names = set()
    for path in ("liability/settings.py", "liability/gunicorn_conf.py"):
        source = (ROOT / path).read_text()
        names |= set(
            re.findall(r"""(?:os\.environ\.get\(|os\.environ\[|env_flag\(|env_int\()\s*["']([A-Z_]+)["']""", source)
        )
    return names


def test_every_environment_variable_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration") :]
    table = table[: table.index("\n\n", table.index("| variable"))]
    documented = set(re.findall(r"`([A-Z_]+)`", table))
    read = environment_variables_read()
    assert {"DATABASE_URL", "HTTPS", "TRUSTED_PROXIES", "WEB_THREADS", "LOG_LEVEL"} <= read  # the search works
    assert read - documented == set()


def test_redaction_keeps_the_route_and_drops_ids_answers_and_addresses():
    line = "Invalid request from ip=203.0.113.7: 'GET /s/AbCdEfGhIjKlMnOpQrStUv/?officer=ice HTTP/9' [2001:db8::1]:443"
    assert redact(line) == "Invalid request from ip=[address]: 'GET /s/…/ HTTP/9' [address]:443"
    assert redact("[2026-11-28 10:00:00 +0000] [42] [INFO] Booting worker, version 1.2.3. Why?") == (
        "[2026-11-28 10:00:00 +0000] [42] [INFO] Booting worker, version 1.2.3. Why?"
    )


def test_the_filter_redacts_arguments_and_tracebacks():
    try:
        raise ValueError("bad share /s/AbCdEfGhIjKlMnOpQrStUv/ from 198.51.100.4")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Error: %s", ("/s/SecretId123/",), True
        )
        import sys

        record.exc_info = sys.exc_info()
    assert Redact().filter(record)
    text = logging.Formatter().format(record)
    assert "SecretId123" not in text and "AbCdEf" not in text and "198.51.100.4" not in text
    assert "Error: /s/…/" in text and "ValueError: bad share /s/…/ from [address]" in text
