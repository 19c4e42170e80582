"""Meeting pages: commitments (komitmen bersama, pakta integritas) — the form with the wording and
the signatories (officials of the registry or typed, rows added and removed), the commitment's
page with each signature's status, its follow-up actions and progress, the document to sign
(PDF) and issuing it. Everyone who sees the meeting sees them; those who may change the meeting
write them (meetings.commitments has the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from sinergi.core.params import is_id, read_int, read_version
from sinergi.core.pdf import pdf_response
from sinergi.core.scope import Action, can
from sinergi.core.services import StaleEditError
from sinergi.core.views import actor_for, history_for
from sinergi.meetings import commitments, followups
from sinergi.meetings import rules as meeting_rules
from sinergi.meetings.access import meeting_for
from sinergi.meetings.choices import CommitmentKind, MeetingStatus, SignatureStatus
from sinergi.meetings.models import Commitment, CommitmentSignatory, Meeting
from sinergi.regions.models import Official, Unit

EXTRA_ROWS = 2  # blank signatory rows the form offers
MAX_ROWS = 60


def _commitment(meeting: Meeting, pk: int) -> Commitment:
    return get_object_or_404(Commitment.objects.select_related("meeting"), meeting=meeting, pk=pk)


def _date(raw: str, label: str, errors: list[str]) -> dt.date | None:
    """A date typed in a date field (YYYY-MM-DD); anything else is an error on the form."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = dt.date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        value = None
    if value is None or not 2000 <= value.year <= 2100:
        errors.append(_("%(field)s: not a date.") % {"field": label})
        return None
    return value


def _rows_posted(request: HttpRequest) -> list[dict[str, str]]:
    """The signatory rows as posted (strings), in their order."""
    count = read_int(request.POST, "rows", 0, minimum=0, maximum=MAX_ROWS, lenient=True)
    rows = []
    for i in range(count):
        row = {key: request.POST.get(f"sig-{i}-{key}", "").strip()
               for key in ("pk", "official", "name", "position", "unit")}
        row["remove"] = bool(request.POST.get(f"sig-{i}-remove"))
        rows.append(row)
    return rows


def _signatory_inputs(meeting: Meeting, rows: list[dict[str, str]], errors: list[str]):
    """SignatoryInputs from the posted rows: officials and units looked up in the meeting's
    government (an unknown one is an error on the form, never a 500)."""
    wanted_officials = {int(r["official"]) for r in rows if is_id(r["official"])}
    wanted_units = {int(r["unit"]) for r in rows if is_id(r["unit"])}
    officials = Official.objects.filter(government=meeting.government, pk__in=wanted_officials).in_bulk()
    units = Unit.objects.filter(government=meeting.government, pk__in=wanted_units).in_bulk()
    inputs = []
    for n, row in enumerate(rows, start=1):
        if row["remove"]:
            continue
        official = officials.get(int(row["official"])) if is_id(row["official"]) else None
        unit = units.get(int(row["unit"])) if is_id(row["unit"]) else None
        if row["official"] and official is None:
            errors.append(_("Signatory %(n)s: unknown official.") % {"n": n})
        if row["unit"] and unit is None:
            errors.append(_("Signatory %(n)s: unknown unit.") % {"n": n})
        inputs.append(commitments.SignatoryInput(
            official=official, name=row["name"], position=row["position"], unit=unit,
            pk=int(row["pk"]) if is_id(row["pk"]) else None,
        ))
    return inputs


