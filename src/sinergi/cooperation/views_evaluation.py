"""Pages of the yearly evaluation: the rounds of a government (the coordinator opens one), a
round with its completeness, scores and rollups, and one agreement's evaluation that its unit
fills and submits and the head or the coordinator verifies or returns with a reason."""

from __future__ import annotations

from decimal import Decimal

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.cooperation import evaluation as evaluations
from sinergi.cooperation import followups as agreement_followups
from sinergi.cooperation.forms import AgreementFollowUpForm
from sinergi.cooperation.models import (
    Agreement,
    AgreementFollowUp,
    Evaluation,
    EvaluationEvidence,
    EvaluationRound,
)
from sinergi.cooperation.report import ROLLUPS, issue_report, limited_line, report_pdf, report_xlsx
from sinergi.core.forms import QuantityField, RupiahField, add_validation_error
from sinergi.core.params import read_choice, read_pk, read_pks, read_version
from sinergi.core.pdf import pdf_response
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import StaleEditError, create_object, update_object
from sinergi.core.spreadsheets import xlsx_response
from sinergi.core.views import actor_for, history_for
from sinergi.documents.issuing import issued_for
from sinergi.documents.models import DocumentKind
from sinergi.documents.steps import issue_from_post
from sinergi.meetings import invitations
from sinergi.meetings.models import Meeting
from sinergi.monitoring.choices import EDITABLE_STATES, RealizationStatus
from sinergi.regions.models import Government, Unit

CONTROL = {"class": "form-control"}


class RoundForm(django_forms.Form):
    year = django_forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2000,
        max_value=2100,
        widget=django_forms.NumberInput(attrs=CONTROL),
    )
    opens_on = django_forms.DateField(
        label=gettext_lazy("Opens on"),
        widget=django_forms.DateInput(format="%Y-%m-%d", attrs={**CONTROL, "type": "date"}),
    )
    deadline = django_forms.DateField(
        label=gettext_lazy("Deadline"),
        widget=django_forms.DateInput(format="%Y-%m-%d", attrs={**CONTROL, "type": "date"}),
    )


class IndicatorFiguresForm(django_forms.Form):
    """The figures of an indicator added to an evaluation (the page's own inputs), in the
    indicator's unit of measure, typed the Indonesian way."""

    promised = QuantityField(label=gettext_lazy("Promised"))
    realized = QuantityField(label=gettext_lazy("Realized"), required=False)


