"""The evaluation report for the head of region (laporan evaluasi kerja sama daerah), per OPD:
summary, a table per unit with each agreement's score and recommendation, the agreements that
expire next year, the agreements with no activity reported, and the recommendations — as PDF
(Typst, core.pdf) and xlsx (openpyxl). The data is built once and shared by both.

Built for a user, the report holds what that user may see (core.scope): a unit's report has its
own evaluations and agreements only, its summary and rollups computed over them, and says so
on its face ("limited to the units: …"); a coordinator's has the whole government's."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import asdict
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from sinergi.cooperation import evaluation as evaluations
from sinergi.cooperation import rules as cooperation_rules
from sinergi.cooperation.choices import ImplementationStatus, Recommendation
from sinergi.cooperation.models import Agreement, EvaluationRound
from sinergi.core.formatting import long_date, rupiah
from sinergi.core.pdf import render_pdf
from sinergi.core.scope import scoped, user_scope
from sinergi.core.spreadsheets import EXCEL_DATE_FORMAT, PERCENT_FORMAT, RUPIAH_FORMAT
from sinergi.core.text import printable_data
from sinergi.documents import naskah
from sinergi.monitoring.achievement import BANDS
from sinergi.regions.models import Unit

NO_ACTIVITY = (ImplementationStatus.NOT_STARTED, ImplementationStatus.STALLED)
ROLLUPS = (
    ("unit", gettext_lazy("per unit")),
    ("partner", gettext_lazy("per partner")),
    ("kind", gettext_lazy("per kind of cooperation")),
    ("object", gettext_lazy("per government affair")),
)


def limited_to(evaluation_round: EvaluationRound, user: Any) -> list[str] | None:
    """The names of the units `user`'s view of the round is limited to; None when the user sees
    the whole government (administrators, the government's coordinators) or no user is given."""
    if user is None:
        return None
    scope = user_scope(user)
    if scope.is_global or evaluation_round.government_id in scope.whole_governments:
        return None
    return list(
        Unit.objects.filter(government=evaluation_round.government_id, path__in=scope.unit_paths)
        .order_by("path")
        .values_list("name", flat=True)
    )


def limited_line(evaluation_round: EvaluationRound, user: Any) -> str | None:
    """"Limited to the units: …" when the user's view of the round is limited, else None."""
    limited = limited_to(evaluation_round, user)
    if limited is None:
        return None
    return _("Limited to the units: %(units)s") % {"units": ", ".join(limited) or "–"}


def report_data(
    evaluation_round: EvaluationRound, *, user: Any = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The report's content, in Indonesian whatever the reader's language (an official
    document); with `user`, only what the user may see (see the module docstring). Without a
    user (the system), the whole round."""
    with translation.override("id"):
        return _report_data(evaluation_round, user=user, today=today)


def score_rule() -> str:
    """How a score is made (cooperation.rules.score), said on the report."""
    w = cooperation_rules.WEIGHTS
    return (f"Nilai setiap kerja sama (0–100) = {w['documents']:.0f}% kelengkapan dokumen (D) + "
            f"{w['on_time']:.0f}% ketepatan waktu pelaksanaan (W) + {w['realization']:.0f}% realisasi "
            f"janji PKS (R) + {w['benefit']:.0f}% manfaat yang diuraikan dan dibuktikan (M); setiap "
            "bagian dinilai 0–100. Hanya evaluasi yang telah diajukan atau diverifikasi yang dinilai "
            "dan dihitung dalam rata-rata. Kategori nilai mengikuti Permendagri 86/2017:")


def _bands() -> list[list[str]]:
    rows, upper = [], None
    for bound in BANDS:
        if bound.lower is None:
            text = f"< {upper}" if upper is not None else "–"
        elif upper is None:
            text = f"≥ {bound.lower}"
        else:
            text = f"{bound.lower}–< {upper}"
        rows.append([bound.band.label_id, text])
        upper = bound.lower
    return rows


def _parts(score) -> str:
    p = score.parts
    return " · ".join(f"{key} {int(p[name]) if p[name] == int(p[name]) else p[name]}".replace(".", ",")
                      for key, name in (("D", "documents"), ("W", "on_time"), ("R", "realization"),
                                        ("M", "benefit")))


def _report_data(evaluation_round: EvaluationRound, *, user: Any, today: dt.date | None) -> dict[str, Any]:
    today = today or evaluation_round.government.today()
    pairs = evaluations.scored(evaluation_round, user)
    # Scores, rollups and averages count the submitted and verified evaluations only.
    counted = evaluations.counted(pairs)
    final = {evaluation.pk for evaluation, _score in counted}
    completeness = evaluations.completeness(evaluation_round, user)
    per_unit: dict[str, list[dict[str, str]]] = defaultdict(list)
    recommendations: dict[str, int] = defaultdict(int)
    no_activity = []
    for evaluation, score in sorted(pairs, key=lambda p: (p[0].unit.path, p[0].agreement.title)):
        per_unit[evaluation.unit.name].append(
            {
                "title": evaluation.agreement.title,
                "partners": "; ".join(str(p) for p in evaluation.agreement.partners.all()),
                "implementation": str(evaluation.get_implementation_display()),
                "status": str(evaluation.get_status_display()),
                "score": f"{score.value}".replace(".", ",") if evaluation.pk in final else "–",
                "score_value": score.value if evaluation.pk in final else None,
                "parts": _parts(score) if evaluation.pk in final else "–",
                "band": score.band.label_id if evaluation.pk in final else "–",
                "recommendation": str(evaluation.get_recommendation_display() or "–"),
            }
        )
        if evaluation.recommendation:
            recommendations[str(Recommendation(evaluation.recommendation).label)] += 1
        if evaluation.implementation in NO_ACTIVITY:
            no_activity.append(
                {
                    "title": evaluation.agreement.title,
                    "unit": evaluation.unit.name,
                    "implementation": str(evaluation.get_implementation_display()),
                }
            )
    next_year = evaluation_round.year + 1
    expiring = Agreement.objects.filter(government=evaluation_round.government, end__year=next_year)
    if user is not None:
        expiring = scoped(expiring, user)
    expiring = expiring.exclude(terminated_on__isnull=False).order_by("end", "title")
    rollups = [
        {
            "title": str(title),
            "rows": [
                [g.key, str(g.count), f"{g.average}".replace(".", ",")]
                for g in evaluations.rollup(counted, by)
            ],
        }
        for by, title in ROLLUPS
    ]
    scores = [score.value for _e, score in counted]
    average = (sum(scores) / len(scores)).quantize(scores[0]) if scores else None
    government = evaluation_round.government
    sekda = naskah.secretariat_head(government)
    return {
        "kop": naskah.kop_for(government, sekda, naskah.secretariat_unit(government)).as_data(),
        "place_date": naskah.place_date(government, today),
        "signature": asdict(naskah.own_signature(sekda, today, fallback_title="Sekretaris Daerah")),
        "rule": score_rule(),
        "bands": _bands(),
        "counts": {"evaluated": completeness.agreements_evaluated, "agreements": completeness.agreements,
                   "submitted": completeness.units_submitted, "units": completeness.units,
                   "average": average},
        "title": _("Evaluation of regional cooperation %(year)s") % {"year": evaluation_round.year},
        "government": evaluation_round.government.name,
        # None, or the line that says the report covers the user's units only.
        "limited": limited_line(evaluation_round, user),
        "generated": long_date(today),
        "summary": [
            [_("Agreements evaluated"), f"{completeness.agreements_evaluated} / {completeness.agreements}"],
            [_("Units that submitted"), f"{completeness.units_submitted} / {completeness.units}"],
            [_("Average score"), f"{average}".replace(".", ",") if average is not None else "–"],
        ],
        "units": [{"name": name, "rows": rows} for name, rows in per_unit.items()],
        "rollups": rollups,
        "expiring": [
            {
                "title": a.title,
                "end": long_date(a.end),
                "value": rupiah(a.value) if a.value is not None else "–",
                "end_date": a.end,
                "amount": a.value,
            }
            for a in expiring
        ],
        "no_activity": no_activity,
        "recommendations": [[label, str(count)] for label, count in sorted(recommendations.items())],
        "labels": {
            "summary": _("Summary"),
            "per_unit": _("Agreements per unit"),
            "rollups": _("Average score"),
            "count": _("Agreements"),
            "agreement": _("Agreement"),
            "partners": _("Partners"),
            "implementation": _("Implementation"),
            "status": _("Status"),
            "score": _("Score"),
            "band": _("Band"),
            "recommendation": _("Recommendation"),
            "parts": "Bagian nilai (D · W · R · M)",
            "rule_title": "Cara penilaian",
            "expiring": _("Agreements that expire in %(year)s") % {"year": next_year},
            "ends": _("Ends"),
            "value": _("Value"),
            "no_activity": _("Agreements with no activity"),
            "unit": _("Unit"),
            "recommendations": _("Recommendations"),
            "none": _("None."),
            "generated": _("Generated on"),
            "evaluated": _("Agreements evaluated"),
            "submitted": _("Units that submitted"),
            "average_score": _("Average score"),
        },
    }


def report_pdf(evaluation_round: EvaluationRound, **kwargs) -> bytes:
    return render_pdf("cooperation/evaluation_report.typ", report_data(evaluation_round, **kwargs))


def report_xlsx(evaluation_round: EvaluationRound, **kwargs) -> bytes:
    data = printable_data(report_data(evaluation_round, **kwargs))
    labels = data["labels"]
    book = Workbook()
    sheet = book.active
    sheet.title = "Ringkasan"
    sheet.append([data["title"]])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([data["government"]])
    if data["limited"]:
        sheet.append([data["limited"]])
        sheet.cell(sheet.max_row, 1).font = Font(italic=True)
    sheet.append([])
    counts = data["counts"]
    sheet.append([labels["evaluated"], counts["evaluated"], counts["agreements"]])
    sheet.append([labels["submitted"], counts["submitted"], counts["units"]])
    average = counts["average"]
    sheet.append([labels["average_score"], float(average) if average is not None else None])
    sheet.cell(sheet.max_row, 2).number_format = PERCENT_FORMAT
    sheet.append([])
    sheet.append([labels["recommendations"]])
    for label, count in data["recommendations"]:
        sheet.append([label, int(count)])
    totals = book.create_sheet("Rekap")
    for rollup in data["rollups"]:
        totals.append([f"{labels['rollups']} {rollup['title']}"])
        totals.cell(totals.max_row, 1).font = Font(bold=True)
        totals.append(["", labels["count"], labels["score"]])
        for key, count, average in rollup["rows"]:
            totals.append([key, int(count), float(average.replace(",", "."))])
        totals.append([])
    units = book.create_sheet("Per OPD")
    header = [
        labels["unit"],
        labels["agreement"],
        labels["partners"],
        labels["implementation"],
        labels["status"],
        labels["score"],
        labels["band"],
        labels["recommendation"],
    ]
    units.append(header)
    for unit in data["units"]:
        for row in unit["rows"]:
            units.append(
                [
                    unit["name"],
                    row["title"],
                    row["partners"],
                    row["implementation"],
                    row["status"],
                    float(row["score_value"]) if row["score_value"] is not None else None,
                    row["band"],
                    row["recommendation"],
                ]
            )
    for cell in units[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    units.freeze_panes = "A2"
    expiring = book.create_sheet("Berakhir")
    expiring.append([labels["agreement"], labels["ends"], labels["value"]])
    for row in data["expiring"]:  # the dates and amounts as such, shown the Indonesian way
        amount = row["amount"]
        expiring.append([row["title"], row["end_date"], float(amount) if amount is not None else None])
        expiring.cell(expiring.max_row, 2).number_format = EXCEL_DATE_FORMAT
        expiring.cell(expiring.max_row, 3).number_format = RUPIAH_FORMAT
    idle = book.create_sheet("Tanpa kegiatan")
    idle.append([labels["agreement"], labels["unit"], labels["implementation"]])
    for row in data["no_activity"]:
        idle.append([row["title"], row["unit"], row["implementation"]])
    for ws in book.worksheets:
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def issue_report(actor: Any, evaluation_round: EvaluationRound):
    """Issue the whole round's report (what the coordinator sends to the head of region): a
    verifiable PDF kept as issued (documents.issuing), the Sekda's signature, no agenda
    number."""
    from django.core.exceptions import ValidationError

    from sinergi.documents import issuing
    from sinergi.documents.models import DocumentKind

    government = evaluation_round.government
    unit = naskah.secretariat_unit(government) or Unit.objects.filter(
        government=government, parent__isnull=True).order_by("pk").first()
    if unit is None:
        raise ValidationError(_("The government has no unit to issue the report from."))
    data = report_data(evaluation_round)
    signature = data["signature"]

    def render(stamp):
        return render_pdf("cooperation/evaluation_report.typ", {**data, "verification": stamp.verification()})

    return issuing.issue(
        actor, kind=DocumentKind.COOPERATION_REPORT, government=government, unit=unit,
        date=government.today(), subject=data["title"], render=render,
        file_name=f"evaluasi-kerja-sama-{government.region_id}-{evaluation_round.year}.pdf",
        signer_name=signature["name"], signer_position=" ".join(signature["lines"]).rstrip(","),
        source=evaluation_round)
