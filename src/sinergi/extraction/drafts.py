"""The Django side of report extraction: from a MeetingReport to a meeting record.

`match_officials(...)` prepares what the review page shows (officials matched against the
government's registry, with a choice when the match is unsure); `save_report(...)` writes what
the coordinator accepted, in one transaction, through core.services (scope-checked and
audited): new officials with the position the report gives them, the meeting (its time unknown
when the report gives none), each follow-up as a directive and — where a responsible unit and a
due date were given — a follow-up action, the commitments, the problems the reviewer accepted
into the register, and the report's text and headline as the meeting's source (a report is
imported once per government).

The record is a draft until `confirm_report(...)`: until then the meeting is corrected like any
planned meeting; confirming closes a meeting that took place (afterwards it changes only through
amendments with a reason). What the reviewer confirmed is kept beside what the extractor read
(`annotation_of(source)`, the development set's shape), so every correction teaches.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.core.scope import Action, can
from sinergi.core.services import Actor, create_object, update_object
from sinergi.extraction.models import ReportSource, digest
from sinergi.extraction.result import MeetingReport, Person
from sinergi.meetings import followups
from sinergi.meetings import rules as meeting_rules
from sinergi.meetings.choices import CommitmentKind, DecisionKind, MeetingKind, MeetingStatus
from sinergi.meetings.models import Commitment, Decision, FollowUp, Meeting
from sinergi.problems import rules as problem_rules
from sinergi.problems.models import Problem
from sinergi.regions.choices import Capacity, PositionGrade
from sinergi.regions.models import Government, Official, Position, PositionTerm, Unit
from sinergi.regions.rules import split_titles

KIND_BY_EVENT = {
    "rapat_koordinasi": MeetingKind.COORDINATION,
    "sosialisasi": MeetingKind.SOCIALIZATION,
    "evaluasi": MeetingKind.EVALUATION,
    "musrenbang": MeetingKind.MUSRENBANG,
    "audiensi": MeetingKind.AUDIENCE,
    "lainnya": MeetingKind.OTHER,
}
# The language of a meeting's record (its minutes and title, printed in the notulen).
RECORD_LANGUAGE = "id"


def _tokens(name: str) -> set[str]:
    return set(re.findall(r"[a-z]+", split_titles(name).name.casefold()))


@dataclass
class OfficialChoice:
    """One person the report names, and the registry's officials that may be that person."""

    person: Person
    candidates: list[Official] = field(default_factory=list)
    match: Official | None = None  # set when the match is sure

    @property
    def sure(self) -> bool:
        return self.match is not None


def match_officials(government: Government, persons: list[Person]) -> list[OfficialChoice]:
    """Match each person against the government's officials (one query): the same name (titles
    and degrees aside) is sure; a name whose words all appear in one official's name ("Bonifasius
    Geh" / "Bonifasius Belawan Geh") is sure when only one official fits; otherwise candidates
    sharing a word are offered, best first."""
    officials = list(Official.objects.filter(government=government).order_by("name"))
    known = [(official, _tokens(official.name)) for official in officials]
    choices = []
    for person in persons:
        wanted = _tokens(person.name)
        exact = [o for o, tokens in known if tokens == wanted]
        contained = [o for o, tokens in known if wanted and (wanted <= tokens or tokens <= wanted)]
        overlapping = sorted(
            (
                (len(wanted & tokens) / max(len(wanted | tokens), 1), o)
                for o, tokens in known
                if wanted & tokens
            ),
            key=lambda pair: -pair[0],
        )
        match = exact[0] if len(exact) == 1 else (contained[0] if len(contained) == 1 and not exact else None)
        candidates = list(dict.fromkeys([*exact, *contained, *(o for _score, o in overlapping)]))[:5]
        choices.append(OfficialChoice(person, candidates, match))
    return choices


