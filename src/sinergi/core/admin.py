"""The Django admin, audited: every save and delete goes through core.services.

`AuditedModelAdmin` is the base of every model admin in Sinergi. It turns the admin's saves
and deletes into `create_object` / `update_object` / `delete_object` calls with
`Actor(user, AuditSource.ADMIN)`, so they are scope-checked, validated, version-checked and
recorded in the audit log like any other change. The admin is for administrators only: staff
accounts that are also administrators (role administrator or superuser)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import NumberInput, number_field_class
from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.services import Actor, StaleEditError, create_object, delete_object, update_object


def admin_actor(request) -> Actor:
    return Actor(user=request.user, source=AuditSource.ADMIN)


def is_admin_user(request) -> bool:
    user = request.user
    return bool(
        user.is_authenticated and user.is_active and user.is_staff
        and (user.is_superuser or getattr(user, "is_administrator", False))
    )


class VersionedAdminFormMixin(forms.Form):
    """Carries the version the administrator started from, so a stale save is refused.
    Mix it into any admin model form (before the model form class)."""

    _version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("_version")
        model = type(self.instance)
        if self.instance.pk and version and hasattr(self.instance, "version"):
            stored = model._default_manager.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            ).first()
            if stored is not None and stored != version:
                raise StaleEditError()
        return cleaned


class AuditedAdminForm(VersionedAdminFormMixin, forms.ModelForm):
    pass


class AuditedModelAdmin(admin.ModelAdmin):
    form = AuditedAdminForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """Amounts, percentages and other decimals typed the Indonesian way, as in the app's
        own forms."""
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("form_class", number_field_class(db_field))
            kwargs.setdefault("widget", NumberInput(attrs={"class": "vTextField"}))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # ------------------------------------------------------------------ who may use it

    def has_module_permission(self, request) -> bool:
        return is_admin_user(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin_user(request)

    def has_add_permission(self, request) -> bool:
        return is_admin_user(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin_user(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_admin_user(request)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if "_version" in fields:  # keep it last, as a hidden input
            fields.remove("_version")
            fields.append("_version")
        return fields

    # ------------------------------------------------------------------ writes

    def _m2m(self, form) -> dict:
        names = {f.name for f in self.model._meta.many_to_many}
        return {k: v for k, v in form.cleaned_data.items() if k in names}

    def save_model(self, request, obj, form, change) -> None:
        actor = admin_actor(request)
        m2m = self._m2m(form)
        if change:
            concrete = {f.name for f in self.model._meta.concrete_fields if f.editable}
            changes = {name: getattr(obj, name) for name in form.changed_data if name in concrete}
            saved = update_object(
                actor, obj, changes, expected_version=form.cleaned_data.get("_version"), m2m=m2m,
            )
            obj.__dict__.update({f.attname: getattr(saved, f.attname)
                                 for f in self.model._meta.concrete_fields})
        else:
            create_object(actor, obj, m2m=m2m)

    def save_related(self, request, form, formsets, change) -> None:
        # Many-to-many fields were saved (and audited) by save_model; only inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj) -> None:
        delete_object(admin_actor(request), obj)

    def delete_queryset(self, request, queryset) -> None:
        actor = admin_actor(request)
        for obj in queryset:
            delete_object(actor, obj)

    # A save or delete refused by the services after the form passed (a concurrent edit, a
    # record still referred to) is reported, not turned into a server error.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, _refusal(exc), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (ProtectedError, ValidationError) as exc:
            self.message_user(request, _refusal(exc), messages.ERROR)
            return HttpResponseRedirect(request.path)


def _refusal(exc: Exception) -> str:
    if isinstance(exc, ProtectedError):
        return str(_("This record cannot be deleted: other records still refer to it."))
    return " ".join(getattr(exc, "messages", [str(exc)]))


class ReadOnlyAuditedModelAdmin(AuditedModelAdmin):
    """Reference or log data: administrators look, nobody writes through the admin."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAuditedModelAdmin):
    """Looked at, never written: no add, change or delete (nor the delete action), whoever asks;
    the model refuses them too (AuditEvent.save/delete, its queryset's update/delete)."""

    list_display = ("timestamp", "actor_label", "action", "source", "content_type", "object_repr")
    list_filter = ("action", "source", "content_type")
    search_fields = ("actor_label", "object_repr", "object_id", "note")
    date_hierarchy = "timestamp"
    list_select_related = ("content_type",)
    readonly_fields = ("timestamp", "actor", "actor_label", "action", "source", "content_type",
                       "object_id", "object_repr", "before", "after", "note", "previous_hash", "hash")
    actions = None

    def save_model(self, request, obj, form, change) -> None:
        raise PermissionDenied

    def delete_model(self, request, obj) -> None:
        raise PermissionDenied

    def delete_queryset(self, request, queryset) -> None:
        raise PermissionDenied
