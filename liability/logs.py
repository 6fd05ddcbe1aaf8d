"""Logs keep nothing personal (the privacy note promises it).

A share id is the key to a person's answers (`/s/<id>.json` shows them), a result's query
string spells the answers out, and an address points at a person. None of them is needed
to run the site, so every log line is redacted before it is written: the app's own
(Django's "Not Found: /s/…/" warnings, errors) through LOGGING in settings.py, and
gunicorn's access and error logs through liability/gunicorn_conf.py.
"""

import ipaddress
import logging
import re

SHARE_ID = re.compile(r"/s/[^/\s?#\"']+")
QUERY = re.compile(r"\?[^\s\"']+")
ADDRESS = re.compile(r"[0-9A-Fa-f:.\[\]]{3,}")  # a candidate; ipaddress decides


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _address(match: re.Match) -> str:
    text = match.group()
    core = text.rstrip(".:")  # the sentence's own punctuation stays
    tail = text[len(core) :]
    if _is_address(core):
        return "[address]" + tail
    host, _, port = core.rpartition(":")  # 203.0.113.7:5678, [2001:db8::1]:443
    if port.isdigit() and (_is_address(host) or host.startswith("[") and _is_address(host.strip("[]"))):
        return f"[address]:{port}{tail}"
    if core.startswith("[") and _is_address(core.strip("[]")):
        return "[address]" + tail
    return text


def redact(text: str) -> str:
    """The text with share ids shortened to /s/…, query strings dropped and IP addresses
    replaced by [address]."""
    text = SHARE_ID.sub("/s/…", text)
    text = QUERY.sub("", text)
    return ADDRESS.sub(_address, text)


class Redact(logging.Filter):
    """Redacts the message, its arguments and any traceback of every record it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
