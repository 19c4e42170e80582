"""The "Jabatan" (position terms) sheet of the officials workbook: imported with the "Pejabat"
sheet, all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.regions import exporters, importers, services
from sinergi.regions.choices import Capacity
from sinergi.regions.models import Official, Position, PositionTerm
from tests import factories

pytestmark = pytest.mark.django_db

NIP = "198001012005011001"
NIP_2 = "198502152010012003"
D = dt.date
BUPATI_START = D(2021, 2, 26)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def book(officials=(), terms=(), *, sheets=("Pejabat", "Jabatan")) -> bytes:
    """An officials workbook as a user fills it: raw values under each sheet's header."""
    wb = Workbook()
    wb.remove(wb.active)
    specs = {"Pejabat": (importers.OFFICIAL_SHEET, officials), "Jabatan": (importers.TERM_SHEET, terms)}
    for name in sheets:
        spec, rows = specs[name]
        ws = wb.create_sheet(name)
        ws.append(spec.titles)
        for row in rows:
            ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def term_row(name="", position="Bupati Kutai Timur", *, gov="64.08", nip="", unit="", capacity="definitive",
             start=BUPATI_START, end=None, decree=""):
    return [gov, nip, name, position, unit, capacity, start, end, decree]


def counts():
    return (Official.objects.count(), Position.objects.count(), PositionTerm.objects.count(),
            AuditEvent.objects.count())


def versions():
    return (dict(PositionTerm.objects.values_list("pk", "version")),
            dict(Official.objects.values_list("pk", "version")),
            dict(Position.objects.values_list("pk", "version")))


def errors_of(result):
    return [(e.sheet, e.row, e.column) for e in result.errors]


@pytest.fixture
def kutim_terms(world):
    """Kutai Timur: a Bupati (no NIP, with titles), a Plt at Setda, a Kabag Tapem by NIP."""
    ardi = factories.official(world.kutim, "Ardiansyah Sulaiman", back_title="S.Sos., M.Si.")
    rizal = factories.official(world.kutim, "Rizali Hadi", front_title="Dr.", nip=NIP)
    siti = factories.official(world.kutim, "Siti Aminah")
    bupati = Position.objects.create(government=world.kutim, title="Bupati Kutai Timur")
    sekda = Position.objects.create(government=world.kutim, unit=world.setda, title="Sekretaris Daerah")
    kabag = Position.objects.create(government=world.kutim, unit=world.tapem,
                                    title="Kepala Bagian Tata Pemerintahan")
    terms = [
        factories.term(bupati, ardi, D(2021, 2, 26)),
        factories.term(sekda, rizal, D(2024, 5, 1), capacity=Capacity.PLT),
        factories.term(kabag, siti, D(2023, 1, 2), D(2099, 12, 31)),
        factories.term(kabag, rizal, D(2020, 1, 2), D(2022, 12, 31)),  # ended: not exported
    ]
    PositionTerm.objects.filter(pk=terms[0].pk).update(decree="132.64-123 Tahun 2021")
    return {"ardi": ardi, "rizal": rizal, "siti": siti, "bupati": bupati, "sekda": sekda, "kabag": kabag,
            "terms": terms}


# ------------------------------------------------------------------------------ round trip


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.COORDINATOR])
def test_round_trip_of_the_export_changes_nothing(world, kutim_terms, role):
    user = world.users[role]
    pj = factories.official(world.mimika, "Yonathan Demme Tangdilintin")
    factories.term(Position.objects.create(government=world.mimika, title="Bupati Mimika"), pj,
                   D(2025, 2, 11), capacity=Capacity.PJ)
    data = exporters.export_officials(user)
    jabatan = list(load_workbook(io.BytesIO(data))["Jabatan"].iter_rows(min_row=2, values_only=True))
    expected = 4 if role == Role.ADMINISTRATOR else 3
    assert len(jabatan) == expected
    assert ("64.08", None, "Ardiansyah Sulaiman, S.Sos., M.Si.", "Bupati Kutai Timur", None, "definitive",
            dt.datetime(2021, 2, 26), None, "132.64-123 Tahun 2021") in jabatan
    before, stored = counts(), versions()
    result = importers.import_officials(data, user)
    assert result.ok, result.errors
    assert result.applied
    assert (result.terms_created, result.terms_updated, result.terms_unchanged) == (0, 0, expected)
    assert result.positions_created == 0
    assert counts() == before
    assert versions() == stored


