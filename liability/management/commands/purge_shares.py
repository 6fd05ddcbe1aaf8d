"""Delete saved results whose expiry has passed.

Expired shares already answer 404; this removes the rows themselves, so that what a
person asked us to keep for 30 days is not kept longer. It also deletes the counts of
share limits whose window has ended (saving a share clears them too, as it goes). Run it daily, e.g. from cron:
`python manage.py purge_shares`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from liability.models import Share, ShareThrottle


class Command(BaseCommand):
    help = "Delete saved results (shares) whose expiry date has passed."

    def handle(self, *args, **options):
        count, _ = Share.objects.expired().delete()
        ShareThrottle.objects.ended(timezone.now(), timedelta(seconds=settings.SHARE_LIMIT_WINDOW)).delete()
        self.stdout.write(f"Deleted {count} expired saved result{'s' if count != 1 else ''}.")