def government_for(report: MeetingReport) -> Government | None:
    if not report.region_code:
        return None
    return Government.objects.filter(region_id=report.region_code).first()


def default_organizer(government: Government) -> Unit | None:
    """The unit that usually organizes a rakor: the Bagian (Tata) Pemerintahan, else the
    Sekretariat Daerah, else the first unit."""
    units = Unit.objects.filter(government=government).order_by("path")
    return (
        units.filter(name__icontains="pemerintahan", kind="section").first()
        or units.filter(kind="secretariat").first()
        or units.first()
    )


def default_title(report: MeetingReport) -> str:
    """The meeting's title proposed from the event the report describes ("Rapat Koordinasi Camat
    se-Kabupaten Kutai Timur Triwulan III"), not its headline (kept as the source's title); else
    its kind and region (in Indonesian: the record's language)."""
    if report.meeting_title:
        return report.meeting_title[:300]
    with translation.override(RECORD_LANGUAGE):
        kind = KIND_BY_EVENT.get(report.event_type or "", MeetingKind.COORDINATION)
        parts = [str(kind.label).split(" (")[0], report.region or ""]
        return " ".join(p for p in parts if p).strip() or _("Meeting from a report")


def summary_markdown(report: MeetingReport) -> str:
    """What the report states besides the record's fields, as the meeting's minutes (Markdown).
    Written in Indonesian whatever the language of the page or command that imports it: the
    minutes are the meeting's record, printed in its notulen."""
    with translation.override(RECORD_LANGUAGE):
        lines = [_("*Recorded from a published report.*"), ""]
        if report.participant_count:
            lines.append(_("Participants: %(count)s.") % {"count": report.participant_count})
        if report.organizations:
            lines += ["", f"**{_('Units and organizations')}**", ""]
            lines += [f"- {name}" for name in report.organizations]
        if report.figures:
            lines += ["", f"**{_('Figures')}**", ""]
            lines += [f"- {figure.context}" for figure in report.figures]
        if report.regulations:
            lines += ["", f"**{_('Regulations cited')}**", ""]
            lines += [f"- {citation}" for citation in report.regulations]
        if report.follow_ups:
            lines += ["", f"**{_('Follow-ups stated')}**", ""]
            lines += [f"- {text}" for text in report.follow_ups]
    return "\n".join(lines).strip()


_PARTICIPANTS = re.compile(r"Participants: (\d+)\.")


def in_indonesian(minutes: str) -> str:
    """Minutes of a report imported before summary_markdown wrote Indonesian (a bulk import ran
    without a language): the lines it wrote in English, in Indonesian. Other lines unchanged."""
    with translation.override(RECORD_LANGUAGE):
        labels = {
            "**Units and organizations**": f"**{_('Units and organizations')}**",
            "**Figures**": f"**{_('Figures')}**",
            "**Regulations cited**": f"**{_('Regulations cited')}**",
            "**Follow-ups stated**": f"**{_('Follow-ups stated')}**",
            "*Recorded from a published report.*": _("*Recorded from a published report.*"),
        }
        lines = []
        for line in (minutes or "").split("\n"):
            stripped = line.strip()
            participants = _PARTICIPANTS.fullmatch(stripped)
            if stripped in labels:
                line = labels[stripped]
            elif participants:
                line = _("Participants: %(count)s.") % {"count": participants.group(1)}
            lines.append(line)
    return "\n".join(lines)


@dataclass
class FollowUpInput:
    text: str
    units: list[Unit] = field(default_factory=list)
    due_date: dt.date | None = None


@dataclass
class ProblemInput:
    text: str
    category: str = ""


