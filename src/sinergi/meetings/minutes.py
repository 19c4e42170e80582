"""Minutes (notulen) are written in Markdown and shown as HTML that cannot carry a script:
markdown-it-py renders CommonMark (and tables) with raw HTML disabled, then nh3 keeps only an
allow-list of tags, attributes and URL schemes. One function serves the page and the API; the
PDF gets the minutes as plain paragraphs (never as markup)."""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

from sinergi.core.services import Actor, update_object
from sinergi.meetings import rules
from sinergi.meetings.models import Meeting

TAGS = {
    "p",
    "h1",
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


def plain_paragraphs(source: str) -> list[str]:
    """The minutes as plain text paragraphs (for the PDF): markup removed, text kept."""
    text = nh3.clean(_markdown.render(source or ""), tags={"p", "li", "h1", "h2", "h3", "h4", "br"})
    parts = re.split(r"</?(?:p|li|h1|h2|h3|h4)>|<br ?/?>", text)
    return [html.unescape(re.sub(r"\s+", " ", nh3.clean(p, tags=set()))).strip() for p in parts if p.strip()]


def save_minutes(actor: Actor, meeting: Meeting, minutes: str, *, expected_version: int | None) -> Meeting:
    rules.ensure_open_for_changes(meeting)
    return update_object(actor, meeting, {"minutes": minutes}, expected_version=expected_version)
