"""Official documents (naskah dinas): each government's letterhead settings (the kop of its
head, its Sekretariat Daerah and each OPD), the agenda numbers it issues, and every document
it issued, kept with its file and fingerprint so anyone can verify a copy.

The rules of the correspondence manual live in documents.rules (plain functions); the kop and
signature block of a letter are derived in documents.naskah from these settings and the
registry of officials (regions)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import StoredFileField, VersionedModel, original_name_field
from sinergi.core.scope import GOVERNMENT_MANAGERS, ScopeSpec
from sinergi.regions.models import Government, Unit

EMBLEM_EXTENSIONS = ("png", "jpg", "jpeg", "svg")
EMBLEM_MAX_BYTES = 1024 * 1024

classification_code_validator = RegexValidator(
    r"^[0-9]{3}(\.[0-9]{1,3}){0,3}$",
    _("A classification code is three digits with up to three dotted parts, e.g. 000.1.5."),
)
postal_code_validator = RegexValidator(r"^[0-9]{5}$", _("A postal code has five digits."))


class EmblemFileField(StoredFileField):
    """Emblems (the name the migrations use)."""


def validate_emblem_size(file) -> None:
    if file is not None and file.size > EMBLEM_MAX_BYTES:
        raise ValidationError(_("The emblem is larger than 1 MB."), code="file_too_large")


class ContactLines(models.Model):
    """The address lines under a kop."""

    address = models.CharField(_("address"), max_length=250, blank=True,
                               help_text=_("Street and number, as printed under the kop."))
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True,
                                   validators=[postal_code_validator])
    telephone = models.CharField(_("telephone"), max_length=60, blank=True)
    fax = models.CharField(_("fax"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.CharField(_("website"), max_length=120, blank=True,
                               help_text=_("E.g. www.mimikakab.go.id"))

    class Meta:
        abstract = True

    def contact_lines(self) -> list[str]:
        """`Jalan Cendrawasih No. 1, Timika 99910` · `Telepon (0901) 321234, Faksimile …`
        · `Laman www…, Pos-el …`: the lines printed under the kop."""
        lines = []
        first = self.address.strip()
        if self.postal_code:
            first = f"{first} {self.postal_code}".strip() if first else f"Kode Pos {self.postal_code}"
        if first:
            lines.append(first)
        second = ", ".join(p for p in (
            f"Telepon {self.telephone}" if self.telephone else "",
            f"Faksimile {self.fax}" if self.fax else "") if p)
        if second:
            lines.append(second)
        third = ", ".join(p for p in (
            f"Laman {self.website}" if self.website else "",
            f"Pos-el {self.email}" if self.email else "") if p)
        if third:
            lines.append(third)
        return lines


class Letterhead(ContactLines, VersionedModel):
    """A government's letterhead settings: its emblem and the names on its kop (the government,
    the head of region's office, the Sekretariat Daerah), the address of the Sekretariat Daerah,
    the place name of its letters' date line, and the classification codes it uses."""

    government = models.OneToOneField(Government, verbose_name=_("government"), on_delete=models.CASCADE,
                                      related_name="letterhead")
    emblem = EmblemFileField(
        _("emblem"), upload_to="documents/emblems/%Y/%m/", blank=True,
        validators=[FileExtensionValidator(list(EMBLEM_EXTENSIONS)), validate_emblem_size],
        help_text=_("The regional emblem (PNG, JPG or SVG, at most 1 MB)."),
        original_name_field="emblem_name",
    )
    emblem_name = original_name_field()
    emblem_is_placeholder = models.BooleanField(
        _("placeholder emblem"), default=False,
        help_text=_("A drawn placeholder, not the official emblem (demo data)."))
    government_line = models.CharField(_("name of the government on the kop"), max_length=150,
                                       help_text=_("E.g. PEMERINTAH KABUPATEN MIMIKA"))
    head_line = models.CharField(_("office of the head of region on the kop"), max_length=150,
                                 help_text=_("E.g. BUPATI MIMIKA (the kop of letters the head signs)."))
    secretariat_line = models.CharField(_("name of the secretariat on the kop"), max_length=150,
                                        default="SEKRETARIAT DAERAH")
    place = models.CharField(_("place name in dates"), max_length=60,
                             help_text=_("The town written before the date: Timika, Sangatta, Tanah Grogot."))
    invitation_code = models.CharField(_("classification code of invitations"), max_length=20, blank=True,
                                       validators=[classification_code_validator])
    record_code = models.CharField(_("classification code of records"), max_length=20, blank=True,
                                   validators=[classification_code_validator],
                                   help_text=_("Notulen, berita acara and reports of meetings."))

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS, view_government=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return self.government_line

    def get_absolute_url(self) -> str:
        return reverse("documents:letterhead", args=[self.government_id])


class UnitLetterhead(ContactLines, VersionedModel):
    """An issuing unit's own kop (an OPD, a kecamatan) and the code its letter numbers carry."""

    unit = models.OneToOneField(Unit, verbose_name=_("unit"), on_delete=models.CASCADE,
                                related_name="letterhead")
    name_line = models.CharField(_("name of the unit on the kop"), max_length=200, blank=True,
                                 help_text=_("E.g. DINAS PENDIDIKAN; empty: the unit's name in capitals."))
    number_code = models.CharField(
        _("code in letter numbers"), max_length=30, blank=True,
        help_text=_("E.g. Tapem, Bappeda, Disdik; empty: the unit's short name."))

    scope_spec = ScopeSpec(government="unit__government_id", unit_path="unit__path",
                           managers=GOVERNMENT_MANAGERS, view_government=True)

    class Meta:
        verbose_name = _("unit letterhead")
        verbose_name_plural = _("unit letterheads")

    def __str__(self) -> str:
        return self.name_line or self.unit.name


class AgendaCounter(models.Model):
    """The last agenda sequence a unit gave in a year: numbers are gapless, assigned when a
    document is issued (documents.issuing), in the same transaction."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="agenda_counter_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class DocumentKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation letter")
    ATTENDANCE = "attendance", _("Attendance list")
    RECORD = "record", _("Meeting record (notulen)")
    MINUTES = "minutes", _("Official minutes (berita acara)")
    BRIEF = "brief", _("Meeting brief")
    EVALUATION_FORM = "evaluation_form", _("Evaluation form")
    COOPERATION_REPORT = "cooperation_report", _("Cooperation evaluation report")
    COMMITMENT = "commitment", _("Commitment")


class IssuedFileField(StoredFileField):
    """Issued documents (the name the migrations use)."""


class IssuedDocument(VersionedModel):
    """A document as it was issued: its number and date, issuing unit and signer, the file
    itself and its SHA-256, and the short code its QR code and `/verifikasi/<code>/` carry."""

    government = models.ForeignKey(Government, verbose_name=_("government"), on_delete=models.PROTECT,
                                   related_name="issued_documents")
    unit = models.ForeignKey(Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT,
                             related_name="issued_documents")
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    number = models.CharField(_("number"), max_length=120, blank=True)
    sequence = models.PositiveIntegerField(_("agenda sequence"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=300)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    signed_electronically = models.BooleanField(_("electronically signed"), default=False)
    file = IssuedFileField(_("file"), upload_to="documents/issued/%Y/%m/", original_name_field="file_name")
    file_name = original_name_field()
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")

    scope_spec = ScopeSpec(government="government_id", unit_path="unit__path", managers=GOVERNMENT_MANAGERS,
                           view_government=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source_type", "source_id", "kind"], name="issued_source_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    def get_absolute_url(self) -> str:
        return reverse("documents:verify", args=[self.code])
