"""Django's database sessions (the admin's only), refusing keys Django never makes."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        # Django makes keys of lowercase letters and digits. A tampered cookie with a NUL
        # byte was looked up as it came, and PostgreSQL refuses NUL outright: the admin
        # login page was a server error. A key Django never makes is simply no session.
        return super()._validate_session_key(key) and set(key) <= set(VALID_KEY_CHARS)