@dataclass
class ConfirmedReport:
    """What the coordinator confirmed on the review page (or the bulk import decided)."""

    government: Government
    organizer: Unit
    title: str
    kind: str
    date: dt.date
    # None: the report gives no time (the meeting's time is then unknown, never invented).
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str = ""
    description: str = ""
    minutes: str = ""
    chair: Official | None = None
    chair_position: str = ""
    new_officials: list[Person] = field(default_factory=list)
    chair_is_new: Person | None = None
    # Whom the chair represented (then the meeting's chair, and the one present its delegate).
    chair_for: Official | None = None
    chair_for_is_new: Person | None = None
    chair_for_position: str = ""
    follow_ups: list[FollowUpInput] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    problems: list[ProblemInput] = field(default_factory=list)
    source_text: str = ""
    headline: str = ""
    published: dt.date | None = None
    file_name: str = ""
    # The extractor's reading and the record as confirmed, in the development set's shape.
    extracted: dict | None = None
    annotation: dict | None = None


def already_imported(government: Government, text: str) -> Meeting | None:
    source = (
        ReportSource.objects.filter(government=government, digest=digest(text))
        .select_related("meeting")
        .first()
    )
    return source.meeting if source else None


CAPACITY_WORDS = [
    (Capacity.PLT, r"plt\.?|pelaksana\s+tugas"),
    (Capacity.PLH, r"plh\.?|pelaksana\s+harian"),
    (Capacity.PJS, r"pjs\.?|penjabat\s+sementara"),
    (Capacity.PJ, r"pj\.?|penjabat"),
]
GRADE_WORDS = [
    (PositionGrade.DEPUTY_HEAD, r"wakil\s+(?:bupati|wali\s*kota|gubernur)\b"),
    (PositionGrade.REGIONAL_HEAD, r"(?:bupati|wali\s*kota|gubernur)\b"),
    (PositionGrade.JPT_MADYA, r"sekretaris\s+daerah\s+provinsi\b"),
    (PositionGrade.JPT_PRATAMA, r"(?:sekretaris\s+daerah|asisten|staf\s+ahli|kepala\s+(?:dinas|badan))\b"),
    (PositionGrade.ADMINISTRATOR, r"(?:camat|kepala\s+distrik|kepala\s+bagian|kabag|sekretaris\s+dinas)\b"),
    (PositionGrade.SUPERVISOR, r"(?:lurah|kepala\s+sub\s*bagian|kasubbag|kepala\s+seksi|kasi)\b"),
]


def capacity_and_title(position: str) -> tuple[str, str]:
    """("plt", "Kepala Dinas Kesehatan") of "Plt. Kepala Dinas Kesehatan"."""
    text = " ".join(position.split())
    for capacity, pattern in CAPACITY_WORDS:
        match = re.match(rf"(?:{pattern})\s+", text, re.I)
        if match:
            return capacity, text[match.end():]
    return Capacity.DEFINITIVE, text


def _unit_named_in(units: list[Unit], title: str) -> Unit | None:
    """The unit (of the government's `units`) whose name the position names ("Kepala Dinas
    Kesehatan" → Dinas Kesehatan), the longest name first; None for the region's own offices
    (Bupati, Sekda)."""
    folded = title.casefold()
    named = [u for u in units if u.name and u.name.casefold() in folded]
    return max(named, key=lambda u: len(u.name), default=None)


def _hold_position(actor: Actor, official: Official, position: str, day: dt.date, units: list[Unit]) -> None:
    """Record that `official` held `position` on `day` (the meeting's): the government's
    position of that title (created when new) and a term from that day in the capacity the
    title gives (Plt., Pj. …). A term that would clash with one on record is not written: the
    registry's own record wins, and the official stays without it."""
    capacity, title = capacity_and_title(position)
    title = title[:200].strip(" ,.")
    if not title:
        return
    government = official.government
    unit = _unit_named_in(units, title)
    held = Position.objects.filter(government=government, unit=unit, title__iexact=title).first()
    if held is None:
        grade = next((g for g, pattern in GRADE_WORDS if re.match(pattern, title, re.I)), PositionGrade.OTHER)
        held = create_object(actor, Position(government=government, unit=unit, title=title, grade=grade))
    try:
        with transaction.atomic():
            create_object(actor, PositionTerm(position=held, official=official, capacity=capacity, start=day))
    except ValidationError:
        pass  # someone else holds it then, on record: the registry is not overwritten


