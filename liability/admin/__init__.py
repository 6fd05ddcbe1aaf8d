"""The admin: the desk on its home page (desk.py), content editing (content.py), publishing
(versions.py), shares (shares.py)."""

from . import content, shares, versions  # noqa: F401  (importing registers the ModelAdmins)
from .content import READING_GRADE_LIMIT, reading_grade

__all__ = ["READING_GRADE_LIMIT", "reading_grade"]
