"""Reports written for these tests in other styles than the development set (another province,
a city, a musrenbang, an audiensi, ANTARA's dateline, police ranks, "Pj" without a full stop,
inline "Baca juga" and credit lines): the rules are for the language, not for five texts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sinergi.extraction import extract

HERE = Path(__file__).parent / "unseen"


def test_city_musrenbang_with_ranks_and_credits():
    report = extract((HERE / "balikpapan-musrenbang.txt").read_text())
    data = report.as_json()
    assert data["event_type"] == "musrenbang"
    assert data["event_date"] == "2025-02-12"
    assert data["region"] == "Kota Balikpapan"
    assert data["venue"] == "Aula Kantor Kecamatan Balikpapan Utara"
    assert data["chair"] == {"name": "Rahmad Mas'ud", "position": "Wali Kota Balikpapan"}
    people = {p["name"]: p["position"] for p in data["officials"]}
    assert people["Ardian Rahayu"] == "Kepala Kepolisian Sektor Balikpapan Utara"  # rank dropped
    assert people["Dasrin"] == "Camat Balikpapan Utara"
    assert "Siti Aminah" not in people and "Budi Santoso" not in people  # byline, editor
    assert data["participant_count"] == 150
    assert {"value": 48_500_000_000, "unit": "rupiah"}.items() <= next(
        f for f in data["figures"] if f["unit"] == "rupiah").items()
    assert not any(f["value"] == 5_000_000_000 for f in data["figures"])  # only in "Baca juga"
    assert data["regulations"] == ["Peraturan Wali Kota Balikpapan Nomor 12 Tahun 2023"]
    assert any(f.startswith("seluruh lurah memprioritaskan") for f in data["follow_ups"])
    assert "camat dan lurah mengawal setiap usulan sampai masuk RKPD 2026" in data["follow_ups"]


def test_national_audience_with_antara_dateline():
    report = extract((HERE / "papua-tengah-audiensi.txt").read_text(), dt.date(2024, 3, 5))
    data = report.as_json()
    assert data["event_type"] == "audiensi"
    assert data["event_date"] == "2024-03-04"
    assert data["region"] == "Provinsi Papua Tengah"
    assert data["chair"]["name"] == "Tito Karnavian"  # the host receives the audience
    people = {p["name"]: p["position"] for p in data["officials"]}
    assert people["Ribka Haluk"] == "Penjabat Gubernur Papua Tengah"
    assert people["Akmal Malik"] == "Direktur Jenderal Otonomi Daerah Kemendagri"
    assert "Andi Firdaus" not in people
    assert data["figures"][0]["value"] == 750_000_000_000
    assert data["follow_ups"][0].startswith("Pemerintah Provinsi Papua Tengah segera menyusun")
