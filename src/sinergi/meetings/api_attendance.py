"""API v1, meetings: attendance."""

from ninja import Router

router = Router(tags=["meetings"])
