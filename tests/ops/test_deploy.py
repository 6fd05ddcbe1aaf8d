"""The settings a deployment relies on (the compose file and image: tests/ops/test_compose.py)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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


def test_models_and_migrations_agree(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits non-zero on drift
    assert "No changes detected" in out.getvalue()
