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


def item_of(kind: str, key: str) -> ItemKey:
    """The item a change belongs to: a notice-of-claim window is edited with its place."""
    if kind == "notices":
        return "jurisdictions", key.split("-")[0]
    return kind, key


def parts(data: dict, item: ItemKey) -> dict:
    """The item in a document: its entry (None if absent) and, for a place, its notices."""
    kind, key = item
    found = {"entry": next((e for e in data.get(kind, []) if e[KINDS[kind]] == key), None)}
    if kind == "jurisdictions":
        found["notices"] = [n for n in data.get("notices", []) if n["jurisdiction"] == key]
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
            result["notices"] = [n for n in result["notices"] if n["jurisdiction"] != key] + draft["notices"]
    return schema.dump(schema.parse(result, strict=False))  # in the schema's order, like an export
