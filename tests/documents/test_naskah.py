"""Kop and signature block derived from the letterhead settings and the registry on the signing
day (documents.naskah), and issuing with gapless agenda numbers (documents.issuing)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError

from sinergi.core.services import Actor
from sinergi.documents import issuing, naskah
from sinergi.documents.models import AgendaCounter, IssuedDocument, Letterhead, UnitLetterhead
from sinergi.regions.choices import Capacity, PositionGrade
from sinergi.regions.models import Position
from tests import factories

DAY = dt.date(2026, 12, 8)


@pytest.fixture
def kutim_registry(world):
    """Bupati (Pjs.), Sekda (Plh. on DAY), Kabag Tapem (definitive, IV/a), Kepala Bappeda."""
    kutim = world.kutim
    Letterhead.objects.create(
        government=kutim, government_line="PEMERINTAH KABUPATEN KUTAI TIMUR", head_line="BUPATI KUTAI TIMUR",
        place="Sangatta", address="Jalan Soekarno-Hatta, Bukit Pelangi", postal_code="75611",
        telephone="(0549) 21001", website="www.kutaitimurkab.go.id", invitation_code="000.1.5")
    positions = {
        "bupati": Position.objects.create(government=kutim, title="Bupati Kutai Timur",
                                          grade=PositionGrade.REGIONAL_HEAD, order=1),
        "sekda": Position.objects.create(government=kutim, unit=world.setda, title="Sekretaris Daerah",
                                         grade=PositionGrade.JPT_MADYA, is_unit_head=True, order=10),
        "kabag": Position.objects.create(government=kutim, unit=world.tapem,
                                         title="Kepala Bagian Tata Pemerintahan",
                                         grade=PositionGrade.ADMINISTRATOR, is_unit_head=True, order=20),
        "bappeda": Position.objects.create(government=kutim, unit=world.bappeda, title="Kepala Bappeda",
                                           grade=PositionGrade.JPT_PRATAMA, is_unit_head=True, order=30),
    }
    people = {
        "bupati": factories.official(kutim, "Agus Hari Kesuma"),
        "sekda": factories.official(kutim, "Rizali Hadi", back_title="S.E., M.Si.", golongan="IV/c",
                                    nip="197001011995031001"),
        "kabag": factories.official(kutim, "Sutrisno", golongan="IV/a", nip="197502022000121002"),
        "bappeda": factories.official(kutim, "Noviari Noor", golongan="IV/b"),
    }
    factories.term(positions["bupati"], people["bupati"], dt.date(2024, 9, 25), capacity=Capacity.PJS)
    factories.term(positions["sekda"], people["sekda"], dt.date(2026, 12, 1), dt.date(2026, 12, 10),
                   capacity=Capacity.PLH)
    factories.term(positions["kabag"], people["kabag"], dt.date(2023, 1, 2))
    factories.term(positions["bappeda"], people["bappeda"], dt.date(2022, 3, 1))
    return positions, people


def test_each_way_of_signing(world, kutim_registry):
    positions, people = kutim_registry
    bupati = positions["bupati"]
    own = naskah.signature_for(bupati, people["bupati"], DAY)
    assert own.lines == ["Pjs. BUPATI KUTAI TIMUR,"] and own.nip == "" and own.pangkat == ""
    sekda = naskah.signature_for(bupati, people["sekda"], DAY)
    assert sekda.lines == ["a.n. BUPATI KUTAI TIMUR", "Plh. SEKRETARIS DAERAH,"]
    assert sekda.name == "Rizali Hadi, S.E., M.Si." and sekda.nip == "197001011995031001"
    assert sekda.pangkat == "Pembina Utama Muda (IV/c)"
    kabag = naskah.signature_for(bupati, people["kabag"], DAY)
    assert kabag.lines == ["a.n. BUPATI KUTAI TIMUR", "SEKRETARIS DAERAH,", "u.b.",
                           "KEPALA BAGIAN TATA PEMERINTAHAN,"]
    assert naskah.signature_for(positions["sekda"], people["kabag"], DAY).lines == [
        "a.n. SEKRETARIS DAERAH", "KEPALA BAGIAN TATA PEMERINTAHAN,"]
    assert naskah.signature_for(bupati, people["bappeda"], DAY).lines == [
        "a.n. BUPATI KUTAI TIMUR", "KEPALA BAPPEDA,"]
    # After the Plh.'s term ended he signs nothing; the Kabag of Tapem is not under Bappeda.
    with pytest.raises(ValidationError):
        naskah.signature_for(bupati, people["sekda"], dt.date(2026, 12, 11))
    with pytest.raises(ValidationError):
        naskah.signature_for(positions["bappeda"], people["kabag"], DAY)


def test_kop_of_the_signing_authority(world, kutim_registry):
    positions, _people = kutim_registry
    head = naskah.kop_for(world.kutim, positions["bupati"], world.tapem)
    assert head.lines == ["BUPATI KUTAI TIMUR"] and head.kind == "head"
    secretariat = naskah.kop_for(world.kutim, positions["kabag"], world.tapem)
    assert secretariat.lines == ["PEMERINTAH KABUPATEN KUTAI TIMUR", "SEKRETARIAT DAERAH"]
    assert secretariat.contact[0] == "Jalan Soekarno-Hatta, Bukit Pelangi 75611"
    assert "Laman www.kutaitimurkab.go.id" in secretariat.contact[-1]
    UnitLetterhead.objects.create(unit=world.bappeda, name_line="BADAN PERENCANAAN PEMBANGUNAN DAERAH",
                                  address="Jalan Soekarno-Hatta No. 2", number_code="Bappeda")
    opd = naskah.kop_for(world.kutim, positions["bappeda"], world.bappeda)
    assert opd.lines == ["PEMERINTAH KABUPATEN KUTAI TIMUR", "BADAN PERENCANAAN PEMBANGUNAN DAERAH"]
    assert opd.contact == ["Jalan Soekarno-Hatta No. 2"]
    assert naskah.unit_number_code(world.bappeda) == "Bappeda"


def test_numbers_are_gapless_per_unit_and_year_and_a_failed_issue_uses_none(world):
    actor = Actor(world.users["administrator"])
    numbering = issuing.Numbering("000.1.5", "Tapem")

    def issue(render=lambda stamp: b"%PDF-1.7 " + stamp.number.encode()):
        return issuing.issue(actor, kind="invitation", government=world.kutim, unit=world.tapem, date=DAY,
                             subject="Undangan", render=render, file_name="undangan.pdf", numbering=numbering)

    first = issue()
    assert first.number == "000.1.5/1/Tapem/2026" and first.sequence == 1
    with pytest.raises(RuntimeError):
        issue(render=lambda stamp: (_ for _ in ()).throw(RuntimeError("typst failed")))
    second = issue()
    assert second.number == "000.1.5/2/Tapem/2026"
    assert AgendaCounter.objects.get(unit=world.tapem, year=2026).last == 2
    # The stored file is what was issued, fingerprint included; the code is unique and short.
    with second.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == second.sha256 and content.endswith(b"/2/Tapem/2026")
    assert len(second.code) == 10 and IssuedDocument.objects.count() == 2
    assert issuing.normalize_code(second.code.lower()[:5] + "-" + second.code[5:]) == second.code
