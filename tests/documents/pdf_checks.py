"""Checks of a rendered PDF that any document test may use:

* `text_of(pdf)`: the text layer of each page (pypdf), whitespace collapsed to single spaces;
* `assert_inside_page(pdf, margin_mm=10)`: every page rendered to an image (poppler's pdftoppm)
  has nothing printed in the side margins or at the very bottom, so no column or line runs off
  the text area, and no text run starts outside the page box;
* `assert_no_english(pdf, labels)`: none of the English labels appears in the text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader

DPI = 40
# The resolution of assert_inside_page: fine enough to see a letter past a column's edge.
CHECK_DPI = 72
# How far (pt) a word's box may pass the text area's edge (glyph side bearings).
WORD_TOLERANCE = 0.6
# The page's side strips that must stay white: 4 mm (the documents' margins are 1 cm and more);
# at the bottom 2 mm (the footer "Halaman n dari m" sits low in the bottom margin).
STRIP_MM = 4
BOTTOM_MM = 2
# English labels that once leaked into Indonesian documents.
ENGLISH_LABELS = (
    "Units and organizations", "Figures", "Regulations cited", "Follow-ups stated",
    "Recorded from a published report", "Participants:", "Attendance", "Signature", "Name",
    "Position", "Decision", "Directive", "Follow-up", "Minutes", "Agenda item", "Chair",
    "Page ", " of ", "Open", "In progress", "Done", "QR code", "By the organizer", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "December",
)


def text_of(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    return " ".join(text_of(pdf))


def page_images(pdf: bytes, dpi: int = DPI) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, grey pixels row by row), rendered by pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        pdftoppm = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
        subprocess.run([pdftoppm, "-r", str(dpi), "-gray", str(source), str(Path(folder) / "p")],  # noqa: S603
                       check=True, capture_output=True)
        pages = []
        for path in sorted(Path(folder).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1])):
            pages.append(_read_pgm(path.read_bytes()))
        return pages


def _read_pgm(content: bytes) -> tuple[int, int, bytes]:
    """A binary PGM (P5, 8 bit) as (width, height, pixels)."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while content[position:position + 1].isspace():
            position += 1
        if content[position:position + 1] == b"#":
            position = content.index(b"\n", position) + 1
            continue
        end = position
        while not content[end:end + 1].isspace():
            end += 1
        fields.append(content[position:end])
        position = end
    assert fields[0] == b"P5" and fields[3] == b"255", fields
    width, height = int(fields[1]), int(fields[2])
    pixels = content[position + 1:position + 1 + width * height]
    return width, height, pixels


def ink_box(width: int, height: int, pixels: bytes, threshold: int = 200) -> tuple[int, int, int] | None:
    """(leftmost, rightmost, bottommost) pixel darker than `threshold`, or None on a blank page."""
    left, right, bottom = width, -1, -1
    for y in range(height):
        row = pixels[y * width:(y + 1) * width]
        dark = [x for x, value in enumerate(row) if value < threshold]
        if dark:
            left, right = min(left, dark[0]), max(right, dark[-1])
            bottom = y
    return (left, right, bottom) if right >= 0 else None


def assert_inside_page(pdf: bytes, margin_mm: float = STRIP_MM, bottom_mm: float = BOTTOM_MM,
                       dpi: int = CHECK_DPI) -> None:
    """Nothing printed left or right of the text area or at the very bottom of any page — a
    clipped column, a header wider than its column, a line that runs off the page — and no
    text run starting outside the page box.

    `margin_mm`: the document's side margin (core/pdf.typ's is 1 cm: pass 10 to catch a
    column that overflows the table's edge; the default only catches what reaches the paper's
    edge). `bottom_mm`: the page footer sits low in the bottom margin. A tolerance of half a
    millimetre absorbs the rule strokes on the text area's edge."""
    side = (margin_mm - 0.5) / 25.4 * dpi
    foot = bottom_mm / 25.4 * dpi
    for number, (width, height, pixels) in enumerate(page_images(pdf, dpi), start=1):
        box = ink_box(width, height, pixels)
        if box is None:
            continue
        left, right, bottom = box
        assert left >= side - 1, f"page {number}: ink at x={left} px of {width} (left margin)"
        assert right <= width - side, f"page {number}: ink at x={right} px of {width} (right margin)"
        assert bottom < height - foot, f"page {number}: ink at y={bottom} px of {height} (bottom edge)"
    outside = text_origins_outside(pdf)
    assert not outside, f"text outside the page: {outside[:5]}"
    edge = margin_mm / 25.4 * 72 - WORD_TOLERANCE
    over = [(number, word, round(x_min, 1), round(x_max, 1))
            for number, (page_width, _height, words) in enumerate(word_boxes(pdf), start=1)
            for word, x_min, x_max, _y0, _y1 in words if x_min < edge or x_max > page_width - edge]
    assert not over, f"words past the text area (page, word, x from, x to): {over[:5]}"
    overlapping = overlapping_words(pdf)
    assert not overlapping, f"words printed over each other (a column too narrow?): {overlapping[:5]}"


