"""The client's address: REMOTE_ADDR unless the peer is a trusted reverse proxy, then the first
untrusted address of X-Forwarded-For read from the right."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from sinergi.core.clients import client_address


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_by_default_no_proxy_is_trusted_and_the_header_is_ignored(settings):
    assert settings.SINERGI_TRUSTED_PROXIES == []
    assert client_address(_request("127.0.0.1", "203.0.113.7")) == "127.0.0.1"
    assert client_address(_request("198.51.100.2", "10.0.0.1")) == "198.51.100.2"


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(settings):
    settings.SINERGI_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(_request("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    # nginx's $proxy_add_x_forwarded_for appends to what the client sent: only the last hop,
    # which nginx wrote, is believed; a forged entry on its left is not.
    assert client_address(_request("127.0.0.1", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("127.0.0.1", "garbage, 203.0.113.7")) == "203.0.113.7"
    # A peer that is not a trusted proxy cannot choose its address.
    assert client_address(_request("198.51.100.2", "203.0.113.7")) == "198.51.100.2"
    # No header: the proxy itself.
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"
    # IPv4-mapped peer from a dual-stack socket.
    assert client_address(_request("::ffff:127.0.0.1", "203.0.113.7")) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_skipped(settings):
    settings.SINERGI_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    request = _request("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.1.2.3")
    assert client_address(request) == "203.0.113.7"
    assert client_address(_request("127.0.0.1", "10.9.9.9, 10.1.2.3")) == "10.9.9.9"


def test_a_bad_trusted_proxy_setting_is_refused(settings):
    settings.SINERGI_TRUSTED_PROXIES = ["nginx"]
    with pytest.raises(ImproperlyConfigured):
        client_address(_request("127.0.0.1", "203.0.113.7"))
