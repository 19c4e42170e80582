"""The documents of an agreement: the number each party gave a document, its signatories, and
the parties who number it.

Every party numbers the same signed document itself: the government, and each partner (a region,
a third party, a foreign institution). The numbers are kept per party; writing the same party's
number again changes it (audited), an empty number removes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.cooperation.models import Document, DocumentNumber, Signatory
from sinergi.core.services import Actor, create_object, delete_object, update_object
from sinergi.regions.models import Official


@dataclass(frozen=True)
class Party:
    name: str
    is_own: bool
    number: DocumentNumber | None


def parties(document: Document) -> list[Party]:
    """The parties that number `document`: the government first, then each partner of the
    agreement, then any other party a number was recorded for (a name typed on import)."""
    numbers = {n.party: n for n in document.numbers.all()}
    own_name = document.agreement.government.name
    own = next((n for n in numbers.values() if n.is_own), None)
    rows = [Party(own.party if own else own_name, True, own)]
    seen = {rows[0].name}
    for partner in document.agreement.partners.all():
        name = str(partner)[:250]
        if name not in seen:
            rows.append(Party(name, False, numbers.get(name)))
            seen.add(name)
    rows.extend(Party(n.party, n.is_own, n) for name, n in numbers.items() if name not in seen)
    return rows


@transaction.atomic
def set_number(actor: Actor, document: Document, party: str, number: str, *, is_own: bool = False) -> None:
    """Record (or change, or with an empty `number` remove) the number `party` gave `document`."""
    party = party.strip()[:250]
    number = number.strip()
    if not party:
        raise ValidationError({"party": [_("Name the party that numbered the document.")]})
    if is_own and DocumentNumber.objects.filter(document=document, is_own=True).exclude(party=party).exists():
        raise ValidationError({"party": [_("The government's own number is recorded already.")]})
    current = DocumentNumber.objects.filter(document=document, party=party).first()
    if current is None:
        if number:
            create_object(actor, DocumentNumber(document=document, party=party, number=number, is_own=is_own))
    elif not number:
        delete_object(actor, current)
    elif current.number != number:
        update_object(actor, current, {"number": number}, expected_version=None)


@transaction.atomic
def add_signatory(
    actor: Actor,
    document: Document,
    *,
    official: Official | None = None,
    name: str = "",
    position: str = "",
    party: str = "",
) -> Signatory:
    """A signatory from the registry of officials (name and position taken from it), or an
    external signatory by name and position."""
    if official is not None:
        if official.government_id != document.agreement.government_id:
            raise ValidationError({"official": [_("The official belongs to another government.")]})
        name = name.strip() or str(official)
        position = position.strip() or official_position(official, document.signed_on or timezone.localdate())
        party = party.strip() or document.agreement.government.name
    if not name.strip():
        raise ValidationError({"name": [_("Name the signatory.")]})
    return create_object(
        actor,
        Signatory(
            document=document,
            official=official,
            name=name.strip()[:200],
            position=position.strip()[:250],
            party=party.strip()[:250],
        ),
    )


def official_position(official: Official, day: dt.date) -> str:
    """The position the official held on `day` (`Pj. Bupati Mimika`), if the registry knows it."""
    term = official.terms.active_on(day).select_related("position").order_by("-start").first()
    return term.capacity_title if term else ""