# ------------------------------------------------------------------------------ imports that write


def test_fresh_file_creates_officials_positions_and_terms_audited_as_import(world):
    coordinator = world.users[Role.COORDINATOR]
    events = AuditEvent.objects.count()
    data = book(
        officials=[
            ["64.08", "", "", "Ardiansyah Sulaiman", "S.Sos., M.Si.", "", ""],
            ["64.08", NIP, "Dr.", "Rizali Hadi", "", "", ""],
        ],
        terms=[
            term_row("Ardiansyah Sulaiman, S.Sos., M.Si.", decree="132.64-123 Tahun 2021"),  # full name
            term_row("", "Sekretaris Daerah", nip="19800101 200501 1 001", unit="SETDA", capacity="Plt",
                     start="01/05/2024", end=D(2024, 12, 31)),
            term_row("Rizali Hadi", "Kepala Bagian Tata Pemerintahan", unit="TAPEM", start=D(2020, 1, 2),
                     end=D(2022, 12, 31), capacity="Definitif"),
        ],
    )
    result = importers.import_officials(data, coordinator)
    assert result.ok, result.errors
    assert (result.created, result.terms_created, result.positions_created) == (2, 3, 3)
    ardi, rizal = Official.objects.get(name="Ardiansyah Sulaiman"), Official.objects.get(nip=NIP)
    bupati = Position.objects.get(government=world.kutim, title="Bupati Kutai Timur")
    sekda = Position.objects.get(title="Sekretaris Daerah")
    assert bupati.unit is None and sekda.unit == world.setda
    assert Position.objects.get(title="Kepala Bagian Tata Pemerintahan").unit == world.tapem
    term = PositionTerm.objects.get(position=bupati)
    assert (term.official, term.capacity, term.start, term.end, term.decree) == (
        ardi, Capacity.DEFINITIVE, D(2021, 2, 26), None, "132.64-123 Tahun 2021")
    plt = PositionTerm.objects.get(position=sekda)
    assert (plt.official, plt.capacity, plt.start, plt.end) == (rizal, Capacity.PLT, D(2024, 5, 1),
                                                                  D(2024, 12, 31))
    new = AuditEvent.objects.order_by("id")[events:]
    assert len(new) == 2 + 3 + 3
    assert {(e.source, e.action, e.actor_id) for e in new} == {
        (AuditSource.IMPORT, AuditAction.CREATE, coordinator.pk)
    }
    assert services.holder_on(world.kutim.pk, "Sekretaris Daerah", D(2024, 6, 1)) == plt
    # The same file again changes nothing.
    before = counts()
    again = importers.import_officials(data, coordinator)
    assert (again.created, again.unchanged, again.terms_created, again.terms_unchanged) == (0, 2, 0, 3)
    assert again.positions_created == 0
    assert counts() == before


def test_mimika_pj_bupati_from_the_file_is_the_holder(world):
    admin = world.users[Role.ADMINISTRATOR]
    data = book(
        officials=[["94.04", "", "", "Yonathan Demme Tangdilintin", "", "", ""]],
        terms=[["94.04", "", "Yonathan Demme Tangdilintin", "Bupati Mimika", "", "Pj", D(2025, 2, 11), None,
                ""]],
    )
    result = importers.import_officials(data, admin)
    assert result.ok, result.errors
    holder = services.holder_on(world.mimika.pk, "Bupati Mimika", D(2025, 2, 11))
    assert holder is not None
    assert holder.official.name == "Yonathan Demme Tangdilintin"
    assert holder.capacity == Capacity.PJ
    assert holder.capacity_title == "Pj. Bupati Mimika"
    assert holder.position.government == world.mimika and holder.position.unit is None
    assert services.holder_on(world.mimika.pk, "Bupati Mimika", D(2025, 2, 10)) is None