def _form(request: HttpRequest, meeting: Meeting, commitment: Commitment | None) -> HttpResponse:
    """The commitment form (add or edit): title, kind, wording, date, scan, signatory rows.
    "Add a row" re-shows the form with one more row, saving nothing."""
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("title", "kind", "text", "signed_on")}
        rows = [r for r in _rows_posted(request) if not r["remove"] or r["pk"]]
        errors: list[str] = []
        if "add_row" in request.POST:
            rows = [r for r in rows if not r["remove"]]
            rows += [{"pk": "", "official": "", "name": "", "position": "", "unit": "", "remove": False}]
        else:
            signed_on = _date(values["signed_on"], _("Signed on"), errors)
            inputs = _signatory_inputs(meeting, rows, errors)
            if values["kind"] not in CommitmentKind.values:
                errors.append(_("Choose the kind."))
            if not values["title"].strip():
                errors.append(_("Give the commitment a title."))
            if not errors:
                actor = actor_for(request)
                try:
                    if commitment is None:
                        commitment = commitments.add_commitment(
                            actor, meeting, title=values["title"], kind=values["kind"], text=values["text"],
                            signed_on=signed_on, signatories=inputs, document=request.FILES.get("document"),
                        )
                    else:
                        commitments.update_commitment(
                            actor, commitment,
                            {"title": values["title"], "kind": values["kind"], "text": values["text"],
                             "signed_on": signed_on},
                            signatories=inputs,
                            expected_version=read_version(request.POST, commitment.version),
                        )
                except StaleEditError:
                    errors.append(_("Someone changed this commitment in the meantime; reload the page."))
                except ValidationError as exc:
                    errors.extend(exc.messages)
                else:
                    messages.success(request, _("The commitment was saved."))
                    return redirect(commitment.get_absolute_url())
        for error in errors:
            messages.error(request, error)
    elif commitment is not None:
        values = {"title": commitment.title, "kind": commitment.kind, "text": commitment.text,
                  "signed_on": commitment.signed_on.isoformat() if commitment.signed_on else ""}
        rows = [{"pk": str(s.pk), "official": str(s.official_id or ""), "name": s.name,
                 "position": s.position, "unit": str(s.unit_id or ""), "remove": False,
                 "status": s.get_status_display()}
                for s in commitment.signatories.all()]
    else:
        values = {"title": "", "kind": CommitmentKind.JOINT, "text": "", "signed_on": ""}
        rows = []
    blank = {"pk": "", "official": "", "name": "", "position": "", "unit": "", "remove": False}
    if request.method != "POST":
        rows += [dict(blank) for _ in range(EXTRA_ROWS)]
    rows = rows[:MAX_ROWS]
    return render(
        request,
        "meetings/commitments/form.html",
        {
            "meeting": meeting,
            "commitment": commitment,
            "values": values,
            "rows": rows,
            "kinds": CommitmentKind.choices,
            "officials": Official.objects.filter(government=meeting.government).order_by("name"),
            "units": Unit.objects.filter(government=meeting.government).order_by("path"),
        },
    )


