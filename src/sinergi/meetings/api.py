"""API v1 router of the meetings app, assembled from one module per concept."""

from ninja import Router

from sinergi.meetings import api_attendance, api_followups, api_invitations, api_meetings, api_minutes

router = Router()
router.add_router("/", api_meetings.router)
router.add_router("/", api_invitations.router)
router.add_router("/", api_attendance.router)
router.add_router("/", api_minutes.router)
router.add_router("/", api_followups.router)
