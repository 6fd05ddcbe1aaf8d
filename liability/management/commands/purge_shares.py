"""Delete saved results whose expiry has passed.

Expired shares already answer 404; this removes the rows themselves, so that what a
person asked us to keep for 30 days is not kept longer. Run it daily, e.g. from cron:
`python manage.py purge_shares`.
"""

from django.core.management.base import BaseCommand

from liability.models import Share


class Command(BaseCommand):
    help = "Delete saved results (shares) whose expiry date has passed."

    def handle(self, *args, **options):
        count, _ = Share.objects.expired().delete()
        self.stdout.write(f"Deleted {count} expired saved result{'s' if count != 1 else ''}.")
