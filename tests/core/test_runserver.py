"""`make run` with HOST=0.0.0.0 (the README's LAN demo) must never show tracebacks to other
machines: the development server switches DEBUG off beyond loopback, and says so."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.commands.runserver import Command as DjangoRunserver

from sinergi.core.management.commands.runserver import Command, is_loopback


@pytest.fixture
def served(monkeypatch):
    """Run the command up to the point where it would serve; record DEBUG at that moment."""
    seen = {}

    def inner_run(self, *args, **options):
        seen["debug"] = django_settings.DEBUG

    monkeypatch.setattr(DjangoRunserver, "inner_run", inner_run)
    return seen


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20", "[::]", "sinergi.local"])  # noqa: S104
def test_beyond_loopback_debug_is_switched_off(settings, served, capsys, address):
    settings.DEBUG = True
    call_command("runserver", f"{address}:8765", use_reloader=False, skip_checks=True)
    assert served["debug"] is False
    assert "DEBUG is OFF" in capsys.readouterr().out


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "[::1]", "127.0.0.2"])
def test_on_loopback_debug_stays(settings, served, capsys, address):
    settings.DEBUG = True
    call_command("runserver", f"{address}:8765", use_reloader=False, skip_checks=True)
    assert served["debug"] is True
    assert "no other machine can reach" in capsys.readouterr().out


def test_the_command_is_ours_and_keeps_whitenoise_static_handling():
    from django.core.management import get_commands, load_command_class

    assert get_commands()["runserver"] == "sinergi.core"
    command = load_command_class("sinergi.core", "runserver")
    assert isinstance(command, Command)
    assert command.get_handler(use_static_handler=True, insecure_serving=False).__class__.__name__ != (
        "StaticFilesHandler")


def test_loopback_rule():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.5")  # noqa: S104
    assert not is_loopback("example.go.id")
