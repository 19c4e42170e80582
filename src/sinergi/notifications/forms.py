"""The notification list's filter and the preferences form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.notifications.choices import Channel, Kind


class NotificationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["unread"].widget.attrs["class"] = "form-check-input"


def field_name(channel: str, kind: str) -> str:
    return f"{channel}__{kind}"


class PreferenceForm(forms.Form):
    """A checkbox per kind and external channel, and the quiet hours."""

    quiet_start = forms.TimeField(label=_("Quiet from"), required=False,
                                  widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}))
    quiet_end = forms.TimeField(label=_("Quiet until"), required=False,
                                widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}))

    CHANNELS = (Channel.EMAIL, Channel.WHATSAPP)

    def __init__(self, *args, preference=None, **kwargs) -> None:
        if preference is not None and "initial" not in kwargs:
            initial = {"quiet_start": preference.quiet_start, "quiet_end": preference.quiet_end}
            for channel in self.CHANNELS:
                kinds = preference.kinds_for(channel)
                for kind in Kind:
                    initial[field_name(channel, kind)] = kind.value in kinds
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for kind in Kind:
            for channel in self.CHANNELS:
                self.fields[field_name(channel, kind)] = forms.BooleanField(
                    label=f"{kind.label}: {channel.label}", required=False,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both ends of the quiet hours, or neither."))
        return data

    def rows(self) -> list[tuple[str, list]]:
        """(kind label, [bound field per channel]) for the table."""
        return [(kind.label, [self[field_name(c, kind)] for c in self.CHANNELS]) for kind in Kind]

    def kinds(self, channel: str) -> list[str]:
        return [kind.value for kind in Kind if self.cleaned_data.get(field_name(channel, kind))]
