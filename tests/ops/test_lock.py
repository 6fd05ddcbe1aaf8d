"""Installs are locked: every package pinned with its hashes, and htmx's version named."""

import re
from pathlib import Path

import django_htmx

ROOT = Path(__file__).resolve().parents[2]


def test_the_lock_files_pin_every_package_with_hashes():
    for name in ("requirements.lock", "requirements-test.lock"):
        text = (ROOT / name).read_text()
        requirements = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
        assert requirements, name
        assert all("==" in line and line.endswith("\\") for line in requirements), name  # pinned, hashes follow
        assert text.count("--hash=sha256:") >= len(requirements)
        assert "django-htmx==1.29.0" in text and "file://" not in text
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes --no-deps -r requirements-test.lock" in makefile


def test_the_template_names_the_htmx_that_is_served():
    """django-htmx is pinned because it vendors htmx: an upgrade could switch htmx's
    major version under our templates. base.html says which htmx it loads."""
    base = (ROOT / "liability" / "templates" / "base.html").read_text()
    named = re.search(r"\{# htmx (\d+\.\d+\.\d+), as vendored by django-htmx ([\d.]+)", base)
    assert named, "base.html must name the htmx version it loads"
    # loaded by name, not with {% htmx_script %}, whose DEBUG helper swallowed 400s (issue 11)
    assert "{% static 'django_htmx/htmx-2.min.js' %}" in base
    vendored = Path(django_htmx.__file__).parent / "static" / "django_htmx" / "htmx-2.min.js"
    assert f'version:"{named[1]}"' in vendored.read_text()
    assert f"django-htmx=={named[2]}" in (ROOT / "pyproject.toml").read_text()


def test_every_dependency_in_pyproject_is_locked():
    """A dependency added to pyproject.toml without making the lock files again would be
    missing from every install (make installs the lock, not pyproject)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def names(path: str) -> set[str]:
        text = (ROOT / path).read_text()
        return {line.split("==")[0].lower() for line in text.splitlines() if "==" in line and not line.startswith(" ")}

    def wanted(requirements: list[str]) -> set[str]:
        return {re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}

    assert wanted(project["dependencies"]) - names("requirements.lock") == set()
    everything = project["dependencies"] + project["optional-dependencies"]["test"]
    assert wanted(everything) - names("requirements-test.lock") == set()
