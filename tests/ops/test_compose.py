"""The production deployment files, checked by reading them: no Docker engine runs here.

docker-compose.yml is validated against the Compose specification's JSON schema
(tests/ops/compose-spec.json: compose/config/compose_spec.json from the docker-compose
1.29.2 package on PyPI, Apache License 2.0, Copyright Docker, Inc.; its licence is
tests/ops/compose-spec.LICENSE), then its shape is checked: what an operator relies on."""

import ipaddress
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from liability.clients import trusted_proxies

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_compose_file_follows_the_compose_specification(compose):
    schema = json.loads((HERE / "compose-spec.json").read_text())
    jsonschema.Draft201909Validator(schema).validate(compose)


def test_the_schema_would_catch_a_mistake(compose):
    schema = json.loads((HERE / "compose-spec.json").read_text())
    broken = {**compose, "services": {**compose["services"], "web": {**compose["services"]["web"], "helthcheck": {}}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(schema).validate(broken)


def test_the_proxy_is_the_only_way_in(compose):
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert {str(port).split(":")[-1] for port in services["proxy"]["ports"]} >= {"80", "443"}
    backend = compose["networks"]["backend"]
    assert backend["internal"] is True  # web and db: no way in or out but the proxy
    for name in ("web", "db", "migrate", "purge"):
        assert services[name]["networks"] == ["backend"], name


def test_web_can_be_scaled_out(compose):
    web = compose["services"]["web"]
    assert "container_name" not in web and "ports" not in web  # two replicas would clash on either
    assert web["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")  # one key for all, required
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert re.search(r"dynamic a \{\s*name web\s*port 8000", caddyfile)  # every replica, looked up again


def test_migrations_and_content_run_once_before_web(compose):
    services = compose["services"]
    migrate = services["migrate"]
    command = " ".join(migrate["command"])
    assert "manage.py migrate" in command and "manage.py load_content" in command
    assert migrate["restart"] == "no"
    for name in ("web", "purge"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    assert "migrate" not in cmd and "load_content" not in cmd  # replicas would race
    assert "liability.gunicorn_conf" in cmd


def test_expired_shares_are_purged_on_a_schedule(compose):
    command = " ".join(compose["services"]["purge"]["command"])
    assert "while true" in command and "manage.py purge_shares" in command
    assert int(re.search(r"sleep (\d+)", command)[1]) <= 24 * 3600


def test_web_proxy_and_database_have_health_checks(compose):
    services = compose["services"]
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["proxy"]["healthcheck"]["test"][0] == "CMD"
    assert "HEALTHCHECK" in (ROOT / "Dockerfile").read_text()
    assert services["db"]["image"].startswith("postgres:")


def test_the_app_trusts_exactly_the_proxy(compose):
    services = compose["services"]
    proxy_address = services["proxy"]["networks"]["backend"]["ipv4_address"]
    trusted = trusted_proxies(services["web"]["environment"]["TRUSTED_PROXIES"])
    assert [str(n) for n in trusted] == [f"{proxy_address}/32"]
    # the proxy's address is in the subnet, outside the range Docker hands to other containers
    ipam = compose["networks"]["backend"]["ipam"]["config"][0]
    subnet, dynamic = ipaddress.ip_network(ipam["subnet"]), ipaddress.ip_network(ipam["ip_range"])
    assert ipaddress.ip_address(proxy_address) in subnet and ipaddress.ip_address(proxy_address) not in dynamic
    env = services["web"]["environment"]
    assert env["HTTPS"] == "true" and env["DEBUG"] == "false"


def test_the_database_password_never_goes_into_a_url(compose):
    for name in ("web", "migrate", "purge"):
        env = compose["services"][name]["environment"]
        assert "DATABASE_URL" not in env
        assert (
            env["DATABASE_HOST"] == "db" and env["DATABASE_PASSWORD"] == "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
        )


def test_the_image_installs_the_lock_and_runs_as_a_user_who_cannot_change_the_code():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    lines = dockerfile.splitlines()
    user = next(i for i, line in enumerate(lines) if line.startswith("USER "))
    assert lines[user] == "USER recourse"
    # everything is copied (as root) before the switch, and nothing is chowned to the user
    assert all(i < user for i, line in enumerate(lines) if line.startswith(("COPY", "RUN")))
    assert "chown" not in dockerfile and "--chown" not in dockerfile


def test_the_caddyfile_is_valid(tmp_path):
    """With Caddy itself (Debian's `caddy` package; .ci/run installs it)."""
    caddy = shutil.which("caddy")
    if caddy is None:
        if os.environ.get("CI"):
            pytest.fail("caddy is missing: apt-get install caddy")
        pytest.skip("caddy is not installed (apt-get install caddy)")
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    version = subprocess.run([caddy, "version"], capture_output=True, text=True).stdout
    if re.match(r"v?2\.[0-6]\.", version):
        # The image's Caddy (2.10) calls it request_buffers; Debian's 2.6 knew it as buffer_requests.
        caddyfile = caddyfile.replace("request_buffers 1MB", "buffer_requests")
    env = {
        **os.environ,
        "DOMAIN": "recourse.example.org",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    run = subprocess.run(
        [caddy, "validate", "--adapter", "caddyfile", "--config", "/dev/stdin"],
        input=caddyfile,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Valid configuration" in run.stdout + run.stderr
