"""Pages of one document of an agreement: its particulars and scanned file, the number each
party gave it, its signatories; and the downloads of scanned documents and evaluation evidence
(served to whoever may see the agreement, never from a public URL)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from sinergi.cooperation import documents
from sinergi.cooperation.forms import DocumentEditForm, SignatoryForm
from sinergi.cooperation.models import Document, Evaluation, EvaluationEvidence, Signatory
from sinergi.cooperation.services import visible_agreements
from sinergi.core.files import download_name, file_response
from sinergi.core.forms import add_validation_error
from sinergi.core.params import read_pk
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import delete_object, update_object
from sinergi.core.views import actor_for, history_for


def _document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.select_related("agreement__government", "parent").filter(
            agreement__in=visible_agreements(request.user)
        ),
        pk=pk,
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    agreement = document.agreement
    may_change = can(request.user, Action.CHANGE, agreement)
    form = DocumentEditForm(instance=document, user=request.user)
    signatory_form = SignatoryForm(government=agreement.government)
    status = 200
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        actor = actor_for(request)
        step = request.POST.get("step")
        try:
            if step == "number":
                documents.set_number(
                    actor,
                    document,
                    request.POST.get("party", ""),
                    request.POST.get("number", ""),
                    is_own=request.POST.get("is_own") == "1",
                )
                messages.success(request, _("The number was saved."))
                return redirect("cooperation:document_detail", pk=document.pk)
            if step == "remove_signatory":
                signatory = get_object_or_404(
                    Signatory, document=document, pk=read_pk(request.POST, "signatory"))
                delete_object(actor, signatory)
                return redirect("cooperation:document_detail", pk=document.pk)
            if step == "signatory":
                signatory_form = SignatoryForm(request.POST, government=agreement.government)
                if signatory_form.is_valid():
                    documents.add_signatory(actor, document, **signatory_form.cleaned_data)
                    messages.success(request, _("The signatory was added."))
                    return redirect("cooperation:document_detail", pk=document.pk)
                status = 400
            else:
                form = DocumentEditForm(request.POST, request.FILES, instance=document, user=request.user)
                if form.is_valid():
                    changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
                    if changes["file"] is False:  # "clear" ticked
                        changes["file"] = ""
                    update_object(actor, document, changes, expected_version=form.cleaned_data.get("version"))
                    messages.success(request, _("The document was saved."))
                    return redirect("cooperation:document_detail", pk=document.pk)
                status = 400
        except ValidationError as exc:
            if step in ("number", "remove_signatory"):
                messages.error(request, " ".join(exc.messages))
                return redirect("cooperation:document_detail", pk=document.pk)
            status = add_validation_error(signatory_form if step == "signatory" else form, exc)
            status = status if status != 200 else 400
    return render(
        request,
        "cooperation/document_detail.html",
        {
            "document": document,
            "object": document,
            "agreement": agreement,
            "parties": documents.parties(document),
            "signatories": document.signatories.select_related("official"),
            "children": document.children.all(),
            "form": form,
            "signatory_form": signatory_form,
            "may_change": may_change,
            "history": history_for(document),
        },
        status=status,
    )


@login_required
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return file_response(document.file, download_name(document.file, document.file_name))


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        EvaluationEvidence.objects.filter(evaluation__in=scoped(Evaluation.objects.all(), request.user)),
        pk=pk,
    )
    return file_response(evidence.file, download_name(evidence.file, evidence.file_name))


urlpatterns = [
    path("documents/<int:pk>/", document_detail, name="document_detail"),
    path("documents/<int:pk>/file/", document_file, name="document_file"),
    path("evidence/<int:pk>/file/", evidence_file, name="evidence_file"),
]
