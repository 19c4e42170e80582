"""Lookups over integer and id columns that ignore numbers no such column can hold.

Django (5.0+) answers `filter(pk=10**30)` with nothing, but `filter(pk__in=[10**30])` and
`filter(government=10**30)` (a foreign key) still send the number, and SQLite's driver raises
OverflowError ("Python int too large to convert to SQLite INTEGER"): a 500 for any form with a
multiple choice of ids (ModelMultipleChoiceField checks the submitted ids with `pk__in`) and for
any filter by a related id taken from a request. Registered on IntegerField (every integer and
id column: AutoField, BigAutoField, PositiveIntegerField, ...) and on ForeignObject."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _out_of_range(lookup, connection, value) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    field = lookup.lhs.output_field
    field = getattr(field, "target_field", field)
    try:
        low, high = connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # not an integer column
        return False
    return (low is not None and value < low) or (high is not None and value > high)


class _DropsOutOfRange:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            values = list(self.rhs)
            kept = [v for v in values if not _out_of_range(self, connection, v)]
            if len(kept) != len(values):
                if not [v for v in kept if v is not None]:
                    raise EmptyResultSet
                self.rhs = kept
        return super().process_rhs(compiler, connection)


@IntegerField.register_lookup
class IntegerIn(_DropsOutOfRange, In):
    lookup_name = "in"


@ForeignObject.register_lookup
class BoundedRelatedIn(_DropsOutOfRange, RelatedIn):
    lookup_name = "in"


@ForeignObject.register_lookup
class BoundedRelatedExact(RelatedExact):
    lookup_name = "exact"

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and _out_of_range(self, connection, self.rhs):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)
