"""Filters of the audit log (administrators): who, what, through which door, which kind of
record, a period, and a search in the record's name and the note."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import AuditAction, AuditEvent, AuditSource


def _recorded_types(request):
    """The kinds of records the log holds (not every model of Django)."""
    ids = AuditEvent.objects.order_by().values_list("content_type_id", flat=True).distinct()
    return ContentType.objects.filter(pk__in=list(ids)).order_by("model")


class AuditEventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"),
                                  help_text=_("Record, note or user name."))
    actor = django_filters.CharFilter(field_name="actor_label", lookup_expr="icontains", label=_("User"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    source = django_filters.ChoiceFilter(choices=AuditSource.choices, label=_("Source"))
    content_type = django_filters.ModelChoiceFilter(queryset=_recorded_types, label=_("Type"))
    since = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__gte", label=_("From"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__lte", label=_("Until"),
                                      widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEvent
        fields = ["q", "actor", "action", "source", "content_type", "since", "until"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        # The content types are labelled as people call the records ("kegiatan", not "activity").
        self.form.fields["content_type"].label_from_instance = lambda ct: str(
            ct.model_class()._meta.verbose_name if ct.model_class() else ct.model)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(object_repr__icontains=value) | Q(note__icontains=value)
                               | Q(actor_label__icontains=value))
