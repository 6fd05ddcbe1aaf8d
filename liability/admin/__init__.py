"""The admin: content editing (content.py), publishing (versions.py), shares (shares.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import content, shares, versions  # noqa: F401  (importing registers the ModelAdmins)
from .content import READING_GRADE_LIMIT, reading_grade

admin.site.site_header = _("Recourse content")
admin.site.site_title = _("Recourse admin")
admin.site.index_title = _("The law, as the public sees it")

__all__ = ["READING_GRADE_LIMIT", "reading_grade"]