def test_same_key_with_other_values_updates_the_term(world, kutim_terms):
    coordinator = world.users[Role.COORDINATOR]
    bupati_term = kutim_terms["terms"][0]
    data = book(terms=[
        term_row("Ardiansyah Sulaiman", end=D(2025, 2, 20), decree="100.2.3-999 Tahun 2021", capacity="pj"),
        term_row("Siti Aminah", "Kepala Bagian Tata Pemerintahan", unit="TAPEM", start=D(2023, 1, 2),
                 end=D(2099, 12, 31)),
    ], sheets=("Jabatan",))
    result = importers.import_officials(data, coordinator)
    assert result.ok, result.errors
    assert (result.terms_created, result.terms_updated, result.terms_unchanged) == (0, 1, 1)
    bupati_term.refresh_from_db()
    assert (bupati_term.end, bupati_term.decree, bupati_term.capacity, bupati_term.version) == (
        D(2025, 2, 20), "100.2.3-999 Tahun 2021", Capacity.PJ, 2)
    event = AuditEvent.objects.get(object_id=str(bupati_term.pk), action=AuditAction.UPDATE)
    assert event.source == AuditSource.IMPORT and event.after["end"] == "2025-02-20"
    assert PositionTerm.objects.get(pk=kutim_terms["terms"][2].pk).version == 1


def test_ending_a_term_and_adding_the_successor_in_one_file(world, kutim_terms):
    coordinator = world.users[Role.COORDINATOR]
    data = book(
        officials=[["64.08", "", "", "Mahyunadi", "", "", ""]],
        terms=[
            term_row("Mahyunadi", start=D(2025, 2, 20)),  # the successor, listed first
            term_row("Ardiansyah Sulaiman", end=D(2025, 2, 19)),
        ],
    )
    result = importers.import_officials(data, coordinator)
    assert result.ok, result.errors
    assert (result.terms_created, result.terms_updated) == (1, 1)
    assert services.holder_on(world.kutim.pk, "Bupati Kutai Timur", D(2025, 2, 19)).official.name == (
        "Ardiansyah Sulaiman")
    assert services.holder_on(world.kutim.pk, "Bupati Kutai Timur", D(2025, 2, 20)).official.name == (
        "Mahyunadi")


def test_a_term_names_an_official_renamed_by_the_pejabat_sheet(world, kutim_terms):
    coordinator = world.users[Role.COORDINATOR]
    data = book(
        officials=[["64.08", "", "", "Siti Aminah Rahman", "", "", ""]],
        terms=[term_row("Siti Aminah Rahman", "Kepala Bagian Tata Pemerintahan", unit="TAPEM",
                        start=D(2023, 1, 2), end=D(2099, 12, 31))],
    )
    # "Siti Aminah Rahman" is a new official (the name is the key without a NIP): a new term,
    # which overlaps Siti Aminah's definitive term.
    result = importers.import_officials(data, coordinator)
    assert errors_of(result) == [("Jabatan", 2, "Mulai")]
    assert "Siti Aminah already holds this position as Definitive from 2023-01-02" in result.errors[0].reason
    # Renamed through its NIP, the official is still found by its new name.
    data = book(
        officials=[["64.08", NIP, "", "Rizali Hadi Saputra", "", "", ""]],
        terms=[term_row("Rizali Hadi Saputra", "Sekretaris Daerah", unit="SETDA", capacity="Plt",
                        start=D(2024, 5, 1), decree="SK-1")],
    )
    result = importers.import_officials(data, coordinator)
    assert result.ok, result.errors
    assert (result.updated, result.terms_updated) == (1, 1)
    assert PositionTerm.objects.get(position=kutim_terms["sekda"]).decree == "SK-1"


