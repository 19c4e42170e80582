"""Planning models: validation rules, the Asta Cita seed, deferred target checks, scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sinergi.core.models import AuditEvent
from sinergi.core.roles import Role
from sinergi.core.scope import Action, can, scoped
from sinergi.core.services import Actor, StaleEditError, update_object
from sinergi.planning.choices import FrameworkKind
from sinergi.planning.models import Activity, NomenclatureItem, Priority, PriorityFramework, QuarterTarget
from sinergi.planning.services import load_priorities, set_quarter_targets
from tests.planning.conftest import SUB, make_activity, make_targets

# The reasons are read in English (the msgids); Indonesian is the default language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# DOMAIN.md, verbatim.
ASTA_CITA_4 = (
    "Memperkuat pembangunan sumber daya manusia (SDM), sains, teknologi, pendidikan, kesehatan, "
    "prestasi olahraga, kesetaraan gender, serta penguatan peran perempuan, pemuda, dan penyandang "
    "disabilitas."
)





# ---------------------------------------------------------------------------- Asta Cita


def asta_cita() -> PriorityFramework:
    return PriorityFramework.objects.get(name="Asta Cita", government__isnull=True)


def test_asta_cita_is_seeded_by_the_migration():
    framework = asta_cita()
    assert framework.kind == FrameworkKind.NATIONAL
    assert (framework.start_year, framework.end_year) == (2025, 2029)
    missions = list(framework.priorities.order_by("order"))
    assert [p.number for p in missions] == [str(n) for n in range(1, 9)]
    assert missions[3].title == ASTA_CITA_4
    assert missions[0].title == ("Memperkokoh ideologi Pancasila, demokrasi, dan hak asasi "
                                 "manusia (HAM).")
    assert missions[7].title.endswith("untuk mencapai masyarakat yang adil dan makmur.")


def test_load_priorities_is_idempotent_and_keeps_edits():
    mission = asta_cita().priorities.get(number="5")
    mission.title = "Hilirisasi (edited)"
    mission.save()
    mission_3 = asta_cita().priorities.get(number="3")
    mission_3.delete()
    result = load_priorities(Actor.system())
    assert result.created == 1  # only the missing mission is restored
    assert asta_cita().priorities.count() == 8
    assert asta_cita().priorities.get(number="5").title == "Hilirisasi (edited)"
    assert AuditEvent.objects.filter(object_repr__startswith="Asta Cita 3").count() == 1
    again = load_priorities(Actor.system())
    assert (again.created, again.existing) == (0, 9)


def test_framework_kind_and_government_agree(world):
    national = PriorityFramework(name="X", kind=FrameworkKind.NATIONAL, government=world.kutim,
                                 start_year=2025, end_year=2029)
    with pytest.raises(ValidationError) as info:
        national.full_clean()
    assert "government" in info.value.message_dict
    regional = PriorityFramework(name="RPJMD", kind=FrameworkKind.REGIONAL, start_year=2026,
                                 end_year=2025)
    with pytest.raises(ValidationError) as info:
        regional.full_clean()
    assert {"government", "end_year"} <= set(info.value.message_dict)


def test_who_writes_priorities(world):
    rpjmd = PriorityFramework.objects.create(name="RPJMD Kutai Timur", kind=FrameworkKind.REGIONAL,
                                             government=world.kutim, start_year=2021, end_year=2026)
    mimika = PriorityFramework.objects.create(name="RPJMD Mimika", kind=FrameworkKind.REGIONAL,
                                              government=world.mimika, start_year=2025,
                                              end_year=2029)
    coordinator, viewer = world.users[Role.COORDINATOR], world.users[Role.VIEWER]
    national = asta_cita().priorities.first()
    assert can(coordinator, Action.CHANGE, rpjmd)
    assert can(coordinator, Action.ADD, Priority(framework=rpjmd, number="1", title="Misi"))
    assert not can(coordinator, Action.CHANGE, national)
    assert not can(coordinator, Action.ADD, Priority(framework=asta_cita(), number="9", title="x"))
    assert not can(coordinator, Action.CHANGE, mimika)
    assert not can(viewer, Action.CHANGE, rpjmd)
    # Published plans: everybody signed in reads every framework.
    assert scoped(PriorityFramework.objects.all(), viewer).count() == 3
    assert can(world.users[Role.ADMINISTRATOR], Action.CHANGE, national)


# ---------------------------------------------------------------------------- nomenclature


def test_nomenclature_clean_checks_the_code(sample):
    item = NomenclatureItem(code="1.01.01.2", name="x", level="kegiatan", parent_id="1.01.01")
    with pytest.raises(ValidationError) as info:
        item.full_clean()
    assert "code" in info.value.message_dict
    item = NomenclatureItem(code="1.02.02.2.01", name="x", level="program", parent_id="1.02")
    with pytest.raises(ValidationError) as info:
        item.full_clean()
    assert {"level", "parent"} <= set(info.value.message_dict)


def test_subtree_lookup(sample):
    codes = list(NomenclatureItem.objects.filter(code__subtree="1.01.01").values_list("code", flat=True))
    assert codes[0] == "1.01.01"
    assert "1.01.01.2.01.0001" in codes and "1.01.01.2.02.0001" in codes
    assert "1.01.02" not in codes and "1.01" not in codes


# ---------------------------------------------------------------------------- activities


def test_activity_takes_its_units_government_and_name(world, sample):
    activity = make_activity(world.tapem)
    assert activity.government == world.kutim
    assert activity.display_name == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    activity.name = "Penyusunan Renja Bagian Tapem 2025"
    assert activity.display_name == "Penyusunan Renja Bagian Tapem 2025"


def test_activity_needs_a_sub_kegiatan(world, sample):
    with pytest.raises(ValidationError) as info:
        make_activity(world.tapem, code="1.01.01.2.01")
    assert "nomenclature" in info.value.message_dict


def test_budget_is_not_negative(world, sample):
    with pytest.raises(ValidationError) as info:
        make_activity(world.tapem, budget="-1")
    assert "budget" in info.value.message_dict


def test_location_inside_the_governments_region(world, sample):
    make_activity(world.kec_sangatta, location_id=world.kec_sangatta.region_id)  # 64.08.xx: fine
    make_activity(world.tapem, location_id="64.08")
    with pytest.raises(ValidationError) as info:
        make_activity(world.tapem, location_id="94.04.01")  # a district of Mimika
    assert "location" in info.value.message_dict
    with pytest.raises(ValidationError):
        make_activity(world.tapem, location_id="64.01")  # another regency of the province


def test_unit_and_government_must_agree(world, sample):
    activity = make_activity(world.tapem)
    activity.unit = world.mimika_tapem  # government not moved with it
    with pytest.raises(ValidationError) as info:
        activity.full_clean()
    assert "unit" in info.value.message_dict


def test_budget_cannot_drop_below_the_financial_targets(world, sample):
    activity = make_activity(world.tapem, budget="1000")
    make_targets(activity, ("10", "100"), ("50", "800"))
    admin = Actor(world.users[Role.ADMINISTRATOR])
    with pytest.raises(ValidationError) as info:
        update_object(admin, activity, {"budget": Decimal(700)}, expected_version=1)
    assert "budget" in info.value.message_dict
    update_object(admin, activity, {"budget": Decimal(800)}, expected_version=1)


# ---------------------------------------------------------------------------- quarter targets


def test_a_quarter_target_cannot_fall_below_an_earlier_one(world, sample):
    activity = make_activity(world.tapem, budget="1000")
    make_targets(activity, ("25", "200"), ("50", "400"))
    third = QuarterTarget(activity=activity, quarter=3, physical=Decimal(40), financial=Decimal(500))
    with pytest.raises(ValidationError) as info:
        third.full_clean()
    assert list(info.value.message_dict) == ["physical"]
    # ... nor may an earlier quarter rise above a later one.
    first = activity.quarter_targets.get(quarter=1)
    first.financial = Decimal(450)
    with pytest.raises(ValidationError) as info:
        first.full_clean()
    assert "financial" in info.value.message_dict
    over = QuarterTarget(activity=activity, quarter=4, physical=Decimal(100), financial=Decimal(1001))
    with pytest.raises(ValidationError) as info:
        over.full_clean()
    assert "exceeds the budget" in str(info.value)


def test_set_quarter_targets_accepts_a_set_consistent_only_as_a_whole(world, sample):
    activity = make_activity(world.tapem, budget="1000")
    make_targets(activity, ("10", "100"), ("20", "200"), ("30", "300"), ("40", "400"))
    operator = Actor(world.users[Role.UNIT_OPERATOR])
    # Every quarter rises above the old value of the next one: row by row this would fail.
    new = {1: (Decimal(25), Decimal(450)), 2: (Decimal(26), Decimal(460)),
           3: (Decimal(27), Decimal(470)), 4: (Decimal(28), Decimal(480))}
    set_quarter_targets(operator, activity, new, {q: 1 for q in new})
    stored = {t.quarter: (t.physical, t.financial, t.version) for t in activity.quarter_targets.all()}
    assert stored == {q: (*new[q], 2) for q in new}
    assert AuditEvent.objects.filter(actor=world.users[Role.UNIT_OPERATOR]).count() == 4


def test_set_quarter_targets_refuses_an_inconsistent_set_and_writes_nothing(world, sample):
    activity = make_activity(world.tapem, budget="1000")
    make_targets(activity, ("10", "100"))
    admin = Actor(world.users[Role.ADMINISTRATOR])
    with pytest.raises(ValidationError) as info:
        set_quarter_targets(admin, activity, {2: (Decimal(50), Decimal(500)),
                                              3: (Decimal(40), Decimal(600))})
    assert "physical_3" in info.value.message_dict
    assert activity.quarter_targets.count() == 1


def test_set_quarter_targets_detects_stale_versions(world, sample):
    activity = make_activity(world.tapem, budget="1000")
    make_targets(activity, ("10", "100"))
    admin = Actor(world.users[Role.ADMINISTRATOR])
    with pytest.raises(StaleEditError):  # the user loaded version 1, now it is 2
        QuarterTarget.objects.filter(activity=activity).update(version=2)
        set_quarter_targets(admin, activity, {1: (Decimal(20), Decimal(100))}, {1: 1})
    with pytest.raises(StaleEditError):  # the user saw no target for quarter 1
        set_quarter_targets(admin, activity, {1: (Decimal(20), Decimal(100))}, {1: None})


def test_set_quarter_targets_respects_scope(world, sample):
    activity = make_activity(world.mimika_tapem, budget="1000")
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        set_quarter_targets(Actor(world.users[Role.COORDINATOR]), activity,
                            {1: (Decimal(20), Decimal(100))})
    assert not activity.quarter_targets.exists()


# ---------------------------------------------------------------------------- scope


def test_activity_scope_by_role(world, sample):
    in_tapem = make_activity(world.tapem)
    in_bappeda = make_activity(world.bappeda)
    in_mimika = make_activity(world.mimika_tapem)
    users = world.users

    def visible(role):
        return set(scoped(Activity.objects.all(), users[role]))

    assert visible(Role.ADMINISTRATOR) == {in_tapem, in_bappeda, in_mimika}
    assert visible(Role.COORDINATOR) == {in_tapem, in_bappeda}
    assert visible(Role.UNIT_HEAD) == {in_tapem}  # setda's subtree holds tapem
    assert visible(Role.UNIT_OPERATOR) == {in_tapem}
    assert visible(Role.VIEWER) == set()
    assert can(users[Role.UNIT_OPERATOR], Action.CHANGE, in_tapem)
    assert not can(users[Role.UNIT_OPERATOR], Action.CHANGE, in_bappeda)
    assert can(users[Role.UNIT_HEAD], Action.ADD, Activity(unit=world.tapem).sync_government())
    assert not can(users[Role.UNIT_HEAD], Action.ADD, Activity(unit=world.bappeda).sync_government())
    assert can(users[Role.COORDINATOR], Action.ADD, Activity(unit=world.bappeda).sync_government())
    assert not can(users[Role.VIEWER], Action.ADD, Activity(unit=world.kec_sangatta).sync_government())
    viewer_activity = make_activity(world.kec_sangatta)
    assert can(users[Role.VIEWER], Action.VIEW, viewer_activity)
    assert not can(users[Role.VIEWER], Action.CHANGE, viewer_activity)


def test_update_cannot_move_an_activity_out_of_scope(world, sample):
    activity = make_activity(world.tapem)
    operator = Actor(world.users[Role.UNIT_OPERATOR])
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        update_object(operator, activity, {"unit": world.bappeda}, expected_version=1)
    assert Activity.objects.get(pk=activity.pk).unit == world.tapem


def test_sub_kegiatan_in_use_cannot_be_removed(world, sample):
    make_activity(world.tapem)
    from django.db.models import ProtectedError
    with pytest.raises(ProtectedError):
        NomenclatureItem.objects.get(code=SUB).delete()
