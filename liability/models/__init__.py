"""The law as data: what lawyers edit in the admin, and the shares people make.

One module per concept (content, routes, versions, reviews, shares); everything is importable
from `liability.models`, which migrations also refer to.

Every user-facing text lives in a plain text field; the shape of the content as data
(files, published versions) is declared once in publishing/schema.py.
"""

from .content import (
    ASKERS,
    CASE_OUTCOMES,
    HARMS,
    LEVELS,
    REMEDIES,
    Agency,
    Authority,
    ChoiceListField,
    Doctrine,
    DoctrineCitation,
    Effect,
    Jurisdiction,
    LimitationPeriod,
    Myth,
    MythCitation,
    NoticeRule,
    OfficerKind,
    Status,
    SuitDeadline,
    Term,
)
from .reviews import ReviewRequest
from .routes import Route, RouteCitation, RouteDoctrine, Rule, RuleCitation
from .shares import Share, ShareQuerySet, ShareThrottle, delete_key_digest, new_share_id
from .versions import ContentRelease, ContentVersion

__all__ = [
    "ASKERS",
    "CASE_OUTCOMES",
    "HARMS",
    "LEVELS",
    "REMEDIES",
    "Agency",
    "Authority",
    "ChoiceListField",
    "ContentRelease",
    "ContentVersion",
    "Doctrine",
    "DoctrineCitation",
    "Effect",
    "Jurisdiction",
    "LimitationPeriod",
    "Myth",
    "MythCitation",
    "NoticeRule",
    "OfficerKind",
    "ReviewRequest",
    "Route",
    "RouteCitation",
    "RouteDoctrine",
    "Rule",
    "RuleCitation",
    "Share",
    "ShareQuerySet",
    "ShareThrottle",
    "Status",
    "SuitDeadline",
    "Term",
    "delete_key_digest",
    "new_share_id",
]
