"""The notification centre: the list (filter by kind, unread), marking read, the preferences.
Everyone sees only their own notifications (another user's is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.notifications import rules, services
from sinergi.notifications.forms import NotificationFilterForm, PreferenceForm
from sinergi.notifications.models import Delivery, Notification

PER_PAGE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient=request.user).prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.order_by("channel")))
    form = NotificationFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["kind"]:
            rows = rows.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["unread"]:
            rows = rows.filter(read_at__isnull=True)
    paginator = Paginator(rows, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {
        "form": form, "page_obj": page, "paginator": paginator, "notifications": page.object_list,
        "whatsapp_api": services.external_channels() != ["email"],
    })


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the user came from: a path of this site only (never another site, and
    never a name `redirect` would try to reverse)."""
    target = request.POST.get("next", "")
    if target and rules.is_internal_link(target) and url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect(fallback)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.mark_read(request.user, pk):
        raise Http404
    return _back(request, "notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return _back(request, "notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    preference = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, preference=preference)
    if request.method == "POST" and form.is_valid():
        services.save_preference(
            request.user, email_kinds=form.kinds("email"), whatsapp_kinds=form.kinds("whatsapp"),
            quiet_start=form.cleaned_data["quiet_start"], quiet_end=form.cleaned_data["quiet_end"])
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "form": form, "zone": services.zone_of(request.user),
        "whatsapp_api": services.external_channels() != ["email"],
    }, status=400 if form.is_bound and not form.is_valid() else 200)
