"""API v1 router of the problems register."""

from ninja import Router

router = Router(tags=["problems"])
