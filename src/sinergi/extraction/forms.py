"""Forms of the report import pages: read a report (paste or upload), then review the draft."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import PastedTextField
from sinergi.core.scope import Action, scoped
from sinergi.extraction.drafts import OfficialChoice
from sinergi.meetings.choices import MeetingKind
from sinergi.problems.choices import ProblemCategory
from sinergi.problems.rules import category_of
from sinergi.regions.models import Government, Unit

CONTROL = {"class": "form-control"}
SELECT = {"class": "form-select"}


def date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={**CONTROL, "type": "date"})  # ISO for the browser


def time_input() -> forms.TimeInput:
    return forms.TimeInput(format="%H:%M", attrs={**CONTROL, "type": "time"})


def writable_governments(user):
    """Governments whose units the user reaches (whether the user may record a meeting of the
    chosen organizer unit is checked when saving, by core.services)."""
    units = scoped(Unit.objects.all(), user, Action.VIEW)
    return Government.objects.filter(pk__in=units.values("government_id")).order_by("name")


class ReadForm(forms.Form):
    government = forms.ModelChoiceField(
        label=_("Government"),
        queryset=Government.objects.none(),
        required=False,
        empty_label=_("The region the report is about"),
        widget=forms.Select(attrs=SELECT),
    )
    text = PastedTextField(
        label=_("Report text"),
        required=False,
        widget=forms.Textarea(attrs={**CONTROL, "rows": 12}),
        help_text=_("Paste the press release or news article, page text and all."),
    )
    file = forms.FileField(
        label=_("…or a file"),
        required=False,
        validators=[FileExtensionValidator(["txt", "docx", "pdf"])],
        widget=forms.ClearableFileInput(attrs={**CONTROL, "accept": ".txt,.docx,.pdf"}),
        help_text=_("Text (.txt), Word (.docx) or PDF."),
    )
    published = forms.DateField(
        label=_("Published on"),
        required=False,
        widget=date_input(),
        help_text=_('Gives the year of dates written without one, e.g. "Senin (15/7)".'),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["government"].queryset = writable_governments(user)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.SINERGI_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.")
                % {"limit": round(settings.SINERGI_MAX_UPLOAD_BYTES / 1024 / 1024, 1)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("Paste the report's text or choose a file."))
        return cleaned


NEW = "new"
IGNORE = "ignore"


class ReviewForm(forms.Form):
    """The draft as the coordinator corrects it. The report's text travels in a hidden field
    (the draft is read from it again on saving: nothing is kept on the server in between)."""

    source = forms.CharField(widget=forms.HiddenInput)
    published = forms.DateField(required=False, widget=forms.HiddenInput)
    file_name = forms.CharField(required=False, widget=forms.HiddenInput)
    headline = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    government = forms.ModelChoiceField(queryset=Government.objects.none(), widget=forms.HiddenInput)
    organizer = forms.ModelChoiceField(
        label=_("Organizer unit"), queryset=Unit.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs=CONTROL))
    kind = forms.ChoiceField(label=_("Type"), choices=MeetingKind.choices, widget=forms.Select(attrs=SELECT))
    date = forms.DateField(
        label=_("Date"),
        widget=date_input(),
        error_messages={"required": _("The report gives no date: enter the meeting's date.")},
    )
    # Empty when the report gives no time: the meeting's time is then recorded as unknown.
    start = forms.TimeField(label=_("Starts"), required=False, widget=time_input(),
                            help_text=_("Empty: the report gives no time (recorded as not stated)."))
    end = forms.TimeField(label=_("Ends"), required=False, widget=time_input())
    venue = forms.CharField(
        label=_("Place"), max_length=200, required=False, widget=forms.TextInput(attrs=CONTROL)
    )
    chair = forms.ChoiceField(label=_("Chair"), required=False, widget=forms.Select(attrs=SELECT))
    chair_position = forms.CharField(
        label=_("Chair's position"), max_length=200, required=False, widget=forms.TextInput(attrs=CONTROL)
    )
    # "Bupati … melalui Kepala Bagian …": the chair (who was there) acted for someone.
    chair_for = forms.ChoiceField(label=_("Chaired on behalf of"), required=False,
                                  widget=forms.Select(attrs=SELECT))
    chair_for_position = forms.CharField(
        label=_("Position of the one represented"), max_length=200, required=False,
        widget=forms.TextInput(attrs=CONTROL))
    minutes = forms.CharField(
        label=_("Minutes (notulen)"), required=False, widget=forms.Textarea(attrs={**CONTROL, "rows": 8})
    )

    def __init__(
        self,
        *args,
        user=None,
        government: Government,
        choices: list[OfficialChoice],
        follow_ups: list[str],
        due_dates: list | None = None,
        commitments: list[str] | None = None,
        problems: list[str] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["government"].queryset = writable_governments(user)
        units = scoped(Unit.objects.filter(government=government), user, Action.VIEW).order_by("path")
        self.fields["organizer"].queryset = units
        self.person_fields = []
        for index, choice in enumerate(choices):
            options = [(f"official:{o.pk}", str(o)) for o in choice.candidates]
            options += [(NEW, _("Add to the registry as a new official")), (IGNORE, _("Do not record"))]
            name = f"person_{index}"
            self.fields[name] = forms.ChoiceField(
                label=f"{choice.person.name} — {choice.person.position or ''}".strip(" —"),
                choices=options,
                widget=forms.Select(attrs=SELECT),
                initial=f"official:{choice.match.pk}"
                if choice.match
                else (NEW if not choice.candidates else options[0][0]),
            )
            self.person_fields.append((self[name], choice))
        chair_options = [("", _("Not stated"))]
        chair_options += [(f"person_{i}", c.person.name) for i, c in enumerate(choices)]
        self.fields["chair"].choices = chair_options
        self.fields["chair_for"].choices = [("", _("Nobody (the chair acted in their own name)")),
                                            *chair_options[1:]]
        self.follow_up_rows = []
        for index, text in enumerate(follow_ups):
            self.fields[f"fu_{index}_keep"] = forms.BooleanField(
                label=_("Record"),
                required=False,
                initial=True,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"fu_{index}_text"] = forms.CharField(
                label=_("Follow-up"), initial=text, widget=forms.Textarea(attrs={**CONTROL, "rows": 2})
            )
            self.fields[f"fu_{index}_units"] = forms.ModelMultipleChoiceField(
                label=_("Responsible units"),
                queryset=Unit.objects.filter(government=government).order_by("path"),
                required=False,
                widget=forms.SelectMultiple(attrs={**SELECT, "size": 3}),
            )
            stated_due = (due_dates or [])[index] if index < len(due_dates or []) else None
            self.fields[f"fu_{index}_due"] = forms.DateField(
                label=_("Due date"), required=False, widget=date_input(), initial=stated_due,
                help_text=_("As the report states it.") if stated_due else "",
            )
            self.follow_up_rows.append(
                [self[f"fu_{index}_{part}"] for part in ("keep", "text", "units", "due")]
            )
        self.follow_up_count = len(follow_ups)
        # Commitments the report states become the meeting's commitments (kept unless unticked);
        # problems are offered to the problems register (recorded only when ticked).
        self.commitment_rows = [
            self._statement_row("cm", index, text, _("Record as a commitment"), _("Commitment"), keep=True)
            for index, text in enumerate(commitments or [])]
        self.commitment_count = len(self.commitment_rows)
        self.problem_rows = []
        for index, text in enumerate(problems or []):
            row = self._statement_row("pb", index, text, _("Add to the problems register"), _("Problem"),
                                      keep=False)
            self.fields[f"pb_{index}_category"] = forms.ChoiceField(
                label=_("Category"), choices=ProblemCategory.choices, initial=category_of(text),
                widget=forms.Select(attrs=SELECT))
            self.problem_rows.append([*row, self[f"pb_{index}_category"]])
        self.problem_count = len(self.problem_rows)

    def _statement_row(self, prefix: str, index: int, text: str, keep_label, text_label, *,
                       keep: bool) -> list:
        """A sentence of the report to record (ticked or not) as read or corrected: the fields
        `<prefix>_<index>_keep` and `<prefix>_<index>_text`."""
        self.fields[f"{prefix}_{index}_keep"] = forms.BooleanField(
            label=keep_label, required=False, initial=keep,
            widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
        self.fields[f"{prefix}_{index}_text"] = forms.CharField(
            label=text_label, initial=text, max_length=2000,
            widget=forms.Textarea(attrs={**CONTROL, "rows": 2}))
        return [self[f"{prefix}_{index}_keep"], self[f"{prefix}_{index}_text"]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("chair_for") and cleaned.get("chair_for") == cleaned.get("chair"):
            self.add_error("chair_for", _("The chair cannot represent themselves."))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The meeting ends before it starts."))
        if end and not start and "start" not in self.errors:
            self.add_error("start", _("Give the time it started, or leave both times empty."))
        for index in range(self.follow_up_count):
            units, due = cleaned.get(f"fu_{index}_units"), cleaned.get(f"fu_{index}_due")
            # A due date without units (often the report's own) keeps the follow-up a directive;
            # units without a due date would make an action nobody can be late on: refused.
            if cleaned.get(f"fu_{index}_keep") and units and not due:
                self.add_error(
                    f"fu_{index}_due",
                    _(
                        "A follow-up action needs both its responsible units and its due date "
                        "(leave both empty to record it as a directive only)."
                    ),
                )
        return cleaned