def _new_official(actor: Actor, government: Government, person: Person,
                  day: dt.date | None = None, units: list[Unit] = ()) -> Official:
    """`person` added to the registry, holding on `day` the position the report gives them
    (`units`: the government's, read once by the caller)."""
    parts = split_titles(person.name)
    official = create_object(
        actor,
        Official(
            government=government,
            name=parts.name[:150],
            front_title=parts.front_title[:50],
            back_title=parts.back_title[:80],
        ),
    )
    if person.position and day is not None:
        _hold_position(actor, official, person.position, day, list(units))
    return official


@transaction.atomic
def save_report(actor: Actor, confirmed: ConfirmedReport, *, today: dt.date | None = None,
                confirm: bool = False) -> Meeting:
    """Write the meeting read from a report (all or nothing), as a draft to be confirmed
    (`confirm=True` confirms it at once). ValidationError when the report was imported before for
    this government or a value is invalid; PermissionDenied when the actor may not write meetings
    of the organizer unit."""
    government = confirmed.government
    previous = already_imported(government, confirmed.source_text) if confirmed.source_text else None
    if previous:
        raise ValidationError(
            _("This report was imported before: %(meeting)s.") % {"meeting": previous.title}, code="duplicate"
        )
    zone = government.time_zone or "Asia/Jakarta"
    day = confirmed.date
    time_known = confirmed.start is not None
    if time_known:
        starts = meeting_rules.make_aware(day, confirmed.start, zone)
        end = confirmed.end or (dt.datetime.combine(day, confirmed.start) + dt.timedelta(hours=3)).time()
        ends = meeting_rules.make_aware(day, end, zone)
        if ends <= starts:  # "pukul 21.00-selesai": to the day's end
            ends = meeting_rules.make_aware(day, dt.time(23, 59), zone)
    else:
        starts, ends = meeting_rules.day_bounds(day, zone)
    newcomers = [*confirmed.new_officials, confirmed.chair_is_new, confirmed.chair_for_is_new]
    units = list(Unit.objects.filter(government=government)) if any(newcomers) else []
    created = {person.name: _new_official(actor, government, person, day, units)
               for person in confirmed.new_officials}
    chair = confirmed.chair
    if confirmed.chair_is_new is not None:
        chair = created.get(confirmed.chair_is_new.name) or _new_official(
            actor, government, confirmed.chair_is_new, day, units
        )
    principal = confirmed.chair_for
    if confirmed.chair_for_is_new is not None:
        principal = created.get(confirmed.chair_for_is_new.name) or _new_official(
            actor, government, confirmed.chair_for_is_new, day, units)
    # Represented: the meeting's chair is the one represented, chaired through the one present.
    delegate, delegate_position = (chair, confirmed.chair_position) if principal else (None, "")
    chair_position = confirmed.chair_for_position if principal else confirmed.chair_position
    if principal:
        chair = principal
    meeting = create_object(
        actor,
        Meeting(
            government=government,
            organizer=confirmed.organizer,
            kind=confirmed.kind,
            title=confirmed.title[:300],
            description=confirmed.description,
            starts_at=starts,
            ends_at=ends,
            time_known=time_known,
            time_zone=zone,
            venue=confirmed.venue[:200],
            chair=chair,
            chair_position=chair_position[:200],
            chair_delegate=delegate,
            chair_delegate_position=delegate_position[:200],
            minutes=confirmed.minutes,
        ),
    )
    for order, item in enumerate(confirmed.follow_ups, start=1):
        decision = create_object(
            actor, Decision(meeting=meeting, order=order, kind=DecisionKind.DIRECTIVE, text=item.text)
        )
        if item.units and item.due_date:
            follow_up = create_object(
                actor,
                FollowUp(
                    government=government,
                    meeting=meeting,
                    decision=decision,
                    description=item.text,
                    due_date=item.due_date,
                ),
                m2m={"responsible_units": item.units},
            )
            followups.add_lines(actor, follow_up, item.units)
    for text in confirmed.commitments:
        text = " ".join(text.split())
        if text:
            create_object(actor, Commitment(meeting=meeting, kind=CommitmentKind.JOINT,
                                            title=_shorten(text, 300), text=text))
    for problem in confirmed.problems:
        text = " ".join(problem.text.split())
        if text:
            create_object(
                actor,
                Problem(government=government, unit=confirmed.organizer,
                        category=problem.category or problem_rules.category_of(text),
                        title=_shorten(text, 300), description=text, raised_on=confirmed.date),
                m2m={"meetings": [meeting]},
            )
    source = create_object(
        actor,
        ReportSource(
            meeting=meeting,
            government=government,
            text=confirmed.source_text,
            published=confirmed.published,
            file_name=confirmed.file_name[:255],
            headline=(confirmed.headline or "")[:500],
            extracted=confirmed.extracted,
            confirmed=confirmed.annotation,
        ),
    )
    if confirm:
        meeting = confirm_report(actor, source, today=today)
    return meeting


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def source_of(meeting: Meeting) -> ReportSource | None:
    """The report a meeting was recorded from, if any."""
    try:
        return meeting.report_source
    except ReportSource.DoesNotExist:
        return None


