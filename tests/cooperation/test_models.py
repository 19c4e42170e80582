"""The structure of an agreement: one MoU, many PKS implementing it, addenda; each party numbers
a document itself; a partner is exactly one of a region, a third party or a foreign institution;
the scope of who sees an agreement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sinergi.cooperation.choices import CooperationKind, DocumentKind, PartnerType
from sinergi.cooperation.models import Agreement, Document, DocumentNumber, Partner, ThirdParty
from sinergi.core.roles import Role
from sinergi.core.scope import Action, can, scoped
from sinergi.regions.models import Region
from tests import factories


@pytest.fixture
def agreement(world):
    agreement = Agreement.objects.create(
        government=world.kutim,
        title="Kerja sama pengelolaan sampah",
        kind=CooperationKind.REGION_VOLUNTARY,
        start=dt.date(2024, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    agreement.responsible_units.set([world.tapem])
    return agreement


def test_one_mou_many_pks_and_addenda(agreement):
    mou = Document.objects.create(agreement=agreement, kind=DocumentKind.MOU, title="Kesepakatan Bersama")
    for n in (1, 2):
        pks = Document(agreement=agreement, kind=DocumentKind.PKS, parent=mou, title=f"PKS {n}")
        pks.full_clean()
        pks.save()
    assert mou.children.filter(kind=DocumentKind.PKS).count() == 2
    wrong = Document(agreement=agreement, kind=DocumentKind.PKS, parent=mou.children.first(), title="PKS 3")
    with pytest.raises(ValidationError, match="melaksanakan"):
        wrong.full_clean()
    with pytest.raises(ValidationError):
        Document(agreement=agreement, kind=DocumentKind.ADDENDUM, title="Adendum").full_clean()
    Document(agreement=agreement, kind=DocumentKind.ADDENDUM, parent=mou, title="Adendum I").full_clean()


def test_each_party_numbers_the_document_once(agreement):
    mou = Document.objects.create(agreement=agreement, kind=DocumentKind.MOU, title="Kesepakatan Bersama")
    DocumentNumber.objects.create(
        document=mou, party="Pemerintah Kabupaten Kutai Timur", is_own=True, number="415.4/01/KSD/2024"
    )
    DocumentNumber.objects.create(document=mou, party="Pemerintah Kota Bontang", number="180/12/HK/2024")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentNumber.objects.create(document=mou, party="Pemerintah Kota Bontang", number="other")
    assert [n.number for n in mou.numbers.all()] == ["415.4/01/KSD/2024", "180/12/HK/2024"]


def test_a_partner_is_exactly_one_party(world, agreement):
    bontang = Region.objects.get(name="Kota Bontang")
    Partner.objects.create(agreement=agreement, region=bontang)
    party = ThirdParty.objects.create(government=world.kutim, name="PT Contoh", kind=PartnerType.BUSINESS)
    Partner.objects.create(agreement=agreement, third_party=party)
    Partner.objects.create(agreement=agreement, foreign_name="Ville de Lyon")
    for bad in (dict(), dict(region=bontang, foreign_name="x"), dict(region=bontang, third_party=party)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Partner.objects.create(agreement=agreement, **bad)


def test_end_before_start_is_refused(world):
    with pytest.raises(ValidationError):
        Agreement(
            government=world.kutim,
            title="x",
            kind=CooperationKind.THIRD_PARTY,
            start=dt.date(2025, 1, 1),
            end=dt.date(2024, 1, 1),
        ).full_clean()


def test_a_unit_sees_and_edits_its_own_agreements(world, agreement):
    operator = world.users[Role.UNIT_OPERATOR]  # Tapem, responsible
    other = factories.user("op-bappeda", Role.UNIT_OPERATOR, [world.bappeda])
    coordinator = world.users[Role.COORDINATOR]
    assert can(operator, Action.CHANGE, agreement)
    assert not scoped(Agreement.objects.all(), other).exists()
    assert scoped(Agreement.objects.all(), coordinator).filter(pk=agreement.pk).exists()
    assert can(coordinator, Action.CHANGE, agreement)
