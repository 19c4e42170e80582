"""Reading generated PDFs back in tests: the text layer per page (pypdf) and a check that
nothing is drawn outside the page (pages rendered with pdftoppm, poppler-utils)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def assert_inside_page(pdf: bytes, *, margin_px: int = 2, dpi: int = 40) -> None:
    """Every page rendered at `dpi`: no ink in the outermost `margin_px` pixels of any side
    (text cut at the page's edge leaves ink there)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(source), str(Path(folder) / "p")],  # noqa: S603, S607
                       check=True, capture_output=True, timeout=120)
        for image in sorted(Path(folder).glob("p-*.pgm")):
            width, height, pixels = _read_pgm(image.read_bytes())
            for y in range(height):
                row = pixels[y * width:(y + 1) * width]
                edge = list(row[:margin_px]) + list(row[width - margin_px:])
                if y < margin_px or y >= height - margin_px:
                    edge = list(row)
                assert min(edge) > 200, f"{image.name}: ink at the page's edge (row {y})"


def _read_pgm(data: bytes) -> tuple[int, int, bytes]:
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][-width * height:]
