"""Regions (Kemendagri codes), governments, their units, officials and position terms."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.contacts import WhatsAppField, mobile_or_empty
from sinergi.core.models import VersionedModel
from sinergi.core.paths import is_in_subtree
from sinergi.core.scope import GOVERNMENT_MANAGERS, ScopeSpec
from sinergi.regions import rules
from sinergi.regions.choices import (
    CAPACITY_PREFIX,
    GOLONGAN_CHOICES,
    Capacity,
    CoordinationCovers,
    CoordinationPurpose,
    PositionGrade,
    RegionLevel,
    UnitKind,
)

TIME_ZONES = [
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
]


class Region(models.Model):
    """An administrative region. `code` is the Kemendagri code as a dotted path, so a subtree
    is one indexed range: `Region.objects.filter(code__subtree="64.08")`."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    # Set on provinces only; other regions take their province's (see `time_zone`).
    timezone = models.CharField(_("time zone"), max_length=32, blank=True, choices=TIME_ZONES)

    scope_spec = ScopeSpec(government=None, public=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["code"], name="region_code_prefix_idx",
                         opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "code"], name="region_level_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:region_detail", args=[self.code])

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def time_zone(self) -> str:
        if self.level == RegionLevel.PROVINCE:
            return self.timezone
        if self.level == RegionLevel.REGENCY and self.parent_id:
            # The parent is the province: no query when loaded with select_related("parent").
            return self.parent.timezone
        return Region.objects.values_list("timezone", flat=True).get(code=self.province_code)


class Government(VersionedModel):
    """A regional government (pemerintah provinsi / kabupaten / kota) tied to its region."""

    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="government",
        limit_choices_to={"level__in": [RegionLevel.PROVINCE, RegionLevel.REGENCY]},
    )
    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    website = models.URLField(_("website"), blank=True)

    scope_spec = ScopeSpec(government="pk")

    class Meta:
        verbose_name = _("government")
        verbose_name_plural = _("governments")
        ordering = ["region_id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:government_detail", args=[self.pk])

    def clean(self) -> None:
        region = getattr(self, "region", None)
        if region is not None and region.level not in (RegionLevel.PROVINCE, RegionLevel.REGENCY):
            raise ValidationError(
                {"region": _("A government belongs to a province or a regency/city.")}
            )

    @property
    def time_zone(self) -> str:
        return self.region.time_zone

    def today(self) -> dt.date:
        """Today in the government's time zone (WIB/WITA/WIT): what "overdue" is measured by."""
        return django_timezone.localdate(django_timezone.now(), ZoneInfo(self.time_zone))

    @property
    def is_province(self) -> bool:
        return self.region.level == RegionLevel.PROVINCE


