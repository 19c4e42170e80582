from __future__ import annotations

from sinergi.core.forms import VersionedModelForm
from sinergi.documents.models import Letterhead, UnitLetterhead


class LetterheadForm(VersionedModelForm):
    class Meta:
        model = Letterhead
        fields = ["government_line", "head_line", "secretariat_line", "emblem", "address", "postal_code",
                  "telephone", "fax", "email", "website", "place", "invitation_code", "record_code"]


class UnitLetterheadForm(VersionedModelForm):
    class Meta:
        model = UnitLetterhead
        fields = ["name_line", "number_code", "address", "postal_code", "telephone", "fax", "email",
                  "website"]
