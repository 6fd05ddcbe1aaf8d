"""The README's backup and restore commands, run for real on a PostgreSQL database of
their own, on the suite's PostgreSQL server (the PostgreSQL pass: DATABASE_URL=postgres://...)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.server


@pytest.fixture
def database():
    psycopg = pytest.importorskip("psycopg")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("backups are PostgreSQL's: the suite's PostgreSQL pass runs this")
    parts = urlsplit(url)
    server = {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username, "password": parts.password}
    name = f"recourse_backup_{os.getpid()}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump is missing (apt-get install postgresql-client)")
    try:
        yield server, name
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts(server: dict, name: str) -> dict[str, int]:
    import psycopg

    tables = ["liability_contentversion", "liability_route", "liability_share", "django_migrations"]
    with psycopg.connect(dbname=name, **server) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}


def test_a_backup_restores_over_a_damaged_database(database, tmp_path):
    server, name = database
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW", "DATABASE_"))}
    env |= {
        "DATABASE_HOST": server["host"],
        "DATABASE_PORT": str(server["port"]),
        "DATABASE_NAME": name,
        "DATABASE_USER": server["user"],
        "DATABASE_PASSWORD": server["password"] or "",
        "PGPASSWORD": server["password"] or "",
    }
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["load_content"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    save = (
        "from liability.models import Share; from django.utils import timezone; "
        "s = Share(answers=[['officer', 'ice']], content_version='x', result={}, expires_at=timezone.now()); "
        "s.set_delete_key(); s.save()"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", save], cwd=ROOT, env=env, check=True)
    before = counts(server, name)
    assert before["liability_contentversion"] >= 1 and before["liability_share"] == 1

    login = ["-h", server["host"], "-p", str(server["port"]), "-U", server["user"]]
    dump = tmp_path / "recourse.dump"
    # README: docker compose exec -T db pg_dump -U recourse --format=custom recourse > recourse.dump
    with dump.open("wb") as out:
        subprocess.run(["pg_dump", *login, "--format=custom", name], stdout=out, env=env, check=True)

    import psycopg

    with psycopg.connect(dbname=name, autocommit=True, **server) as conn:  # something goes badly wrong
        conn.execute("DELETE FROM liability_share")
        conn.execute("DROP TABLE liability_contentversion CASCADE")

    # README: docker compose exec -T db pg_restore -U recourse -d recourse --clean --if-exists --no-owner < recourse.dump
    with dump.open("rb") as backup:
        subprocess.run(
            ["pg_restore", *login, "-d", name, "--clean", "--if-exists", "--no-owner"],
            stdin=backup,
            env=env,
            check=True,
            capture_output=True,
        )
    assert counts(server, name) == before
    check = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
