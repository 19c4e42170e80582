from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sinergi.core.models import AuditSource
from sinergi.core.services import Actor
from sinergi.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: the region registry, six governments from published coordination reports "
        "with their units and officials, and one demo account per role (idempotent). The demo "
        "accounts share a published password: never run this on a production database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true",
            help="Run even though SINERGI_ENV=production (creates accounts with a public password).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if settings.PRODUCTION and not force:
            raise CommandError(
                "Refusing to load the demo data in production (SINERGI_ENV=production): the demo "
                "accounts have a published password. Use --force if you really mean it."
            )
        result = load_demo(Actor.system(AuditSource.CLI))
        regions = result.regions
        self.stdout.write(
            f"Regions: {regions.created} created, {regions.updated} updated, "
            f"{regions.unchanged} unchanged."
        )
        if result.created_total:
            created = ", ".join(f"{n} {label}" for label, n in sorted(result.created.items()))
            self.stdout.write(f"Demo data created: {created}.")
        else:
            self.stdout.write("Demo data already present: nothing created.")
        if result.deleted:
            deleted = ", ".join(f"{n} {label}" for label, n in sorted(result.deleted.items()))
            self.stdout.write(f"Demo rows deleted since they were loaded (left deleted): {deleted}.")
        for skipped in result.skipped:
            self.stdout.write(f"Skipped (conflicts with changes made in the demo): {skipped}")
        self.stdout.write("")
        self.stdout.write("Demo accounts (demo only; the password is public):")
        rows = [("username", "role", "scope", "password")] + [
            (a.username, a.role, a.scope, a.password) for a in result.accounts
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
        self.stdout.write(line)
        for i, row in enumerate(rows):
            self.stdout.write("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
            if i == 0:
                self.stdout.write(line)
        self.stdout.write(line)
        if any(not a.created for a in result.accounts):
            self.stdout.write("Accounts that already existed keep their current password.")
