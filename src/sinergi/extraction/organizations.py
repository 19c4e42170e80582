"""Units and organisations a report names: "Pemerintah Kabupaten (Pemkab) Mimika", "Pemkab Kutim",
"Bagian Tata Pemerintahan Sekretariat Daerah Kabupaten Mimika", "Badan Perencanaan Pembangunan,
Riset, dan Inovasi Daerah (BAPPERIDA) Provinsi Kalimantan Tengah", "Kementerian PUPR",
"BPJS Ketenagakerjaan Timika", "Tim Koordinasi Kerja Sama Daerah (TKKSD)", "Pokja PKP".

An organisation starts with a head word (Pemerintah, Bagian, Badan, Dinas, Biro, Kementerian,
Tim, Komite, Pokja, BPJS, …) and runs over capitalised words, "dan", commas between capitalised
words, and parenthesised acronyms (dropped); "Pemkab/Pemprov/Pemkot" and "Pokja" are written out, short
forms of regions are kept as written. The same organisation named twice (or once inside a position) is
kept once, in its longest form."""

from __future__ import annotations

import bisect
import functools
import re

from sinergi.extraction import regions
from sinergi.extraction.people import HEADS as HEADS_OF_PEOPLE

HEADS = (
    r"Pemerintah\s+(?:Kabupaten|Kota|Provinsi|Daerah)|Pemkab|Pemkot|Pemprov|Bagian|Badan|Dinas|Biro|"
    r"Kementerian|Kementrian|Tim|Komite|Kelompok\s+(?:Kerja|Ahli)|Pokja|BPJS|Bappeda|Bapperida|BAPPERIDA|"
    r"Bappelitbangda|Inspektorat|Sekretariat\s+(?:Daerah|DPRD)|Setda|Setkab|Dewan\s+Perwakilan|DPRD|"
    r"Satuan\s+Polisi|Satpol|Kepolisian|Polres|Polda|Kodim|Korem|Kejaksaan|Pengadilan|Balai|"
    r"Universitas|Institut|Politeknik|Lembaga|Komisi|Badan\s+Pusat|Otorita|Forum|Asosiasi|"
    r"Direktorat(?:\s+Jenderal)?|Ditjen|Perusahaan|PT|Perumda|PDAM|Bank|RSUD|Puskesmas|Kantor\s+Wilayah|"
    r"Kanwil|KPU|Bawaslu|Baznas|Koperasi|Perum|"
    # agencies regional reports name by their short form, alone or with a region
    r"BPBD|BPS|BKKBN|Bulog|Kemenag|Kemendagri|Kemenkeu|Kemenkes|Forkopimda|Forkopimcam|Forkopincam|"
    r"TPID|TPPS|TP\s+PKK|PKK|Dekranas(?:da)?|Satgas|Satuan\s+Tugas|Kesbangpol|Pemko|Bapenda|BPKAD|BKPSDM|"
    r"Perwakilan\s+BKKBN|"
    r"Pemerintah\s+daerah(?=\s+(?:Kabupaten|Kota|Provinsi)\b)"
)
# A kecamatan or distrik is a region, not an organisation (its office is named as a unit).
START = re.compile(rf"\b(?:{HEADS})\b")
CONTINUE = re.compile(r"\s*(?:\([^()]{1,80}\)|(?:Kab|Kec|Prov|Kel)\.(?=\s+[A-Z])|"
                      r",\s*(?:dan\s+|serta\s+)?(?=[A-Z])|\bdan\b|\bserta\b|&|"
                      r"[A-Z][\w'\-]*|[IVX]+\b|\d+(?:/[A-Z][\w\-]*)?\b)")
# After a comma, an organisation goes on only in an enumeration: "Pembangunan, Riset, dan Inovasi".
ENUMERATION = re.compile(r",\s*(?:(?:dan|serta)\s+[A-Z]"
                         r"|(?:[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2}\s*,\s*){1,5}(?:dan|serta)\s+[A-Z])")
LOWER_CASE_UNIT = re.compile(r"(?:tim|badan|dinas|komite|kelompok\s+kerja|satuan\s+tugas|forum|dewan|"
                             r"lembaga|komisi|biro|bagian)\s+[a-z]")
# Agencies reports also write in lower case ("bersama forkopimda"): written with a capital.
LOWER_CASE_AGENCIES = re.compile(r"\b(?:forkopimda|forkopimcam|forkopincam)\b")
# The secretariat in an official's position ("Asisten I Setda Kota Baubau", "Sekda Setda Barito
# Timur") is where the official works, not a party to the meeting.
IN_POSITION = re.compile(r"\b(?:Asisten|Staf\s+Ahli|Sekda|Sekretaris\s+Daerah)"
                         r"(?:\s+(?:[A-Z][\w.]*|dan|&))*\s+$")
