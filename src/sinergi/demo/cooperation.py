"""SYNTHETIC cooperation registry for the demo (issue 7): Kabupaten Tanah Bumbu with 50
cooperation initiatives across 17 SKPD — the figures the Sosialisasi Evaluasi Kerja Sama Daerah
of 9 December 2024 reports — generated with a seeded random generator: partners among the
regencies and cities of Kalimantan Selatan and third parties, mixed stages, a few agreements
expiring within the renewal window, a few dormant ones, the TKKSD as coordinator, the
evaluation round of 2024 about half filled, and last year's round submitted (activity reported
for all but a few: the dormant ones). Every agreement's notes say it is synthetic.

Dates are relative to the day the demo is loaded, so that "expiring" and "dormant" hold on that
day. Idempotent: the registry is generated once (recorded in the demo registry,
sinergi.demo.registry; a database loaded before it: when the government has agreements), and
whatever a user changed or deleted in it since is left so.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sinergi.cooperation import evaluation as evaluations
from sinergi.cooperation.choices import (
    CooperationKind,
    DocumentKind,
    ImplementationStatus,
    PartnerPerformance,
    PartnerType,
    Recommendation,
    Stage,
)
from sinergi.cooperation.models import (
    Agreement,
    Document,
    DocumentNumber,
    Evaluation,
    EvaluationRound,
    Partner,
    StageReached,
    ThirdParty,
)
from sinergi.cooperation.rules import add_months
from sinergi.core.services import Actor, create_object, update_object
from sinergi.demo import registry
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Government, Region, Unit

GOVERNMENT = "63.10"
SEED = 2024
AGREEMENTS = 50
ROUND_YEAR = 2024
NOTE = "Data sintetis untuk demo (dibangkitkan, bukan data resmi)."
REGISTRY_KEY = f"cooperation:registry:{GOVERNMENT}"
EVALUATION_MEETING_KEY = f"cooperation:evaluation-meeting:{GOVERNMENT}"
SKPD = [
    ("DISDIK", "Dinas Pendidikan"),
    ("DINKES", "Dinas Kesehatan"),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DISHUB", "Dinas Perhubungan"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISTAN", "Dinas Pertanian"),
    ("DKP", "Dinas Kelautan dan Perikanan"),
    ("DISPAR", "Dinas Pariwisata"),
    ("DINSOS", "Dinas Sosial"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Mikro"),
]  # with the Bagian Pemerintahan of the Setda: 17 SKPD
THIRD_PARTIES = [
    ("Universitas Lambung Mangkurat", PartnerType.UNIVERSITY),
    ("Politeknik Negeri Banjarmasin", PartnerType.UNIVERSITY),
    ("BPJS Ketenagakerjaan Cabang Batulicin", PartnerType.VERTICAL_AGENCY),
    ("BPJS Kesehatan Cabang Batulicin", PartnerType.VERTICAL_AGENCY),
    ("PT Bank Pembangunan Daerah Kalimantan Selatan", PartnerType.STATE_ENTERPRISE),
    ("PT Pos Indonesia Cabang Batulicin", PartnerType.STATE_ENTERPRISE),
    ("Yayasan Peduli Pesisir Kalimantan", PartnerType.NGO),
    ("Kantor Pertanahan Kabupaten Tanah Bumbu", PartnerType.VERTICAL_AGENCY),
]
REGIONS = ["63.02", "63.01", "63.03", "63.11", "63.71", "63.72", "63.05", "64.01"]
SUBJECTS = [
    "pengelolaan sampah regional",
    "pelayanan kesehatan rujukan",
    "pendidikan vokasi",
    "beasiswa mahasiswa daerah",
    "penyediaan air minum",
    "pengembangan wisata bahari",
    "penanganan jalan perbatasan",
    "perlindungan nelayan",
    "jaminan sosial ketenagakerjaan pekerja rentan",
    "pembayaran pajak daerah nontunai",
    "pengembangan UMKM",
    "kependudukan dan pencatatan sipil",
    "sertifikasi tanah masyarakat",
    "transportasi antardaerah",
    "pengendalian kebakaran hutan dan lahan",
    "penelitian dan pengembangan pertanian",
]


def _units(actor: Actor, government: Government) -> list[Unit]:
    existing = {u.code: u for u in Unit.objects.filter(government=government)}
    units = [existing["PEM"]] if "PEM" in existing else []
    for code, name in SKPD:
        unit = existing.get(code) or create_object(
            actor, Unit(government=government, code=code, name=name, kind=UnitKind.AGENCY)
        )
        units.append(unit)
    return units


@transaction.atomic
def seed_cooperation(actor: Actor, today: dt.date | None = None) -> int:
    """Generate the registry; returns how many agreements were created (0 when present)."""
    government = Government.objects.filter(region_id=GOVERNMENT).first()
    if government is None or registry.known(REGISTRY_KEY):
        return 0
    if Agreement.objects.filter(government=government).exists():  # made before the registry
        registry.remember(REGISTRY_KEY, government)
        return 0
    registry.remember(REGISTRY_KEY, government)
    today = today or timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311 - synthetic demo data, not security
    units = _units(actor, government)
    tkksd = Unit.objects.filter(government=government, code="TKKSD").first()
    parties = [
        ThirdParty.objects.get_or_create(government=government, name=name, defaults={"kind": kind})[0]
        for name, kind in THIRD_PARTIES
    ]
    regions = list(Region.objects.filter(code__in=REGIONS))
    created = []
    for number in range(1, AGREEMENTS + 1):
        kind = rng.choices(list(CooperationKind), weights=[2, 5, 6, 0.3])[0]
        subject = rng.choice(SUBJECTS)
        lead = units[(number - 1) % len(units)]
        # Mixed stages: 8 in preparation, 4 expiring within the renewal window, the rest in force
        # or ended; a few signed long ago and never reported on (dormant).
        if number <= 8:
            signed = None
        elif number <= 12:
            signed = add_months(today, -rng.randint(30, 34))
        else:
            signed = add_months(today, -rng.randint(3, 40))
        start = signed + dt.timedelta(days=14) if signed else None
        years = rng.choice([2, 3, 5])
        end = (
            add_months(today, rng.randint(1, 5))
            if 8 < number <= 12
            else add_months(start, 12 * years)
            if start
            else None
        )
        agreement = create_object(
            actor,
            Agreement(
                government=government,
                title=f"Kerja sama {subject}".capitalize() + f" ({number:02d})",
                kind=kind,
                object_text=subject,
                coordinator=tkksd,
                value=Decimal(rng.randrange(50, 2500) * 1_000_000) if rng.random() < 0.7 else None,
                start=start,
                end=end,
                dprd_approval_required=kind == CooperationKind.REGION_MANDATORY,
                notes=NOTE,
            ),
            m2m={"responsible_units": [lead]},
        )
        if kind in (CooperationKind.THIRD_PARTY,):
            create_object(actor, Partner(agreement=agreement, third_party=rng.choice(parties)))
        elif kind == CooperationKind.FOREIGN:
            create_object(
                actor, Partner(agreement=agreement, foreign_name="Pemerintah Kota Kuching, Malaysia")
            )
        else:
            create_object(actor, Partner(agreement=agreement, region=rng.choice(regions)))
        create_object(
            actor,
            StageReached(
                agreement=agreement,
                stage=Stage.PREPARATION,
                reached_on=(signed or today) - dt.timedelta(days=90),
            ),
        )
        create_object(
            actor,
            Document(
                agreement=agreement,
                kind=DocumentKind.PROPOSAL,
                title="Rencana kerja sama",
                signed_on=(signed or today) - dt.timedelta(days=90),
            ),
        )
        if signed:
            create_object(actor, StageReached(agreement=agreement, stage=Stage.MOU_SIGNED, reached_on=signed))
            mou = create_object(
                actor,
                Document(
                    agreement=agreement, kind=DocumentKind.MOU, title="Kesepakatan Bersama", signed_on=signed
                ),
            )
            create_object(
                actor,
                DocumentNumber(
                    document=mou,
                    party=government.name,
                    is_own=True,
                    number=f"180/{number:03d}/KSD-TANBU/{signed.year}",
                ),
            )
            create_object(
                actor, DocumentNumber(document=mou, party="Mitra", number=f"119/{number:03d}/{signed.year}")
            )
            if rng.random() < 0.6:
                pks_day = signed + dt.timedelta(days=rng.randint(20, 120))
                create_object(
                    actor, StageReached(agreement=agreement, stage=Stage.PKS_SIGNED, reached_on=pks_day)
                )
                create_object(
                    actor,
                    Document(
                        agreement=agreement,
                        kind=DocumentKind.PKS,
                        parent=mou,
                        title="Perjanjian Kerja Sama",
                        signed_on=pks_day,
                    ),
                )
        created.append(agreement)
    _seed_round(actor, government, rng)
    _seed_last_year(actor, government, rng, today)
    return len(created)


DORMANT = 4  # agreements whose unit reported no activity last year either


def _seed_last_year(actor: Actor, government: Government, rng: random.Random, today: dt.date) -> None:
    """Last year's round, all submitted: activity reported for every agreement but a few (the
    dormant ones the dashboard calls out). Skipped when last year is the 2024 round's year."""
    year = today.year - 1
    if year <= ROUND_YEAR or EvaluationRound.objects.filter(government=government, year=year).exists():
        return
    evaluation_round = evaluations.open_round(
        actor, government, year, dt.date(year + 1, 1, 6), dt.date(year + 1, 2, 28)
    )
    rows = list(Evaluation.objects.filter(round=evaluation_round).order_by("id"))
    idle = {e.pk for e in rng.sample(rows, min(DORMANT, len(rows)))}
    for evaluation in rows:
        active = evaluation.pk not in idle
        changes = {
            "implementation": rng.choice(
                [
                    ImplementationStatus.ON_SCHEDULE,
                    ImplementationStatus.COMPLETED,
                    ImplementationStatus.DELAYED,
                ]
            )
            if active
            else ImplementationStatus.NOT_STARTED,
            "activities": "Pelaksanaan kegiatan bersama mitra sesuai PKS." if active else "",
            "benefit": "Layanan kepada masyarakat meningkat (data sintetis)." if active else "",
            "partner_performance": rng.choice(list(PartnerPerformance)),
            "recommendation": Recommendation.CONTINUE if active else Recommendation.REVISE,
        }
        evaluation = evaluations.save(actor, evaluation, changes, expected_version=evaluation.version)
        evaluations.submit(actor, evaluation, expected_version=evaluation.version)


