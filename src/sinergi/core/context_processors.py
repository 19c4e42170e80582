from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """What the navigation bar needs: the user's role, for showing the admin-only entries."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {"nav_role": role}