@transaction.atomic
def confirm_report(actor: Actor, source: ReportSource, *, today: dt.date | None = None) -> Meeting:
    """Confirm the record read from a report: what it says now (after the reviewer's
    corrections) is kept as the confirmed case, and a meeting that already took place is closed
    (from then on corrected only through amendments with a reason). ValidationError when it was
    confirmed before; PermissionDenied when the actor may not change the meeting."""
    source = ReportSource.objects.select_for_update().select_related("meeting").get(pk=source.pk)
    if source.confirmed_at is not None:
        raise ValidationError(_("This record was confirmed before."), code="confirmed")
    meeting = source.meeting
    if actor.user is not None and not can(actor.user, Action.CHANGE, meeting):
        raise PermissionDenied
    update_object(
        actor, source,
        {"confirmed_at": timezone.now(), "confirmed_by": actor.user, "confirmed": annotation_of(source)},
        expected_version=None,
    )
    meeting = Meeting.objects.get(pk=meeting.pk)
    today = today or meeting.government.today()
    day = meeting_rules.local(meeting.starts_at, meeting.time_zone).date()
    if day < today and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.OPEN):
        meeting = update_object(
            actor, meeting, {"status": MeetingStatus.CLOSED, "closed_at": meeting.ends_at},
            expected_version=meeting.version,
        )
    return meeting


def confirmed_from_report(
    report: MeetingReport, government: Government, organizer: Unit, *, text: str, file_name: str = ""
) -> ConfirmedReport | None:
    """The record a bulk import writes without review: only what the report states and what
    matches the registry for sure (an unsure chair is left empty; follow-ups become directives).
    None when the report gives no date."""
    if report.event_date is None:
        return None
    chair = principal = None
    if report.chair:
        choice = match_officials(government, [report.chair])[0]
        chair = choice.match
    if report.chair_for:
        principal = match_officials(government, [report.chair_for])[0].match
    return ConfirmedReport(
        government=government,
        organizer=organizer,
        title=default_title(report),
        kind=KIND_BY_EVENT.get(report.event_type or "", MeetingKind.OTHER),
        date=report.event_date,
        venue=report.venue or "",
        minutes=summary_markdown(report),
        chair=chair,
        chair_position=(report.chair.position or "") if report.chair else "",
        chair_for=principal,
        chair_for_position=(report.chair_for.position or "") if report.chair_for else "",
        start=report.starts,
        end=report.ends,
        follow_ups=[FollowUpInput(text) for text in report.follow_ups],
        source_text=text,
        headline=report.title or "",
        published=report.published,
        file_name=file_name,
    )