def _seed_round(actor: Actor, government: Government, rng: random.Random) -> None:
    if EvaluationRound.objects.filter(government=government, year=ROUND_YEAR).exists():
        return
    evaluation_round = evaluations.open_round(
        actor, government, ROUND_YEAR, dt.date(ROUND_YEAR + 1, 1, 6), dt.date(ROUND_YEAR + 1, 2, 28)
    )
    for evaluation in Evaluation.objects.filter(round=evaluation_round).order_by("id"):
        if rng.random() < 0.5:
            continue  # about half not filled yet
        changes = {
            "implementation": rng.choice(
                [
                    ImplementationStatus.ON_SCHEDULE,
                    ImplementationStatus.COMPLETED,
                    ImplementationStatus.DELAYED,
                    ImplementationStatus.STALLED,
                ]
            ),
            "activities": "Koordinasi pelaksanaan dan pertemuan berkala dengan mitra.",
            "benefit": rng.choice(["", "Layanan kepada masyarakat meningkat (data sintetis)."]),
            "partner_performance": rng.choice(list(PartnerPerformance)),
            "recommendation": rng.choice(list(Recommendation)),
        }
        evaluation = evaluations.save(actor, evaluation, changes, expected_version=evaluation.version)
        if rng.random() < 0.7:
            evaluations.submit(actor, evaluation, expected_version=evaluation.version)


