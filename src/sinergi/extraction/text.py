"""From a web page's text to the article: headline, body paragraphs, and the page's own dates.

News pages copied as text carry chrome around the article: share widgets, "Baca Juga" links,
related-news lists, photo captions, bylines, editor and source lines, copyright notices. These
rules recognise the chrome by its form (what such lines look like on any Indonesian news site),
not by the sites of the development set."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from sinergi.extraction.readers import reflow

MAX_CHARS = 400_000  # longer input is cut (a report is a few thousand characters)

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " ",
                         "\u2009": " ", "\u202f": " ", "\u200b": "", "\ufeff": ""})

SHARE_WORDS = {
    "facebook", "twitter", "whatsapp", "telegram", "line", "copy", "icon", "share", "bagikan",
    "email", "print", "linkedin", "pinterest", "x", "tweet", "salin", "link", "tautan", "instagram",
    "tiktok", "youtube", "google", "news", "follow", "ikuti", "kami", "di",
}
CHROME_LINE = re.compile(
    r"""^\s*(?:
        url\s+berhasil\s+di\s*copy|link\s+berhasil|tautan\s+disalin
      | baca\s+(?:juga|pula)\b|lihat\s+juga\b|simak\s+juga\b|artikel\s+terkait\b
      | (?:editor|penyunting|sumber|penulis|reporter|pewarta|wartawan|redaktur|fotografer|foto|
           photo|caption|ilustrasi|jurnalis|kontributor|editing|publisher|author)\b\s*[:|\-–]
      | photo\s+author|foto\s*:|-\s*jurnalis\s*$|(?:oleh|by)\s*:
      | dilarang\s+mengambil|di\s+atas\s+untuk\s+konten|hak\s+cipta|copyright|©|\(c\)\s*\d{4}
      | all\s+rights\s+reserved|follow\s+(?:us|kami)|ikuti\s+(?:kami|berita)|download\s+aplikasi
      | klik\s+(?:di\s*sini|link)|scroll\s+(?:ke\s+bawah|untuk)|advertisement|iklan\s*$
      | (?:tags?|topik|kata\s+kunci)\s*:?\s*$|rekomendasi\s*$|terkini\s*$|terpopuler\s*$
      | (?:berita|artikel)\s+(?:terkait|terbaru|lainnya|populer|pilihan)\s*$
    )""", re.I | re.X)
# Headings after which the rest of the page is lists of other articles.
TERMINAL_HEADING = re.compile(
    r"^\s*(?:berita|artikel)\s+(?:terkait|terbaru|lainnya|populer|pilihan)\s*$"
    r"|^\s*(?:rekomendasi|terkini|terpopuler|tags?|topik)\s*:?\s*$", re.I)
WEEKDAY = r"(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)"
MONTH = (r"(?:Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
         r"Nopember|November|Desember|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Ags|Sep|Sept|Okt|Nov|Des)\.?")
# A line that is only a date (and maybe a time): the page's metadata, not the article.
DATE_LINE = re.compile(
    rf"^\s*[•·\-–|]*\s*(?:{WEEKDAY}\s*,?\s*)?\d{{1,2}}\s+{MONTH}\s+\d{{4}}"
    rf"(?:\s*[,|\-–]?\s*(?:pukul\s*)?\d{{1,2}}[:.]\d{{2}}(?:\s*(?:WIB|WITA|WIT))?)?\s*$", re.I)
DATE_LINE_WITH_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
# "TIMIKA, nemangkawipos.com –", "PALANGKA RAYA, humanusantara.com –", "SAMARINDA–",
# "CBN Tanah Bumbu —", "SANGATTAKU –", "Jakarta (ANTARA) -": the dateline before the lead.
DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z .'\-]{1,40}|[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,3})"
    r"(?:\s*,\s*[\w.\-]+\.(?:com|id|co\.id|net|org|go\.id|news|info)\b)?"
    r"(?:\s*\((?:[A-Za-z .]+)\))?\s*[–—-]{1,2}\s*")
CAPTION_START = re.compile(r"^[A-Z0-9][A-Z0-9 ,.'\-]{3,}:\s")
# A photo caption: "Foto: Irfan | Bupati … berbincang …", "FOTO: …", "(Foto: …)"; its text after
# the photographer's name.
PHOTO_CAPTION = re.compile(r"^\(?\s*(?:foto|photo|caption|keterangan\s+foto)\s*:\s*(?:[^|]{0,40}\|\s*)?",
                           re.I)
TRAILING_CREDIT = re.compile(r"\s*\((?:[A-Za-z0-9 .]{1,30}(?:/[A-Za-z0-9 .]{0,30})+|[A-Za-z]{2,20})\)\s*$")
WORD = re.compile(r"\w+", re.UNICODE)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200c-\u200f\u2028-\u202e"
                     "\ue000-\uf8ff\ufff0-\uffff\ud800-\udfff]")


@dataclass
class Article:
    title: str | None
    paragraphs: list[str]
    page_dates: list[tuple[str, bool]] = field(default_factory=list)  # (line, has a time)
    captions: list[str] = field(default_factory=list)  # photo captions, kept out of the body
    warnings: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    # Control, format and private-use characters (binary input) become spaces; newlines stay.
    text = CONTROL.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return re.sub(r"[ ]{2,}", " ", text)


def words(line: str) -> list[str]:
    return WORD.findall(line)


def is_share_widget(line: str) -> bool:
    tokens = [w.lower() for w in words(line)]
    return bool(tokens) and len(tokens) <= 20 and all(t in SHARE_WORDS for t in tokens)


def is_chrome(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if len(words(stripped)) <= 1 and len(stripped) <= 3:
        return True  # "X", "•", "|"
    return bool(CHROME_LINE.match(stripped)) or is_share_widget(stripped)


def is_body(line: str) -> bool:
    """A paragraph of the article: a long line with a full sentence."""
    return len(words(line)) >= 18 or (len(words(line)) >= 8 and bool(re.search(r"[.!?\"]\s*$", line)))


# A byline or posting line: "By administrator 08 Jun 2025, 08:32:24 WIB", "Oleh: Redaksi",
# "Penulis …", "Reporter …", or any line with a time of day.
BYLINE = re.compile(r"^(?:By|Oleh|Penulis|Reporter|Editor|Posted|Diposting|Ditulis)\b"
                    r"|\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:WIB|WITA|WIT)\b", re.I)


def looks_like_title(line: str) -> bool:
    n = len(words(line))
    return (3 <= n <= 30 and not re.search(r"[.]\s*$", line.strip()) and not DATE_LINE.match(line)
            and not BYLINE.search(line))


def strip_dateline(paragraph: str) -> str:
    match = DATELINE.match(paragraph)
    if match and match.end() < len(paragraph) and len(words(match.group(0))) <= 6:
        rest = paragraph[match.end():]
        if rest[:1].isupper():
            return rest
    return paragraph


_OPEN_END = re.compile(r"^.{40,}[^.!?:\"”;]$")


def hard_wrapped(text: str) -> bool:
    """Text whose paragraphs were broken into lines (pasted from a PDF or an e-mail): at least
    three long lines that end mid-sentence and go on in the next line."""
    lines = text.split("\n")
    open_ends = sum(1 for line, following in itertools.pairwise(lines)
                    if following.strip() and _OPEN_END.match(line.strip()))
    return open_ends >= 3


def article(text: str) -> Article:
    """The article in a pasted or uploaded page: its headline, paragraphs and date lines.
    Hard-wrapped text is read both as it is and with its lines joined into paragraphs; the
    reading with more of the article's text wins (the headline kept from the first)."""
    page = _article(text)
    if hard_wrapped(text[:MAX_CHARS]):
        joined = _article(reflow(text[:MAX_CHARS]))
        if len(joined.body) > len(page.body):
            joined.title = joined.title or page.title
            joined.page_dates = joined.page_dates or page.page_dates
            return joined
    return page


