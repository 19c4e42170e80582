"""Minutes (notulen) are written in Markdown and shown as HTML that cannot carry a script:
markdown-it-py renders CommonMark (and tables) with raw HTML disabled, then nh3 keeps only an
allow-list of tags, attributes and URL schemes. One function serves the page and the API; the
PDF gets the minutes as structured plain-text blocks (`blocks`), never as markup."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

from sinergi.core.services import Actor, update_object
from sinergi.meetings import rules
from sinergi.meetings.models import Meeting

# h1 is left out on purpose: the page already has its headings; a "# Title" keeps its text.
TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
SCHEMES = {"http", "https", "mailto"}
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(source: str) -> str:
    """Safe HTML of the minutes' Markdown."""
    html = _markdown.render(source or "")
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel="noopener noreferrer nofollow"
    )


_BLOCK_TAGS = {"p": "para", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
               "li": "item", "blockquote": "quote", "pre": "code", "tr": "row"}


def blocks(source: str) -> list[dict[str, str]]:
    """The minutes as structured plain-text blocks for the PDF: [{"kind": "heading" | "para" |
    "item" | "quote" | "code" | "row", "text": ...}]. Built from markdown-it's token stream (not
    from HTML), so no markup can reach the Typst template; the template prints `text` as text."""
    result: list[dict[str, str]] = []
    stack: list[str] = []
    cells: list[str] = []
    for token in _markdown.parse(source or ""):
        if token.type.endswith("_open"):
            stack.append(token.tag)
            if token.tag == "tr":
                cells = []
        elif token.type.endswith("_close"):
            if stack:
                stack.pop()
            if token.tag == "tr":
                result.append({"kind": "row", "text": " | ".join(cells)})
        elif token.type == "inline":
            text = "".join(
                child.content if child.type not in ("softbreak", "hardbreak") else " "
                for child in token.children or []
            ).strip()
            if "tr" in stack:
                cells.append(text)
                continue
            kind = next((_BLOCK_TAGS[t] for t in reversed(stack) if t in _BLOCK_TAGS and t != "p"), "para")
            if text:
                result.append({"kind": kind, "text": text})
        elif token.type in ("fence", "code_block"):
            result.append({"kind": "code", "text": token.content.rstrip("\n")})
    return result


def save_minutes(actor: Actor, meeting: Meeting, minutes: str, *, expected_version: int | None) -> Meeting:
    rules.ensure_open_for_changes(meeting)
    """Save the minutes (audited; StaleEditError when `expected_version` moved; frozen meetings
    refuse — a closed meeting's minutes change through closing.amend)."""
    return update_object(actor, meeting, {"minutes": minutes}, expected_version=expected_version)
