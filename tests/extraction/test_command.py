"""`sinergi extract FILE... [--published] [--json]` on real .txt, .docx and .pdf files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
import typst
from django.core.management import call_command
from django.core.management.base import CommandError

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args) -> object:
    out = io.StringIO()
    call_command("extract", *args, stdout=out)
    return json.loads(out.getvalue())


def test_one_text_file_prints_one_object():
    result = run(str(FIXTURES / "kutim-rakor-kecamatan-tw3.txt"), "--json")
    assert result["event_date"] == "2024-11-01"
    assert result["region"] == "Kabupaten Kutai Timur"


def test_several_files_print_an_array_and_published_sets_the_year(tmp_path):
    results = run(str(FIXTURES / "mahulu-rakor-pokja-pkp.txt"), str(FIXTURES / "mimika-rakor-distrik.txt"),
                  "--published", "2024-07-22")
    assert isinstance(results, list) and len(results) == 2
    assert results[0]["event_date"] == "2024-07-15"


def test_docx_and_pdf(tmp_path):
    text = (FIXTURES / "kalteng-rakor-jpt-pratama.txt").read_text()
    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    docx_path = tmp_path / "laporan.docx"
    document.save(docx_path)
    source = tmp_path / "laporan.typ"
    source.write_text("#set page(width: 21cm)\n" + "\n\n".join(
        '#"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in text.split("\n") if p.strip()))
    pdf_path = tmp_path / "laporan.pdf"
    pdf_path.write_bytes(typst.compile(str(source), ignore_system_fonts=True))
    for path in (docx_path, pdf_path):
        result = run(str(path))
        assert result["event_date"] == "2025-02-24", path
        assert result["chair"]["name"] == "Edy Pratowo", path


def test_bad_published_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("extract", str(FIXTURES / "mimika-rakor-distrik.txt"), "--published", "kemarin")