class Unit(VersionedModel):
    """A unit of a government: agency (OPD), secretariat, section, district office, working
    group or external partner. Units form a tree inside their government; `path` is the
    materialized path of ids (`12.40.41`), kept by save()."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    code = models.CharField(
        _("code"), max_length=40,
        help_text=_("Unique within the government, e.g. the SKPD code or the acronym."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="units", help_text=_("For a district office: its kecamatan/distrik."),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    path = models.CharField(max_length=255, editable=False, default="")

    scope_spec = ScopeSpec(government="government_id", unit_path="path", managers=GOVERNMENT_MANAGERS)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["government_id", "path"]
        constraints = [
            models.UniqueConstraint(fields=["government", "code"], name="unit_code_unique"),
        ]
        indexes = [
            models.Index(fields=["path"], name="unit_path_prefix_idx",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:unit_detail", args=[self.pk])

    @property
    def depth(self) -> int:
        return self.path.count(".") if self.path else 0

    def save(self, *args, **kwargs) -> None:
        """Keep `path` (and the paths of all sub-units) in step with `parent`."""
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path}.{self.pk}" if self.parent_id else str(self.pk)
        if new_path != self.path:
            old_path = self.path
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                Unit.objects.filter(path__startswith=old_path + ".").update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
                )
            self.path = new_path

    def is_active_on(self, day: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day <= self.active_until
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.active_from and self.active_until and self.active_until < self.active_from:
            errors["active_until"] = _("The end date is before the start date.")
        government = self.government if self.government_id else None
        if self.parent_id and government is not None:
            if self.parent.government_id != government.pk:
                errors["parent"] = _("The parent unit belongs to another government.")
            elif self.pk and is_in_subtree(self.parent.path, self.path or "-"):
                errors["parent"] = _("A unit cannot be placed under itself or its sub-units.")
        if self.kind == UnitKind.DISTRICT_OFFICE:
            if self.region_id is None:
                errors["region"] = _("A district office needs its district (kecamatan/distrik).")
            elif self.region.level != RegionLevel.DISTRICT:
                errors["region"] = _("Choose a district (kecamatan/distrik).")
            elif government is not None and not is_in_subtree(
                self.region_id, government.region_id
            ):
                errors["region"] = _("This district lies outside the government's region.")
        if errors:
            raise ValidationError(errors)


class Official(VersionedModel):
    """A person who holds or held positions. Titles are kept apart from the name."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT,
        related_name="officials",
    )
    name = models.CharField(_("name"), max_length=150, db_index=True)
    front_title = models.CharField(_("title before the name"), max_length=50, blank=True)
    back_title = models.CharField(_("title after the name"), max_length=80, blank=True)
    nip = models.CharField(
        _("NIP"), max_length=18, null=True, blank=True, unique=True,
        help_text=_("18 digits; optional."),
    )
    # Golongan/ruang of a civil servant (PNS): the pangkat printed under the name in a signature
    # block follows from it (documents.rules.PANGKAT).
    golongan = models.CharField(_("rank (golongan)"), max_length=5, blank=True,
                                choices=GOLONGAN_CHOICES)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The mobile number for WhatsApp, normalized (6281234567890); `phone` may be a landline.
    whatsapp = WhatsAppField(_("WhatsApp number"))

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("regions:official_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return rules.format_name(self.front_title, self.name, self.back_title)

    @property
    def whatsapp_number(self) -> str:
        """Where to reach the official on WhatsApp: the WhatsApp number, else the phone when
        that is a mobile number ("" when neither is)."""
        return self.whatsapp or mobile_or_empty(self.phone)

    def clean_fields(self, exclude=None) -> None:
        # NIPs are often written in groups ("19800101 200501 1 001"): normalise before the
        # length check, so a correct NIP is not refused for its spaces.
        if self.nip:
            self.nip = rules.normalize_nip(self.nip)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        if self.nip:
            try:
                self.nip = rules.parse_nip(self.nip).nip
            except ValueError as exc:
                raise ValidationError({"nip": str(exc)}) from None
        else:
            self.nip = None


class Position(VersionedModel):
    """An office: `Bupati` of a government (no unit), or `Kepala Bagian Tata Pemerintahan` of
    a unit."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT,
        related_name="positions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(_("position title"), max_length=200)
    grade = models.CharField(
        _("grade"), max_length=20, choices=PositionGrade.choices, default=PositionGrade.OTHER
    )
    is_unit_head = models.BooleanField(_("head of the unit"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["government_id", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "unit", "title"], condition=Q(unit__isnull=False),
                name="position_unique_unit_title",
            ),
            models.UniqueConstraint(
                fields=["government", "title"], condition=Q(unit__isnull=True),
                name="position_unique_government_title",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return (self.unit or self.government).get_absolute_url()

    def clean(self) -> None:
        if self.unit_id and self.government_id and self.unit.government_id != self.government_id:
            raise ValidationError({"unit": _("The unit belongs to another government.")})


class PositionTermQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> PositionTermQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    # Acting terms that need someone's attention (regions.rules: usual lengths and their source).

    @staticmethod
    def overrunning_q(today: dt.date) -> Q:
        """Active acting terms that have run past their usual length on `today`."""
        q = Q(pk__in=[])
        for capacity in rules.ACTING_CAPACITIES:
            q |= Q(capacity=capacity, start__lt=rules.overrun_started_before(capacity, today))
        return q & (Q(end__isnull=True) | Q(end__gte=today))

    @staticmethod
    def ending_soon_q(today: dt.date, days: int = rules.ACTING_ENDING_DAYS) -> Q:
        """Acting terms that end within `days` days of `today` (today included)."""
        return Q(capacity__in=rules.ACTING_CAPACITIES, start__lte=today, end__gte=today,
                 end__lte=today + dt.timedelta(days=days))

    @staticmethod
    def open_ended_head_q(today: dt.date) -> Q:
        """Acting heads (of a unit, or the head and deputy of the government) with no end date."""
        return Q(capacity__in=rules.ACTING_CAPACITIES, end__isnull=True, start__lte=today) & (
            Q(position__is_unit_head=True) | Q(position__unit__isnull=True))


class PositionTerm(VersionedModel):
    """Who held a position from when to when, and in what capacity (definitive, Pj, Pjs, Plt,
    Plh)."""

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="terms"
    )
    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.PROTECT, related_name="terms"
    )
    capacity = models.CharField(
        _("capacity"), max_length=12, choices=Capacity.choices, default=Capacity.DEFINITIVE
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    decree = models.CharField(_("decree number"), max_length=150, blank=True)

    objects = PositionTermQuerySet.as_manager()

    scope_spec = ScopeSpec(government="position__government_id", managers=GOVERNMENT_MANAGERS)

    class Meta:
        verbose_name = _("position term")
        verbose_name_plural = _("position terms")
        ordering = ["-start", "id"]
        indexes = [models.Index(fields=["position", "start"], name="term_position_start_idx")]

    def __str__(self) -> str:
        return f"{self.capacity_title} – {self.official}"

    def get_absolute_url(self) -> str:
        return self.official.get_absolute_url()

    @property
    def overrun_since(self) -> dt.date | None:
        """For an acting term still running today (in its government's zone): the day after
        its usual length ended, when it has run past it (a Plh or Plt beyond 3 months, a Pjs
        left "acting" long after the campaign period, a Pj beyond a year); None otherwise
        (regions.rules.ACTING_USUAL_MONTHS)."""
        usual_end = rules.acting_usual_end(self.capacity, self.start) if self.start else None
        if usual_end is None:
            return None
        position = self._state.fields_cache.get("position")
        government = position._state.fields_cache.get("government") if position is not None else None
        today = government.today() if government is not None else django_timezone.localdate()
        if (self.end is not None and self.end < today) or today <= usual_end:
            return None
        return usual_end + dt.timedelta(days=1)

    @property
    def capacity_title(self) -> str:
        """`Pj. Bupati Mimika`."""
        prefix = CAPACITY_PREFIX.get(self.capacity, "")
        return f"{prefix} {self.position.title}".strip()

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})
        if self.position_id and self.official_id and self.start:
            others = PositionTerm.objects.filter(position_id=self.position_id).exclude(pk=self.pk)
            clash = rules.conflicting_term(self, list(others))
            if clash is not None:
                raise ValidationError(
                    _("%(official)s already holds this position as %(capacity)s from %(start)s.")
                    % {
                        "official": clash.official,
                        "capacity": clash.get_capacity_display(),
                        "start": clash.start.isoformat(),
                    }
                )


class Coordination(VersionedModel):
    """A unit designated to coordinate other units of its government for a purpose: the Bagian
    Tata Pemerintahan coordinates all district offices for monitoring, the Bappeda all agencies
    for planning. The users of the coordinating unit (and of the units above it in their scope)
    then see the coordinated units' rows of that purpose (core.scope `purposes`); what they may
    do on top is decided by each service with core.scope.coordinates (monitoring: the
    coordinating unit's head verifies and returns realizations).

    `covers` is resolved each time a user's scope is built, so a district office recorded later
    is covered too; `units` are the chosen units when `covers` is "chosen"."""

    government = models.ForeignKey(
        Government, verbose_name=_("government"), on_delete=models.PROTECT,
        related_name="coordinations",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("coordinating unit"), on_delete=models.PROTECT,
        related_name="coordinations",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=CoordinationPurpose.choices)
    covers = models.CharField(
        _("coordinates"), max_length=20, choices=CoordinationCovers.choices,
        default=CoordinationCovers.DISTRICT_OFFICES,
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("coordinated units"), blank=True, related_name="coordinated_by",
        help_text=_("Only when the designation covers the chosen units."),
    )
    decree = models.CharField(_("decree number"), max_length=150, blank=True)

    scope_spec = ScopeSpec(government="government_id", managers=GOVERNMENT_MANAGERS)

    class Meta:
        verbose_name = _("coordination designation")
        verbose_name_plural = _("coordination designations")
        ordering = ["government_id", "unit_id", "purpose"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "purpose"], name="coordination_unit_purpose_unique"),
        ]

    def __str__(self) -> str:
        unit = self.unit.short_name or self.unit.name if self.unit_id else "?"
        return f"{unit}: {self.get_purpose_display()}"

    def get_absolute_url(self) -> str:
        return reverse("regions:coordination_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.unit_id and self.government_id and self.unit.government_id != self.government_id:
            errors["unit"] = _("The unit belongs to another government.")
        if self.unit_id and self.purpose and Coordination.objects.filter(
                unit_id=self.unit_id, purpose=self.purpose).exclude(pk=self.pk).exists():
            errors["purpose"] = _("This unit is already designated to coordinate for this purpose.")
        if errors:
            raise ValidationError(errors)

    def check_units(self, units) -> None:
        """The chosen units (a many-to-many, which clean() cannot see before saving): of the
        designation's government, and some when it covers the chosen units."""
        units = list(units)
        foreign = [u for u in units if u.government_id != self.government_id]
        if foreign:
            raise ValidationError({"units": _("Not of this government: %(units)s.")
                                   % {"units": ", ".join(str(u) for u in foreign)}})
        if self.covers == CoordinationCovers.CHOSEN and not units:
            raise ValidationError({"units": _("Choose the units this unit coordinates.")})
