"""Pure rules: NIP, titles, government names, position terms (table-driven)."""

import contextlib
import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sinergi.regions import rules
from sinergi.regions.choices import Capacity

D = dt.date


@pytest.mark.parametrize(
    ("raw", "birth", "gender"),
    [
        ("198001012005011001", D(1980, 1, 1), 1),
        ("19800101 200501 1 001", D(1980, 1, 1), 1),
        ("19750312.199903.2.004", D(1975, 3, 12), 2),
    ],
)
def test_valid_nips(raw, birth, gender):
    info = rules.parse_nip(raw)
    assert info.birth_date == birth
    assert info.gender == gender
    assert len(info.nip) == 18


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1980010120050110", "18"),             # too short
        ("19800101200501100X", "digits"),       # a letter
        ("198013012005011001", "birth"),        # month 13
        ("198001012005131001", "appointment"),  # appointment month 13
        ("198001011985011001", "15"),           # appointed at 5
        ("198001012005013001", "gender"),       # gender digit 3
        ("١٩٨٠٠١٠١٢٠٠٥٠١١٠٠١", "digits"),      # non-ASCII digits
    ],
)
def test_invalid_nips_say_why(raw, reason):
    with translation.override("en"), pytest.raises(ValueError, match=reason):
        rules.parse_nip(raw)


def test_nip_reason_is_in_indonesian_by_default():
    with translation.override("id"), pytest.raises(ValueError, match="18 digit"):
        rules.parse_nip("123")


@given(st.text(max_size=30))
def test_parse_nip_never_crashes(text):
    with contextlib.suppress(ValueError):
        rules.parse_nip(text)


@pytest.mark.parametrize(
    ("text", "front", "name", "back"),
    [
        ("Dr. Petrus Yumte, S.H., M.Si.", "Dr.", "Petrus Yumte", "S.H., M.Si."),
        ("Dr. Petrus Yumte, S.H., M.Si..", "Dr.", "Petrus Yumte", "S.H., M.Si."),  # as printed
        ("Yonathan Demme Tangdilintin, S.H., M.M.", "", "Yonathan Demme Tangdilintin", "S.H., M.M."),
        ("H. Zairullah Azhar", "H.", "Zairullah Azhar", ""),
        ("Prof. Dr. Ir. Budi Santoso, M.Sc., Ph.D", "Prof. Dr. Ir.", "Budi Santoso", "M.Sc., Ph.D"),
        ("Sutrisno", "", "Sutrisno", ""),
        ("Drs. Agus Hari Kesuma, M.Si", "Drs.", "Agus Hari Kesuma", "M.Si"),
    ],
)
def test_split_titles(text, front, name, back):
    person = rules.split_titles(text)
    assert (person.front_title, person.name, person.back_title) == (front, name, back)


def test_format_name_round_trips():
    person = rules.split_titles("Dr. Petrus Yumte, S.H., M.Si.")
    assert str(person) == "Dr. Petrus Yumte, S.H., M.Si."


@pytest.mark.parametrize(
    ("region", "level", "name", "short"),
    [
        ("Kabupaten Mimika", "regency", "Pemerintah Kabupaten Mimika", "Pemkab Mimika"),
        ("Kota Samarinda", "regency", "Pemerintah Kota Samarinda", "Pemkot Samarinda"),
        ("Kalimantan Tengah", "province", "Pemerintah Provinsi Kalimantan Tengah",
         "Pemprov Kalimantan Tengah"),
    ],
)
def test_government_names(region, level, name, short):
    assert rules.government_name(region, level) == name
    assert rules.government_short_name(region, level) == short


def T(start, end=None, capacity=Capacity.DEFINITIVE):
    return rules.Term(start, end, capacity)


def test_acting_holder_exercises_the_office():
    bupati = T(D(2021, 2, 26), D(2026, 2, 26))
    plh = T(D(2024, 3, 1), D(2024, 3, 10), Capacity.PLH)
    assert rules.exercising_term([bupati, plh], D(2024, 3, 5)) is plh
    assert rules.exercising_term([bupati, plh], D(2024, 3, 11)) is bupati
    assert rules.exercising_term([bupati, plh], D(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (T(D(2024, 1, 1), D(2024, 6, 30)), T(D(2024, 6, 30)), True),   # shared last day
        (T(D(2024, 1, 1), D(2024, 6, 29)), T(D(2024, 6, 30)), False),
        (T(D(2024, 1, 1)), T(D(2030, 1, 1)), True),                    # open-ended
    ],
)
def test_terms_overlap(a, b, overlap):
    assert rules.terms_overlap(a, b) is overlap


def test_conflicting_term_only_within_same_capacity():
    definitive = T(D(2024, 1, 1))
    assert rules.conflicting_term(T(D(2024, 5, 1), capacity=Capacity.PLT), [definitive]) is None
    assert rules.conflicting_term(T(D(2024, 5, 1)), [definitive]) is definitive