class EvaluationForm(django_forms.ModelForm):
    version = django_forms.IntegerField(widget=django_forms.HiddenInput)

    class Meta:
        model = Evaluation
        fields = list(evaluations.EDITABLE_FIELDS)
        field_classes = {"money_spent": RupiahField}
        widgets = {
            name: django_forms.Textarea(attrs={**CONTROL, "rows": 3})
            for name in ("activities", "outputs", "benefit", "problems")
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in ("version",) and not isinstance(field.widget, django_forms.Textarea):
                field.widget.attrs.setdefault(
                    "class",
                    "form-select" if isinstance(field.widget, django_forms.Select) else "form-control",
                )
        self.fields["version"].initial = self.instance.version


@login_required
def round_list(request: HttpRequest, government: int) -> HttpResponse:
    government = get_object_or_404(
        Government.objects.filter(pk__in=scoped(Unit.objects.all(), request.user).values("government_id")),
        pk=government,
    )
    may_open = can(request.user, Action.ADD, EvaluationRound(government=government))
    form = RoundForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST":
        if not may_open:
            raise PermissionDenied
        if form.is_valid():
            try:
                created = evaluations.open_round(
                    actor_for(request),
                    government,
                    form.cleaned_data["year"],
                    form.cleaned_data["opens_on"],
                    form.cleaned_data["deadline"],
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("The evaluation round was opened."))
                return redirect("cooperation:round_detail", pk=created.pk)
    rounds = scoped(EvaluationRound.objects.filter(government=government), request.user)
    return render(
        request,
        "cooperation/round_list.html",
        {"government": government, "rounds": rounds, "form": form, "may_open": may_open},
    )


# `?status=to_fill` (draft or returned: the unit's work), or one state: the table shows only those
# evaluations (the home page's tasks link here); completeness and rollups stay whole.
ROUND_FILTERS = ("to_fill", *RealizationStatus.values)


def _shown(request: HttpRequest, pairs: list) -> list:
    wanted = read_choice(request.GET, "status", ROUND_FILTERS)
    if wanted is None:
        return pairs
    states = EDITABLE_STATES if wanted == "to_fill" else (wanted,)
    return [p for p in pairs if p[0].status in states]


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation_round = get_object_or_404(
        scoped(EvaluationRound.objects.select_related("government"), request.user), pk=pk
    )
    # The evaluations, completeness and rollups the user may see: a unit's own, a coordinator's
    # whole government.
    pairs = evaluations.scored(evaluation_round, request.user)
    may_link = can(request.user, Action.CHANGE, evaluation_round)
    whole = limited_line(evaluation_round, request.user) is None  # issued reports hold the whole round
    return render(
        request,
        "cooperation/round_detail.html",
        {
            "round": evaluation_round,
            "completeness": evaluations.completeness(evaluation_round, request.user),
            "limited": limited_line(evaluation_round, request.user),
            "by_unit_done": evaluations.completeness_by_unit(evaluation_round, request.user),
            "pairs": sorted(_shown(request, pairs), key=lambda p: (p[0].unit.path, p[0].agreement.title)),
            "status_filter": read_choice(request.GET, "status", ROUND_FILTERS),
            "rollups": [(title, evaluations.rollup(evaluations.counted(pairs), by)) for by, title in ROLLUPS],
            "counted": {e.pk for e, _s in evaluations.counted(pairs)},
            "may_link": may_link,
            "issued": list(issued_for(evaluation_round, DocumentKind.COOPERATION_REPORT)) if whole else [],
            "may_issue": may_link and whole,
            "meetings": scoped(
                Meeting.objects.filter(government=evaluation_round.government), request.user, Action.CHANGE
            ).order_by("-starts_at")[:50]
            if may_link
            else [],
        },
    )


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(
        scoped(Evaluation.objects.select_related("round", "agreement", "unit"), request.user), pk=pk
    )
    actor = actor_for(request)
    editable = evaluation.status in EDITABLE_STATES and can(request.user, Action.CHANGE, evaluation)
    form = EvaluationForm(request.POST or None, instance=evaluation) if editable else None
    status = 200
    if request.method == "POST":
        step = request.POST.get("step", "save")
        version = read_version(request.POST, evaluation.version)
        try:
            if step == "save" and form is not None and form.is_valid():
                changes = {name: form.cleaned_data[name] for name in evaluations.EDITABLE_FIELDS}
                evaluation = evaluations.save(actor, evaluation, changes, expected_version=version)
                if request.POST.get("submit"):
                    evaluation = evaluations.submit(actor, evaluation, expected_version=evaluation.version)
                messages.success(request, _("The evaluation was saved."))
                return redirect("cooperation:evaluation_detail", pk=evaluation.pk)
            if step == "verify":
                evaluations.verify(actor, evaluation, expected_version=version)
                messages.success(request, _("The evaluation was verified."))
                return redirect("cooperation:evaluation_detail", pk=evaluation.pk)
            if step == "return":
                evaluations.return_evaluation(
                    actor, evaluation, request.POST.get("reason", ""), expected_version=version
                )
                messages.success(request, _("The evaluation was returned to the unit."))
                return redirect("cooperation:evaluation_detail", pk=evaluation.pk)
            status = 200  # the form again, with its errors
        except StaleEditError:
            messages.error(request, _("Someone changed this evaluation in the meantime; reload the page."))
            status = 409
        except ValidationError as exc:
            # The page again, with the reason shown (a refused step is a form error, not a
            # broken request).
            messages.error(request, " ".join(exc.messages))
        evaluation.refresh_from_db()
    score = evaluations.rules.score(evaluations.facts_for(evaluation))
    return render(
        request,
        "cooperation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "form": form,
            "score": score,
            "may_verify": evaluation.status == "submitted" and can(request.user, Action.CHANGE, evaluation),
            "history": history_for(evaluation),
            "indicators": evaluation.indicators.all(),
            "evidence": evaluation.evidence.all(),
        },
        status=status,
    )