EVENT_BY_KIND = {kind: event for event, kind in KIND_BY_EVENT.items()}


def annotation(report: MeetingReport, *, title: str, kind: str, date: dt.date | None, venue: str,
               chair: tuple[str, str] | None, chair_for: tuple[str, str] | None,
               officials: list[tuple[str, str]], follow_ups: list[str]) -> dict[str, Any]:
    """The record as the reviewer confirmed it, in the shape of the development set's
    annotations (../shared/examples/annotations): the fields the review page edits as confirmed,
    the others as read."""
    read = report.as_json()

    def person(pair: tuple[str, str] | None) -> dict | None:
        return {"name": pair[0], "position": pair[1] or None} if pair else None

    return {
        **{key: read[key] for key in ("region", "organizations", "participant_count", "figures",
                                      "regulations", "acronyms")},
        # The development set's "title" is the report's headline (not corrected on the review
        # page); the meeting's title as confirmed is "meeting_title".
        "title": read["title"],
        "meeting_title": title or None,
        "event_type": EVENT_BY_KIND.get(kind, "lainnya"),
        "event_date": date.isoformat() if date else None,
        "venue": venue or None,
        "chair": person(chair),
        "chair_for": person(chair_for),
        "officials": [person(pair) for pair in officials],
        "follow_ups": follow_ups,
        "_published": report.published.isoformat() if report.published else None,
    }


def as_initial(report: MeetingReport) -> dict[str, Any]:
    """Initial values of the review form."""
    return {
        "title": default_title(report),
        "kind": KIND_BY_EVENT.get(report.event_type or "", MeetingKind.OTHER),
        "date": report.event_date,
        "start": report.starts,  # None: the report gives no time (unknown, never invented)
        "end": report.ends,
        "venue": report.venue or "",
        "chair_position": (report.chair.position or "") if report.chair else "",
        "chair_for_position": (report.chair_for.position or "") if report.chair_for else "",
        "minutes": summary_markdown(report),
    }


def annotation_of(source: ReportSource) -> dict[str, Any]:
    """The record as it stands, in the development set's shape: what the reviewer confirmed on
    the review page (or, for a bulk import, what was read), with the meeting's title, kind, day,
    venue, chair (and whom they represented) and directives as they are now — so corrections made
    on the meeting after saving, and amendments, teach as well."""
    meeting = (Meeting.objects.select_related("chair", "chair_delegate").get(pk=source.meeting_id))
    case = dict(source.confirmed or source.extracted or {})

    def person(official: Official | None, position: str, key: str) -> dict | None:
        if official is None:
            return None
        before = case.get(key) or {}
        same = before.get("name") and _tokens(before["name"]) == _tokens(official.name)
        return {"name": before["name"] if same else official.full_name, "position": position or None}

    if meeting.chair_delegate_id:  # represented: the one present chaired for the meeting's chair
        chair = person(meeting.chair_delegate, meeting.chair_delegate_position, "chair")
        chair_for = person(meeting.chair, meeting.chair_position, "chair_for")
    else:
        chair = person(meeting.chair, meeting.chair_position, "chair")
        chair_for = None
    directives = list(meeting.decisions.order_by("order", "pk").values_list("text", flat=True))
    case.update({
        "title": source.headline or case.get("title"),
        "meeting_title": meeting.title,
        "event_type": EVENT_BY_KIND.get(meeting.kind, "lainnya"),
        "event_date": meeting_rules.local(meeting.starts_at, meeting.time_zone).date().isoformat(),
        "venue": meeting.venue or None,
        "chair": chair,
        "chair_for": chair_for,
        "follow_ups": directives,
    })
    return case