EVALUATION_REPORT = "tanbu-sosialisasi-evaluasi-kerja-sama.txt"
# Named in the published report; everyone else present is SYNTHETIC (generated names below).
REPORTED_PARTICIPANTS = [
    ("Ismail", "Kepala Bagian Pemerintahan Sekretariat Daerah", "PEM"),
    ("Sartika Dewi", "Panitia penyelenggara", "PEM"),
    (
        "Saiful Arifin",
        "Kepala Bagian Kerja Sama Biro Pemerintahan dan Otonomi Daerah Setda Provinsi Kalimantan Selatan",
        "",
    ),
]
PARTICIPANTS = 40
FIRST_NAMES = [
    "Ahmad",
    "Rina",
    "Muhammad",
    "Siti",
    "Budi",
    "Nurul",
    "Rahmat",
    "Fitri",
    "Hendra",
    "Dewi",
    "Yusuf",
    "Lina",
    "Agus",
    "Maya",
    "Fajar",
    "Wulan",
    "Rizky",
    "Aulia",
    "Hasan",
    "Ratna",
]
LAST_NAMES = [
    "Hidayat",
    "Rahman",
    "Saputra",
    "Lestari",
    "Syahrani",
    "Noor",
    "Fauzi",
    "Pratama",
    "Hairani",
    "Wijaya",
    "Gazali",
    "Anwar",
    "Ramadhani",
    "Mahdi",
    "Kurniawan",
]


