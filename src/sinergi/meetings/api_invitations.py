"""API v1, meetings: invitations."""

from ninja import Router

router = Router(tags=["meetings"])
