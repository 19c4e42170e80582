"""Signals of the write services.

`rows_written` is sent by the bulk writes of core.services (which, like QuerySet.bulk_create and
bulk_update, send no post_save) inside their transaction, with `sender` = the model and `rows` =
the rows created or changed. Apps that keep derived data (monitoring's stored rollups) listen."""

from django.dispatch import Signal

rows_written = Signal()
