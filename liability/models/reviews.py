"""The second pair of eyes, item by item: an editor marks an item ready for review, a
Publisher publishes it or sends it back with a comment (issue 16)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewRequestQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(state=ReviewRequest.State.READY)

    def sent_back(self):
        return self.filter(state=ReviewRequest.State.SENT_BACK)


class ReviewRequest(models.Model):
    """One item of the drafts (a route with its rules, a place with its deadlines, a
    doctrine…) and where it stands in review. The fingerprint is of the item's draft when it
    was marked ready: an edit after that makes the mark out of date, so a Publisher never
    publishes words nobody asked them to review."""

    class State(models.TextChoices):
        READY = "ready", _("Ready for review")
        SENT_BACK = "sent_back", _("Sent back")

    kind = models.CharField(max_length=20)  # a kind of the content document: "routes", "doctrines"…
    key = models.CharField(max_length=100)  # the item's slug or code
    label = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State, default=State.READY)
    fingerprint = models.CharField(max_length=16, help_text=_("Of the item's draft when it was marked ready."))
    comment = models.TextField(blank=True, help_text=_("The editor's note to the Publisher: what changed and why."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField()
    reply = models.TextField(blank=True, help_text=_("The Publisher's reason for sending it back."))
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_review_request_per_item")]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_state_display()}"
