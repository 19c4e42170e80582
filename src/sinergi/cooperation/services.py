"""Who may write an agreement (the scope rule that core.scope cannot decide alone, because an
agreement belongs to several responsible units), what an agreement shows (its derived status),
and its partners."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.cooperation.choices import PartnerType
from sinergi.cooperation.models import Agreement, CooperationSettings, Partner, ThirdParty
from sinergi.core.roles import Role
from sinergi.core.scope import Action, can, user_scope
from sinergi.core.services import create_object, update_object
from sinergi.planning.models import ACTIVITY_MANAGERS
from sinergi.regions.choices import RegionLevel
from sinergi.regions.models import Government, Region, Unit


def _covers(paths: tuple[str, ...], unit: Unit) -> bool:
    return any(unit.path == root or unit.path.startswith(root + ".") for root in paths)


def may_write(
    user: Any, government: Government, units: list[Unit], agreement: Agreement | None = None
) -> bool:
    """May `user` record (or change) an agreement of `government` whose responsible units are
    `units`? Administrators and the government's coordinators: yes; a unit's head or operator:
    when every responsible unit is in their scope (and, for an existing agreement, when they
    may change it already)."""
    scope = user_scope(user)
    if scope.is_global:
        return True
    if scope.role not in ACTIVITY_MANAGERS:
        return False
    if agreement is not None and not can(user, Action.CHANGE, agreement):
        return False
    if government.pk in scope.whole_governments:
        return True
    if scope.role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR):
        return bool(units) and all(
            u.government_id == government.pk and _covers(scope.unit_paths, u) for u in units
        )
    return False


def visible_agreements(user: Any):
    """What `user` sees: the agreements in scope (a unit its own, a coordinator the government's)
    and, read-only, the agreements of other governments that name the user's region as a partner
    (for the coordinators of that region's government)."""
    from django.db.models import Q

    from sinergi.core.scope import scoped
    from sinergi.regions.models import Government as GovernmentModel

    own = scoped(Agreement.objects.all(), user, Action.VIEW)
    scope = user_scope(user)
    if scope.is_global or not scope.whole_governments:
        return own
    regions = GovernmentModel.objects.filter(pk__in=scope.whole_governments).values("region_id")
    named = Agreement.objects.filter(partners__region_id__in=regions).values("pk")
    return Agreement.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=named))


def renewal_windows(government_ids) -> dict[int, int]:
    """Each government's renewal window in months (its CooperationSettings, or the default)."""
    from sinergi.cooperation import rules

    ids = set(government_ids)
    found = dict(
        CooperationSettings.objects.filter(government_id__in=ids).values_list(
            "government_id", "renewal_months"
        )
    )
    return {pk: found.get(pk, rules.DEFAULT_RENEWAL_MONTHS) for pk in ids}


def renewal_window(government_id: int) -> int:
    return renewal_windows([government_id])[government_id]


def status_of(agreement: Agreement, today: Any, renewal_months: int | None = None):
    """The derived status (cooperation.rules) of an agreement whose stages and documents are
    prefetched, with its government's renewal window (looked up when not given: pass it when
    deriving the status of many agreements)."""
    from sinergi.cooperation import rules
    from sinergi.cooperation.choices import DocumentKind

    signed = [
        d.signed_on
        for d in agreement.documents.all()
        if d.kind in (DocumentKind.MOU, DocumentKind.PKS) and d.signed_on
    ]
    facts = rules.AgreementFacts(
        start=agreement.start,
        end=agreement.end,
        terminated_on=agreement.terminated_on,
        renewed=bool(getattr(agreement, "renewal_count", 0)),
        stages={s.stage: s.reached_on for s in agreement.stages.all()},
        signed_on=min(signed) if signed else None,
    )
    if renewal_months is None:
        renewal_months = renewal_window(agreement.government_id)
    return rules.derived_status(facts, today, renewal_months)


def renewals_due(agreements, today_by_government) -> dict[int, list[Agreement]]:
    """{government id: its agreements (of the queryset `agreements`) due for renewal on its own
    day} — in force, the end within the government's renewal window, no renewal recorded
    (cooperation.rules.derived_status: renewal_due), the soonest end first. `today_by_government`
    is {government id: today in its zone}; governments missing from it are left out. Four
    queries whatever the number of agreements (candidates, stages, documents, windows)."""
    from django.db.models import Count

    from sinergi.cooperation import rules
    from sinergi.cooperation.choices import AgreementStatus

    if not today_by_government:
        return {}
    earliest = min(today_by_government.values())
    horizon = rules.add_months(max(today_by_government.values()), rules.MAX_RENEWAL_MONTHS)
    candidates = list(
        agreements.filter(government_id__in=list(today_by_government), end__gte=earliest, end__lte=horizon)
        .exclude(terminated_on__lte=earliest)
        .annotate(renewal_count=Count("renewals", distinct=True))
        .prefetch_related("stages", "documents")
        .order_by("end", "title", "pk")
    )
    windows = renewal_windows({a.government_id for a in candidates})
    due: dict[int, list[Agreement]] = {}
    for agreement in candidates:
        today = today_by_government[agreement.government_id]
        if status_of(agreement, today, windows[agreement.government_id]) == AgreementStatus.RENEWAL_DUE:
            due.setdefault(agreement.government_id, []).append(agreement)
    return due


