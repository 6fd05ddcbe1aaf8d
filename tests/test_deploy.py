"""The deployment files, checked by reading them (no Docker engine runs here)."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_runs_web_and_postgres_only():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"web", "db"}
    web, db = compose["services"]["web"], compose["services"]["db"]
    env = web["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert "${SECRET_KEY:?" in env["SECRET_KEY"]  # refuses to start without a real key
    assert env["DEBUG"] == "false"
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])
    assert db["image"].startswith("postgres:")


def test_image_migrates_loads_and_serves_without_logging_answers():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.12" in dockerfile
    assert "collectstatic" in dockerfile
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    for step in ("migrate", "load_content", "purge_shares", "gunicorn liability.wsgi"):
        assert step in cmd
    assert "%(U)s" in cmd and "%(r)s" not in cmd and "%(h)s" not in cmd


def test_make_serve_logs_no_query_strings():
    makefile = (ROOT / "Makefile").read_text()
    assert "%(U)s" in makefile and "%(r)s" not in makefile


def test_settings_take_a_secret_key_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    from liability.settings import secret_key

    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key() == "from-the-environment"
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.delenv("HTTPS", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "key"))
    first = secret_key()
    assert len(first) >= 50 and secret_key() == first
    assert (tmp_path / "key").stat().st_mode & 0o777 == 0o600


def test_production_never_makes_a_per_machine_key(tmp_path, monkeypatch):
    """Behind a load balancer every server must sign with the same key, so in production
    (HTTPS=true) a missing SECRET_KEY stops the start instead of making a local file."""
    from django.core.exceptions import ImproperlyConfigured

    from liability.settings import secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("HTTPS", "true")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "key"))
    with pytest.raises(ImproperlyConfigured, match="same long random string on every app server"):
        secret_key()
    assert not (tmp_path / "key").exists()


def test_compose_passes_the_proxy_settings_through():
    env = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["environment"]
    for name in ("HTTPS", "CSRF_TRUSTED_ORIGINS", "TRUSTED_PROXIES", "HSTS_PRELOAD"):
        assert name in env


def test_models_and_migrations_agree(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits non-zero on drift
    assert "No changes detected" in out.getvalue()
