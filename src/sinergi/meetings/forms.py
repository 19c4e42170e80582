"""Forms of a meeting: date and times typed in the government's own zone (WIB/WITA/WIT)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import VersionedModelForm
from sinergi.core.scope import Action, can, scoped
from sinergi.meetings import rules
from sinergi.meetings.models import AgendaItem, Meeting
from sinergi.regions.choices import PositionGrade
from sinergi.regions.models import Official, Position, Unit


def date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def time_input() -> forms.TimeInput:
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


def organizable_units(user):
    """The units whose meetings `user` may organize (the scope rule of Meeting, applied to units:
    a coordinator's whole government, a unit head's or operator's own subtree)."""
    visible = scoped(Unit.objects.select_related("government"), user, Action.VIEW).order_by(
        "government__name", "path"
    )
    allowed = [u.pk for u in visible if can(user, Action.ADD, Meeting(government=u.government, organizer=u))]
    return visible.filter(pk__in=allowed)


class MeetingForm(VersionedModelForm):
    day = forms.DateField(label=_("Date"), widget=date_input())
    start = forms.TimeField(label=_("Starts"), widget=time_input(), required=False)
    end = forms.TimeField(label=_("Ends"), widget=time_input(), required=False)

    class Meta:
        model = Meeting
        fields = [
            "organizer",
            "series",
            "kind",
            "title",
            "description",
            "period_year",
            "period_quarter",
            "venue",
            "room",
            "address",
            "online_url",
            "chair",
            "chair_position",
            "chair_delegate",
            "chair_delegate_position",
            "letter_date",
            "letter_authority",
            "signatory",
            "signatory_position",
            "letter_sifat",
            "letter_as_list",
            "letter_tembusan",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "letter_date": date_input(),
                   "letter_tembusan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        organizers = organizable_units(user)
        self.fields["organizer"].queryset = organizers
        governments = organizers.values("government_id")
        officials = Official.objects.filter(government_id__in=governments).order_by("name")
        for name in ("chair", "chair_delegate", "signatory"):
            self.fields[name].queryset = officials
        # The letter goes in the name of the head of region or of a unit's head.
        self.fields["letter_authority"].queryset = (
            Position.objects.filter(government_id__in=governments)
            .filter(Q(unit__isnull=True, grade=PositionGrade.REGIONAL_HEAD) | Q(is_unit_head=True))
            .select_related("unit").order_by("government_id", "order", "title"))
        self.fields["series"].queryset = self.fields["series"].queryset.filter(government_id__in=governments)
        meeting = self.instance
        if meeting.pk:
            start = rules.local(meeting.starts_at, meeting.time_zone)
            end = rules.local(meeting.ends_at, meeting.time_zone)
            self.initial.update(day=start.date())
            if meeting.time_known:
                self.initial.update(start=start.time(), end=end.time())
            else:
                for name in ("start", "end"):
                    self.fields[name].help_text = _("Not stated in the report: empty until known.")
            label = rules.zone_label(meeting.time_zone)
            self.fields["start"].label = f"{self.fields['start'].label} ({label})"
            self.fields["end"].label = f"{self.fields['end'].label} ({label})"
        self.order_fields(["organizer", "kind", "title", "day", "start", "end"])

    def clean(self):
        cleaned = super().clean()
        organizer, day = cleaned.get("organizer"), cleaned.get("day")
        start, end = cleaned.get("start"), cleaned.get("end")
        # Only a meeting whose time is not known yet (recorded from a report) may stay without one.
        may_stay_unknown = self.instance.pk is not None and not self.instance.time_known
        for name, value in (("start", start), ("end", end)):
            if value is None and name not in self.errors and not (
                    may_stay_unknown and start is None and end is None):
                self.add_error(name, forms.Field.default_error_messages["required"])
        if organizer and day and may_stay_unknown and start is None and end is None:
            zone = organizer.government.time_zone
            self.instance.government = organizer.government
            self.instance.time_zone = zone
            self.instance.starts_at, self.instance.ends_at = rules.day_bounds(day, zone)
        elif organizer and day and start and end:
            self.instance.time_known = True
            zone = organizer.government.time_zone
            self.instance.government = organizer.government
            self.instance.time_zone = zone
            self.instance.starts_at = rules.make_aware(day, start, zone)
            self.instance.ends_at = rules.make_aware(day, end, zone)
        return cleaned

    # The model speaks of starts_at/ends_at/government; the form of start/end/organizer.
    FIELD_OF = {"starts_at": "start", "ends_at": "end", "government": "organizer", "time_zone": "organizer"}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            for model_field, form_field in self.FIELD_OF.items():
                if model_field in errors.error_dict:
                    errors.error_dict.setdefault(form_field, []).extend(errors.error_dict.pop(model_field))
        super()._update_errors(errors)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "presenter_unit", "duration_minutes"]

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter_unit"].queryset = Unit.objects.filter(government=meeting.government).order_by(
            "path"
        )
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
            field.widget.attrs.setdefault("aria-label", str(field.label))
            field.widget.attrs.setdefault("placeholder", str(field.label))
