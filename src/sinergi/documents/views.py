"""Pages: a government's letterhead settings (and each unit's own kop), the emblem file, and
the public verification page of issued documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from sinergi.api.door import streams_uploads
from sinergi.core.files import download_name, file_response
from sinergi.core.forms import add_validation_error
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import create_object, update_object
from sinergi.core.throttle import throttled
from sinergi.core.views import actor_for
from sinergi.documents import naskah, signing, verification
from sinergi.documents.forms import LetterheadForm, UnitLetterheadForm
from sinergi.documents.issuing import normalize_code
from sinergi.documents.models import IssuedDocument, Letterhead, UnitLetterhead
from sinergi.regions.models import Government, Unit


def _save(request, form, instance) -> bool:
    try:
        if instance.pk:
            update_object(actor_for(request), instance, form.model_changes(),
                          expected_version=form.expected_version())
        else:
            create_object(actor_for(request), form.save(commit=False))
    except (ValidationError, PermissionDenied) as exc:
        add_validation_error(form, exc)
        return False
    return True


@login_required
def letterhead(request: HttpRequest, government: int) -> HttpResponse:
    """The government's letterhead settings: everyone of the government reads them (and sees
    what a letter's kop looks like); the coordinator and administrators change them."""
    government = get_object_or_404(scoped(Government.objects.select_related("region"), request.user),
                                   pk=government)
    stored = Letterhead.objects.filter(government=government).first()
    instance = stored or naskah.letterhead_of(government)
    may_change = can(request.user, Action.CHANGE if stored else Action.ADD, instance)
    form = LetterheadForm(request.POST or None, request.FILES or None, instance=instance, user=request.user)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid() and _save(request, form, instance):
            messages.success(request, _("The letterhead settings were saved."))
            return HttpResponseRedirect(request.path)
    units = list(Unit.objects.filter(government=government, parent__isnull=True).order_by("name"))
    own = {u.unit_id: u for u in UnitLetterhead.objects.filter(unit__in=units)}
    # Every unit's kop is listed; a unit's own page is linked only for those the user may open.
    opens = set(scoped(Unit.objects.filter(pk__in=[u.pk for u in units]), request.user)
                .values_list("pk", flat=True))
    return render(request, "documents/letterhead.html", {
        "government": government, "form": form, "may_change": may_change, "stored": stored,
        "missing": _missing(instance),
        "kop": naskah.kop_for(government, None, None) if stored else None,
        "units": [(u, own.get(u.pk), u.pk in opens) for u in units],
    }, status=400 if request.method == "POST" else 200)


def _missing(letterhead: Letterhead) -> list[str]:
    """What a letter would lack with these settings (said on the page)."""
    labels = {
        "emblem": _("the emblem"), "address": _("the address"), "telephone": _("the telephone"),
        "email": _("the email address"), "website": _("the website"), "postal_code": _("the postal code"),
        "invitation_code": _("the classification code of invitations"),
    }
    return [label for name, label in labels.items() if not getattr(letterhead, name)]


@login_required
def emblem(request: HttpRequest, government: int) -> HttpResponse:
    stored = get_object_or_404(scoped(Letterhead.objects.all(), request.user), government_id=government)
    response = file_response(stored.emblem, download_name(stored.emblem, stored.emblem_name), inline=True)
    # An uploaded SVG is shown as an image, never run: no script, no requests, a sandbox.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def unit_letterhead(request: HttpRequest, unit: int) -> HttpResponse:
    """An OPD's or kecamatan's own kop: its name on the kop, its address and the code its
    letter numbers carry."""
    unit = get_object_or_404(scoped(Unit.objects.select_related("government"), request.user), pk=unit)
    stored = UnitLetterhead.objects.filter(unit=unit).first()
    instance = stored or UnitLetterhead(unit=unit)
    may_change = can(request.user, Action.CHANGE if stored else Action.ADD, instance)
    form = UnitLetterheadForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid() and _save(request, form, instance):
            messages.success(request, _("The letterhead settings were saved."))
            return HttpResponseRedirect(reverse("documents:letterhead", args=[unit.government_id]))
    return render(request, "documents/unit_letterhead.html", {
        "unit": unit, "form": form, "may_change": may_change,
    }, status=400 if request.method == "POST" else 200)


@login_required
def issued_file(request: HttpRequest, code: str) -> HttpResponse:
    """The file of an issued document, byte for byte, for the users of its government."""
    visible = scoped(IssuedDocument.objects.all(), request.user)
    document = get_object_or_404(visible, code=normalize_code(code))
    return file_response(document.file, document.file_name or download_name(document.file, ""))


@require_http_methods(["GET", "HEAD"])
def verify_start(request: HttpRequest) -> HttpResponse:
    """Public: type the verification code printed on a document (any case, with or without
    dashes) and go to its page."""
    typed = request.GET.get("kode")
    error = ""
    if typed is not None:
        code = normalize_code(typed)
        if code:
            return HttpResponseRedirect(reverse("documents:verify", args=[code]))
        error = _("Type the verification code printed at the foot of the document.")
    return render(request, "documents/verify_start.html", {"error": error}, status=400 if error else 200)


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(request, "documents/verify_limited.html", {"minutes": max(1, (wait + 59) // 60)},
                      status=429)
    response["Retry-After"] = str(wait)
    return response


@streams_uploads
@csrf_exempt  # checked below (csrf_protect), once the upload handler is in place
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: what was issued under a verification code (kind, number, date, issuing unit,
    signer, electronic signature, SHA-256), or that nothing was; and whether an uploaded copy
    is exactly the issued file. Lookups and uploads are limited per client address."""
    limits = verification.Limits.current()
    uploading = request.method == "POST"
    wait = throttled(request, "verify-upload" if uploading else "verify",
                     limits.uploads if uploading else limits.lookups, limits.window)
    if wait:
        return _too_many(request, wait)
    document = verification.issued(code)
    if document is None:
        return render(request, "documents/verify.html", {"document": None, "code": normalize_code(code)},
                      status=404)
    if not uploading:
        return _verify_page(request, document)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limits.max_bytes + 64 * 1024:  # refused before a byte of it is read
        return _verify_page(request, document, error=_too_large(limits), status=413)
    handler = verification.HashingUploadHandler(request, max_bytes=limits.max_bytes)
    request.upload_handlers = [handler]
    return _compare_upload(request, document, handler, limits)


def _too_large(limits: verification.Limits) -> str:
    return _("The file is larger than %(size)s MB: it cannot be the issued document.") % {
        "size": limits.max_bytes // (1024 * 1024)}


@csrf_protect
def _compare_upload(request: HttpRequest, document: IssuedDocument, handler, limits) -> HttpResponse:
    upload = request.FILES.get("file")
    if handler.too_large:
        return _verify_page(request, document, error=_too_large(limits), status=413)
    if upload is None:
        return _verify_page(request, document, error=_("Choose the file to compare."), status=400)
    return _verify_page(request, document, upload=upload, same=upload.sha256 == document.sha256)


def _verify_page(request: HttpRequest, document: IssuedDocument, *, upload=None, same: bool | None = None,
                 error: str = "", status: int = 200) -> HttpResponse:
    signature = None
    if document.signed_electronically:
        try:
            with document.file.open("rb") as stream:
                signature = signing.signature_of(stream)
        except OSError:
            signature = None
    max_megabytes = verification.Limits.current().max_bytes // (1024 * 1024)
    return render(request, "documents/verify.html", {
        "document": document, "code": document.code, "signature": signature, "upload": upload,
        "same": same, "error": error, "max_megabytes": max_megabytes,
    }, status=status)
