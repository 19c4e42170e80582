"""Forms for user accounts and personal API tokens."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sinergi.accounts import rules
from sinergi.accounts.models import User
from sinergi.accounts.services import unrevoked_tokens
from sinergi.core.forms import VersionedModelForm
from sinergi.core.roles import Role
from sinergi.regions.models import Government, Unit


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("e.g. data script")}),
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"), required=False,
        widget=forms.DateTimeInput(attrs={"class": "form-control", "type": "datetime-local"}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("This field is required."), code="required")
        return name

    def clean_expires_at(self):
        expires_at = self.cleaned_data.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            raise forms.ValidationError(_("The expiry must lie in the future."))
        return expires_at


# ---------------------------------------------------------------------------- users


def manageable_governments(user) -> Government:
    governments = rules.managed_governments(user)
    if governments is None:
        return Government.objects.all()
    return Government.objects.filter(pk__in=governments)


def _unit_label(unit: Unit) -> str:
    return f"{unit.government.short_name or unit.government} – {unit.name}"


class UserForm(VersionedModelForm):
    """Edit an account: everything but the password (see SetPasswordForm) and the active flag
    (deactivated and reactivated on their own page)."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "whatsapp", "role", "scope_units",
                  "is_staff"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        editor = self.user
        governments = rules.managed_governments(editor)
        units = Unit.objects.select_related("government").order_by("government_id", "path")
        if governments is not None:
            units = units.filter(government_id__in=governments)
            self.fields["role"].choices = [
                (value, label) for value, label in self.fields["role"].choices
                if value != Role.ADMINISTRATOR
            ]
            # Access to the Django admin is an administrator's to give.
            self.fields.pop("is_staff")
        else:
            self.fields["is_staff"].label = _("May use the admin site")
            self.fields["is_staff"].help_text = _(
                "Only administrators who are also staff can open /admin/."
            )
        scope = self.fields["scope_units"]
        scope.queryset = units
        scope.label_from_instance = _unit_label
        scope.widget.attrs["size"] = 10
        if governments is not None:
            scope.required = True
        if self.instance.pk and editor is not None and self.instance.pk == editor.pk:
            self.fields["role"].disabled = True
            self.fields["role"].help_text = _("You cannot change your own role.")
        self.fields["email"].required = False

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        clash = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A user with that username already exists."))
        return username

    def scope_units(self) -> list[Unit]:
        return list(self.cleaned_data.get("scope_units") or [])


class UserCreateForm(UserForm):
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )

    def clean(self):
        cleaned = super().clean()
        _validate_password_pair(self, self.instance_for_validation(cleaned))
        return cleaned

    def instance_for_validation(self, cleaned) -> User:
        return User(
            username=cleaned.get("username") or "", first_name=cleaned.get("first_name") or "",
            last_name=cleaned.get("last_name") or "", email=cleaned.get("email") or "",
        )


class RevokeTokensMixin:
    """A checkbox, ticked by default, to revoke the account's API tokens with the password change:
    they keep working otherwise. Offered only when the account has tokens not yet revoked."""

    def add_revoke_tokens(self, account: User, *, own: bool) -> None:
        n = unrevoked_tokens(account).count()
        if not n:
            return
        if own:
            label = _("Also revoke my API tokens")
            help_text = ngettext(
                "You have %(n)d API token. It keeps working after a password change until it is "
                "revoked or expires.",
                "You have %(n)d API tokens. They keep working after a password change until they "
                "are revoked or expire.",
                n,
            )
        else:
            label = _("Also revoke this user's API tokens")
            help_text = ngettext(
                "This account has %(n)d API token. It keeps working after a password change until "
                "it is revoked or expires.",
                "This account has %(n)d API tokens. They keep working after a password change until "
                "they are revoked or expire.",
                n,
            )
        self.fields["revoke_tokens"] = forms.BooleanField(
            label=label, required=False, initial=True, help_text=help_text % {"n": n},
            widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        )

    def revoke_tokens(self) -> bool:
        return bool(self.cleaned_data.get("revoke_tokens"))


class PasswordChangeForm(RevokeTokensMixin, auth_forms.PasswordChangeForm):
    """A user's own password change (old password first)."""

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.add_revoke_tokens(user, own=True)


class SetPasswordForm(RevokeTokensMixin, forms.Form):
    """A manager sets an account's password: its API tokens are revoked too unless unticked."""

    password1 = forms.CharField(
        label=_("New password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password (again)"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )

    def __init__(self, *args, target: User, editor: User | None = None, **kwargs) -> None:
        self.target = target
        super().__init__(*args, **kwargs)
        self.add_revoke_tokens(target, own=editor is not None and editor.pk == target.pk)

    def clean(self):
        cleaned = super().clean()
        _validate_password_pair(self, self.target)
        return cleaned


def _validate_password_pair(form: forms.Form, user: User) -> None:
    password1 = form.cleaned_data.get("password1")
    password2 = form.cleaned_data.get("password2")
    if password1 and password2 and password1 != password2:
        form.add_error("password2", _("The two passwords do not match."))
        return
    if password1:
        try:
            password_validation.validate_password(password1, user)
        except forms.ValidationError as exc:
            form.add_error("password1", exc)


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))
    government = django_filters.ModelChoiceFilter(
        queryset=lambda request: (
            manageable_governments(request.user) if request else Government.objects.none()
        ),
        method="in_government", label=_("Government"),
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "government", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for word in value.split():
            q &= (Q(username__icontains=word) | Q(first_name__icontains=word)
                  | Q(last_name__icontains=word) | Q(email__icontains=word))
        return queryset.filter(q)

    def in_government(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(pk__in=User.objects.filter(scope_units__government=value).values("pk"))


class PasswordResetForm(auth_forms.PasswordResetForm):
    """"Lupa kata sandi": the address an account is registered with. Whether an account has it is
    never told (the same answer either way); the mail holds a one-time link."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"class": "form-control", "autofocus": True})


class ResetPasswordForm(auth_forms.SetPasswordForm):
    """The new password behind the reset link: stored through accounts.services (audited, the
    account's version moves) and the account's API tokens revoked (whoever had the password
    may have made them)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def save(self, commit: bool = True) -> User:
        from sinergi.accounts import services
        from sinergi.core.models import AuditSource
        from sinergi.core.services import Actor

        return services.set_password(Actor(self.user, AuditSource.WEB), self.user,
                                     self.cleaned_data["new_password1"], revoke_tokens=True)
