"""The registry pages: list with derived status, an agreement with the documents still missing,
the workbook import page (all or nothing), and who sees what — including the partner region's
coordinator, who sees agreements naming its region, read-only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count
from django.urls import reverse

from sinergi.cooperation.choices import CooperationKind, DocumentKind, Stage
from sinergi.cooperation.models import Agreement, Document, Partner, StageReached
from sinergi.core.roles import Role
from sinergi.core.scope import Action, can
from sinergi.regions.models import Region
from tests import factories
from tests.cooperation.test_import import good_rows, workbook


@pytest.fixture
def waste(world):
    agreement = Agreement.objects.create(
        government=world.kutim,
        title="Pengelolaan Sampah Regional",
        kind=CooperationKind.REGION_VOLUNTARY,
        start=dt.date(2024, 3, 1),
        end=dt.date(2099, 2, 28),
    )
    agreement.responsible_units.set([world.tapem])
    StageReached.objects.create(agreement=agreement, stage=Stage.MOU_SIGNED, reached_on=dt.date(2024, 2, 1))
    Document.objects.create(
        agreement=agreement, kind=DocumentKind.MOU, title="KB", signed_on=dt.date(2024, 2, 1)
    )
    Partner.objects.create(agreement=agreement, region=Region.objects.get(name="Kabupaten Mimika"))
    return agreement


def test_list_and_detail_show_the_derived_status_and_missing_documents(client, world, waste):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    page = client.get(reverse("cooperation:agreement_list")).content.decode()
    assert "Pengelolaan Sampah Regional" in page and 'data-testid="agreement-status"' in page
    detail = client.get(waste.get_absolute_url())
    assert detail.status_code == 200
    text = detail.content.decode()
    assert 'data-testid="missing-documents"' in text  # proposal, offer, draft not on file
    assert 'data-testid="stage-checklist"' in text and "Penyusunan PKS" in text  # stages not reached too


def test_other_unit_does_not_see_it_partner_coordinator_reads_it(client, world, waste):
    other = factories.user("op-bappeda", Role.UNIT_OPERATOR, [world.bappeda])
    client.force_login(other)
    assert client.get(waste.get_absolute_url()).status_code == 404
    # Mimika is a partner: its coordinator sees the agreement, read-only.
    mimika_coordinator = factories.user("coord-mimika", Role.COORDINATOR, [world.mimika_tapem])
    client.force_login(mimika_coordinator)
    assert client.get(waste.get_absolute_url()).status_code == 200
    assert not can(mimika_coordinator, Action.CHANGE, waste)


def test_import_page_all_or_nothing(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("cooperation:registry_import", args=[world.kutim.pk])
    assert client.get(url).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = [
        *good_rows(world),
        {
            "Judul": "X",
            "Jenis": "region_voluntary",
            "Mitra": "Kabupaten Atlantis",
            "SKPD Penanggung Jawab": "TAPEM",
        },
    ]
    response = client.post(url, {"file": SimpleUploadedFile("kerja-sama.xlsx", workbook(bad))})
    assert response.status_code == 400 and "Atlantis" in response.content.decode()
    assert not Agreement.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("kerja-sama.xlsx", workbook(good_rows(world)))})
    assert response.status_code == 200 and Agreement.objects.count() == 2
    export = client.get(reverse("cooperation:registry_export", args=[world.kutim.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_viewer_cannot_import(client, world):
    client.force_login(world.users[Role.VIEWER])
    assert client.get(reverse("cooperation:registry_import", args=[world.kutim.pk])).status_code == 403


def test_dashboard_counts_dormant_and_map(client, world, waste):
    old = Agreement.objects.create(
        government=world.kutim,
        title="Lama tanpa kegiatan",
        kind=CooperationKind.REGION_VOLUNTARY,
        start=dt.date(2020, 1, 1),
        end=dt.date(2099, 1, 1),
        value=Decimal("250000000"),
    )
    old.responsible_units.set([world.tapem])
    StageReached.objects.create(agreement=old, stage=Stage.MOU_SIGNED, reached_on=dt.date(2019, 12, 1))
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(reverse("cooperation:dashboard", args=[world.kutim.pk]))
    assert response.status_code == 200
    assert response.context["total"] == 2
    counts = {code: (count, value) for code, _label, count, value in response.context["by_status"]}
    assert sum(count for count, _value in counts.values()) == 2
    assert counts["active"][1] == Decimal("250000000.00")  # the value of what is in force
    assert [a.title for a in response.context["dormant"]] == [
        "Lama tanpa kegiatan",
        "Pengelolaan Sampah Regional",
    ]
    assert response.context["partner_map"]["values"] == {"94.04": 1}
    assert 'data-testid="partner-map"' in response.content.decode()
    timeline = {item["name"]: item for item in response.context["timeline_chart"]["items"]}
    assert timeline["Lama tanpa kegiatan"]["end"] == "2099-01-01"
    assert timeline["Lama tanpa kegiatan"]["colour"] == "#1a9850"  # in force, no renewal due
    assert 'data-dashboard-chart="coop-timeline"' in response.content.decode()


def test_agreement_by_hand_stage_and_document(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])  # Tapem
    response = client.post(
        reverse("cooperation:agreement_add", args=[world.kutim.pk]),
        {
            "title": "Kerja sama air minum",
            "kind": "region_voluntary",
            "responsible_units": [world.tapem.pk],
            "start": "2025-01-01",
            "end": "2027-12-31",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="Kerja sama air minum")
    assert list(agreement.responsible_units.all()) == [world.tapem]
    client.post(
        reverse("cooperation:stage_add", args=[agreement.pk]),
        {"stage": "mou_signed", "reached_on": "2024-12-01"},
    )
    client.post(
        reverse("cooperation:document_add", args=[agreement.pk]),
        {
            "kind": "mou",
            "title": "Kesepakatan Bersama",
            "signed_on": "2024-12-01",
            "own_number": "180/1/KSD/2024",
            "partner_number": "119/7/2024",
        },
    )
    client.post(
        reverse("cooperation:document_add", args=[agreement.pk]),
        {"kind": "pks", "title": "PKS Tahap I", "signed_on": "2025-01-10", "own_number": "180/2/KSD/2025"},
    )
    mou = Document.objects.get(agreement=agreement, kind=DocumentKind.MOU)
    assert {n.number for n in mou.numbers.all()} == {"180/1/KSD/2024", "119/7/2024"}
    assert Document.objects.get(kind=DocumentKind.PKS).parent == mou
    assert agreement.stages.get().stage == Stage.MOU_SIGNED
    edit = client.post(
        reverse("cooperation:agreement_edit", args=[agreement.pk]),
        {
            "title": "Kerja sama air minum lintas daerah",
            "kind": "region_voluntary",
            "responsible_units": [world.tapem.pk],
            "version": agreement.version,
        },
    )
    assert edit.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Kerja sama air minum lintas daerah"


def test_a_unit_cannot_record_for_another_unit(client, world):
    client.force_login(world.users[Role.UNIT_OPERATOR])
    client.post(
        reverse("cooperation:agreement_add", args=[world.kutim.pk]),
        {"title": "Bukan milik Tapem", "kind": "region_voluntary", "responsible_units": [world.bappeda.pk]},
    )
    assert not Agreement.objects.filter(title="Bukan milik Tapem").exists()


def test_partners_added_and_removed_on_the_agreement_page(client, world, waste):
    from sinergi.cooperation.models import ThirdParty

    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = reverse("cooperation:partner_add", args=[waste.pk])
    balikpapan = Region.objects.get(name="Kota Balikpapan")
    client.post(url, {"region": balikpapan.code})
    client.post(url, {"third_party_name": "Universitas Mulawarman", "third_party_kind": "university"})
    client.post(url, {"third_party_name": "universitas mulawarman"})  # the same party: found by name
    client.post(url, {"foreign_name": "JICA"})
    refused = [
        {"third_party_name": "PT Tanpa Jenis"},  # a new third party needs its type
        {"region": balikpapan.code, "foreign_name": "Dua sekaligus"},  # one partner at a time
        {"region": world.kutim.region_id},  # not its own partner
        {"region": balikpapan.code},  # named already
    ]
    for data in refused:
        client.post(url, data)
    assert sorted(str(p) for p in Partner.objects.filter(agreement=waste)) == sorted(
        [str(Region.objects.get(pk="94.04")), "Kota Balikpapan", "Universitas Mulawarman", "JICA"]
    )
    assert ThirdParty.objects.get().kind == "university"
    page = client.get(waste.get_absolute_url()).content.decode()
    assert 'data-testid="partner-form"' in page and "Universitas Mulawarman" in page
    jica = Partner.objects.get(agreement=waste, foreign_name="JICA")
    client.post(reverse("cooperation:partner_remove", args=[waste.pk, jica.pk]))
    assert not Partner.objects.filter(pk=jica.pk).exists()
    # A viewer cannot add one.
    client.force_login(world.users[Role.VIEWER])
    assert client.post(url, {"foreign_name": "USAID"}).status_code == 404


def test_renewal_recorded_on_the_page_and_through_the_api(client, world, waste):
    """The unit renews its agreement: a new agreement with the same partners and units renews
    it; the old one is no longer due for renewal (nobody is reminded) and ends as renewed; an
    agreement is renewed once."""
    from sinergi.cooperation.choices import AgreementStatus
    from sinergi.cooperation.services import status_of
    from sinergi.cooperation.tasks import renewal_reminders
    from tests.api.conftest import ApiClient

    Agreement.objects.filter(pk=waste.pk).update(start=dt.date(2022, 1, 1), end=dt.date(2025, 3, 31))
    today = dt.date(2025, 1, 10)
    assert status_of(Agreement.objects.get(pk=waste.pk), today) == AgreementStatus.RENEWAL_DUE
    client.force_login(world.users[Role.UNIT_OPERATOR])
    url = reverse("cooperation:agreement_renew", args=[waste.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="2025-04-01"' in form.content.decode()  # the day after
    bad = client.post(url, {"title": waste.title, "start": "2025-04-01", "end": "2025-01-01"})
    assert bad.status_code == 400 and not Agreement.objects.filter(renews=waste).exists()
    done = client.post(
        url, {"title": "Pengelolaan Sampah Regional II", "start": "2025-04-01", "end": "2028-03-31"}
    )
    renewal = Agreement.objects.get(renews=waste)
    assert done.url == renewal.get_absolute_url()
    assert [str(p) for p in renewal.partners.all()] == [str(p) for p in waste.partners.all()]
    assert list(renewal.responsible_units.all()) == [world.tapem]
    old = Agreement.objects.annotate(renewal_count=Count("renewals")).get(pk=waste.pk)
    assert status_of(old, today) == AgreementStatus.ACTIVE  # renewal recorded: no longer due
    assert status_of(old, dt.date(2025, 4, 1)) == AgreementStatus.RENEWED
    assert renewal_reminders(today) == 0
    page = client.get(waste.get_absolute_url()).content.decode()
    assert "Pengelolaan Sampah Regional II" in page and 'data-testid="renew"' not in page
    assert client.post(url, {"title": "Lagi", "start": "2025-04-01", "end": "2028-03-31"}).status_code == 400
    # Through the API, for the renewal: the same rule and the status read back.
    api = ApiClient(world.users[Role.UNIT_OPERATOR])
    again = api.post(
        f"cooperation/agreements/{renewal.pk}/renew", {"start": "2028-04-01", "end": "2031-03-31"}
    )
    assert again.status_code == 201 and again.json()["title"] == "Pengelolaan Sampah Regional II"
    assert api.get(f"cooperation/agreements/{waste.pk}").json()["status"] in ("active", "renewed")
    assert ApiClient(world.users[Role.VIEWER]).post(
        f"cooperation/agreements/{renewal.pk}/renew", {"start": "2031-04-01", "end": "2032-03-31"}
    ).status_code in (403, 404)


def test_list_finds_by_partner_and_filters_by_unit(client, world, waste):
    other = Agreement.objects.create(
        government=world.kutim, title="Beasiswa Daerah", kind=CooperationKind.THIRD_PARTY
    )
    other.responsible_units.set([world.bappeda])
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("cooperation:agreement_list")
    by_partner = client.get(url, {"q": "mimika"}).context["rows"]  # waste's partner region
    assert [a.title for a, _s in by_partner] == ["Pengelolaan Sampah Regional"]
    by_unit = client.get(url, {"unit": world.bappeda.pk}).context["rows"]
    assert [a.title for a, _s in by_unit] == ["Beasiswa Daerah"]
    assert world.tapem in client.get(url).context["units"]