@transaction.atomic
def seed_evaluation_meeting(actor: Actor) -> int:
    """The Sosialisasi Evaluasi Kerja Sama Daerah of 9 December 2024 (imported from the
    published report by demo.meetings) becomes the evaluation meeting of the 2024 round: every
    responsible unit invited, its 40 participants present (two per SKPD; the three people the
    report names and the rest SYNTHETIC), and its directive made follow-up actions linked to the
    agreements they concern. The meeting was imported as closed, so what the secretariat would
    have entered on the day is written here through the audited create (not the services that
    refuse changes to a closed meeting). Returns 1 when done, 0 when present or not applicable."""
    from sinergi.cooperation.dashboard import dormant
    from sinergi.cooperation.models import AgreementFollowUp
    from sinergi.extraction.models import ReportSource
    from sinergi.meetings import followups
    from sinergi.meetings.attendance import person_key
    from sinergi.meetings.choices import CheckinMethod, Rsvp
    from sinergi.meetings.models import Attendance, FollowUp, Invitation

    government = Government.objects.filter(region_id=GOVERNMENT).first()
    if government is None or registry.known(EVALUATION_MEETING_KEY):
        return 0
    source = ReportSource.objects.filter(file_name=EVALUATION_REPORT).select_related("meeting").first()
    evaluation_round = EvaluationRound.objects.filter(government=government, year=ROUND_YEAR).first()
    if evaluation_round is not None and evaluation_round.meeting_id:  # linked before the registry
        registry.remember(EVALUATION_MEETING_KEY, evaluation_round)
        return 0
    if source is None or evaluation_round is None:
        return 0
    registry.remember(EVALUATION_MEETING_KEY, evaluation_round)
    meeting = source.meeting
    evaluation_round = update_object(
        actor, evaluation_round, {"meeting": meeting}, expected_version=evaluation_round.version
    )
    units = list(
        Unit.objects.filter(
            pk__in=Evaluation.objects.filter(round=evaluation_round).values("unit_id")
        ).order_by("code")
    )
    invitations = {}
    for unit in units:
        invitations[unit.pk] = create_object(
            actor,
            Invitation(meeting=meeting, unit=unit, addressee=f"Kepala {unit.name}", rsvp=Rsvp.ACCEPTED),
        )
    rng = random.Random(SEED + 1)  # noqa: S311 - synthetic demo data
    start = meeting.starts_at
    people: list[tuple[str, str, Unit | None, str]] = []
    by_code = {u.code: u for u in Unit.objects.filter(government=government)}
    for name, position, code in REPORTED_PARTICIPANTS:
        people.append(
            (name, position, by_code.get(code), "" if code else "Pemerintah Provinsi Kalimantan Selatan")
        )
    skpd = [u for u in units if u.code != "PEM"]
    for index in range(PARTICIPANTS - len(people) if skpd else 0):
        unit = skpd[index % len(skpd)]
        position = "Pejabat pengelola kerja sama" if index < len(skpd) else "Staf bidang kerja sama"
        people.append((f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", position, unit, ""))
    seen = set()
    for minute, (name, position, unit, organization) in enumerate(people):
        key = person_key(name, unit, organization)
        if key in seen:
            name = f"{name} {rng.choice(LAST_NAMES)}"
            key = person_key(name, unit, organization)
        seen.add(key)
        create_object(
            actor,
            Attendance(
                meeting=meeting,
                invitation=invitations.get(unit.pk) if unit else None,
                name=name,
                unit=unit,
                organization=organization,
                position=position,
                person_key=key,
                method=CheckinMethod.MANUAL,
                checked_in_at=start - dt.timedelta(minutes=30 - minute % 30),
            ),
        )
    decision = meeting.decisions.order_by("order", "id").first()
    agreements = list(
        Agreement.objects.filter(
            pk__in=Evaluation.objects.filter(round=evaluation_round).values("agreement_id")
        )
    )
    # The registry's dates are relative to the day the demo is loaded: dormant on that day.
    today = timezone.localdate()
    # The directive: every SKPD evaluates per OPD (one action on all the round's agreements),
    # and each dormant agreement's unit reports what happened to it (one action each).
    actions = [
        (
            "Setiap SKPD mengisi evaluasi kerja sama Tahun 2024 per OPD, lengkap dengan bukti kegiatan.",
            evaluation_round.deadline,
            agreements,
        )
    ]
    for idle in dormant(government, today):
        actions.append(
            (
                f'Laporkan kegiatan kerja sama "{idle.title}" yang sudah ditandatangani tetapi belum '
                "berjalan, atau usulkan pengakhirannya.",
                dt.date(ROUND_YEAR + 1, 1, 31),
                [idle],
            )
        )
    for description, due, concerned in actions:
        if not concerned:
            continue
        units = list(Unit.objects.filter(agreements__in=concerned).distinct())
        follow_up = create_object(
            actor,
            FollowUp(
                government=government,
                meeting=meeting,
                decision=decision,
                description=description,
                due_date=due,
            ),
            m2m={"responsible_units": units},
        )
        followups.add_lines(actor, follow_up, units)
        for agreement in concerned:
            create_object(actor, AgreementFollowUp(agreement=agreement, follow_up=follow_up))
    return 1
