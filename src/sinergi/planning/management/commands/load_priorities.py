from django.core.management.base import BaseCommand

from sinergi.core.models import AuditSource
from sinergi.core.services import Actor
from sinergi.planning.services import load_priorities


class Command(BaseCommand):
    help = "Create the Asta Cita framework and its eight missions where missing (idempotent)."

    def handle(self, *args, **options) -> None:
        result = load_priorities(Actor.system(AuditSource.CLI))
        self.stdout.write(f"Priorities: {result.created} created, {result.existing} already present.")
