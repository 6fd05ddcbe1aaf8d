"""Write the published content back to the YAML files, so a lawyer's admin edits can be
reviewed in git; `load_content --overwrite` reads them back to the same content."""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from liability import publishing

HEADER = "# Exported from published version {number} by `manage.py export_content`. Edit in the admin or here.\n"


class Command(BaseCommand):
    help = "Export the latest published content to liability/content/*.yaml (or --dir)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=publishing.CONTENT_DIR)

    def handle(self, *args, dir: Path = publishing.CONTENT_DIR, **options):
        version = publishing.latest()
        if version is None:
            raise CommandError("Nothing is published yet.")
        dir.mkdir(parents=True, exist_ok=True)
        data = version.data
        files = {prefix: data[kind] for kind, prefix in publishing.FILES.items()}
        files["officers"] = {"agencies": data["agencies"], "kinds": data["officer_kinds"]}
        for prefix, entries in files.items():
            for stale in dir.glob(f"{prefix}*.yaml"):  # one file per kind, so nothing is read twice
                stale.unlink()
            text = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)
            (dir / f"{prefix}.yaml").write_text(HEADER.format(number=version.number) + text)
        self.stdout.write(f"Exported version {version.number} to {dir}.")
