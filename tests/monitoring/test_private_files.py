"""Stored files are private: no public address in any mode, unguessable stored names, the
uploader's file name kept as data and sent back, downloads only through scoped views, and the
front server (nginx X-Accel-Redirect, X-Sendfile) sending them in production."""

from __future__ import annotations

import importlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.monitoring import services
from sinergi.monitoring.models import Evidence
from tests.monitoring.conftest import realization

OP = Role.UNIT_OPERATOR
STORED = re.compile(r"^monitoring/evidence/\d{4}/\d{2}/[A-Za-z0-9_-]{24}\.pdf$")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def evidence(world, tapem_activity, media) -> Evidence:
    draft = realization(tapem_activity, 1, status="draft")
    upload = SimpleUploadedFile("Laporan TW I (final).pdf", b"%PDF-1.4 laporan", "application/pdf")
    return services.add_evidence(Actor(world.users[OP]), draft, upload, "")


def test_the_stored_name_is_unguessable_and_the_uploaders_name_is_kept(evidence, media):
    assert STORED.match(evidence.file.name), evidence.file.name
    assert "Laporan" not in evidence.file.name
    assert evidence.file_name == "Laporan TW I (final).pdf"
    assert str(evidence) == "Laporan TW I (final).pdf"
    assert (media / evidence.file.name).read_bytes() == b"%PDF-1.4 laporan"
    # Two uploads of the same file get two different names.
    again = services.add_evidence(SYSTEM_ACTOR, evidence.realization,
                                  SimpleUploadedFile("Laporan TW I (final).pdf", b"x"), "")
    assert again.file.name != evidence.file.name


SYSTEM_ACTOR = Actor.system()


def test_a_stored_file_has_no_public_url(evidence):
    with pytest.raises(AttributeError):
        evidence.file.url  # noqa: B018


@pytest.mark.parametrize("debug", [False, True])
def test_media_is_not_mounted_in_any_mode(evidence, client, world, debug):
    """The development server mounted MEDIA_ROOT at /media/ under DEBUG: anyone could fetch a
    scan without signing in."""
    import sinergi.urls

    try:
        with override_settings(DEBUG=debug):
            importlib.reload(sinergi.urls)
            with pytest.raises(Resolver404):
                resolve("/media/" + evidence.file.name, urlconf=sinergi.urls)
    finally:
        importlib.reload(sinergi.urls)
    assert client.get("/media/" + evidence.file.name).status_code == 404
    client.force_login(world.users[OP])
    assert client.get("/media/" + evidence.file.name).status_code == 404


def test_the_history_page_links_the_scoped_download(evidence, client, world):
    client.force_login(world.users[OP])
    page = client.get(reverse("monitoring:activity_history", args=[evidence.realization.activity_id]))
    html = page.content.decode()
    url = reverse("monitoring:evidence_file", args=[evidence.pk])
    assert url in html and "/media/" not in html and evidence.file.name not in html


def test_the_download_sends_the_file_under_the_uploaders_name(evidence, client, world):
    client.force_login(world.users[OP])
    response = client.get(reverse("monitoring:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 laporan"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and "Laporan TW I (final).pdf" in disposition


@pytest.mark.parametrize("role", [None, Role.UNIT_OPERATOR])
def test_nobody_outside_the_scope_downloads_it(world, mimika_activity, media, client, role):
    draft = realization(mimika_activity, 1, status="draft")
    outside = services.add_evidence(SYSTEM_ACTOR, draft, SimpleUploadedFile("rahasia.pdf", b"x"), "")
    url = reverse("monitoring:evidence_file", args=[outside.pk])
    if role is None:
        assert client.get(url).status_code == 302  # to the login page
    else:
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404


def test_a_file_gone_from_disk_is_404_not_500(evidence, client, world, media):
    (media / evidence.file.name).unlink()
    client.force_login(world.users[OP])
    assert client.get(reverse("monitoring:evidence_file", args=[evidence.pk])).status_code == 404


def test_production_hands_the_file_to_nginx(evidence, client, world, settings):
    settings.SINERGI_FILE_SENDING = "x-accel-redirect"
    settings.SINERGI_FILE_SENDING_LOCATION = "/protected-media/"
    client.force_login(world.users[OP])
    response = client.get(reverse("monitoring:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + evidence.file.name
    assert response.content == b""  # nginx sends the body
    assert response["Content-Type"] == "application/pdf"
    assert "Laporan TW I (final).pdf" in response["Content-Disposition"]


def test_x_sendfile_names_the_absolute_path(evidence, client, world, settings, media):
    settings.SINERGI_FILE_SENDING = "x-sendfile"
    client.force_login(world.users[OP])
    response = client.get(reverse("monitoring:evidence_file", args=[evidence.pk]))
    assert response["X-Sendfile"] == str(media / evidence.file.name)
    assert response.content == b""


def test_the_front_server_is_not_asked_for_a_missing_file(evidence, client, world, settings, media):
    settings.SINERGI_FILE_SENDING = "x-accel-redirect"
    (media / evidence.file.name).unlink()
    client.force_login(world.users[OP])
    assert client.get(reverse("monitoring:evidence_file", args=[evidence.pk])).status_code == 404


def test_a_file_stored_before_keeps_its_name_as_the_download_name(evidence, client, world, media):
    """Rows stored before the uploader's name was kept (the migration fills it from the old
    stored name; an empty one falls back to the stored name)."""
    Evidence.objects.filter(pk=evidence.pk).update(file_name="")
    client.force_login(world.users[OP])
    response = client.get(reverse("monitoring:evidence_file", args=[evidence.pk]))
    assert evidence.file.name.rsplit("/", 1)[-1] in response["Content-Disposition"]
