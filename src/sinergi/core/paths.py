"""Materialized paths: dotted codes such as `64`, `64.08`, `64.08.01`.

A subtree is everything whose path equals a prefix or starts with `prefix.`. Paths hold only
digits and dots, and '/' sorts right after '.', so a subtree is the half-open range
[prefix, prefix + '/'): one index range scan on SQLite (binary collation) and, through the
pattern operators that `varchar_pattern_ops` indexes serve, on PostgreSQL too.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Lookup

SEPARATOR = "."


def parent_path(path: str) -> str | None:
    """`64.08.01` -> `64.08`; a root has no parent."""
    head, sep, _tail = path.rpartition(SEPARATOR)
    return head if sep else None


def depth(path: str) -> int:
    return path.count(SEPARATOR) + 1


def is_in_subtree(path: str, root: str) -> bool:
    return path == root or path.startswith(root + SEPARATOR)


def subtree_bounds(root: str) -> tuple[str, str]:
    return root, root + "/"


@models.CharField.register_lookup
class Subtree(Lookup):
    """`Region.objects.filter(code__subtree="64.08")`: the node and all its descendants."""

    lookup_name = "subtree"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        low, high = subtree_bounds(str(self.rhs))
        if connection.vendor == "postgresql":
            return f"({lhs} ~>=~ %s AND {lhs} ~<~ %s)", [*lhs_params, low, *lhs_params, high]
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, low, *lhs_params, high]
