"""Any input returns a result, never an exception: empty, binary, huge, another language."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinergi.extraction import extract
from sinergi.extraction.readers import read_bytes

FRAGMENTS = ["Bupati", "Kepala", "Dinas", ",", "dan", "(", ")", "Pj.", "H.", "S.H.", "Rp", "1,2",
             "miliar", "persen", "Senin", "(11/2/2024)", "Mimika", "Tengah", "melalui", "membuka",
             "Nomor", "Tahun", "2024", "\n", "Baca Juga", "\"", ".", "diharapkan", "agar", "Rakor"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_text(text):
    result = extract(text).as_json()
    assert isinstance(result["warnings"], list)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=400))
def test_report_like_noise(parts):
    extract(" ".join(parts)).as_json()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=4000))
def test_any_bytes_as_a_file(data):
    text, _problem = read_bytes(data, "upload.bin")
    extract(text).as_json()


def test_empty_and_huge_inputs():
    assert extract("").as_json()["warnings"]
    big = " ".join(random.Random(7).choice(FRAGMENTS) for _ in range(2_000_000))  # ~10 MB
    result = extract(big)
    assert any("dipotong" in w for w in result.warnings)


def test_broken_docx_and_pdf_are_reported():
    for name in ("laporan.docx", "laporan.pdf"):
        junk = b"PK\x03\x04 not really a zip" if name.endswith("docx") else b"%PDF-1.7 junk"
        text, problem = read_bytes(junk, name)
        assert text == "" and problem


DUE_FRAGMENTS = ["paling lambat", "selambat-lambatnya", "sebelum", "akhir", "bulan", "tahun", "ini",
                 "depan", "triwulan", "III", "IV", "semester", "dalam waktu", "7", "31", "29", "Februari",
                 "Desember", "hari", "minggu", "pekan", "satu", "2099", "2024", "tanggal", "hingga",
                 "3x24 jam", "batas waktu", "\n", ".", "0", "99"]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(st.sampled_from(DUE_FRAGMENTS), max_size=30).map(" ".join)),
       st.one_of(st.none(), st.dates()))
def test_due_date_never_raises(sentence, reference):
    from sinergi.extraction.followups import due_date

    due = due_date(sentence, reference)
    assert due is None or isinstance(due, dt.date)
