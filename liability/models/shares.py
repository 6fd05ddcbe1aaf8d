"""Results a person chose to save and share."""

import hashlib
import hmac
import re
import secrets
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from liability import deadlines


def new_share_id() -> str:
    return secrets.token_urlsafe(16)  # 128 random bits


# What new_share_id() can make (URL-safe base64), with room to spare.
SHARE_ID = re.compile(r"[-\w]{1,32}", re.ASCII)


def delete_key_digest(key: str) -> str:
    # A plain SHA-256 is enough: the key is 128 random bits, not a password a person
    # chose, so there is nothing to guess and no need for a slow, salted hash.
    return hashlib.sha256(key.encode()).hexdigest()


class ShareQuerySet(models.QuerySet):
    def live(self):
        """Shares that can still be opened: not past the expiry the person chose."""
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now()))

    def find(self, share_id: str) -> "Share | None":
        """The live share with this id, or None. An id we never make is not looked up:
        PostgreSQL refuses a NUL byte outright, which was a server error for /s/%00/."""
        return self.live().filter(pk=share_id).first() if SHARE_ID.fullmatch(share_id) else None

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class Share(models.Model):
    """A result a person chose to save: their answers, the content version it was
    computed with, and the result exactly as shown."""

    class Keep(models.TextChoices):
        """How long the person asked us to keep it (not stored: it sets `expires_at`)."""

        MONTH = "30d", _("For 30 days")
        YEAR = "1y", _("For 1 year")
        UNTIL_DELETED = "forever", _("Until I delete it")

        def expires(self, now: datetime) -> datetime | None:
            return {"30d": now + timedelta(days=30), "1y": now + timedelta(days=365)}.get(self.value)

    id = models.CharField(primary_key=True, max_length=32, default=new_share_id, editable=False)
    answers = models.JSONField(help_text=_("The answers, as (question, value) pairs."))
    content_version = models.CharField(max_length=32)
    result = models.JSONField()
    # The language it was saved in: its stored result is worded in it, so it opens in it
    # (at its /es/... address for Spanish), with a link to the other language's result.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text=_("After this it cannot be opened; empty: until deleted.")
    )
    # Only a digest of the secret that lets the person who saved it delete it; the
    # secret itself is shown to them once and never stored.
    delete_key_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # A share's answers say what happened to a person: only a role that needs them
        # (support for a legal-aid partner) reads them, not every content editor.
        permissions = [("view_share_answers", "Can read the answers of saved results")]

    def __str__(self) -> str:
        return f"Share {self.id[:6]}…"

    def get_absolute_url(self) -> str:
        with translation.override(self.language):  # i18n_patterns: /es/s/<id>/ for Spanish
            return reverse("liability:shared", args=[self.id])

    def set_delete_key(self) -> str:
        """A new delete secret: returns it (to show once) and keeps only its digest."""
        key = secrets.token_urlsafe(16)
        self.delete_key_hash = delete_key_digest(key)
        return key

    def accepts_delete_key(self, key: str) -> bool:
        return bool(self.delete_key_hash and key) and hmac.compare_digest(self.delete_key_hash, delete_key_digest(key))

    def as_json(self, content_changed: bool, today: date) -> dict:
        """The shared result for legal-aid partners (documented in README.md). Built
        field by field so the stored form can change without breaking them; the
        deadline's standing (days left, passed) is worked out for `today`."""
        answers: dict[str, list[str]] = {}
        for key, value in self.answers:
            answers.setdefault(key, []).append(value)
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "content_version": self.content_version,
            "content_changed": content_changed,
            "language": self.language,
            "answers": answers,
            "result": {
                "routes": [_public_route(r, today) for r in self.result.get("routes", [])],
                "next_steps": self.result.get("steps", []),
            },
        }


def _citations(cites: list[dict]) -> list[dict]:
    return [{"citation": c["citation"], "url": c["url"], "verified": c["verified"]} for c in cites]


def _public_route(route: dict, today: date) -> dict:
    deadline = route.get("deadline")
    if deadline:
        standing = deadlines.standing(deadline, today)
        deadline = {
            "rule": deadline["rule"],
            "earliest": deadline["earliest"],
            "latest": deadline["latest"],
            "act_by": standing.act_by.isoformat() if standing.act_by else None,
            "days_left": standing.days_left,
            "passed": standing.passed,
            "may_have_passed": standing.may_have_passed,
            "years": deadline["years"],
            "days": deadline.get("days"),
            "statute": deadline["statute"],
            "exceptions": deadline.get("exceptions", ""),
            "note": deadline["note"],
            "verified": deadline["verified"],
            "citations": _citations(deadline["cites"]),
        }
    return {
        "slug": route["slug"],
        "name": route["name"],
        "kind": route["kind"],
        "status": route["status"],
        "decider": route["decider"],
        "remedies": route["remedies"],
        "summary": route["summary"],
        "gets": route["gets"],
        "wanted": route["wanted"],
        "verified": route["verified"],
        "reasons": [
            {
                "text": r["text"],
                "citations": _citations(r["cites"]),
                "because": [{"question": b["key"], "answers": b.get("answers", [])} for b in r.get("because", [])],
            }
            for r in route["reasons"]
        ],
        "deadline": deadline,
        "deadline_note": route.get("deadline_note", ""),
        "first_steps": route["first_steps"],
        "doctrines": [
            {
                "slug": d["slug"],
                "name": d["name"],
                "effect": d["effect"],
                "summary": d["summary"],
                "verified": d["verified"],
            }
            for d in route["doctrines"]
        ],
        "citations": _citations(route["cites"]),
    }


class ShareThrottleQuerySet(models.QuerySet):
    def hit(self, address: str, now: datetime, window: timedelta) -> tuple[int, datetime]:
        """Count one share from the client at `address` in the window that `now` falls
        in: returns the count so far and when the window ends.

        The count lives in the database, not in a process, so every app server behind a
        load balancer sees the same count; the increment is one UPDATE, so two servers
        counting at once cannot lose a hit."""
        seconds = int(window.total_seconds())
        start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=UTC)
        # Never the address itself: a digest keyed with SECRET_KEY (the same on every server)
        # and the window, so a row names no one and one client's windows cannot be linked.
        digest = salted_hmac("liability.ShareThrottle", f"{address}|{start.isoformat()}", algorithm="sha256")
        client = digest.hexdigest()
        if not self.filter(client=client, window=start).update(count=models.F("count") + 1):
            try:
                with transaction.atomic():
                    self.create(client=client, window=start, count=1)
            except IntegrityError:  # another server created it a moment ago
                self.filter(client=client, window=start).update(count=models.F("count") + 1)
            # A new window has begun for this client: forget every window that has ended.
            self.filter(window__lt=start).delete()
        return self.get(client=client, window=start).count, start + window

    def ended(self, now: datetime, window: timedelta):
        return self.filter(window__lte=now - window)


class ShareThrottle(models.Model):
    """How many results one client saved in one time window, to refuse floods of shares.

    `client` is a keyed digest of the address and the window: no address is stored."""

    client = models.CharField(max_length=64)
    window = models.DateTimeField(db_index=True, help_text=_("When the counting window began."))
    count = models.PositiveIntegerField(default=0)

    objects = ShareThrottleQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "window"], name="one_count_per_client_window")]

    def __str__(self) -> str:
        return f"{self.count} shares from {self.client[:6]}… since {self.window:%Y-%m-%d %H:%M}"
