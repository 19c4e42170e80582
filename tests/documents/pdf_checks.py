"""Checks of a rendered PDF that any document test may use:

* `text_of(pdf)`: the text layer of each page (pypdf), whitespace collapsed to single spaces;
* `assert_inside_page(pdf)`: every page rendered to an image (poppler's pdftoppm at 40 dpi) has
  nothing printed in the outer strips (left, right, bottom), so no column or line runs off the
  page, and no text run starts outside the page box;
* `assert_no_english(pdf, labels)`: none of the English labels appears in the text."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader

DPI = 40
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


def assert_inside_page(pdf: bytes, strip_mm: float = STRIP_MM, bottom_mm: float = BOTTOM_MM) -> None:
    """Nothing printed in the left or right strip (`strip_mm`) or at the very bottom
    (`bottom_mm`: the page footer sits in the bottom margin) of any page — a clipped column, a
    line that runs off the page — and no text run starting outside the page box."""
    strip = round(strip_mm / 25.4 * DPI)
    foot = round(bottom_mm / 25.4 * DPI)
    for number, (width, height, pixels) in enumerate(page_images(pdf), start=1):
        box = ink_box(width, height, pixels)
        if box is None:
            continue
        left, right, bottom = box
        assert left >= strip, f"page {number}: ink at x={left} of {width} (left edge)"
        assert right < width - strip, f"page {number}: ink at x={right} of {width} (right edge)"
        assert bottom < height - foot, f"page {number}: ink at y={bottom} of {height} (bottom edge)"
    outside = text_origins_outside(pdf)
    assert not outside, f"text outside the page: {outside[:5]}"


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
