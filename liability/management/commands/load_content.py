"""Load the legal content that ships in liability/content/*.yaml (see publishing/).

On an empty database the files are loaded and published: that is the bundled content.
After that a deploy never publishes over staff: what the files change arrives as drafts,
reviewed and published in the admin like any staff edit, and a draft someone made since
the last published version (a deletion too) is kept unless --overwrite. `--publish`
publishes the files as the operator's explicit act, recorded on the version; it is
refused while staff drafts wait for review. The same files load once (a fingerprint is
recorded). Every file is checked against the schema before anything is written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liability import publishing
from liability.models import ContentRelease


class Command(BaseCommand):
    help = "Load the bundled legal content: published on an empty database, as drafts after that."

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true", help="Replace staff drafts with the files' content.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the files' content now, as the operator (recorded)."
        )
        parser.add_argument("--dir", type=Path, default=publishing.CONTENT_DIR, help="Where the YAML files are.")

    def handle(self, *args, overwrite=False, publish=False, dir: Path = publishing.CONTENT_DIR, **options):
        stamp = publishing.files_fingerprint(dir)
        if not (overwrite or publish) and ContentRelease.objects.filter(fingerprint=stamp).exists():
            self.stdout.write("Content is up to date.")
            return
        try:
            first = publishing.latest() is None
            loader, version = publishing.load_files(
                publishing.read_files(dir), stamp, overwrite=overwrite, publish_them=publish
            )
        except publishing.ContentError as error:
            raise CommandError(
                "The content files are not valid; nothing was written:\n" + "\n".join(error.problems)
            ) from error
        except publishing.NothingToPublish:
            loader, version = None, None
        except publishing.PublishRefused as refusal:
            raise CommandError(f"Nothing was loaded or published: {refusal}") from refusal
        counts = loader.counts if loader else {}
        if version:
            outcome = f" Published as version {version.number}."
        elif first or not counts.get("created") and not counts.get("updated") and not counts.get("removed"):
            outcome = " Nothing new to review."
        else:
            outcome = " The changes wait as drafts: review and publish them in the admin."
        self.stdout.write(
            f"Content loaded: {counts.get('created', 0)} created, {counts.get('updated', 0)} updated, "
            f"{counts.get('removed', 0)} removed, {counts.get('unchanged', 0)} unchanged, "
            f"{counts.get('kept', 0)} kept as staff drafted them.{outcome}"
        )
