import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.accounts.services import create_token
from sinergi.core.models import AuditSource
from sinergi.core.services import Actor


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it (shown only once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="A name to recognise the token by.")
        parser.add_argument(
            "--days", type=int, default=None,
            help="The token expires after this many days (default: it does not expire).",
        )

    def handle(self, *args, username: str, name: str, days: int | None, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is not active.")
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        expires_at = timezone.now() + dt.timedelta(days=days) if days is not None else None
        _token, key = create_token(Actor.system(AuditSource.CLI), user, name, expires_at)
        self.stdout.write(key)
