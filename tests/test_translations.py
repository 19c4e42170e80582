"""The Indonesian catalogue is complete and the compiled .mo matches the .po."""

import ast
import gettext
from pathlib import Path

import sinergi

LOCALE = Path(sinergi.__file__).parent / "locale" / "id" / "LC_MESSAGES"


def _po_entries(text: str) -> list[dict]:
    """Minimal .po reader: msgid, msgid_plural, msgstr / msgstr[n] and flags per entry."""
    entries, current, key = [], {}, None
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, key = {}, None
        elif line.startswith("#,"):
            current.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = [e for e in _po_entries((LOCALE / "django.po").read_text()) if e.get("msgid")]
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if not (e.get("msgstr") or e.get("msgstr[0]"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", set())]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po():
    entries = [e for e in _po_entries((LOCALE / "django.po").read_text()) if e.get("msgid")]
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    def compiled_text(entry: dict) -> str:
        if "msgctxt" in entry:
            return compiled.pgettext(entry["msgctxt"], entry["msgid"])
        return compiled.gettext(entry["msgid"])

    stale = [e["msgid"] for e in entries if "msgstr" in e and compiled_text(e) != e["msgstr"]]
    assert stale == [], "run `make messages` (or compilemessages) after editing django.po"
