"""The Django side of report extraction: from a MeetingReport to a meeting record.

`draft_for(report, government)` prepares what the review page shows (officials matched against
the government's registry, with a choice when the match is unsure); `save_report(...)` writes
what the coordinator confirmed, in one transaction, through core.services (scope-checked and
audited): new officials, the meeting (closed when it already took place), each follow-up as a
directive and — where a responsible unit and a due date were given — a follow-up action, and the
report's text as the meeting's source (a report is imported once per government).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.core.services import Actor, create_object, update_object
from sinergi.extraction.models import ReportSource, digest
from sinergi.extraction.result import MeetingReport, Person
from sinergi.meetings import followups
from sinergi.meetings.choices import DecisionKind, MeetingKind, MeetingStatus
from sinergi.meetings.models import Decision, FollowUp, Meeting
from sinergi.regions.models import Government, Official, Unit
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
DEFAULT_START = dt.time(9, 0)
DEFAULT_END = dt.time(12, 0)


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
    """The report's title, else its kind and region (in Indonesian: the record's language)."""
    if report.title:
        return report.title[:300]
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
class ConfirmedReport:
    """What the coordinator confirmed on the review page (or the bulk import decided)."""

    government: Government
    organizer: Unit
    title: str
    kind: str
    date: dt.date
    start: dt.time = DEFAULT_START
    end: dt.time = DEFAULT_END
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
    source_text: str = ""
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


def _new_official(actor: Actor, government: Government, person: Person) -> Official:
    parts = split_titles(person.name)
    return create_object(
        actor,
        Official(
            government=government,
            name=parts.name[:150],
            front_title=parts.front_title[:50],
            back_title=parts.back_title[:80],
        ),
    )


@transaction.atomic
def save_report(actor: Actor, confirmed: ConfirmedReport, *, today: dt.date | None = None) -> Meeting:
    """Write the meeting confirmed from a report (all or nothing). ValidationError when the report
    was imported before for this government or a value is invalid; PermissionDenied when the
    actor may not write meetings of the organizer unit."""
    government = confirmed.government
    previous = already_imported(government, confirmed.source_text) if confirmed.source_text else None
    if previous:
        raise ValidationError(
            _("This report was imported before: %(meeting)s.") % {"meeting": previous.title}, code="duplicate"
        )
    zone = government.time_zone or "Asia/Jakarta"
    starts = dt.datetime.combine(confirmed.date, confirmed.start, tzinfo=ZoneInfo(zone))
    ends = dt.datetime.combine(confirmed.date, confirmed.end, tzinfo=ZoneInfo(zone))
    created = {person.name: _new_official(actor, government, person) for person in confirmed.new_officials}
    chair = confirmed.chair
    if confirmed.chair_is_new is not None:
        chair = created.get(confirmed.chair_is_new.name) or _new_official(
            actor, government, confirmed.chair_is_new
        )
    principal = confirmed.chair_for
    if confirmed.chair_for_is_new is not None:
        principal = created.get(confirmed.chair_for_is_new.name) or _new_official(
            actor, government, confirmed.chair_for_is_new)
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
    create_object(
        actor,
        ReportSource(
            meeting=meeting,
            government=government,
            text=confirmed.source_text,
            published=confirmed.published,
            file_name=confirmed.file_name[:255],
            extracted=confirmed.extracted,
            confirmed=confirmed.annotation,
        ),
    )
    today = today or timezone.localdate()
    if confirmed.date < today:
        meeting = update_object(
            actor,
            meeting,
            {"status": MeetingStatus.CLOSED, "closed_at": ends},
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
        follow_ups=[FollowUpInput(text) for text in report.follow_ups],
        source_text=text,
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
        "title": title or None,
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
        "start": DEFAULT_START,
        "end": DEFAULT_END,
        "venue": report.venue or "",
        "chair_position": (report.chair.position or "") if report.chair else "",
        "chair_for_position": (report.chair_for.position or "") if report.chair_for else "",
        "minutes": summary_markdown(report),
    }
