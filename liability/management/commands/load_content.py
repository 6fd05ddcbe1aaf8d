"""Load the legal content that ships in liability/content/*.yaml (see publishing.py).

Idempotent: the same files load once (a fingerprint is recorded); a missing row is
created, a row nobody has touched in the admin is brought up to date, and a row staff
edited is kept unless --overwrite. Every reference is checked before anything is
written. The loaded content is published at once only if nobody had unpublished drafts;
otherwise it waits, as drafts, for a Publisher's review.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from liability import publishing
from liability.models import ContentRelease


class Command(BaseCommand):
    help = "Load the bundled legal content. Rows edited in the admin are kept unless --overwrite."

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true", help="Replace staff edits with the files' content.")
        parser.add_argument("--dir", type=Path, default=publishing.CONTENT_DIR, help="Where the YAML files are.")

    def handle(self, *args, overwrite: bool = False, dir: Path = publishing.CONTENT_DIR, **options):
        stamp = publishing.files_fingerprint(dir)
        if not overwrite and ContentRelease.objects.filter(fingerprint=stamp).exists():
            self.stdout.write("Content is up to date.")
            return

        def keep(kind, row):  # a staff edit stays unless --overwrite; a place keeps its notices
            return not overwrite and bool(getattr(row, "staff_edited_at", None))

        loader = publishing.Loader(keep)
        try:
            with transaction.atomic():
                # Staff drafts waiting for review must not be published along with the files.
                had_drafts = publishing.latest() is not None and publishing.has_drafts()
                loader.load(publishing.read_files(dir), "the content files")
                ContentRelease.objects.get_or_create(fingerprint=stamp)
                if had_drafts:
                    published = " Not published: staff have drafts waiting; review and publish in the admin."
                else:
                    try:
                        version = publishing.publish(None, f"Loaded from the content files ({stamp[:12]}).")
                        published = f" Published as version {version.number}."
                    except publishing.NothingToPublish:
                        published = ""
                    except publishing.PublishRefused as refusal:
                        published = f" Not published: {refusal}"
        except publishing.ContentError as error:
            raise CommandError(
                "The content files are not valid; nothing was written:\n" + "\n".join(error.problems)
            ) from error
        counts = loader.counts
        self.stdout.write(
            f"Content loaded: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['kept']} kept as staff edited them, "
            f"{counts['removed']} removed.{published}"
        )
