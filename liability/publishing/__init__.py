"""Drafts and published versions of the legal content.

The content tables are the editors' working copy: every edit in the admin is a draft.
Publishing freezes the whole working copy into a ContentVersion (the same data as the
YAML files under content/, as JSON), reviewed by a second person. The public site reads
only the latest published version, so a draft is invisible until it is published, and
each published version can be compared with another or restored as a new draft.

One job per module:
- schema: the one declaration of the content's shape (every kind, field and reference);
- document: the content as data (files, export of the working copy, the reasoning's snapshot);
- importer: data into the working copy (content files, or a version being restored);
- live: the read path every public page uses (the latest published content);
- translations: Spanish beside the English (review state, staleness, what a Spanish page shows);
- review: the diff, who changed what, the checks before publishing, scenario impact;
- redline: the diff in the words a lawyer reads;
- items: the unit of review (a route with its rules…), and a document of chosen items;
- desk: what waits for review, who drafted it and since when; ready and sent-back marks;
- versions: publish and restore.
"""

from .desk import OLD_AFTER, Draft, ReviewRefused, discard, drafts, edit_history, mark_ready, send_back
from .document import (
    CONTENT_DIR,
    FILES,
    KINDS,
    content_of,
    document_fingerprint,
    export,
    files_fingerprint,
    read_files,
    read_yaml,
)
from .importer import Loader
from .items import fingerprint, item_of, parts, with_items
from .live import latest, published, published_fingerprint
from .redline import redline
from .review import (
    READING_GRADE_LIMIT,
    Change,
    Edit,
    Impact,
    diff,
    editors,
    edits,
    impact,
    last_editors,
    problems,
    reading_grade,
    situation,
    staff_drafted,
    uncovered_routes,
    warnings,
)
from .schema import SCHEMA, ContentError
from .translations import English, localize
from .versions import (
    NothingToPublish,
    PublishRefused,
    drafts_by_others,
    files_differ,
    has_drafts,
    load_files,
    publish,
    restore,
    reviewed_number,
    reviewed_token,
    take_from_files,
)

__all__ = [
    "READING_GRADE_LIMIT",
    "reading_grade",
    "warnings",
    "situation",
    "uncovered_routes",
    "OLD_AFTER",
    "Draft",
    "ReviewRefused",
    "discard",
    "drafts",
    "edit_history",
    "fingerprint",
    "item_of",
    "mark_ready",
    "parts",
    "send_back",
    "with_items",
    "CONTENT_DIR",
    "FILES",
    "KINDS",
    "SCHEMA",
    "Change",
    "ContentError",
    "Edit",
    "English",
    "Impact",
    "Loader",
    "NothingToPublish",
    "PublishRefused",
    "content_of",
    "diff",
    "drafts_by_others",
    "edits",
    "editors",
    "files_differ",
    "load_files",
    "reviewed_number",
    "reviewed_token",
    "staff_drafted",
    "take_from_files",
    "document_fingerprint",
    "export",
    "files_fingerprint",
    "has_drafts",
    "impact",
    "last_editors",
    "latest",
    "localize",
    "problems",
    "publish",
    "published",
    "published_fingerprint",
    "read_files",
    "read_yaml",
    "redline",
    "restore",
]
