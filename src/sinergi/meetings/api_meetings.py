"""API v1, meetings: meetings, series, agenda items, materials."""

from ninja import Router

router = Router(tags=["meetings"])
