"""Pages: read a meeting report (paste or upload), review the draft beside the source text with
each extracted value highlighted where it came from, save it as a meeting record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.forms import add_validation_error
from sinergi.core.params import read_pk
from sinergi.core.scope import Action, can
from sinergi.core.views import actor_for
from sinergi.extraction import extract
from sinergi.extraction.drafts import (
    ConfirmedReport,
    FollowUpInput,
    ProblemInput,
    already_imported,
    annotation,
    as_initial,
    confirm_report,
    default_organizer,
    government_for,
    match_officials,
    save_report,
)
from sinergi.extraction.forms import IGNORE, NEW, ReadForm, ReviewForm
from sinergi.extraction.models import ReportSource
from sinergi.extraction.readers import read_bytes
from sinergi.extraction.result import MeetingReport, Person
from sinergi.meetings.access import meeting_for
from sinergi.meetings.models import Meeting
from sinergi.regions.models import Government, Official

FIELD_LABELS = {
    "event_date": gettext_lazy("date"),
    "venue": gettext_lazy("place"),
    "chair": gettext_lazy("chair"),
    "officials": gettext_lazy("official"),
    "region": gettext_lazy("region"),
    "organizations": gettext_lazy("organization"),
    "regulations": gettext_lazy("regulation"),
    "figures": gettext_lazy("figure"),
    "acronyms": gettext_lazy("acronym"),
    "follow_ups": gettext_lazy("follow-up"),
}


def highlighted(report: MeetingReport) -> str:
    """The report's text with each extracted span marked (escaped; spans never overlap)."""
    pieces = []
    position = 0
    for span in report.spans:
        if span.start < position:
            continue
        pieces.append(escape(report.text[position : span.start]))
        label = escape(str(FIELD_LABELS.get(span.field, span.field)))
        pieces.append(
            f'<mark class="extract extract-{span.field}" title="{label}">'
            f"{escape(report.text[span.start : span.end])}</mark>"
        )
        position = span.end
    pieces.append(escape(report.text[position:]))
    return mark_safe("".join(pieces))


def _ensure_may_record(request: HttpRequest) -> None:
    if not can(request.user, Action.ADD, Meeting):
        raise PermissionDenied


def _review(
    request: HttpRequest,
    *,
    text: str,
    published,
    file_name: str,
    government: Government,
    data: dict | None = None,
) -> tuple[ReviewForm, MeetingReport, list]:
    report = extract(text, published)
    choices = match_officials(government, list(report.officials))
    initial = {
        **as_initial(report),
        "source": text,
        "published": report.published or published,
        "file_name": file_name,
        "headline": (report.title or "")[:500],
        "government": government.pk,
        "organizer": default_organizer(government),
    }
    for field, person in (("chair", report.chair), ("chair_for", report.chair_for)):
        if person:
            # by name: the chair's position may have been completed with the region
            index = next((i for i, c in enumerate(choices) if c.person.name == person.name), None)
            initial[field] = f"person_{index}" if index is not None else ""
    form = ReviewForm(
        data,
        initial=initial,
        user=request.user,
        government=government,
        choices=choices,
        follow_ups=list(report.follow_ups),
        due_dates=list(report.follow_up_due),
        commitments=list(report.commitments),
        problems=list(report.problems),
    )
    return form, report, choices


def _render_review(request, form, report, government, status=200) -> HttpResponse:
    previous = already_imported(government, form["source"].value() or "")
    return render(
        request,
        "extraction/report_review.html",
        {
            "form": form,
            "report": report,
            "government": government,
            "source": highlighted(report),
            "previous": previous,
            "field_labels": FIELD_LABELS,
            "extra_sections": [
                (_("Commitments"), _("Recorded as the meeting's commitments, unless unticked."),
                 form.commitment_rows, "commitment-row"),
                (_("Problems named in the report"),
                 _("Tick those to add to the problems register, linked to this meeting."),
                 form.problem_rows, "problem-row"),
            ],
        },
        status=status,
    )


