"""Rakor: a coordination meeting as a record, from the invitation to the follow-up actions its
decisions produce.

A Meeting belongs to a government and is organized by one of its units; every user of that
government may see it (the agenda of a government is not secret inside it), its organizer unit
(and the government's coordinators) may change it. Its times are stored aware (UTC in the
database) together with the government's zone (WIB/WITA/WIT), in which every page, letter and
.ics shows them.

Invitations go to units and officials; an official may attend through a delegate
(representation). Attendance rows are what the check-in page (QR) or the organizer records.
Minutes are Markdown, rendered through meetings.minutes (sanitized). Decisions and directives
may become FollowUp actions with responsible units, a due date and a state machine
(meetings.rules), with progress updates. Closing a meeting freezes it: later amendments go
through the audited services only.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import StoredFileField, TimeStampedModel, VersionedModel, original_name_field
from sinergi.core.scope import ScopeSpec
from sinergi.meetings.choices import (
    DOCUMENT_EXTENSIONS,
    DOCUMENT_MAX_BYTES,
    CheckinMethod,
    CommitmentKind,
    DecisionKind,
    FollowUpStatus,
    LetterSifat,
    LineStatus,
    MeetingKind,
    MeetingStatus,
    Rsvp,
    SignatureStatus,
    UpdateStatus,
)
from sinergi.planning.choices import QUARTER_CHOICES
from sinergi.planning.models import ACTIVITY_MANAGERS
from sinergi.regions.models import TIME_ZONES, Government, Official, Unit

# Organizer units (their heads and operators) and the government's coordinators write meetings.
MEETING_MANAGERS = ACTIVITY_MANAGERS


def new_checkin_key() -> str:
    return secrets.token_urlsafe(24)


class DocumentFileField(StoredFileField):
    """Meeting documents (the name the migrations use)."""


def validate_document_size(file) -> None:
    limit = getattr(settings, "SINERGI_MAX_DOCUMENT_BYTES", DOCUMENT_MAX_BYTES)
    if file is not None and file.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": round(limit / 1024 / 1024, 1)},
            code="file_too_large",
        )


DOCUMENT_VALIDATORS = [FileExtensionValidator(list(DOCUMENT_EXTENSIONS)), validate_document_size]


class MeetingSeries(VersionedModel):
    """Meetings that follow one another (the quarterly rakor of camat, a pokja's rakor): open
    follow-ups of one are proposed for the next one's agenda."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT, related_name="meeting_series"
    )
    name = models.CharField(_("name"), max_length=200)
    organizer = models.ForeignKey(
        Unit, verbose_name=_("organizer unit"), on_delete=models.PROTECT, related_name="+"
    )

    scope_spec = ScopeSpec(
        government="government_id",
        unit_path="organizer__path",
        managers=MEETING_MANAGERS,
        view_government=True,
    )

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["government_id", "name"]
        constraints = [models.UniqueConstraint(fields=["government", "name"], name="meeting_series_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.organizer_id and self.government_id and self.organizer.government_id != self.government_id:
            raise ValidationError({"organizer": _("The unit belongs to another government.")})


class Meeting(VersionedModel):
    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT, related_name="meetings"
    )
    organizer = models.ForeignKey(
        Unit, verbose_name=_("organizer unit"), on_delete=models.PROTECT, related_name="organized_meetings"
    )
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.COORDINATION
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # The reporting period the meeting reviews (e.g. Triwulan III 2024), when it reviews one.
    period_year = models.PositiveSmallIntegerField(
        _("reviewed year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    period_quarter = models.PositiveSmallIntegerField(
        _("reviewed quarter"), null=True, blank=True, choices=QUARTER_CHOICES
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # A meeting recorded from a report that gives no time: only its day is known (starts_at and
    # ends_at are then placeholders at mid-day, meetings.rules.day_bounds); it is shown as "time
    # not stated".
    time_known = models.BooleanField(
        _("time known"), default=True,
        help_text=_("Off when only the day is known (a meeting recorded from a report that gives no time)."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        choices=TIME_ZONES,
        help_text=_("The government's zone: WIB, WITA or WIT."),
    )
    venue = models.CharField(_("place"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    chair = models.ForeignKey(
        Official,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    chair_position = models.CharField(_("chair's position"), max_length=200, blank=True)
    # "Bupati … melalui Kepala Bagian Pemerintahan … membuka": who actually chaired.
    chair_delegate = models.ForeignKey(
        Official,
        verbose_name=_("chaired through"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegated_chairs",
    )
    chair_delegate_position = models.CharField(_("position of the delegate"), max_length=200, blank=True)
    # The invitation letter (surat undangan): number, date and who signs it.
    letter_number = models.CharField(_("letter number"), max_length=100, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    signatory = models.ForeignKey(
        Official,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signed_meetings",
    )
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    # In whose name the letter goes (the signature block's "a.n." line when someone below signs):
    # the head of region, the Sekda, the organizer's head (empty: the organizer's head).
    letter_authority = models.ForeignKey(
        "regions.Position", verbose_name=_("letter in the name of"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("The office the letter goes out in the name of; someone below it signs with a.n."),
    )
    letter_sifat = models.CharField(_("nature of the letter (sifat)"), max_length=20, blank=True,
                                    choices=LetterSifat.choices, default=LetterSifat.ORDINARY,
                                    help_text=_("Empty: Biasa."))
    letter_as_list = models.BooleanField(
        _("one letter with the list of invitees attached"), default=True,
        help_text=_("One letter to \"(daftar terlampir)\" with the invitees as its lampiran; "
                    "otherwise one letter per invitee."))
    letter_tembusan = models.TextField(_("copies to (tembusan)"), blank=True,
                                       help_text=_("One per line, e.g. Bupati Mimika (sebagai laporan)."))
    minutes = models.TextField(
        _("minutes (notulen)"), blank=True, help_text=_("Markdown: headings, lists, bold, links.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The secret in the check-in URL behind the QR code; replaced to revoke a leaked code.
    checkin_key = models.CharField(max_length=64, default=new_checkin_key, editable=False, unique=True)

    scope_spec = ScopeSpec(
        government="government_id",
        unit_path="organizer__path",
        managers=MEETING_MANAGERS,
        view_government=True,
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["government", "starts_at"], name="meeting_gov_start_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    @property
    def is_frozen(self) -> bool:
        """Closed or cancelled: only audited amendments change it any more."""
        return self.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting ends before it starts.")
        if self.organizer_id and self.government_id and self.organizer.government_id != self.government_id:
            errors["organizer"] = _("The unit belongs to another government.")
        if self.series_id and self.government_id and self.series.government_id != self.government_id:
            errors["series"] = _("The series belongs to another government.")
        for field in ("chair", "chair_delegate", "signatory"):
            official = getattr(self, field)
            if official is not None and official.government_id != self.government_id:
                errors[field] = _("The official belongs to another government.")
        if (self.period_quarter is None) != (self.period_year is None):
            errors["period_quarter"] = _("Give both the year and the quarter, or neither.")
        if errors:
            raise ValidationError(errors)


class MeetingPart(models.Model):
    """A row that belongs to a meeting: seen by the meeting's government, written by those who
    may change the meeting."""

    scope_spec = ScopeSpec(
        government="meeting__government_id",
        unit_path="meeting__organizer__path",
        managers=MEETING_MANAGERS,
        view_government=True,
    )

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.meeting_id])


class AgendaItem(MeetingPart, VersionedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("agenda item"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    presenter_unit = models.ForeignKey(
        Unit,
        verbose_name=_("presenting unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    # An open follow-up of an earlier meeting of the series that this item reviews.
    follow_up = models.ForeignKey(
        "FollowUp",
        verbose_name=_("follow-up reviewed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Material(MeetingPart, TimeStampedModel):
    """A document for the meeting (slides, a report); shown to every invitee."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=300)
    file = DocumentFileField(
        _("file"),
        upload_to="meetings/materials/%Y/%m/",
        validators=DOCUMENT_VALIDATORS,
        help_text=_("PDF, JPG, PNG, DOCX, XLSX or PPTX."),
        original_name_field="file_name",
    )
    file_name = original_name_field()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["meeting_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Invitation(MeetingPart, VersionedModel):
    """An invitation to a unit (addressed to its head) and/or an official, with the answer
    (RSVP) and the delegate when the invitee comes through someone else ("Bupati, diwakili
    Kepala Bagian Pemerintahan")."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    addressee = models.CharField(
        _("addressed to"),
        max_length=250,
        help_text=_('As written on the letter, e.g. "Camat Sangatta Utara".'),
    )
    rsvp = models.CharField(_("answer"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    delegate = models.ForeignKey(
        Official,
        verbose_name=_("delegate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegations",
    )
    delegate_name = models.CharField(_("delegate's name"), max_length=200, blank=True)
    delegate_position = models.CharField(_("delegate's position"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "unit"], condition=models.Q(official=None), name="invitation_unit_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting", "official"],
                condition=~models.Q(official=None),
                name="invitation_official_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(unit=None, official=None), name="invitation_has_invitee"
            ),
        ]

    def __str__(self) -> str:
        return self.addressee

    def clean(self) -> None:
        errors: dict[str, str] = {}
        government = self.meeting.government_id if self.meeting_id else None
        if self.unit_id and government and self.unit.government_id != government:
            errors["unit"] = _("The unit belongs to another government.")
        if self.rsvp == Rsvp.DELEGATED and not (self.delegate_id or self.delegate_name.strip()):
            errors["delegate_name"] = _("Name the delegate who will attend.")
        if errors:
            raise ValidationError(errors)


class Attendance(MeetingPart, TimeStampedModel):
    """One person present: checked in through the QR page or by the organizer. `person_key`
    (normalized name + unit) allows one check-in per person and meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
        help_text=_("The invitation this person answers (in person or as a delegate)."),
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.CharField(_("unit or organization"), max_length=250, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    represents = models.CharField(_("on behalf of"), max_length=250, blank=True)
    person_key = models.CharField(max_length=300, editable=False)
    method = models.CharField(_("checked in"), max_length=10, choices=CheckinMethod.choices)
    checked_in_at = models.DateTimeField(_("checked in at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting_id", "checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person_key"], name="attendance_person_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CheckinAttempt(models.Model):
    """Every submission of the public check-in page, kept to limit the rate per device, per name
    and per client address within a meeting, to count each device's refused forms apart, and to
    refuse a replayed form (each form carries a one-time nonce). Shared by every app server
    through the database (no per-process cache). Only hashes are stored: no address, no name."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    client = models.CharField(
        max_length=64, db_index=True, help_text="A hash of the client address (no address is stored)."
    )
    device = models.CharField(
        max_length=64, blank=True,
        help_text="A hash of the device's check-in cookie (of the address when it sent none).",
    )
    person = models.CharField(max_length=64, blank=True, help_text="A hash of the person key.")
    nonce = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(db_index=True)
    accepted = models.BooleanField(default=False)
    failed = models.BooleanField(
        default=False, help_text="Refused form (expired, forged or replayed): counted per device."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "nonce"], condition=~models.Q(nonce=""), name="checkin_nonce_once"
            )
        ]
        indexes = [
            models.Index(fields=["meeting", "device", "at"], name="checkin_device_at"),
            models.Index(fields=["meeting", "person", "at"], name="checkin_person_at"),
            models.Index(fields=["meeting", "client", "at"], name="checkin_client_at"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.client[:8]} {self.at:%Y-%m-%d %H:%M:%S}"


class Decision(MeetingPart, VersionedModel):
    """What the meeting decided, or a directive (arahan) given by the chair."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(
        _("kind"), max_length=10, choices=DecisionKind.choices, default=DecisionKind.DECISION
    )
    text = models.TextField(_("text"))
    given_by = models.CharField(_("given by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class FollowUp(VersionedModel):
    """A follow-up action (RTL) of a meeting: what, by whom, by when, and how far it got.
    Its state changes only through meetings.services (the state machine of meetings.rules)."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("from decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    # A commitment signed at the meeting is carried out through follow-up actions: its progress
    # is theirs (meetings.commitments.progress_of).
    commitment = models.ForeignKey(
        "Commitment",
        verbose_name=_("from commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    description = models.TextField(_("action"))
    responsible_units = models.ManyToManyField(
        Unit, verbose_name=_("responsible units"), related_name="follow_ups"
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    scope_spec = ScopeSpec(
        government="government_id",
        unit_path="meeting__organizer__path",
        managers=MEETING_MANAGERS,
        view_government=True,
    )

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["government", "status", "due_date"], name="followup_gov_status_idx")]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:followup_detail", args=[self.pk])

    def clean(self) -> None:
        if self.meeting_id and self.government_id and self.meeting.government_id != self.government_id:
            raise ValidationError({"meeting": _("The meeting belongs to another government.")})
        if self.decision_id and self.meeting_id and self.decision.meeting_id != self.meeting_id:
            raise ValidationError({"decision": _("The decision belongs to another meeting.")})
        if self.commitment_id and self.meeting_id and self.commitment.meeting_id != self.meeting_id:
            raise ValidationError({"commitment": _("The commitment belongs to another meeting.")})


class FollowUpLine(VersionedModel):
    """One responsible unit's part of a follow-up action: its own status, progress, due date,
    and the organizer's assessment (accepted on / returned with a reason). The action's status
    and progress are derived from its lines (meetings.followups.derive), never typed.

    Every user of the government sees the lines (as the action); the unit itself (its head and
    operators) reports on its line; the organizer unit, the government's coordinators and the
    units designated to coordinate follow-ups of this unit accept or return it."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up action"), on_delete=models.CASCADE, related_name="lines"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="follow_up_lines"
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=LineStatus.choices, default=LineStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    claim = models.CharField(
        _("reported as"), max_length=16, choices=LineStatus.choices, blank=True,
        help_text=_("What the unit reported (compliant, or not actionable), awaiting assessment."),
    )
    reported_on = models.DateField(
        _("reported done on"), null=True, blank=True,
        help_text=_("The day the unit reported its part done (on time or late is judged by it)."),
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(
        _("reason"), blank=True,
        help_text=_("Why the unit cannot follow up, or why its report was returned."),
    )
    times_returned = models.PositiveSmallIntegerField(_("times returned"), default=0)

    scope_spec = ScopeSpec(
        government="follow_up__government_id",
        unit_path="unit__path",
        managers=MEETING_MANAGERS,
        view_government=True,
        purposes=frozenset({"follow_up"}),
    )

    class Meta:
        verbose_name = _("follow-up line")
        verbose_name_plural = _("follow-up lines")
        ordering = ["follow_up_id", "unit__name", "id"]
        constraints = [models.UniqueConstraint(fields=["follow_up", "unit"], name="followup_line_unit_once")]
        indexes = [models.Index(fields=["unit", "status", "due_date"], name="followup_line_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.follow_up}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:followup_detail", args=[self.follow_up_id]) + f"#line-{self.pk}"


class FollowUpUpdate(TimeStampedModel):
    """A progress report on a follow-up by its responsible unit (or the organizer), with the
    state it leaves the action in and an optional evidence file."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up action"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,  # the system (a command, the demo) reports too
        on_delete=models.SET_NULL,
        related_name="+",
    )
    line = models.ForeignKey(
        FollowUpLine,
        verbose_name=_("responsible unit's line"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="updates",
        help_text=_("Empty for what concerns the whole action (cancelling it)."),
    )
    note = models.TextField(_("progress"))
    status = models.CharField(_("status after"), max_length=16, choices=UpdateStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    evidence = DocumentFileField(
        _("evidence"), upload_to="meetings/followups/%Y/%m/", blank=True, validators=DOCUMENT_VALIDATORS,
        original_name_field="evidence_name",
    )
    evidence_name = original_name_field()

    # Those responsible for the action report on it; the organizer and coordinators too.
    scope_spec = ScopeSpec(
        government="follow_up__government_id",
        unit_path="follow_up__responsible_units__path",
        to_many=True,
        managers=MEETING_MANAGERS,
        view_government=True,
    )

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["follow_up_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.note[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:followup_detail", args=[self.follow_up_id])


class Commitment(MeetingPart, VersionedModel):
    """A commitment signed at the meeting (komitmen bersama, pakta integritas): its wording, its
    signatories each with where they stand (meetings.commitments), the document to sign
    (generated, and issued to be verifiable) and the signed scan. It is carried out through the
    follow-up actions made from it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="commitments"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CommitmentKind.choices, default=CommitmentKind.JOINT
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True, help_text=_("The wording of the commitment."))
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True,
        help_text=_("The date the document carries (the meeting's day when empty)."),
    )
    document = DocumentFileField(
        _("signed document"),
        upload_to="meetings/commitments/%Y/%m/",
        blank=True,
        validators=DOCUMENT_VALIDATORS,
        original_name_field="document_name",
    )
    document_name = original_name_field()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:commitment_detail", args=[self.meeting_id, self.pk])


class CommitmentSignatory(VersionedModel):
    """One party signing a commitment: an official of the registry (name, position on the signing
    day), or someone typed by name and position — the name may be left to write by hand when
    only the office is known — with the unit it commits, and where the signature stands."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="signatories"
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    status = models.CharField(
        _("signature"), max_length=10, choices=SignatureStatus.choices, default=SignatureStatus.PENDING
    )
    status_on = models.DateField(_("signed or declined on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    scope_spec = ScopeSpec(
        government="commitment__meeting__government_id",
        unit_path="commitment__meeting__organizer__path",
        managers=MEETING_MANAGERS,
        view_government=True,
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["commitment_id", "order", "id"]

    def __str__(self) -> str:
        return self.name or self.position

    def get_absolute_url(self) -> str:
        return reverse("meetings:commitment_detail", args=[self.commitment.meeting_id, self.commitment_id])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not (self.name.strip() or self.position.strip()):
            errors["name"] = _("Give the signatory's name or position.")
        government = self.commitment.meeting.government_id if self.commitment_id else None
        if self.official_id and government and self.official.government_id != government:
            errors["official"] = _("The official belongs to another government.")
        if self.unit_id and government and self.unit.government_id != government:
            errors["unit"] = _("The unit belongs to another government.")
        if self.status == SignatureStatus.PENDING:
            if self.status_on is not None:
                errors["status_on"] = _("A signature not given yet has no date.")
        elif self.status_on is None:
            errors["status_on"] = _("Give the date.")
        if errors:
            raise ValidationError(errors)
