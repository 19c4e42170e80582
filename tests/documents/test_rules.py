"""The correspondence manual's rules as plain functions (documents.rules)."""

from __future__ import annotations

from sinergi.documents import rules
from sinergi.documents.rules import Office


def test_signature_lines_for_each_way_of_signing():
    bupati = Office("Bupati Mimika")
    assert rules.signature_lines(bupati, []) == ["BUPATI MIMIKA,"]
    assert rules.signature_lines(Office("Bupati Mimika", "Pj."), []) == ["Pj. BUPATI MIMIKA,"]
    assert rules.signature_lines(bupati, [Office("Sekretaris Daerah", "Plh.")]) == [
        "a.n. BUPATI MIMIKA", "Plh. SEKRETARIS DAERAH,"]
    assert rules.signature_lines(bupati, [Office("Sekretaris Daerah"),
                                          Office("Kepala Bagian Tata Pemerintahan", "Plt.")]) == [
        "a.n. BUPATI MIMIKA", "SEKRETARIS DAERAH,", "u.b.", "Plt. KEPALA BAGIAN TATA PEMERINTAHAN,"]


def test_letter_number_and_counts_in_words():
    assert rules.letter_number("000.1.5", 42, "Tapem", 2026) == "000.1.5/42/Tapem/2026"
    assert rules.lampiran_text(0) == "–" and rules.lampiran_text(2) == "2 (dua) lembar"
    words = {1: "satu", 11: "sebelas", 12: "dua belas", 21: "dua puluh satu", 100: "seratus",
             115: "seratus lima belas", 999: "sembilan ratus sembilan puluh sembilan", 1000: "seribu",
             2026: "dua ribu dua puluh enam", 1_500_000: "satu juta lima ratus ribu"}
    for n, text in words.items():
        assert rules.spelled(n) == text


def test_pangkat_follows_the_golongan():
    assert rules.pangkat_line("IV/c") == "Pembina Utama Muda (IV/c)"
    assert rules.pangkat_line("") == "" and rules.pangkat_line("X/z") == ""
    assert rules.valid_classification_code("000.1.5") and rules.valid_classification_code("005")
    for bad in ("", "5", "abc", "000.1.5.6.7", "000/1"):
        assert not rules.valid_classification_code(bad)