@login_required
def evaluation_extra(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator (what the PKS promised, what was realized) or an evidence file."""
    evaluation = get_object_or_404(scoped(Evaluation.objects.all(), request.user, Action.CHANGE), pk=pk)
    if request.method == "POST":
        try:
            if evaluation.status not in EDITABLE_STATES:
                raise ValidationError(_("The evaluation was submitted: it can no longer be changed."))
            if request.FILES.get("evidence"):
                create_object(
                    actor_for(request),
                    EvaluationEvidence(
                        evaluation=evaluation,
                        file=request.FILES["evidence"],
                        description=request.POST.get("description", "").strip()[:300],
                    ),
                )
            else:
                figures = IndicatorFiguresForm(request.POST)
                if not figures.is_valid():
                    raise ValidationError(
                        [f"{figures.fields[name].label}: {error}" for name, errors in figures.errors.items()
                         for error in errors]
                    )
                evaluations.add_indicator(
                    actor_for(request),
                    evaluation,
                    request.POST.get("name", "").strip(),
                    figures.cleaned_data["promised"],
                    figures.cleaned_data["realized"] or Decimal(0),
                    request.POST.get("unit_of_measure", "").strip(),
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("cooperation:evaluation_detail", pk=evaluation.pk)


@login_required
def round_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the evaluation (or socialisation) meeting to the round, and invite every unit
    responsible for an agreement of the round in one step."""
    evaluation_round = get_object_or_404(
        scoped(EvaluationRound.objects.all(), request.user, Action.CHANGE), pk=pk
    )
    if request.method == "POST":
        meeting = (
            scoped(
                Meeting.objects.filter(government=evaluation_round.government), request.user, Action.CHANGE
            )
            .filter(pk=read_pk(request.POST, "meeting") or 0)
            .first()
        )
        if meeting is None:
            raise PermissionDenied
        try:
            update_object(
                actor_for(request),
                evaluation_round,
                {"meeting": meeting},
                expected_version=evaluation_round.version,
            )
            units = Unit.objects.filter(
                pk__in=Evaluation.objects.filter(round=evaluation_round).values("unit_id")
            )
            invited = invitations.invite_units(actor_for(request), meeting, units)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The meeting was linked; %(count)s units invited.") % {"count": len(invited)}
            )
    return redirect("cooperation:round_detail", pk=evaluation_round.pk)


