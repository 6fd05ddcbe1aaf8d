"""Items: the unit an editor marks ready and a Publisher publishes (issue 16).

An item is what one admin page edits: a route with its rules, a place with its limitation
periods and notice-of-claim windows, a doctrine, an authority… A new version can be made of
the published document with exactly some items replaced by their drafts.
"""

import hashlib
import json

from . import schema
from .schema import KINDS

type ItemKey = tuple[str, str]  # (kind, key), e.g. ("routes", "ftca")

PLACE_PARTS = ("notices", "suits")  # kinds of their own in the document, parts of a place in the admin


def item_of(kind: str, key: str) -> ItemKey:
    """The item a change belongs to: a notice-of-claim window and a deadline to sue a public
    body are edited with their place."""
    if kind in PLACE_PARTS:
        return "jurisdictions", key.split("-")[0]
    return kind, key


def parts(data: dict, item: ItemKey) -> dict:
    """The item in a document: its entry (None if absent) and, for a place, its notices."""
    kind, key = item
    found = {"entry": next((e for e in data.get(kind, []) if e[KINDS[kind]] == key), None)}
    if kind == "jurisdictions":
        for part in PLACE_PARTS:
            found[part] = [n for n in data.get(part, []) if n["jurisdiction"] == key]
    return found


def fingerprint(data: dict, item: ItemKey) -> str:
    """Of the item as it is in `data`: equal drafts have equal fingerprints."""
    text = json.dumps(parts(data, item), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def with_items(published: dict, working: dict, items: list[ItemKey]) -> dict:
    """The published document with exactly `items` as they are in the drafts: added,
    changed or removed. Nothing else of the drafts comes along."""
    result = {kind: list(published.get(kind, [])) for kind in KINDS}
    for kind, key in items:
        name = KINDS[kind]
        draft = parts(working, (kind, key))
        result[kind] = [e for e in result[kind] if e[name] != key] + ([draft["entry"]] if draft["entry"] else [])
        if kind == "jurisdictions":
            for part in PLACE_PARTS:
                result[part] = [n for n in result[part] if n["jurisdiction"] != key] + draft[part]
    return schema.dump(schema.parse(result, strict=False))  # in the schema's order, like an export
