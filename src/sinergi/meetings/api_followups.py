"""API v1, meetings: followups."""

from ninja import Router

router = Router(tags=["meetings"])
