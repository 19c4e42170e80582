"""Users with a role and a scope (a set of units with their subtrees), and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sinergi.core.contacts import WhatsAppField
from sinergi.core.models import VersionedModel
from sinergi.core.roles import GOVERNMENT_WIDE_ROLES, Role
from sinergi.core.scope import GOVERNMENT_MANAGERS, ScopeSpec, UserScope


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    scope_units = models.ManyToManyField(
        "regions.Unit", verbose_name=_("scope"), blank=True, related_name="scoped_users",
        help_text=_("The units (with their sub-units) this user works on."),
    )
    whatsapp = WhatsAppField(_("WhatsApp number"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    scope_spec = ScopeSpec(
        government="scope_units__government_id", unit_path="scope_units__path",
        managers=GOVERNMENT_MANAGERS, to_many=True,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    @cached_property
    def scope(self) -> UserScope:
        units = self._scope_units() if self.pk else []
        coordinated: list[tuple[str, str]] = []
        if units and not self.is_superuser and self.role not in (Role.ADMINISTRATOR, *GOVERNMENT_WIDE_ROLES):
            from sinergi.regions.services import coordinated_units

            # The designations of the user's units and of the units below them (one query).
            # Administrators and government-wide roles reach every unit already: none.
            coordinated = coordinated_units(path for path, _gov in units)
        return UserScope.build(self.role, self.is_superuser, units, coordinated)

    def _scope_units(self) -> list[tuple[str, int]]:
        """(path, government id) of the user's scope units: asked on every request, so its SQL
        is compiled once per user (core.queries.compiled_rows; the rows are read every time)."""
        from sinergi.core.queries import compiled_rows
        from sinergi.regions.models import Unit

        pk = self.pk
        return compiled_rows(
            ("scope-units", pk),
            lambda: Unit.objects.filter(scoped_users__pk=pk)
            .order_by("path")
            .values_list("path", "government_id"),
        )

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


TOKEN_PREFIX = "sng_"  # noqa: S105 - a public prefix, not a secret


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(VersionedModel):
    """A personal API token. Only its SHA-256 is stored; the key is shown once, at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key starts with"), max_length=12, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    # Tokens are personal: scope rules do not grant them to anyone else (see accounts.views).
    scope_spec = ScopeSpec(government=None)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def generate_key() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def set_key(self, key: str) -> None:
        self.key_hash = _hash(key)
        self.key_prefix = key[: len(TOKEN_PREFIX) + 4]

    @classmethod
    def authenticate(cls, key: str) -> User | None:
        if not key or not key.startswith(TOKEN_PREFIX):
            return None
        token = (
            cls.objects.usable().select_related("user").filter(key_hash=_hash(key)).first()
        )
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )
