"""Read an Indonesian meeting report (press release, news article) into a structured draft.

    from sinergi.extraction import extract
    report = extract(text, published=date(2024, 12, 10))
    report.as_json()   # the shape `sinergi extract --json` prints

A pure library: no Django, no database, no network, no model download. Rules are written for
the language of Indonesian government news (see each module), not for particular texts.
Any input returns a result (possibly empty, with warnings) in bounded time.
"""

from __future__ import annotations

import datetime as dt
import re

from sinergi.extraction import (
    acronyms,
    dates,
    figures,
    followups,
    organizations,
    people,
    regions,
    regulations,
    statements,
    times,
    titles,
)
from sinergi.extraction.result import Figure, MeetingReport, Person, Span
from sinergi.extraction.text import MAX_CHARS, article

__all__ = ["Figure", "MeetingReport", "Person", "extract"]

EVENT_KEYWORDS = [
    ("rapat_koordinasi", r"\brapat\s+koordinasi\b|\brakor(?:da|das|nas|pim|nis|tek)?\b"
                         r"|\bcoordination\s+meeting\b|\bhigh\s+level\s+meeting\b|\bHLM\b|\brapat\s+(?:TPID|TPPS|Forkopimda|forkopimda|"
                         r"tim\s+pengendalian\s+inflasi|tim\s+percepatan)\b"),
    ("musrenbang", r"\bmusrenbang\w*\b|\bmusyawarah\s+perencanaan\s+pembangunan\b"),
    ("sosialisasi", r"\bsosialisasi\b"),
    ("evaluasi", r"\bevaluasi\b|\bmonev\b|\bmonitoring\s+dan\s+evaluasi\b"),
    ("audiensi", r"\baudiensi\b|\baudiens\b"),
]
EVENT_NOUN_CUE = re.compile(
    r"\b(?:menggelar|mengadakan|melaksanakan|menyelenggarakan|pelaksanaan|membuka|memimpin|"
    r"mengikuti|menghadiri|kegiatan|acara|dalam)\s+$", re.I)
VENUE_HEADS = (r"Hotel|Aula|Ruang|Ruangan|Room|Gedung|Balai|Pendopo|Pendapa|Kantor|Lantai|"
               r"Auditorium|Hall|Ballroom|Wisma|Graha|Rumah\s+Jabatan|Rujab|Gedung|Kampus|Lapangan|"
               r"Bale|Sekretariat|Convention|Mess|Guest\s+House|Mall|Restoran|Rumah\s+Makan|Villa|Resort|"
               r"Rumah\s+Dinas|Rumdin|RR|Command\s+Center|Posko|Meeting\s+Room|[\w\-]+hotel|Function\s+Room")
# The head in any case: reports write "di ruang rapat Sekda" as well as "di Ruang Rapat Sekda".
VENUE = re.compile(rf"\b(?:di|(?:virtual|daring|online)\s+dari|bertempat\s+di|berlangsung\s+di|digelar\s+di|"
                   rf"dilaksanakan\s+di|diselenggarakan\s+di)\s+(?P<venue>(?i:{VENUE_HEADS})\b)")
# After the head: capitalised words, numbers, a parenthesis, "lantai", the lower-case words a
# room's name is made of ("ruang rapat utama", "aula serba guna"), and "di <Place>" once
# ("ruang rapat Bupati Kupang di Oelamasi").
VENUE_CONTINUE = re.compile(r"\s*(?:\([^()]{1,40}\)|,\s*(?=(?:[A-Z]|lantai))|\band\b|\bdan\b|&|"
                            r"lantai\b|(?:rapat|pertemuan|kerja|utama|serba\s*guna|sidang|pola|tamu|"
                            r"khusus|besar|kecil|lt\.?|rumah|dinas|jabatan|kantor|perwakilan|bupati|"
                            r"gubernur|wali\s*kota|walikota|camat|lurah|sekda|setda|wakil)(?=\s|,|\.|$)|di\s+(?=[A-Z][a-z])|[A-Z][\w'\-]*|"
                            r"[IVX]+\b|\d+\b)")
WEEKDAYS = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"}
VENUE_STOP = re.compile(r"^(?:Jalan|Jl|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|Kecamatan|Kelurahan|"
                        r"Desa|Kota|Kabupaten|Provinsi)$")


def _event_type(title: str | None, body: str) -> str | None:
    lead = body[:1500]
    best: tuple[int, str] | None = None
    for kind, pattern in EVENT_KEYWORDS:
        for match in re.finditer(pattern, lead, re.I):
            before = lead[max(0, match.start() - 40):match.start()]
            weight = 0 if EVENT_NOUN_CUE.search(before) else 1
            score = (weight, match.start())
            if best is None or score < (best[0], best[2]):
                best = (weight, kind, match.start())
            break
    if best:
        return best[1]
    for kind, pattern in EVENT_KEYWORDS:
        if title and re.search(pattern, title, re.I):
            return kind
    return "lainnya" if re.search(r"\b(?:rapat|pertemuan|forum)\b", lead, re.I) else None


# Without a room's head word: a place named right before the day ("hadir di Palagimata, Senin,
# 24 Juni 2019"), when it is not a region's or kecamatan's name.
PLACE_THEN_DAY = re.compile(r"\bdi\s+(?P<venue>[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+){0,3})\s*,?\s*(?:pada\s+)?"
                            r"(?:hari\s+)?(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu)\b")


def _venue(body: str) -> tuple[str, int, int] | None:
    found = _venue_with_head(body)
    if found:
        return found
    for match in PLACE_THEN_DAY.finditer(body):
        place = match["venue"]
        if not (regions.expand(place) or regions.by_full_name(place) or regions.is_place(place)
                or VENUE_STOP.match(place.split()[0]) or place in WEEKDAYS):
            return place, match.start("venue"), match.end("venue")
    return None


def _venue_with_head(body: str) -> tuple[str, int, int] | None:
    for match in VENUE.finditer(body):
        start = match.start("venue")
        end = pos = match.end("venue")  # the head itself, in any case
        while True:
            nxt = VENUE_CONTINUE.match(body, pos)
            if not nxt:
                break
            word = nxt.group(0).strip(" ,")
            if VENUE_STOP.match(word) and (nxt.group(0).lstrip().startswith(",") or word in WEEKDAYS):
                break
            if word == "di":  # "di <Place>" once, after the room's own name
                if " di " in f" {body[start:pos]} " or pos - start < 8:
                    break
                following = VENUE_CONTINUE.match(body, nxt.end())
                if not following or VENUE_STOP.match(following.group(0).strip(" ,")):
                    break
            pos = nxt.end()
            if not word.startswith("(") and word not in ("and", "dan", "&", "", "di"):
                end = pos
        venue = re.sub(r"\s*\([^()]*\)", "", body[start:end]).strip(" ,")
        if len(venue.split()) >= 2:
            return venue, start, end
    return None


def _participants(body: str) -> int | None:
    return figures.participant_count(body)


def extract(text: str, published: dt.date | None = None) -> MeetingReport:
    """Read one report. `published`: the publication date where known (the year of "Senin
    (15/7)" comes from it); else the page's own date line is used."""
    if not isinstance(text, str):
        text = str(text or "")
    warnings: list[str] = []
    if len(text) > MAX_CHARS:
        warnings.append(f"Teks dipotong pada {MAX_CHARS} karakter.")
    page = article(text)
    body = page.body
    if not body.strip():
        return MeetingReport(title=page.title, warnings=(*warnings, "Tidak ada teks berita yang terbaca."),
                             text=body)
    published = published or dates.page_date(page.page_dates)
    defined = acronyms.find(body)
    acronym_map = {a.short: a.long for a in defined}
    # Short forms of region names the report defines ("Mahakam Ulu (Mahulu)").
    short_regions = {a.short: a.long for a in defined if regions.by_full_name(a.long) or (
        regions.expand(a.short) is None and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*", a.long))}
    spans: list[Span] = []

    event, date_warnings = dates.event_date(body, published)
    warnings.extend(date_warnings)
    if event:
        spans.append(Span("event_date", event.start, event.end))

    region = regions.main_region(body if not page.title else f"{page.title}\n{body}", short_regions)

    cited = regulations.find(body)
    named = people.mentions(body, acronym_map, exclude=[(s, e) for _, s, e in cited])
    found_people = people.people(body, acronym_map, named)
    chair = people.chair(body, found_people, acronym_map, named)
    if chair and region and chair.position and region.bare not in chair.position and \
            re.fullmatch(r"(?:Kepala|Sekretaris|Asisten)\b.*", chair.position) and \
            re.search(r"Sekretariat Daerah$|Daerah$", chair.position):
        chair = Person(chair.name, f"{chair.position} {region.bare}")
    represented = people.chair_for(body, found_people, chair, named)
    found_people = [people.as_written(p, text) for p in found_people + people.from_captions(
        page.captions, found_people, acronym_map)]
    chair, represented = people.as_written(chair, text), people.as_written(represented, text)

    venue = _venue(body)
    if venue:
        spans.append(Span("venue", venue[1], venue[2]))

    orgs = organizations.find(body, acronym_map, people_at=[m.start for m in named])
    org_names = [name for name, _, _ in orgs]
    if region and re.search(r"\bpemerintah\s+(?:provinsi|kabupaten|kota)\s+setempat\b", body, re.I):
        government = f"Pemerintah {region.kind.capitalize()} {region.bare}"
        if not any(organizations._similar(government, o) for o in org_names):
            org_names.append(government)

    taken = [(s, e) for _, s, e in cited] + ([(event.start, event.end)] if event else [])
    stated = figures.find(body, exclude=taken)
    follow = followups.find(body)
    committed, problems = statements.find(body)
    starts, ends = times.stated_times(body, event.start if event else None)
    event_type = _event_type(page.title, body)

    spans.extend(Span("officials", m.start, m.end) for m in named)
    if chair:
        spans.extend(Span("chair", m.start, m.end) for m in named if people._same(m.name, chair.name))
    if region:
        first = body.find(region.bare)
        if first >= 0:
            spans.append(Span("region", first, first + len(region.bare)))
    spans.extend(Span("organizations", start, end) for _, start, end in orgs)
    spans.extend(Span("regulations", start, end) for _, start, end in cited)
    spans.extend(Span("figures", f.start, f.end) for f in stated)
    spans.extend(Span("acronyms", a.start, a.end) for a in defined)
    spans.extend(Span("follow_ups", start, end) for _, start, end in follow)

    return MeetingReport(
        title=page.title,
        event_type=event_type,
        event_date=event.date if event else None,
        region=region.display if region else None,
        region_code=region.code if region else None,
        venue=venue[0] if venue else None,
        chair=chair,
        chair_for=represented,
        officials=tuple(found_people),
        organizations=tuple(org_names),
        participant_count=_participants(body),
        figures=tuple(Figure(f.value, f.unit, f.context) for f in stated),
        regulations=tuple(c for c, _, _ in cited),
        acronyms=tuple((a.short, a.long) for a in defined),
        follow_ups=tuple(f for f, _, _ in follow),
        # the deadline each follow-up's sentence states, read against the meeting's date
        follow_up_due=tuple(followups.due_date(body[s:e], event.date if event else published)
                            for _, s, e in follow),
        commitments=tuple(committed),
        problems=tuple(problems),
        starts=starts,
        ends=ends,
        meeting_title=titles.proposed_title(page.title, body, event_type, region.display if region else None),
        warnings=tuple(warnings),
        published=published,
        text=body,
        spans=tuple(sorted(spans, key=lambda span: (span.start, -span.end))),
    )
