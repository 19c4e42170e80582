"""Meeting pages: list (search and filters), month calendar, create/edit, cancel, open for
check-in, agenda items, and the detail page that gathers the sections of the other meeting
modules (invitations, attendance, minutes and decisions, follow-ups)."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.files import download_name, file_response
from sinergi.core.forms import add_validation_error
from sinergi.core.params import is_id, read_choice, read_int, read_pk, read_version, read_year
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import StaleEditError, create_object
from sinergi.core.views import actor_for, history_for
from sinergi.meetings import (
    rules,
    services,
    views_attendance,
    views_followups,
    views_invitations,
    views_minutes,
)
from sinergi.meetings.access import meeting_for
from sinergi.meetings.choices import MeetingKind, MeetingStatus, Rsvp
from sinergi.meetings.forms import AgendaItemForm, MeetingForm, organizable_units
from sinergi.meetings.models import AgendaItem, Invitation, Material, Meeting, MeetingSeries
from sinergi.regions.models import Government, Unit

SECTIONS = (
    ("invitations", views_invitations.section),
    ("attendance", views_attendance.section),
    ("minutes", views_minutes.section),
    ("followups", views_followups.section),
)
LIST_QUERYSET = Meeting.objects.select_related("government", "organizer", "chair")
MONTHS_ID = [
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def _filtered(request: HttpRequest):
    meetings = scoped(LIST_QUERYSET, request.user)
    q = request.GET.get("q", "").strip()
    if q:
        meetings = meetings.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(venue__icontains=q)
        )
    for name in ("government", "organizer"):
        value = request.GET.get(name, "")
        if is_id(value):
            meetings = meetings.filter(**{f"{name}_id": int(value)})
    kind = request.GET.get("kind", "")
    if kind in MeetingKind.values:
        meetings = meetings.filter(kind=kind)
    status = request.GET.get("status", "")
    if status in MeetingStatus.values:
        meetings = meetings.filter(status=status)
    if request.GET.get("invited") == "mine":
        units = scoped(Unit.objects.all(), request.user)
        meetings = meetings.filter(Q(invitations__unit__in=units) | Q(organizer__in=units)).distinct()
    # `?rsvp=pending`: meetings still to come that invite one of the user's units which has not
    # answered; `?minutes=missing`: meetings that have ended but were not closed (no minutes).
    if read_choice(request.GET, "rsvp", Rsvp.values) == Rsvp.PENDING:
        mine = Invitation.objects.filter(unit__in=scoped(Unit.objects.all(), request.user),
                                         rsvp=Rsvp.PENDING)
        meetings = meetings.filter(pk__in=mine.values("meeting_id"), ends_at__gte=timezone.now(),
                                   status__in=rules.UNFROZEN)
    if read_choice(request.GET, "minutes", ("missing",)):
        meetings = meetings.filter(ends_at__lt=timezone.now(), status__in=rules.UNFROZEN)
    return meetings


def _choices(request: HttpRequest) -> dict:
    governments = Government.objects.filter(
        pk__in=scoped(Unit.objects.all(), request.user).values("government_id")
    ).order_by("name")
    return {
        "governments": governments,
        "kinds": MeetingKind.choices,
        "statuses": MeetingStatus.choices,
        "can_add": can(request.user, Action.ADD, Meeting),
        "filters": request.GET,
    }


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = _filtered(request).order_by("-starts_at", "-id")
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    rows = [(m, rules.when(m)) for m in page.object_list]
    return render(
        request, "meetings/meeting_list.html", {"page_obj": page, "rows": rows, **_choices(request)}
    )


@login_required
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = read_year(request.GET, default=today.year, lenient=True)
    month = read_int(request.GET, "month", today.month, minimum=1, maximum=12, lenient=True)
    first = dt.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    # A meeting belongs to the day of its own zone: query a day wider on both sides, then place
    # each by its local date.
    start = dt.datetime.combine(first - dt.timedelta(days=1), dt.time(), tzinfo=ZoneInfo("UTC"))
    end = dt.datetime.combine(last + dt.timedelta(days=2), dt.time(), tzinfo=ZoneInfo("UTC"))
    days: dict[dt.date, list] = {}
    for meeting in _filtered(request).filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at"):
        local = rules.local(meeting.starts_at, meeting.time_zone)
        if first <= local.date() <= last:
            days.setdefault(local.date(), []).append(
                (meeting, f"{local:%H.%M} {rules.zone_label(meeting.time_zone)}")
            )
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([(day, day.month == first.month, day == today, days.get(day, [])) for day in week])
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "meetings/meeting_calendar.html",
        {
            "weeks": weeks,
            "month_label": f"{MONTHS_ID[first.month]} {first.year}",
            "month_first": first,
            # the filters travel with the previous/next month links
            "keep": "".join(
                f"&{key}={value}"
                for key, value in request.GET.items()
                if key in ("government", "kind", "status") and value.replace("_", "").isalnum()
            ),
            "previous": previous,
            "following": following,
            "listed": [item for day in sorted(days) for item in ((day, m, t) for m, t in days[day])],
            **_choices(request),
        },
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    try:
        report_source = meeting.report_source
    except ObjectDoesNotExist:
        report_source = None
    context = {
        "meeting": meeting,
        "object": meeting,
        "report_source": report_source,
        "may_confirm": report_source is not None and report_source.confirmed_at is None
        and can(request.user, Action.CHANGE, meeting),
        "when": rules.when(meeting),
        "can_change": can(request.user, Action.CHANGE, meeting) and not meeting.is_frozen,
        "agenda": meeting.agenda_items.select_related("presenter_unit"),
        "agenda_form": AgendaItemForm(meeting=meeting),
        "materials": meeting.materials.all(),
        "history": history_for(meeting),
    }
    context["agenda_minutes"] = sum(i.duration_minutes or 0 for i in context["agenda"])
    for name, section in SECTIONS:
        context[name] = section(request, meeting)
    return render(request, "meetings/meeting_detail.html", context)


def _form_page(request: HttpRequest, form: MeetingForm, meeting: Meeting | None, status: int = 200):
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting}, status=status)


@login_required
def meeting_add(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.ADD, Meeting):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(actor_for(request), form.save(commit=False))
        except PermissionDenied:
            form.add_error("organizer", _("You may not organize meetings of this unit."))
            return _form_page(request, form, None, 403)
        except ValidationError as exc:
            return _form_page(request, form, None, add_validation_error(form, exc))
        messages.success(request, _("The meeting was planned."))
        return redirect(meeting.get_absolute_url())
    return _form_page(request, form, None)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    if meeting.is_frozen:
        messages.error(request, _("The meeting is closed: its record can only be amended, with a reason."))
        return redirect(meeting.get_absolute_url())
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = [*form.Meta.fields, "government", "time_zone", "starts_at", "ends_at", "time_known"]
        changes = {name: getattr(form.instance, name) for name in fields}
        try:
            fresh = Meeting.objects.get(pk=pk)
            services.update_meeting(
                actor_for(request), fresh, changes, expected_version=form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            return _form_page(request, form, meeting, add_validation_error(form, exc))
        messages.success(request, _("The meeting was saved."))
        return redirect(meeting.get_absolute_url())
    return _form_page(request, form, meeting)


@login_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    if request.method == "POST":
        try:
            services.cancel_meeting(
                actor_for(request),
                meeting,
                request.POST.get("reason", ""),
                expected_version=read_version(request.POST, meeting.version),
            )
        except StaleEditError:
            messages.error(request, _("Someone changed this meeting in the meantime; reload the page."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The meeting was cancelled."))
    return redirect(meeting.get_absolute_url())


@login_required
def meeting_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    if request.method == "POST":
        try:
            services.open_meeting(
                actor_for(request),
                meeting,
                expected_version=read_version(request.POST, meeting.version),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The meeting is in session: check-in is open."))
    return redirect(meeting.get_absolute_url())


@login_required
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.meeting = meeting
        item.order = 0
        try:
            services.add_agenda_item(actor_for(request), item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    elif request.method == "POST":
        messages.error(
            request,
            _("The agenda item was not added: %(errors)s")
            % {"errors": "; ".join(e for errors in form.errors.values() for e in errors)},
        )
    return redirect(meeting.get_absolute_url() + "#agenda")


@login_required
def agenda_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    agenda_item = get_object_or_404(AgendaItem, meeting=meeting, pk=item)
    if request.method == "POST":
        try:
            services.delete_agenda_item(actor_for(request), agenda_item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(meeting.get_absolute_url() + "#agenda")


@login_required
def series_add(request: HttpRequest) -> HttpResponse:
    """A series of meetings (the quarterly rakor of camat): its open follow-ups are proposed for
    the next meeting's agenda."""
    units = organizable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    if request.method == "POST":
        unit = units.filter(pk=read_pk(request.POST, "organizer") or 0).first()
        name = request.POST.get("name", "").strip()
        try:
            if unit is None or not name:
                raise ValidationError(_("Give the series a name and an organizer unit."))
            create_object(
                actor_for(request), MeetingSeries(government=unit.government, organizer=unit, name=name)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The series was created: choose it when you plan its meetings."))
            return redirect("meetings:meeting_add")
    return render(request, "meetings/series_form.html", {"units": units})


@login_required
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    upload = request.FILES.get("file")
    if request.method == "POST" and upload is not None:
        try:
            rules.ensure_open_for_changes(meeting)
            create_object(
                actor_for(request),
                Material(
                    meeting=meeting,
                    file=upload,
                    uploaded_by=request.user,
                    title=(request.POST.get("title", "").strip() or upload.name)[:300],
                ),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(meeting.get_absolute_url() + "#materials")


@login_required
def material_download(request: HttpRequest, pk: int, material: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    row = get_object_or_404(Material, meeting=meeting, pk=material)
    return file_response(row.file, download_name(row.file, row.file_name))


urlpatterns = [
    path("series/add/", series_add, name="series_add"),
    path("<int:pk>/materials/", material_add, name="material_add"),
    path("<int:pk>/materials/<int:material>/", material_download, name="material_download"),
    path("", meeting_list, name="meeting_list"),
    path("calendar/", meeting_calendar, name="meeting_calendar"),
    path("add/", meeting_add, name="meeting_add"),
    path("<int:pk>/", meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", meeting_edit, name="meeting_edit"),
    path("<int:pk>/cancel/", meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/open/", meeting_open, name="meeting_open"),
    path("<int:pk>/agenda/", agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item>/delete/", agenda_delete, name="agenda_delete"),
]
