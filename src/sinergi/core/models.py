"""Shared base models and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models.fields.files import FileDescriptor
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sinergi.core.files import UnguessableName, display_name, is_new_upload


class _StoredFileDescriptor(FileDescriptor):
    """Assigning a new upload also records the uploader's file name in the companion field."""

    def __set__(self, instance, value):
        super().__set__(instance, value)
        companion = self.field.original_name_field
        if companion and is_new_upload(value) and value.name:
            setattr(instance, companion, display_name(value.name))


class StoredFileField(models.FileField):
    """A private stored file (see core.files): saved under an unguessable name in
    `<folder>/<yyyy>/<mm>/`, the uploader's own file name kept in `original_name_field` (a
    CharField declared after this field), sent only through `core.files.file_response`.

    Its value, for the audit snapshot (core.services.snapshot), is the stored file's name. Apps
    subclass it under their own name (their migrations refer to it)."""

    descriptor_class = _StoredFileDescriptor

    def __init__(self, verbose_name=None, name=None, upload_to="", storage=None, *,
                 original_name_field: str = "", **kwargs):
        self.original_name_field = original_name_field
        if isinstance(upload_to, str) and upload_to:
            upload_to = UnguessableName(upload_to.split("%", 1)[0])
        super().__init__(verbose_name, name, upload_to=upload_to, storage=storage, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.original_name_field:
            kwargs["original_name_field"] = self.original_name_field
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        companion = self.original_name_field
        if companion and file and not file._committed and not getattr(model_instance, companion):
            # A model built with the file in its constructor: the companion's default was set
            # after the descriptor recorded the name.
            setattr(model_instance, companion, display_name(file.name))
        return super().pre_save(model_instance, add)

    def value_from_object(self, obj):
        value = super().value_from_object(obj)
        return value.name if value else ""


def original_name_field(**kwargs) -> models.CharField:
    """The companion of a StoredFileField: the uploader's own file name."""
    return models.CharField(_("file name"), max_length=255, blank=True, editable=False, **kwargs)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """An editable record. `version` grows by one with every saved change; a form or API call
    that was based on an older version is refused (see core.services.update_object)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    OTHER = "other", _("Other")


class AuditSource(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    ADMIN = "admin", _("Admin")
    CLI = "cli", _("Command line")
    SYSTEM = "system", _("System")


class AuditLogIsAppendOnly(Exception):
    """An attempt to change or delete a recorded audit event: the audit log only grows."""

    def __init__(self, what: str = "changed or deleted") -> None:
        super().__init__(f"Audit events are never {what}: the audit log only grows.")


class AuditEventQuerySet(models.QuerySet):
    """Audit events are written, never changed or deleted (see AuditEvent). bulk_create links
    the new events into the hash chain (core.audit_chain) in the same transaction."""

    def bulk_create(self, objs, *args, **kwargs):
        from sinergi.core import audit_chain

        objs = list(objs)
        if any(obj.pk is not None for obj in objs):
            raise ValueError("New audit events take their ids from the chain, not from the caller.")
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise ValueError("Audit events are appended, never merged.")
        with transaction.atomic(using=self.db, savepoint=False):
            audit_chain.link(objs, self.db)
            return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("changed")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("changed")

    def delete(self):
        raise AuditLogIsAppendOnly("deleted")

    delete.alters_data = True
    delete.queryset_only = True


class AuditEvent(models.Model):
    """One recorded change: who did what to which object, when, from where, before and after.

    Written by core.services inside the same transaction as the change itself, and never
    changed or deleted afterwards: saving an existing event, deleting one and the querysets'
    update/delete raise AuditLogIsAppendOnly. Each event carries the SHA-256 `hash` of its own
    content and of the event before it (`previous_hash`, in id order): core.audit_chain, and
    `sinergi verify_audit` walks the chain."""

    # A default, not auto_now_add: the time is part of the hash, computed before the insert.
    timestamp = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    # The author's id stays after the account is deleted (no constraint, nothing cascades into
    # the log: it is part of the hash); actor_label keeps the name.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    source = models.CharField(_("source"), max_length=10, choices=AuditSource.choices)
    # The index (content_type, object_id, -timestamp) below serves the lookups by content type.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", db_index=False)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-timestamp"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        """Append a new event to the chain (its id, previous hash and hash are set here); an
        existing event is never saved again."""
        from sinergi.core import audit_chain

        if not self._state.adding:
            raise AuditLogIsAppendOnly("changed")
        if self.pk is not None:
            raise ValueError("A new audit event takes its id from the chain, not from the caller.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        kwargs.update(using=using, force_insert=True)
        with transaction.atomic(using=using, savepoint=False):
            audit_chain.link([self], using)
            super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("deleted")

    delete.alters_data = True

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    @property
    def labelled_changes(self) -> list[tuple[str, object, object]]:
        """`changes` with each field's verbose name (`government_id` -> "pemerintah daerah"),
        for people, without the row version; a key the model no longer has keeps its name."""
        model = self.content_type.model_class() if self.content_type_id else None
        fields = {}
        if model is not None:
            for field in model._meta.get_fields():
                if getattr(field, "concrete", False) or getattr(field, "many_to_many", False):
                    label = str(getattr(field, "verbose_name", field.name))
                    fields[field.name] = label
                    fields[getattr(field, "attname", field.name)] = label
        # A key that is no field (a summary an import or the demo recorded: "activities",
        # "year") is named as people say it, translated when the catalogue knows the words.
        return [(fields.get(k) or gettext(k.replace("_", " ").capitalize()), before, after)
                for k, before, after in self.changes if k != "version"]