def overlapping_words(pdf: bytes, tolerance: float = WORD_TOLERANCE) -> list[tuple[int, str, str]]:
    """Pairs of words on the same line whose boxes overlap (page, word, word): text that ran out
    of its table cell into the next one. (Boxes of adjacent lines overlap: pdftotext's boxes
    are as tall as the font's ascent and descent; those are not compared.)"""
    found = []
    for number, (_width, _height, words) in enumerate(word_boxes(pdf), start=1):
        ordered = sorted(words, key=lambda w: w[3])
        for i, (text, x0, x1, y0, y1) in enumerate(ordered):
            for other, u0, u1, v0, v1 in ordered[i + 1:]:
                if v0 >= y1 - tolerance:
                    break
                same_line = abs(v0 - y0) < 0.3 * min(y1 - y0, v1 - v0)
                if same_line and min(x1, u1) - max(x0, u0) > tolerance:
                    found.append((number, text, other))
    return found


_WORD = re.compile(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([0-9.]+)" height="([0-9.]+)">')


Word = tuple[str, float, float, float, float]  # text, x from, x to, y from, y to (pt, from the top)


def word_boxes(pdf: bytes) -> list[tuple[float, float, list[Word]]]:
    """Each page's (width, height, [(word, x from, x to, y from, y to)]) in pt, from poppler's pdftotext
    -bbox: the words' boxes from the fonts' metrics (a header one letter wider than its column
    shows here, where pixels at a low resolution may not)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
        html = subprocess.run([pdftotext, "-bbox", str(source), "-"],  # noqa: S603
                              check=True, capture_output=True, text=True).stdout
    pages = []
    for chunk in html.split("<page ")[1:]:
        size = _PAGE.match("<page " + chunk)
        words = [(word, float(x0), float(x1), float(y0), float(y1))
                 for x0, y0, x1, y1, word in _WORD.findall(chunk)]
        pages.append((float(size.group(1)), float(size.group(2)), words))
    return pages


def assert_no_english(pdf: bytes, labels: Iterable[str] = ENGLISH_LABELS) -> None:
    text = all_text(pdf)
    found = [label for label in labels if label in text]
    assert not found, f"English in an Indonesian document: {found}"


def text_origins_outside(pdf: bytes, margin_pt: float = 5.0) -> list[tuple[int, str, float, float]]:
    """Text runs whose origin lies outside the page box (less `margin_pt`): (page, text, x, y).
    What runs past the edge entirely is invisible to the pixel check; its origin is not."""
    outside = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        box = page.mediabox
        left, bottom, right, top = float(box.left), float(box.bottom), float(box.right), float(box.top)

        def visit(text, cm, tm, _font, _size, number=number, box=(left, bottom, right, top)):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            lo_x, lo_y, hi_x, hi_y = box
            if not (lo_x + margin_pt <= x <= hi_x - margin_pt and lo_y + margin_pt <= y <= hi_y - margin_pt):
                outside.append((number, text.strip(), round(x, 1), round(y, 1)))

        page.extract_text(visitor_text=visit)
    return outside


def text_runs(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """The text runs of each page as (x, y, text), y from the page's bottom (PDF units, pt)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, _size, runs=runs):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((round(x, 1), round(y, 1), text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def assert_rows_follow_header(pdf: bytes, header: str, max_gap: float) -> None:
    """On every page after the first that repeats the table header (the run `header`), the
    first line under it is at most `max_gap` pt below it: no empty row (the rest of a row split
    at the page break) between them. At least one such page is required."""
    checked = 0
    for number, runs in enumerate(text_runs(pdf)[1:], start=2):
        heads = [y for _x, y, text in runs if text == header]
        if not heads:
            continue
        head = max(heads)
        below = [y for _x, y, _text in runs if y < head - 0.5]
        assert below, f"page {number}: nothing under the header"
        gap = head - max(below)
        assert gap <= max_gap, f"page {number}: {gap} pt between the header and the first row"
        checked += 1
    assert checked, f"no continuation page repeats the header {header!r}"