@login_required
def report_read(request: HttpRequest) -> HttpResponse:
    _ensure_may_record(request)
    form = ReadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"] or ""
        file_name = ""
        upload = form.cleaned_data.get("file")
        if upload:
            text, problem = read_bytes(upload.read(), upload.name)
            file_name = upload.name
            if problem:
                form.add_error("file", problem)
        if not form.errors:
            report = extract(text, form.cleaned_data["published"])
            government = form.cleaned_data["government"] or government_for(report)
            if government is None or not form.fields["government"].queryset.filter(pk=government.pk).exists():
                form.add_error(
                    "government",
                    _("Choose the government: the report's region (%(region)s) is not one you work for.")
                    % {"region": report.region or "?"},
                )
            else:
                review, report, _choices = _review(
                    request,
                    text=text,
                    published=form.cleaned_data["published"],
                    file_name=file_name,
                    government=government,
                )
                return _render_review(request, review, report, government)
    return render(
        request,
        "extraction/report_read.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _confirmed(form: ReviewForm, choices, government: Government,
               report: MeetingReport | None = None) -> ConfirmedReport:
    data = form.cleaned_data
    new_people: list[Person] = []
    chosen: dict[str, Official | Person | None] = {}
    officials = {o.pk: o for o in Official.objects.filter(government=government)}
    for bound, choice in form.person_fields:
        value = data.get(bound.name)
        if value == NEW:
            new_people.append(choice.person)
            chosen[bound.name] = choice.person
        elif value and value.startswith("official:"):
            chosen[bound.name] = officials.get(int(value.split(":", 1)[1]))
        else:
            chosen[bound.name] = None
    chair = chosen.get(data.get("chair") or "")
    chair_for = chosen.get(data.get("chair_for") or "")
    follow_ups = [
        FollowUpInput(data[f"fu_{i}_text"], list(data.get(f"fu_{i}_units") or []), data.get(f"fu_{i}_due"))
        for i in range(form.follow_up_count)
        if data.get(f"fu_{i}_keep")
    ]
    commitments = [data[f"cm_{i}_text"] for i in range(form.commitment_count) if data.get(f"cm_{i}_keep")]
    problems = [ProblemInput(data[f"pb_{i}_text"], data.get(f"pb_{i}_category") or "")
                for i in range(form.problem_count) if data.get(f"pb_{i}_keep")]
    return ConfirmedReport(
        government=government,
        organizer=data["organizer"],
        title=data["title"],
        kind=data["kind"],
        date=data["date"],
        start=data["start"],
        end=data["end"],
        venue=data["venue"],
        minutes=data["minutes"],
        chair=chair if isinstance(chair, Official) else None,
        chair_is_new=chair if isinstance(chair, Person) else None,
        chair_position=data["chair_position"],
        chair_for=chair_for if isinstance(chair_for, Official) else None,
        chair_for_is_new=chair_for if isinstance(chair_for, Person) else None,
        chair_for_position=data.get("chair_for_position") or "",
        new_officials=new_people,
        follow_ups=follow_ups,
        commitments=commitments,
        problems=problems,
        source_text=data["source"],
        headline=data.get("headline") or (report.title if report is not None else "") or "",
        published=data.get("published"),
        file_name=data.get("file_name") or "",
        extracted=report.as_json() if report is not None else None,
        annotation=_annotation(form, report) if report is not None else None,
    )


def _annotation(form: ReviewForm, report: MeetingReport) -> dict:
    """What the reviewer confirmed, as an annotated case (drafts.annotation): the people kept
    (not "Do not record"), the chair and the one represented with their positions as confirmed,
    the follow-ups kept with their corrected text."""
    data = form.cleaned_data
    kept = [(choice.person.name, choice.person.position or "") for bound, choice in form.person_fields
            if data.get(bound.name) != IGNORE]
    names = {bound.name: choice.person.name for bound, choice in form.person_fields}
    chair = names.get(data.get("chair") or "")
    chair_for = names.get(data.get("chair_for") or "")
    return annotation(
        report, title=data["title"], kind=data["kind"], date=data["date"], venue=data["venue"],
        chair=(chair, data["chair_position"]) if chair else None,
        chair_for=(chair_for, data.get("chair_for_position") or "") if chair_for else None,
        officials=kept,
        follow_ups=[data[f"fu_{i}_text"] for i in range(form.follow_up_count) if data.get(f"fu_{i}_keep")],
    )


@login_required
def report_save(request: HttpRequest) -> HttpResponse:
    _ensure_may_record(request)
    if request.method != "POST":
        return redirect("extraction:report_read")
    government = (
        ReadForm(user=request.user)
        .fields["government"]
        .queryset.filter(pk=read_pk(request.POST, "government") or 0)
        .first()
    )
    if government is None:
        raise PermissionDenied
    form, report, choices = _review(
        request,
        text=request.POST.get("source", ""),
        published=None,
        file_name=request.POST.get("file_name", ""),
        government=government,
        data=request.POST,
    )
    if not form.is_valid():
        return _render_review(request, form, report, government, status=400)
    try:
        meeting = save_report(actor_for(request), _confirmed(form, choices, government, report))
    except PermissionDenied:
        form.add_error("organizer", _("You may not record meetings of this unit."))
        return _render_review(request, form, report, government, status=403)
    except ValidationError as exc:
        status = add_validation_error(form, exc)
        return _render_review(request, form, report, government, status=status)
    messages.success(request,
                     _("The meeting was recorded from the report as a draft: check it, then confirm it."))
    return redirect(meeting.get_absolute_url())


@login_required
def report_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a meeting's record read from a report (POST): it stops being a draft, and a meeting
    that took place is closed."""
    meeting = meeting_for(request, pk, Action.CHANGE)
    if request.method != "POST":
        return redirect(meeting.get_absolute_url())
    source = ReportSource.objects.filter(meeting=meeting).first()
    if source is None:
        raise Http404
    try:
        confirm_report(actor_for(request), source)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(meeting.get_absolute_url())
    messages.success(request, _("The record was confirmed."))
    return redirect(meeting.get_absolute_url())


app_name = "extraction"
urlpatterns = [
    path("", report_read, name="report_read"),
    path("save/", report_save, name="report_save"),
    path("meeting/<int:pk>/confirm/", report_confirm, name="report_confirm"),
]
