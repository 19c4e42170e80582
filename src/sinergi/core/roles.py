"""The roles a user can hold. Scoping (core.scope) and permissions (core.permissions) read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    UNIT_HEAD = "unit_head", _("Unit head")
    UNIT_OPERATOR = "unit_operator", _("Unit operator")
    VIEWER = "viewer", _("Viewer")


# Roles whose scope is whole governments (the governments of their scope units) rather than
# the subtrees of their scope units.
GOVERNMENT_WIDE_ROLES = frozenset({Role.COORDINATOR})
