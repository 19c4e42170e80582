from django.core.management.base import BaseCommand

from sinergi.core.models import AuditSource
from sinergi.core.services import Actor
from sinergi.regions.services import load_regions


class Command(BaseCommand):
    help = "Load Indonesia's provinces, regencies/cities and districts (idempotent)."

    def handle(self, *args, **options) -> None:
        result = load_regions(Actor.system(AuditSource.CLI))
        self.stdout.write(
            f"Regions: {result.total} in the data; {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
