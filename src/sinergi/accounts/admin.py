"""Users and API tokens in the (audited) Django admin. API keys are never shown: only their
prefix is stored in clear."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sinergi.accounts.models import ApiToken, User
from sinergi.accounts.services import revoke_token, set_password_hash, unrevoked_tokens
from sinergi.core.admin import AuditedModelAdmin, VersionedAdminFormMixin, admin_actor


class UserAdminChangeForm(VersionedAdminFormMixin, UserChangeForm):
    pass


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    """Sets the new password on the instance only; UserAdmin.log_change then stores it through
    accounts.services.set_password (audited), as the admin's password view calls `save()` without
    the request. Setting a password here revokes the user's API tokens, which would otherwise
    keep working (disabling the password does not: a script's account may live on tokens)."""

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        n = unrevoked_tokens(user).count()
        if n:
            note = ngettext(
                "Setting a password also revokes the user's %(n)d API token.",
                "Setting a password also revokes the user's %(n)d API tokens.",
                n,
            ) % {"n": n}
            field = self.fields["password1"]
            field.help_text = format_html("{}<p>{}</p>", field.help_text, note)

    def save(self, commit=True):
        user = super().save(commit=False)
        user._admin_password_pending = True
        return user


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    form = UserAdminChangeForm
    change_password_form = AuditedPasswordChangeForm
    list_display = ("username", "first_name", "last_name", "role", "is_active", "is_staff",
                    "is_superuser", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("scope_units",)
    filter_horizontal = ()
    readonly_fields = ("last_login", "date_joined", "version")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "whatsapp")}),
        (_("Role and scope"), {"fields": ("role", "scope_units")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "version", "_version")}),
    )
    add_fieldsets = (
        (None, {
            "classes": ("wide",),
            "fields": ("username", "usable_password", "password1", "password2", "role"),
        }),
    )

    def log_change(self, request, obj, message):
        if getattr(obj, "_admin_password_pending", False):
            del obj._admin_password_pending
            set_password_hash(
                admin_actor(request), User.objects.get(pk=obj.pk), obj.password,
                revoke_tokens=obj.has_usable_password(),
            )
        return super().log_change(request, obj, message)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """Tokens are created by their owners (the token page or `sinergi create_token`), which is
    where the key is shown once; here they can be renamed, given an expiry, revoked or deleted."""

    list_display = ("name", "user", "key_prefix", "created_at", "last_used_at", "expires_at",
                    "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "key_prefix")
    list_select_related = ("user",)
    fields = ("user", "name", "key_prefix", "expires_at", "last_used_at", "revoked_at", "version",
              "_version")
    readonly_fields = ("user", "key_prefix", "last_used_at", "revoked_at", "version")
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        actor = admin_actor(request)
        n = 0
        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(actor, token)
            n += 1
        self.message_user(
            request, ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", n) % {"n": n},
            messages.SUCCESS,
        )
