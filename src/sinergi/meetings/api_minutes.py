"""API v1, meetings: minutes."""

from ninja import Router

router = Router(tags=["meetings"])