@login_required
def round_follow_ups(request: HttpRequest, pk: int) -> HttpResponse:
    """The decisions of the round's meeting and the follow-up actions made of them, each with
    the agreements it concerns; whoever may change the meeting records and links them."""
    evaluation_round = get_object_or_404(
        scoped(EvaluationRound.objects.select_related("government", "meeting"), request.user), pk=pk
    )
    meeting = evaluation_round.meeting
    if meeting is None:
        messages.error(request, _("Link the evaluation meeting to the round first."))
        return redirect("cooperation:round_detail", pk=evaluation_round.pk)
    may_record = can(request.user, Action.CHANGE, meeting)
    # Only the agreements the user may see are listed, linked and offered (a unit its own).
    visible = scoped(Agreement.objects.filter(government=evaluation_round.government), request.user)
    agreements = visible.filter(
        pk__in=Evaluation.objects.filter(round=evaluation_round).values("agreement_id")
    ).order_by("title")
    form = AgreementFollowUpForm(request.POST or None, meeting=meeting, agreements=agreements)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        actor = actor_for(request)
        if "unlink" in request.POST or "link" in request.POST:
            try:
                if "unlink" in request.POST:
                    link = get_object_or_404(
                        AgreementFollowUp.objects.select_related("follow_up__meeting"),
                        pk=read_pk(request.POST, "unlink"),
                        follow_up__meeting=meeting,
                        agreement__in=visible,
                    )
                    agreement_followups.unlink(actor, link)
                    messages.success(request, _("The agreement was taken off the follow-up action."))
                else:
                    follow_up = get_object_or_404(meeting.follow_ups, pk=read_pk(request.POST, "link"))
                    chosen = agreements.filter(pk__in=read_pks(request.POST, "agreements"))
                    agreement_followups.link(actor, follow_up, chosen)
                    messages.success(request, _("The follow-up action was linked."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("cooperation:round_follow_ups", pk=evaluation_round.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreement_followups.create_for_agreements(
                    actor,
                    meeting,
                    data["agreements"],
                    data["description"],
                    data["due_date"],
                    decision=data["decision"],
                    units=data["units"],
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("The follow-up action was recorded."))
                return redirect("cooperation:round_follow_ups", pk=evaluation_round.pk)
    follow_ups = (
        meeting.follow_ups.select_related("decision")
        .annotate(link_count=Count("agreement_links"))
        .prefetch_related(
            "responsible_units",
            Prefetch(
                "agreement_links",
                queryset=AgreementFollowUp.objects.filter(agreement__in=visible.values("pk"))
                .select_related("agreement")
                .order_by("agreement__title", "id"),
                to_attr="visible_links",
            ),
        )
        .order_by("due_date", "id")
    )
    # An action about agreements the user may not see is left out; one about no agreement
    # (recorded on the meeting's page, not linked yet) is shown.
    follow_ups = [f for f in follow_ups if f.visible_links or not f.link_count]
    return render(
        request,
        "cooperation/round_follow_ups.html",
        {
            "round": evaluation_round,
            "meeting": meeting,
            "decisions": meeting.decisions.all(),
            "follow_ups": follow_ups,
            "agreements": agreements,
            "form": form,
            "may_record": may_record,
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("rounds/<int:pk>/follow-ups/", round_follow_ups, name="round_follow_ups"),
    path("rounds/<int:pk>/meeting/", round_meeting, name="round_meeting"),
    path("evaluations/<int:pk>/add/", evaluation_extra, name="evaluation_extra"),
    path("government/<int:government>/rounds/", round_list, name="round_list"),
    path("rounds/<int:pk>/", round_detail, name="round_detail"),
    path("evaluations/<int:pk>/", evaluation_detail, name="evaluation_detail"),
]


@login_required
def round_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    evaluation_round = get_object_or_404(
        scoped(EvaluationRound.objects.select_related("government"), request.user), pk=pk
    )
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    name = f"evaluasi-kerja-sama-{evaluation_round.government.region_id}-{evaluation_round.year}"
    # The report holds what the user may see: a unit's own evaluations, a coordinator's all.
    if fmt == "pdf":
        return pdf_response(report_pdf(evaluation_round, user=request.user), f"{name}.pdf")
    return xlsx_response(report_xlsx(evaluation_round, user=request.user), f"{name}.xlsx")


@login_required
def round_report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the round's report (POST, the coordinator): a verifiable copy kept as issued."""
    evaluation_round = get_object_or_404(
        scoped(EvaluationRound.objects.select_related("government__region"), request.user), pk=pk
    )
    whole = limited_line(evaluation_round, request.user) is None
    issue_from_post(request, allowed=whole and can(request.user, Action.CHANGE, evaluation_round),
                    issue=lambda: issue_report(actor_for(request), evaluation_round),
                    done=lambda _document: _("The evaluation report was issued."))
    return redirect("cooperation:round_detail", pk=evaluation_round.pk)


urlpatterns += [
    path("rounds/<int:pk>/report.<str:fmt>", round_report, name="round_report"),
    path("rounds/<int:pk>/report/issue/", round_report_issue, name="round_report_issue"),
]
