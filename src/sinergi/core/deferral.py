"""A switch that lets a bulk write defer a per-row model check to one check over the whole set.

Example: quarterly values must not decrease from one quarter to the next. Saving four quarters
one by one would trip the rule half-way through a valid change, so the service that writes the
set checks it once, as a whole, inside `with deferred_check():` and each row's `clean()` asks
`deferred_check.active` before checking against the stored rows."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator


class DeferredCheck:
    def __init__(self, name: str) -> None:
        self._active: contextvars.ContextVar[bool] = contextvars.ContextVar(name, default=False)

    @property
    def active(self) -> bool:
        return self._active.get()

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        token = self._active.set(True)
        try:
            yield
        finally:
            self._active.reset(token)