def _article(text: str) -> Article:
    text = normalize(text[:MAX_CHARS])
    lines = [line.strip() for line in text.split("\n")]
    counts: dict[str, int] = {}
    for line in lines:
        if line:
            counts[line] = counts.get(line, 0) + 1
    title = None
    paragraphs: list[str] = []
    page_dates: list[tuple[str, bool]] = []
    captions: list[str] = []
    body_started = False
    for line in lines:
        if not line:
            continue
        if DATE_LINE.match(line):
            page_dates.append((line, bool(DATE_LINE_WITH_TIME.search(line))))
            continue
        if TERMINAL_HEADING.match(line) and body_started:
            break
        if is_chrome(line):
            caption = PHOTO_CAPTION.match(line)
            if caption and len(words(line[caption.end():])) >= 5:
                captions.append(line[caption.end():].strip(" ()"))
            continue
        if (counts[line] > 1 and not is_body(line)) or CAPTION_START.match(line):
            continue  # a repeated line or an ALL-CAPS-labelled photo caption
        listing = bool(paragraphs) and (paragraphs[-1].endswith(":") or (
            re.match(r"^-\s", paragraphs[-1]) is not None and paragraphs[-1].endswith(".")))
        if re.match(r"^-\s", line) and not is_body(line) and not (listing and len(words(line)) >= 3):
            continue  # a byline or metadata bullet ("- Jurnalis"), not a point of a list
        if is_body(line):
            if not paragraphs:
                line = strip_dateline(line)
            paragraphs.append(TRAILING_CREDIT.sub("", line) if line.endswith(")") else line)
            body_started = True
        elif not body_started and title is None and looks_like_title(line):
            title = line.strip()
        elif body_started and (len(words(line)) >= 5 or listing) and (
                not looks_like_title(line) or line.endswith(":") or listing):
            # a line that opens a list ("… empat poin penting:") and its points belong to the article
            paragraphs.append(line)
    # Credits closing the last paragraph ("(Redaksi)", "(ADV/ Diskominfo Kutim)").
    if paragraphs:
        paragraphs[-1] = TRAILING_CREDIT.sub("", paragraphs[-1])
    # A "title" that is a sentence of the article is not a headline.
    if title and paragraphs and title in paragraphs[0]:
        title = None
    return Article(title=title, paragraphs=paragraphs, page_dates=page_dates, captions=captions)
