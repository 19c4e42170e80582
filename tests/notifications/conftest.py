from __future__ import annotations

import pytest

from tests.notifications.fake_whatsapp import fake_cloud_api


@pytest.fixture
def cloud_api(settings):
    """The WhatsApp Cloud API configured against a local fake server."""
    with fake_cloud_api() as fake:
        settings.SINERGI_WHATSAPP_TOKEN = "test-token"
        settings.SINERGI_WHATSAPP_PHONE_NUMBER_ID = "1234567890"
        settings.SINERGI_WHATSAPP_API_URL = fake.url
        settings.SINERGI_WHATSAPP_TEMPLATE = "sinergi_notifikasi"
        yield fake


@pytest.fixture
def no_cloud_api(settings):
    settings.SINERGI_WHATSAPP_TOKEN = ""
    settings.SINERGI_WHATSAPP_PHONE_NUMBER_ID = ""