@pytest.mark.parametrize(("text", "code"), [
    ("definitive", "definitive"), ("Definitif", "definitive"), ("DEFINITIVE", "definitive"),
    ("Pj", "pj"), ("PJ", "pj"), ("Pj.", "pj"), ("Penjabat (Pj)", "pj"), ("penjabat", "pj"),
    ("Pjs", "pjs"), ("Penjabat Sementara", "pjs"), ("Plt", "plt"), ("Plt.", "plt"),
    ("Pelaksana Tugas (Plt)", "plt"), ("plh", "plh"), ("Pelaksana  Harian", "plh"),
])
@pytest.mark.parametrize("language", ["en", "id"])
def test_capacity_accepts_codes_and_labels_in_both_languages(text, code, language):
    with translation.override(language):
        assert importers.parse_capacity(text) == code


def test_capacity_rejects_other_words():
    with pytest.raises(ValueError, match="Unknown value \"Bupati\""):
        importers.parse_capacity("Bupati")


# ------------------------------------------------------------------------------ bad rows

BAD_TERM_ROWS = [
    ("unknown official", term_row("Nobody"), "Nama", "Unknown official \"Nobody\""),
    ("unknown NIP", term_row(nip=NIP_2), "NIP", "no official you can see has the NIP"),
    ("invalid NIP", term_row(nip="12345"), "NIP", "18 digits"),
    ("neither NIP nor name", term_row(""), "Nama", "Give the NIP or the name"),
    ("ambiguous official", term_row("Budi"), "Nama", "Ambiguous: 2 officials"),
    ("official of another government by name", term_row("Yohanes"), "Nama", "Unknown official"),
    ("unknown unit code", term_row("Siti Aminah", "Kepala Bidang", unit="NOPE"), "Kode Unit",
     "Unknown unit code \"NOPE\""),
    ("unknown government", term_row("Siti Aminah", gov="99.99"), "Kode Pemerintah",
     "Unknown government code"),
    ("government outside the write scope", term_row("Yohanes", "Bupati Mimika", gov="94.04"),
     "Kode Pemerintah", "You may not change the positions of Pemerintah Kabupaten Mimika"),
    ("end before start", term_row("Siti Aminah", start=D(2024, 5, 1), end=D(2024, 4, 30)), "Sampai",
     "before the start"),
    ("bad capacity", term_row("Siti Aminah", capacity="sementara"), "Status Jabatan", "Unknown value"),
    ("missing capacity", term_row("Siti Aminah", capacity=""), "Status Jabatan", "required"),
    ("missing start", term_row("Siti Aminah", start=None), "Mulai", "required"),
    ("not a date", term_row("Siti Aminah", start="kemarin"), "Mulai", "Not a date"),
    ("missing position", term_row("Siti Aminah", ""), "Jabatan", "required"),
    ("overlap with a stored term", term_row("Siti Aminah", start=D(2024, 1, 1)), "Mulai",
     "Ardiansyah Sulaiman, S.Sos., M.Si. already holds this position as Definitive from 2021-02-26"),
    ("formula cell", term_row("Siti Aminah", decree="=HYPERLINK(\"x\")"), "Nomor SK",
     "Formulas are not accepted"),
    ("formula-like text", term_row("Siti Aminah", decree="@SUM(A1)"), "Nomor SK", "may not start with"),
]


@pytest.mark.parametrize(("row", "column", "reason"), [c[1:] for c in BAD_TERM_ROWS],
                         ids=[c[0] for c in BAD_TERM_ROWS])
