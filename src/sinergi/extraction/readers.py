"""Text out of the files a report comes in: plain text (any encoding that decodes), Word
(.docx, python-docx) and PDF (pypdf). A file that cannot be read gives empty text and a reason,
never an exception."""

from __future__ import annotations

import io
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def reflow(text: str) -> str:
    """Join the lines a PDF breaks paragraphs into: a line that does not end a sentence goes on
    in the next one (hyphenated words are joined)."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            out.append("")
            continue
        if out and out[-1] and not out[-1].endswith((".", "!", "?", ":", '"', "”")) and len(out[-1]) > 30:
            out[-1] = out[-1][:-1] + line if out[-1].endswith("-") else f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def read_bytes(data: bytes, name: str = "") -> tuple[str, str | None]:
    """(text, problem): the problem is None when the file was read."""
    if len(data) > MAX_BYTES:
        data = data[:MAX_BYTES]
    suffix = Path(name).suffix.lower()
    if suffix == ".docx" or (data[:2] == b"PK" and suffix != ".txt"):
        try:
            import docx

            document = docx.Document(io.BytesIO(data))
            paragraphs = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    paragraphs.append(" | ".join(cell.text for cell in row.cells))
            return "\n".join(paragraphs), None
        except Exception as exc:
            return "", f"Berkas Word tidak terbaca: {exc.__class__.__name__}"
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return reflow("\n".join(page.extract_text() or "" for page in reader.pages)), None
        except Exception as exc:
            return "", f"Berkas PDF tidak terbaca: {exc.__class__.__name__}"
    return _decode(data), None


def read_file(path: str | Path) -> tuple[str, str | None]:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return "", f"Berkas tidak dapat dibuka: {exc.strerror or exc}"
    return read_bytes(data, path.name)