def partner_regions():
    """The regions an agreement can name as partner: provinces, regencies and cities."""
    return Region.objects.filter(level__in=(RegionLevel.PROVINCE, RegionLevel.REGENCY)).order_by("code")


def add_partner(
    actor: Any,
    agreement: Agreement,
    *,
    region: Any = None,
    third_party_name: str = "",
    third_party_kind: str = "",
    foreign_name: str = "",
):
    """Name one more party of `agreement`: a region from the registry (never the government's
    own), a third party (found by name among the government's, or recorded with its type), or a
    foreign institution by name. Exactly one of the three. Refused (PermissionDenied) to whoever
    may not change the agreement."""
    if actor.user is not None and not can(actor.user, Action.CHANGE, agreement):
        raise PermissionDenied
    third_party_name = third_party_name.strip()
    foreign_name = foreign_name.strip()
    if sum(bool(x) for x in (region, third_party_name, foreign_name)) != 1:
        raise ValidationError(_("Name one partner: a region, a third party or a foreign institution."))
    if region is not None and region.pk == agreement.government.region_id:
        raise ValidationError({"region": [_("The government cannot be its own partner.")]})
    with transaction.atomic():
        third_party = None
        if third_party_name:
            third_party = ThirdParty.objects.filter(
                government=agreement.government, name__iexact=third_party_name
            ).first()
            if third_party is None:
                if third_party_kind not in PartnerType.values:
                    raise ValidationError({"third_party_kind": [_("Say what kind of party it is.")]})
                # The government's list of third parties grows with the agreements that name
                # them: whoever may change the agreement may record its new partner.
                third_party = create_object(
                    actor,
                    ThirdParty(government=agreement.government, name=third_party_name, kind=third_party_kind),
                    authorized=True,
                )
        partner = Partner(
            agreement=agreement, region=region, third_party=third_party, foreign_name=foreign_name
        )
        return create_object(actor, partner)


@transaction.atomic
def renew(actor: Any, agreement: Agreement, start: Any, end: Any, title: str = "") -> Agreement:
    """Record the renewal of `agreement`: a new agreement with the same kind, partners,
    responsible units, object and coordinator, in force from `start` to `end`, that renews it
    (the old one then ends as renewed, and its renewal is no longer due). Its documents are
    signed anew: none is copied. Refused to whoever may not change the agreement, and for an
    agreement renewed already."""
    units = list(agreement.responsible_units.all())
    if actor.user is not None and not may_write(actor.user, agreement.government, units, agreement):
        raise PermissionDenied
    if agreement.renewals.exists():
        raise ValidationError(_("This agreement has been renewed already."))
    if agreement.start and start and start <= agreement.start:
        raise ValidationError({"start": [_("The renewal starts after the agreement it renews.")]})
    renewal = create_object(
        actor,
        Agreement(
            government=agreement.government,
            title=(title or agreement.title).strip()[:300],
            kind=agreement.kind,
            object=agreement.object,
            object_text=agreement.object_text,
            coordinator=agreement.coordinator,
            value=agreement.value,
            funding_source=agreement.funding_source,
            dprd_approval_required=agreement.dprd_approval_required,
            start=start,
            end=end,
            renews=agreement,
        ),
        m2m={"responsible_units": units},
    )
    for partner in agreement.partners.all():
        create_object(
            actor,
            Partner(
                agreement=renewal,
                region_id=partner.region_id,
                third_party_id=partner.third_party_id,
                foreign_name=partner.foreign_name,
            ),
        )
    return renewal


def set_renewal_window(actor: Any, government: Government, months: int) -> CooperationSettings:
    """The government's own renewal window (audited; the coordinator's to set)."""
    current = CooperationSettings.objects.filter(government=government).first()
    if current is None:
        return create_object(actor, CooperationSettings(government=government, renewal_months=months))
    return update_object(actor, current, {"renewal_months": months}, expected_version=None)