def test_each_bad_term_row_is_reported_and_nothing_written(world, kutim_terms, row, column, reason):
    factories.official(world.kutim, "Budi")
    factories.official(world.kutim, "Budi")
    factories.official(world.mimika, "Yohanes")
    before, stored = counts(), versions()
    good_official = ["64.08", "", "", "Dewi Lestari", "", "", ""]
    good_term = term_row("Dewi Lestari", "Kepala Bappeda", unit="BAPPEDA", start=D(2024, 1, 1))
    result = importers.import_officials(book([good_official], [good_term, row]),
                                        world.users[Role.COORDINATOR])
    assert not result.ok and not result.applied
    assert errors_of(result) == [("Jabatan", 3, column)], result.errors
    assert reason in result.errors[0].reason
    assert result.rows == [] and result.terms == [] and result.positions == []
    assert counts() == before and versions() == stored


def test_every_error_of_both_sheets_is_reported_pejabat_first(world, kutim_terms):
    before = counts()
    result = importers.import_officials(book(
        officials=[["64.08", "12345", "", "Andi", "", "", ""], ["64.08", "", "", "Dewi", "", "andi@", ""]],
        terms=[
            term_row("Dewi", "Kepala Bappeda", unit="BAPPEDA"),  # Dewi's row is bad: no second error
            term_row("Nobody", end=D(2020, 1, 1)),
            term_row("Siti Aminah", capacity="x", unit="NOPE"),
        ],
    ), world.users[Role.COORDINATOR])
    assert errors_of(result) == [
        ("", 2, "NIP"), ("", 3, "Email"),
        ("Jabatan", 3, "Nama"), ("Jabatan", 3, "Sampai"),
        ("Jabatan", 4, "Kode Unit"), ("Jabatan", 4, "Status Jabatan"),
    ]
    assert counts() == before


def test_overlap_between_two_rows_of_the_file(world, kutim_terms):
    before = counts()
    data = book(
        officials=[["64.08", "", "", "Dewi Lestari", "", "", ""]],
        terms=[
            term_row("Dewi Lestari", "Kepala Bappeda", unit="BAPPEDA", start=D(2024, 1, 1)),
            term_row("Siti Aminah", "Kepala Bappeda", unit="BAPPEDA", start=D(2024, 6, 1), end=D(2024, 8, 1)),
            term_row("Siti Aminah", "Kepala Bappeda", unit="BAPPEDA", capacity="plt", start=D(2024, 6, 2)),
        ],
    )
    result = importers.import_officials(data, world.users[Role.COORDINATOR])
    assert errors_of(result) == [("Jabatan", 3, "Mulai")]
    assert "overlaps the Definitive term of row 2 of this file" in result.errors[0].reason
    assert counts() == before
    # The same term twice is a duplicate, not an overlap.
    result = importers.import_officials(book(terms=[term_row("Siti Aminah", "Kepala Bappeda"),
                                                    term_row("Siti Aminah", "kepala  bappeda")]),
                                        world.users[Role.COORDINATOR])
    assert errors_of(result) == [("Jabatan", 3, "Mulai")]
    assert "already in row 2" in result.errors[0].reason
    assert counts() == before


def test_a_position_is_matched_by_title_case_insensitively_within_its_unit(world, kutim_terms):
    result = importers.import_officials(book(terms=[
        term_row("Siti Aminah", "kepala bagian tata pemerintahan", unit="TAPEM", start=D(2023, 1, 2),
                 end=D(2099, 12, 31)),
    ]), world.users[Role.COORDINATOR])
    assert (result.terms_unchanged, result.positions_created) == (1, 0), result.errors
    # Without its unit code it is another position: one of the government itself.
    result = importers.import_officials(book(terms=[
        term_row("Siti Aminah", "Kepala Bagian Tata Pemerintahan", start=D(2023, 1, 2)),
    ]), world.users[Role.COORDINATOR])
    assert (result.terms_created, result.positions_created) == (1, 1), result.errors
    assert Position.objects.filter(title="Kepala Bagian Tata Pemerintahan", unit=None).count() == 1


