"""`sinergi runserver` (what `make run` serves the demo with): Django's development server
without its static file handler (WhiteNoise serves static files), that shows tracebacks only to
this machine.

Listening on a loopback address (127.0.0.1, ::1, localhost), DEBUG stays as configured. Listening
anywhere else (`HOST=0.0.0.0 make run` for a demo on the office LAN), DEBUG is switched off
before the first request, whatever the environment says: other machines get the short error
pages, never a traceback with the settings in it. Static files are still served. The server says
which it is when it starts."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from whitenoise.runserver_nostatic.management.commands.runserver import Command as WhiteNoiseRunserver

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(address: str) -> bool:
    address = address.strip("[]")
    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


class Command(WhiteNoiseRunserver):
    def run(self, **options):
        address = self.addr or ("::1" if self.use_ipv6 else "127.0.0.1")
        if is_loopback(address):
            if settings.DEBUG:
                self.stdout.write(
                    f"Sinergi: DEBUG is on (error pages with tracebacks), listening on {address} only: "
                    "no other machine can reach this server."
                )
        else:
            settings.DEBUG = False
            hosts = ", ".join(settings.ALLOWED_HOSTS) or "-"
            self.stdout.write(self.style.WARNING(
                f"Sinergi: listening on {address}, reachable from other machines: DEBUG is OFF "
                "(short error pages, no tracebacks); static files are still served. "
                f"Host names accepted (ALLOWED_HOSTS): {hosts}."
            ))
        super().run(**options)
