"""Demo: Mahakam Ulu's sanitation working group (Pokja PKP, under Bappeda) with the SSK
milestones of the PPSP programme, as mahulu-rakor-pokja-pkp.txt tells it: by the Kepmendagri
Nomor 100.4.3-1037/Kep/Bangda 2023 of 18 December 2023 the regency had completed Milestone 1 to
Milestone 3 and was set to implement Milestone 4 — the rakor of 15 July 2024 was about that M4.

One activity of the Pokja for fiscal year 2024 with the four milestones: M1–M3 achieved on the
date of the decree (the report gives no other date), M4 planned for the end of 2024 and not
achieved — so it is overdue (planning.rules.milestone_overdue) and shows on the activity page,
the dashboard's early warning and the meeting brief. The report gives no budget: the activity's
pagu is left at Rp 0 rather than invented. The planned dates are the demo's assumption.

Written through core.services (audited), once: recorded in the demo registry; a user may edit or
delete it since (a deleted activity stays deleted)."""

from __future__ import annotations

import datetime as dt

from sinergi.core.services import Actor, create_object
from sinergi.demo import registry
from sinergi.planning.models import Activity, Milestone, NomenclatureItem

KEY = "planning:64.11:pokja-pkp:ssk"
YEAR = 2024
# In the shipped sample extract: "Penyusunan Dokumen Perencanaan Perangkat Daerah" of Bappeda
# (the SSK is a planning document the Pokja drafts under Bappeda's facilitation).
NOMENCLATURE = "5.01.01.2.01.0001"
NAME = "Pendampingan Implementasi Strategi Sanitasi Kabupaten (SSK) Mahakam Ulu – Program PPSP"
DECREE = dt.date(2023, 12, 18)
EVIDENCE = "Keputusan Menteri Dalam Negeri Nomor 100.4.3-1037/Kep/Bangda 2023 tanggal 18 Desember 2023"
MILESTONES = (
    # (name, planned, achieved, evidence)
    ("M1 Milestone implementasi 1 SSK", DECREE, DECREE, EVIDENCE),
    ("M2 Milestone implementasi 2 SSK", DECREE, DECREE, EVIDENCE),
    ("M3 Milestone implementasi 3 SSK", DECREE, DECREE, EVIDENCE),
    ("M4 Implementasi layanan sanitasi multi aspek yang berkelanjutan", dt.date(YEAR, 12, 31), None, ""),
)


def seed_pokja_pkp(actor: Actor) -> int:
    """The Pokja PKP's SSK activity with its milestones M1–M4, once. Returns the rows made."""
    from sinergi.demo.loader import demo_unit

    unit = demo_unit("64.11", "POKJA-PKP")
    if registry.known(KEY) or unit is None or not NomenclatureItem.objects.filter(pk=NOMENCLATURE).exists():
        return 0
    activity = create_object(actor, Activity(unit=unit, year=YEAR, nomenclature_id=NOMENCLATURE,
                                             name=NAME).sync_government())
    for order, (name, planned, achieved, evidence) in enumerate(MILESTONES, start=1):
        create_object(actor, Milestone(activity=activity, order=order, name=name, planned_date=planned,
                                       achieved_date=achieved, evidence=evidence))
    registry.remember(KEY, activity)
    return 1 + len(MILESTONES)
