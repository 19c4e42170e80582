"""Text that every output can print: one rule for what a user may type, one for what is shown.

At the door (forms, the API, spreadsheet imports) `validate_text` refuses characters that no
document can hold and that nobody types on purpose: control characters (U+0000-U+001F other than
tab, line feed and carriage return; DEL and U+0080-U+009F), lone surrogates, the bidirectional
embedding/override/isolate controls (U+202A-U+202E, U+2066-U+2069: they reorder what a reader
sees, "Trojan source"), and the non-characters U+FFFE/U+FFFF. Left-to-right and right-to-left
marks (U+200E, U+200F), emoji, accents and every script are text and stay.

On the way out `printable` / `printable_data` replace whatever such character is already stored
(from before the rule, or written by a path that bypassed it) with U+FFFD, so that an export
(openpyxl refuses control characters), a PDF or a calendar file never fails on one stored string.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
REPLACEMENT = "\ufffd"


def find_unprintable(value: str) -> str | None:
    """The first character `validate_text` refuses, as U+XXXX, or None."""
    match = UNPRINTABLE.search(value)
    return f"U+{ord(match.group()):04X}" if match else None


def unprintable_message(char: str) -> str:
    """What a user is told about a refused character (`char` as U+XXXX), at every door."""
    return _("Contains an invisible control character (%(char)s) that cannot be printed or "
             "exported; it often comes with text pasted from another program. Remove it and "
             "type the text again.") % {"char": char}


def validate_text(value: Any) -> None:
    if isinstance(value, str) and (found := find_unprintable(value)):
        raise ValidationError(unprintable_message(found), code="unprintable")


def printable(value: str) -> str:
    """`value` with every refused character replaced by U+FFFD."""
    return UNPRINTABLE.sub(REPLACEMENT, value) if UNPRINTABLE.search(value) else value


def printable_data(data: Any) -> Any:
    """`printable` applied to every string inside dicts, lists and tuples (keys included)."""
    if isinstance(data, str):
        return printable(data)
    if isinstance(data, dict):
        return {printable_data(k): printable_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(printable_data(v) for v in data) if isinstance(data, list) else tuple(
            printable_data(v) for v in data)
    return data


def strip_unprintable(value: str) -> str:
    """For long pasted text (a press release copied from a PDF): control characters become
    spaces instead of being refused; the rest of the rule is the same."""
    return UNPRINTABLE.sub(" ", value)


def unprintable_paths(data: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(path, U+XXXX) of every string in a JSON-like document that `validate_text` refuses."""
    found: list[tuple[tuple, str]] = []
    if isinstance(data, str):
        if char := find_unprintable(data):
            found.append((path, char))
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and (char := find_unprintable(key)):
                found.append(((*path, key), char))
            found.extend(unprintable_paths(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(unprintable_paths(value, (*path, index)))
    return found
