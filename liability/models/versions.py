"""Published versions of the content, and the content files last loaded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A published version of the whole legal content: what the public sees, frozen."""

    number = models.PositiveIntegerField(unique=True)
    data = models.JSONField(help_text=_("The content, in the content files' format."))
    fingerprint = models.CharField(max_length=16, help_text=_("Equal content has an equal fingerprint."))
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(help_text=_("What changed and why, and what the reviewer checked."))
    override = models.BooleanField(
        default=False, help_text=_("A superuser published without a second reviewer. Recorded for audit.")
    )
    changes = models.JSONField(default=list, help_text=_("What this version changed, item by item."))

    class Source(models.TextChoices):
        REVIEW = "review", _("Reviewed and published in the admin")
        FILES = "files", _("Published from the content files by an operator")

    source = models.CharField(max_length=10, choices=Source, default=Source.REVIEW)
    restored_from = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Published by the Publisher who restored this earlier reviewed version.")
    )

    class Meta:
        ordering = ["-number"]
        # Every public page asks for the latest number and fingerprint; this index answers
        # it alone, without reading the row's large `data` (SQLite would read through it).
        indexes = [models.Index(fields=["-number", "fingerprint"], name="latest_version")]
        get_latest_by = "number"
        permissions = [("publish_contentversion", "Can review and publish content")]

    def __str__(self) -> str:
        return f"Version {self.number}"


class ContentRelease(models.Model):
    """The content files last loaded, so that loading the same files again is a no-op."""

    fingerprint = models.CharField(max_length=64, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    # What the files held, so a reviewer can take the files' version of an item that was
    # kept as staff edited it.
    data = models.JSONField(default=dict)
    kept = models.JSONField(default=list, help_text=_("Items whose staff draft was kept: [kind, key] pairs."))

    def __str__(self) -> str:
        return self.fingerprint[:12]