# A "dan" after these goes on to another organisation, not the same name ("Sekretariat Daerah dan
# Kantor DPRP").
NEXT_UNIT = re.compile(r"\s*(?:Kantor|Sekretariat|Dinas|Badan|Biro|Bagian|Bidang|Unit|UPT|UPTD)\b")
STOP_WORDS = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Dalam", "Dengan",
              "Sebagai", "Sementara", "Selain", "Untuk", "Pada", "Di", "Ia", "Hal", "Kegiatan", "Acara",
              "Rapat", "Rakor", "Sosialisasi", "Evaluasi", "Hotel", "Aula", "Ruang", "Jalan", "Jl",
              "Turut", "Hadir", "Melalui", "Kepala", "Bupati", "Gubernur", "Camat", "Wakil", "Sekretaris",
              "Tahun", "Nomor", "Triwulan", "Semester"}
# A team is named after its task: "Tim Evaluasi Perangkat Daerah", "Panitia Rapat Kerja".
TEAM = re.compile(r"Tim|Komite|Kelompok\s+Kerja|Pokja|Satgas|Satuan\s+Tugas|Panitia")
TASK_WORDS = {"Evaluasi", "Sosialisasi", "Rapat", "Rakor"}
# Known one-word organisations (a single mixed-case word is otherwise too little to be one).
SINGLE_WORD = re.compile(r"^(?:Forkopimda|Forkopimcam|Forkopincam|Bulog|Inspektorat|Dekranas|Dekranasda|"
                         r"Kemendagri|Kemenkeu|Kemenkes|Kemenag|Bappeda|Bapperida|Bappelitbangda|Satgas|"
                         r"Kesbangpol|Polres|Polda|Kodim|Korem|Bawaslu|Baznas)$")
GOVERNMENT_SHORT = {"Pemkab": "Pemerintah Kabupaten", "Pemkot": "Pemerintah Kota",
                    "Pemprov": "Pemerintah Provinsi", "Pokja": "Kelompok Kerja",
                    "Setda": "Sekretariat Daerah", "Setkab": "Sekretariat Daerah"}
MIN_WORDS = 2


# Short forms of the words of a unit's name ("Biro Kesra" is "Biro Kesejahteraan Rakyat"): the
# same unit named both ways is one.
UNIT_WORDS = {"kesra": "kesejahteraan rakyat", "tapem": "tata pemerintahan", "ekbang": "ekonomi pembangunan",
              "setda": "sekretariat daerah", "setkab": "sekretariat daerah", "setprov": "sekretariat daerah",
              "pemsosbud": "pemerintahan sosial budaya", "adpem": "administrasi pembangunan",
              "pemkesra": "pemerintahan kesejahteraan rakyat", "otda": "otonomi daerah",
              "ortala": "organisasi tata laksana"}


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return set(" ".join(UNIT_WORDS.get(w) or _region_words(w) for w in words).split())


@functools.lru_cache(maxsize=4096)
def _region_words(word: str) -> str:
    """A region's short form as its name's words ("jateng" -> "jawa tengah"), else the word."""
    full = regions.expand(word) if len(word) > 3 else None
    return full.lower() if full else word


def _similar(a: str, b: str) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    if ta <= tb or tb <= ta:
        return True
    common = len(ta & tb)
    if not common:
        return False
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r) >= 0.75


def _write_out(name: str, acronyms: dict[str, str]) -> str:
    name = re.sub(r"\s*\([^()]*\)", "", name)
    name = re.sub(r"\s+,", ",", name)
    for short, long in GOVERNMENT_SHORT.items():
        name = re.sub(rf"\b{short}\b", long, name)
    words = name.split()
    out = []
    # A region's short form stays as written in a unit's name ("Bappeda Mahulu", "Biro Pemerintahan
    # Setda Sultra"); a government is named in full ("Pemprov Malut" is "Pemerintah Provinsi Maluku
    # Utara").
    government = name.startswith("Pemerintah ")
    for word in words:
        bare = word.strip(",")
        full = regions.expand(bare) if government and bare[:1].isupper() and not bare.isupper() else None
        if full and full.lower() != bare.lower():
            out.append(word.replace(bare, full))
        elif bare in acronyms and bare.isupper() and len(words) > 1 and bare not in {"PUPR", "BPJS"}:
            out.append(word.replace(bare, acronyms[bare]))
        else:
            out.append(word)
    return re.sub(r"\s+", " ", " ".join(out)).strip(" ,")


def _enumerated_words(listed: str) -> bool:
    """Are the items of ", Perlindungan Anak, Pengendalian Penduduk, dan K" words of a unit's name,
    not officials, acronyms or numbers ("Kemenag X, Asisten II, Kadinkes, dan Kasatpol PP")?"""
    words = re.findall(r"[^\s,]+", listed)[:-2]  # without the closing "dan <Capital>"
    return all(re.fullmatch(r"[A-Z][a-z\-]+", w) and w.lower() not in HEADS_OF_PEOPLE for w in words)