def test_a_stale_term_refused_while_writing_rolls_back_everything(world, kutim_terms, monkeypatch):
    real_update = importers.update_object

    def moved_meanwhile(actor, obj, changes, **kwargs):
        if isinstance(obj, PositionTerm):
            kwargs["expected_version"] = obj.version - 1
        return real_update(actor, obj, changes, **kwargs)

    monkeypatch.setattr(importers, "update_object", moved_meanwhile)
    before, stored = counts(), versions()
    result = importers.import_officials(book(
        officials=[["64.08", "", "", "Dewi Lestari", "", "", ""]],
        terms=[term_row("Ardiansyah Sulaiman", end=D(2025, 2, 19))],
    ), world.users[Role.COORDINATOR])
    assert not result.applied and errors_of(result) == [("Jabatan", 2, "")]
    assert "changed by someone else" in result.errors[0].reason
    assert counts() == before and versions() == stored


# ------------------------------------------------------------------------------ the workbook


def test_either_sheet_may_be_missing(world, kutim_terms):
    coordinator = world.users[Role.COORDINATOR]
    only_terms = book(terms=[term_row("Ardiansyah Sulaiman", decree="132.64-123 Tahun 2021")],
                      sheets=("Jabatan",))
    result = importers.import_officials(only_terms, coordinator)
    assert result.ok and (result.created, result.terms_unchanged) == (0, 1), result.errors
    only_officials = book(officials=[["64.08", "", "", "Dewi", "", "", ""]], sheets=("Pejabat",))
    result = importers.import_officials(only_officials, coordinator)
    assert result.ok and (result.created, len(result.terms)) == (1, 0), result.errors
    empty = importers.import_officials(book(), coordinator)
    assert "no data rows" in empty.errors[0].reason


def test_template_makes_the_jabatan_sheet_importable_and_explains_it(world):
    wb = load_workbook(io.BytesIO(exporters.official_template()))
    ws = wb["Jabatan"]
    assert [c.value for c in ws[1]] == ["Kode Pemerintah", "NIP", "Nama", "Jabatan", "Kode Unit",
                                        "Status Jabatan", "Mulai", "Sampai", "Nomor SK"]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and str(lists[0].sqref).startswith("F2:") and "plt" in lists[0].formula1
    rows = [[c for c in row] for row in wb["Petunjuk"].iter_rows(values_only=True)]
    described = {(r[0], r[1]): r for r in rows if len(r) >= 4 and r[0] == "Jabatan" and r[1]}
    assert set(described) == {("Jabatan", t) for t in importers.TERM_SHEET.titles}
    required = {title for (_sheet, title), r in described.items() if r[2] == "yes"}
    assert required == {"Kode Pemerintah", "Jabatan", "Status Jabatan", "Mulai"}
    text = " ".join(str(c) for r in rows for c in r if c)
    assert "ignored on import" not in text
    assert "identified by its position, official and start date" in text
    assert "pj = Penjabat (Pj)" in text


def test_checking_the_file_does_not_query_per_row(world, kutim_terms):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coordinator = world.users[Role.COORDINATOR]

    def queries(n):
        officials = [["64.08", "", "", f"Pejabat {i}", "", "", ""] for i in range(n)]
        terms = [term_row(f"Pejabat {i}", f"Jabatan {i}", unit="BAPPEDA", start=D(2024, 1, 1))
                 for i in range(n)]
        terms += [
            term_row("Siti Aminah", "Kepala Bagian Tata Pemerintahan", unit="TAPEM", start=D(2023, 1, 2),
                     end=D(2099, 12, 31)),
            term_row("", "Sekretaris Daerah", nip=NIP, unit="SETDA", capacity="plt", start=D(2024, 5, 1)),
        ]
        data = book(officials, terms)
        with CaptureQueriesContext(connection) as captured:
            result = importers.validate_officials(data, coordinator)
        assert result.ok and result.terms_created == n, result.errors
        return len(captured)

    queries(1)  # the user's scope is cached on first use
    assert queries(40) == queries(2)
