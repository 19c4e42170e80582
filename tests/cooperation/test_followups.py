"""Decisions of the evaluation meeting become follow-up actions linked to the agreements they
concern: recorded by whoever may change the meeting, carried out by the agreements' units unless
others are named, shown on the agreement's page and on the round's follow-up page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.cooperation import evaluation as ev
from sinergi.cooperation import followups
from sinergi.cooperation.models import AgreementFollowUp
from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings.models import Decision, FollowUp
from tests.cooperation.test_evaluation import agreement
from tests.meetings.conftest import make_meeting


@pytest.fixture
def setting(world):
    sampah = agreement(world, "Pengelolaan Sampah Regional", [world.tapem])
    beasiswa = agreement(world, "Beasiswa Daerah", [world.bappeda])
    evaluation_round = ev.open_round(
        Actor(world.users[Role.COORDINATOR]), world.kutim, 2024, dt.date(2025, 1, 2), dt.date(2025, 1, 31)
    )
    meeting = make_meeting(world, title="Sosialisasi Evaluasi Kerja Sama Daerah 2024")
    evaluation_round.meeting = meeting
    evaluation_round.save()
    decision = Decision.objects.create(
        meeting=meeting, order=1, text="Setiap OPD melengkapi dokumen PKS yang belum ada."
    )
    return sampah, beasiswa, evaluation_round, meeting, decision


def test_decision_becomes_follow_up_on_the_agreements_with_their_units(world, setting):
    sampah, beasiswa, _round, meeting, decision = setting
    actor = Actor(world.users[Role.COORDINATOR])
    follow_up = followups.create_for_agreements(
        actor, meeting, [sampah, beasiswa], "", dt.date(2025, 3, 31), decision=decision
    )
    assert follow_up.description == decision.text and follow_up.decision == decision
    assert set(follow_up.responsible_units.all()) == {world.tapem, world.bappeda}
    assert {link.agreement for link in follow_up.agreement_links.all()} == {sampah, beasiswa}
    assert list(followups.of_agreement(sampah)) == [follow_up]
    # Each link is audited.
    assert AuditEvent.objects.filter(content_type__model="agreementfollowup").count() == 2


def test_named_units_replace_the_agreements_units(world, setting):
    sampah, _beasiswa, _round, meeting, _decision = setting
    follow_up = followups.create_for_agreements(
        Actor(world.users[Role.COORDINATOR]),
        meeting,
        [sampah],
        "Kaji ulang nilai kerja sama.",
        dt.date(2025, 3, 31),
        units=[world.bappeda],
    )
    assert list(follow_up.responsible_units.all()) == [world.bappeda]


def test_refusals_write_nothing(world, setting):
    sampah, _beasiswa, _round, meeting, _decision = setting
    coordinator = Actor(world.users[Role.COORDINATOR])
    with pytest.raises(ValidationError) as no_agreement:
        followups.create_for_agreements(coordinator, meeting, [], "Apa saja", dt.date(2025, 3, 31))
    assert "agreements" in no_agreement.value.error_dict
    with pytest.raises(ValidationError) as no_text:
        followups.create_for_agreements(coordinator, meeting, [sampah], "  ", dt.date(2025, 3, 31))
    assert "description" in no_text.value.error_dict
    other = make_meeting(
        world, government=world.mimika, organizer=world.mimika_tapem, time_zone="Asia/Jayapura"
    )
    with pytest.raises((ValidationError, PermissionDenied)):
        followups.create_for_agreements(coordinator, other, [sampah], "Lintas daerah", dt.date(2025, 3, 31))
    # A viewer may not change the meeting.
    with pytest.raises(PermissionDenied):
        followups.create_for_agreements(
            Actor(world.users[Role.VIEWER]), meeting, [sampah], "Tidak boleh", dt.date(2025, 3, 31)
        )
    assert not FollowUp.objects.exists() and not AgreementFollowUp.objects.exists()


def test_the_organiser_links_any_agreement_of_the_government(world, setting):
    """The operator of Tapem organises the meeting: they link a decision to Bappeda's agreement
    too (the meeting's right decides), and a link made twice is kept once."""
    sampah, beasiswa, _round, meeting, _decision = setting
    operator = Actor(world.users[Role.UNIT_OPERATOR])
    from sinergi.meetings import followups as meeting_followups

    follow_up = meeting_followups.create(
        operator, meeting, "Rapat lanjutan", [world.tapem], dt.date(2025, 2, 1)
    )
    assert len(followups.link(operator, follow_up, [sampah, beasiswa])) == 2
    assert followups.link(operator, follow_up, [beasiswa]) == []
    assert AgreementFollowUp.objects.filter(follow_up=follow_up).count() == 2
    followups.unlink(operator, AgreementFollowUp.objects.get(agreement=beasiswa))
    assert [link.agreement for link in follow_up.agreement_links.all()] == [sampah]


def test_round_page_records_and_agreement_page_shows(client, world, setting):
    sampah, beasiswa, evaluation_round, _meeting, decision = setting
    url = reverse("cooperation:round_follow_ups", args=[evaluation_round.pk])
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(url)
    assert page.status_code == 200 and decision.text in page.content.decode()
    refused = client.post(url, {"decision": decision.pk, "due_date": "2025-03-31"})
    assert refused.status_code == 400 and not FollowUp.objects.exists()
    response = client.post(
        url, {"decision": decision.pk, "agreements": [sampah.pk], "due_date": "2025-03-31", "description": ""}
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert list(follow_up.responsible_units.all()) == [world.tapem]
    client.post(url, {"link": follow_up.pk, "agreements": [beasiswa.pk]})
    assert AgreementFollowUp.objects.filter(follow_up=follow_up).count() == 2

    # The unit sees the action on its agreement's page; a viewer may not record on the round.
    client.force_login(world.users[Role.UNIT_OPERATOR])
    detail = client.get(reverse("cooperation:agreement_detail", args=[sampah.pk])).content.decode()
    assert 'data-testid="agreement-follow-ups"' in detail and "melengkapi dokumen PKS" in detail
    client.force_login(world.users[Role.VIEWER])
    assert client.post(url, {"link": follow_up.pk, "agreements": [sampah.pk]}).status_code in (403, 404)


def test_round_follow_up_page_shows_a_unit_only_its_own_agreements(client, world, setting):
    """The coordinator links one action to both agreements and another to Bappeda's only (its
    text naming that agreement): the operator of Tapem sees the first with Tapem's agreement
    alone, not the second; choices and links are Tapem's; Bappeda's link cannot be taken off."""
    sampah, beasiswa, evaluation_round, meeting, decision = setting
    coordinator = Actor(world.users[Role.COORDINATOR])
    both = followups.create_for_agreements(
        coordinator, meeting, [sampah, beasiswa], "", dt.date(2025, 3, 31), decision=decision
    )
    followups.create_for_agreements(
        coordinator, meeting, [beasiswa], "Laporkan Beasiswa Daerah yang belum berjalan.", dt.date(2025, 2, 1)
    )
    url = reverse("cooperation:round_follow_ups", args=[evaluation_round.pk])
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(url).content.decode()
    assert page.count(beasiswa.get_absolute_url()) == 2 and "Laporkan Beasiswa" in page

    # The operator of Tapem organises the meeting (make_meeting): they may record follow-ups.
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.get(url)
    page = response.content.decode()
    assert response.context["may_record"]
    assert sampah.get_absolute_url() in page and "Pengelolaan Sampah Regional" in page
    assert beasiswa.get_absolute_url() not in page and "Beasiswa" not in page
    assert [f.pk for f in response.context["follow_ups"]] == [both.pk]
    assert list(response.context["form"].fields["agreements"].queryset) == [sampah]
    beasiswa_link = AgreementFollowUp.objects.get(follow_up=both, agreement=beasiswa)
    assert client.post(url, {"unlink": beasiswa_link.pk}).status_code == 404
    assert AgreementFollowUp.objects.filter(pk=beasiswa_link.pk).exists()
    # Nor can Bappeda's agreement be linked from the page.
    client.post(url, {"link": both.pk, "agreements": [beasiswa.pk]})
    client.post(
        url,
        {"decision": decision.pk, "agreements": [beasiswa.pk], "due_date": "2025-03-31", "description": "x"},
    )
    assert AgreementFollowUp.objects.filter(agreement=beasiswa).count() == 2


def test_agreement_page_links_renewals_only_when_visible(client, world, setting):
    """Tapem's agreement renews an agreement that is Bappeda's now: the operator of Tapem does
    not see its title nor a link to it; the coordinator does."""
    sampah, beasiswa, _round, _meeting, _decision = setting
    sampah.renews = beasiswa
    sampah.save()
    client.force_login(world.users[Role.UNIT_OPERATOR])
    page = client.get(reverse("cooperation:agreement_detail", args=[sampah.pk])).content.decode()
    assert "Beasiswa" not in page and beasiswa.get_absolute_url() not in page
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(reverse("cooperation:agreement_detail", args=[sampah.pk])).content.decode()
    assert "Beasiswa Daerah" in page and beasiswa.get_absolute_url() in page
    page = client.get(reverse("cooperation:agreement_detail", args=[beasiswa.pk])).content.decode()
    assert 'data-testid="renewal-links"' in page and "Pengelolaan Sampah Regional" in page
    assert 'data-testid="renew"' not in page  # renewed already