def _ends_with_region(name: str) -> bool:
    """Does `name` end with its region ("… Kabupaten Paser")? A "dan" after it starts another."""
    return bool(re.search(r"\b(?:Kabupaten|Kota|Provinsi|Kab\.|Prov\.)(?:\s+[A-Z][\w\-]*){1,3}$", name))


def find(text: str, acronyms: dict[str, str] | None = None,
         exclude: list[tuple[int, int]] = (), people_at: list[int] = ()) -> list[tuple[str, int, int]]:
    """Organisations named in `text`; none inside `exclude` (the venue), and none runs into a
    person's name (`people_at`: where names start: "Bappeda Provinsi Bali I Wayan …")."""
    acronyms = acronyms or {}
    stops = set(people_at)
    ordered_stops = sorted(stops)
    found: list[tuple[str, int, int]] = []
    matches = [(m.start(), m.end(), m.group(0)) for m in START.finditer(text)]
    matches += [(m.start(), m.end(), m.group(0).capitalize()) for m in LOWER_CASE_AGENCIES.finditer(text)]
    for start, head_end, head in sorted(matches):
        inside_parenthesis = text[max(0, start - 1):start] == "("
        if inside_parenthesis or any(s <= start < e for s, e in exclude) or start in stops:
            continue
        if re.match(r"Sekretariat\s+Daerah|Setda|Setkab", head) and \
                IN_POSITION.search(text[max(0, start - 80):start]):
            continue
        end = head_end
        while True:
            nxt = CONTINUE.match(text, end)
            if not nxt:
                break
            word = nxt.group(0).strip(" ,")
            kept = (word == "Dalam" and text.startswith(" Negeri", nxt.end())) or (
                end == head_end and word in TASK_WORDS and TEAM.fullmatch(head))
            if word in STOP_WORDS and not kept:
                break  # but "Kementerian Dalam Negeri", "Tim Evaluasi …"
            piece = nxt.group(0)
            k = bisect.bisect_right(ordered_stops, end)
            if k < len(ordered_stops) and ordered_stops[k] <= nxt.end():
                break  # a person's name begins
            if piece.strip() in ("dan", "serta", "&") and (
                    START.match(text, nxt.end() + 1) or NEXT_UNIT.match(text, nxt.end())
                    or end - start == len(head) or piece.strip() == "serta"
                    or _ends_with_region(text[start:end])):
                break  # "Polres dan Kodim", "Bulog dan TTC": two organisations
            if piece.lstrip().startswith(","):
                comma = end + len(piece) - len(piece.lstrip())
                listed = ENUMERATION.match(text, comma)
                if not listed or START.match(text, nxt.end()) or not _enumerated_words(listed.group(0)):
                    break
            end = nxt.end()
        name = head + text[head_end:end].rstrip(" ,")
        name = re.sub(r"(?:\s+|,\s*)(?:dan|serta|&)$", "", name).rstrip(" ,")
        name = re.sub(r"\s+(?:Kabupaten|Kota|Provinsi|Kab|Prov)$", "", name)  # "Bappeda Kabupaten/Kota"
        written = _write_out(name, acronyms)
        if written in acronyms:
            written = acronyms[written]
        if len(written.split()) < MIN_WORDS and not re.fullmatch(r"[A-Z]{3,}", written) \
                and not SINGLE_WORD.match(written):
            continue
        if re.fullmatch(r"(?:Kecamatan|Distrik|Bagian|Badan|Dinas|Tim|Bank|Balai)\s+\w+", written) and \
                written.split()[1][:1].islower():
            continue
        if written == "Pemerintah Daerah" or re.match(r"Balai\s*[Kk]ota\b", written):  # a building
            continue  # no one government: "Rencana Kerja Pemerintah Daerah"
        found.append((written, start, end))
    # A unit the report defines by its short form, written in lower case ("tim percepatan penurunan
    # stunting (TPPS)"): the long form is its name.
    for long in acronyms.values():
        at = text.find(long)
        if at >= 0 and LOWER_CASE_UNIT.match(long) and not any(_similar(long, name) for name, _, _ in found):
            found.append((long, at, at + len(long)))
    # Governments referred to as "pemerintah provinsi/kabupaten setempat" are resolved by the
    # caller (it knows the report's region).
    kept: list[tuple[str, int, int]] = []
    for item in found:
        for k, other in enumerate(kept):
            if _similar(item[0], other[0]):
                if len(_tokens(item[0])) > len(_tokens(other[0])):
                    kept[k] = (item[0], other[1], other[2])
                break
        else:
            kept.append(item)
    return kept