def _refuse_frozen(
    request: HttpRequest, meeting: Meeting, commitment: Commitment | None
) -> HttpResponse | None:
    """Back to the page with the reason when the commitment can no longer be edited."""
    try:
        if commitment is not None:
            commitments.ensure_editable(commitment)
        else:
            meeting_rules.ensure_open_for_changes(meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        back = commitment.get_absolute_url() if commitment else meeting.get_absolute_url() + "#minutes"
        return redirect(back)
    return None


@login_required
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    return _refuse_frozen(request, meeting, None) or _form(request, meeting, None)


@login_required
def commitment_edit(request: HttpRequest, pk: int, commitment: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    row = _commitment(meeting, commitment)
    return _refuse_frozen(request, meeting, row) or _form(request, meeting, row)


@login_required
def commitment_detail(request: HttpRequest, pk: int, commitment: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    row = _commitment(meeting, commitment)
    signatories = list(row.signatories.select_related("official", "unit"))
    actions = list(row.follow_ups.prefetch_related("responsible_units").order_by("due_date", "id"))
    today = followups.today_in(meeting.time_zone)
    may_change = can(request.user, Action.CHANGE, meeting)
    issued = commitments.issued(row)
    counts = followups.line_counts([f.pk for f in actions])
    return render(
        request,
        "meetings/commitments/detail.html",
        {
            "meeting": meeting,
            "commitment": row,
            "object": row,
            "paragraphs": commitments.paragraphs(row.text),
            "signatories": signatories,
            "actions": [(f, followups.is_overdue(f, today), counts.get(f.pk, (0, 0))) for f in actions],
            "progress": commitments.progress_of(signatories, actions, today),
            "issued": issued,
            "may_edit": may_change and not meeting.is_frozen and issued is None,
            "may_sign": may_change and meeting.status != MeetingStatus.CANCELLED,
            "may_issue": may_change and meeting.status != MeetingStatus.CANCELLED and issued is None
            and bool(signatories),
            "may_follow_up": may_change and not meeting.is_frozen,
            "statuses": SignatureStatus.choices,
            "today": today,
            "history": history_for(row),
        },
    )


@login_required
def commitment_delete(request: HttpRequest, pk: int, commitment: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    row = _commitment(meeting, commitment)
    if request.method != "POST":
        return redirect(row.get_absolute_url())
    try:
        commitments.delete_commitment(actor_for(request), row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(row.get_absolute_url())
    messages.success(request, _("The commitment was removed."))
    return redirect(meeting.get_absolute_url() + "#minutes")


@login_required
def signatory_status(request: HttpRequest, pk: int, commitment: int, signatory: int) -> HttpResponse:
    """POST status (pending / signed / declined), date and note of one signatory."""
    meeting = meeting_for(request, pk, Action.CHANGE)
    row = _commitment(meeting, commitment)
    person = get_object_or_404(CommitmentSignatory, commitment=row, pk=signatory)
    if request.method == "POST":
        errors: list[str] = []
        on = _date(request.POST.get("status_on", ""), _("Date"), errors)
        try:
            if errors:
                raise ValidationError(errors)
            commitments.set_signature(
                actor_for(request), person, request.POST.get("status", ""), on=on,
                note=request.POST.get("note", ""),
                expected_version=read_version(request.POST, person.version),
            )
        except StaleEditError:
            messages.error(request, _("Someone changed this signatory in the meantime; reload the page."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Recorded for %(name)s.") % {"name": str(person)})
    return redirect(
        reverse("meetings:commitment_detail", args=[meeting.pk, row.pk]) + f"#signatory-{person.pk}"
    )


@login_required
def commitment_pdf(request: HttpRequest, pk: int, commitment: int) -> HttpResponse:
    """The document to sign: the issued file once issued, the draft (KONSEP) before."""
    meeting = meeting_for(request, pk)
    row = _commitment(meeting, commitment)
    row.meeting = meeting
    return pdf_response(commitments.document_pdf(row), f"komitmen-{row.pk}.pdf")


@login_required
def commitment_issue(request: HttpRequest, pk: int, commitment: int) -> HttpResponse:
    meeting = meeting_for(request, pk, Action.CHANGE)
    row = _commitment(meeting, commitment)
    if request.method == "POST":
        try:
            document = commitments.issue_document(actor_for(request), row)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The document was issued; verification code %(code)s.")
                             % {"code": document.code})
    return redirect(row.get_absolute_url())


def section_rows(request: HttpRequest, meeting: Meeting) -> list[dict[str, Any]]:
    """The meeting page's commitments, each with its signatories and progress (queries fixed in
    number: signatories and actions prefetched)."""
    today = followups.today_in(meeting.time_zone)
    rows = meeting.commitments.prefetch_related("signatories", "follow_ups")
    return [
        {"commitment": c, "signatories": list(c.signatories.all()),
         "progress": commitments.progress_of(c.signatories.all(), c.follow_ups.all(), today)}
        for c in rows
    ]


urlpatterns: list = [
    path("<int:pk>/commitments/", commitment_add, name="commitment_add"),
    path("<int:pk>/commitments/<int:commitment>/", commitment_detail, name="commitment_detail"),
    path("<int:pk>/commitments/<int:commitment>/edit/", commitment_edit, name="commitment_edit"),
    path("<int:pk>/commitments/<int:commitment>/delete/", commitment_delete, name="commitment_delete"),
    path("<int:pk>/commitments/<int:commitment>/issue/", commitment_issue, name="commitment_issue"),
    path("<int:pk>/commitments/<int:commitment>/komitmen.pdf", commitment_pdf, name="commitment_pdf"),
    path("<int:pk>/commitments/<int:commitment>/signatories/<int:signatory>/", signatory_status,
         name="commitment_signatory"),
]
