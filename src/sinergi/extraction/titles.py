"""A meeting title proposed from the event a report describes — "Rapat Koordinasi Camat
se-Kabupaten Kutai Timur Triwulan III" — rather than its headline ("Bupati Minta Camat Kawal
Realisasi"), which stays the source's title. Built from the event's own name in the text where
the report writes one, else from the event's kind and the region."""

from __future__ import annotations

import re

LABELS = {
    "rapat_koordinasi": "Rapat Koordinasi",
    "sosialisasi": "Sosialisasi",
    "evaluasi": "Rapat Evaluasi",
    "musrenbang": "Musrenbang",
    "audiensi": "Audiensi",
    "lainnya": "Rapat",
}
EVENT_NAME = re.compile(
    r"\b(?:rapat\s+koordinasi|rakor(?:da|das|nas|pim|tek)?|sosialisasi|musrenbang\w*|"
    r"musyawarah\s+perencanaan\s+pembangunan|rapat\s+evaluasi|monitoring\s+dan\s+evaluasi|"
    r"high\s+level\s+meeting|audiensi|rapat)\b(?:\s*\([^()]{1,20}\))?",
    re.I,
)
# The words an event's name is made of when a report writes it in lower case; any other
# lower-case word ends the name ("rakor camat yang digelar …" gives "Camat").
NAME_WORDS = frozenset(re.findall(r"\S+", """
camat lurah kepala distrik desa kampung kelurahan kecamatan tim percepatan penurunan stunting
pengendalian inflasi daerah triwulan semester realisasi fisik keuangan anggaran pembangunan program
evaluasi kinerja penyelenggaraan pemerintahan pimpinan forkopimda bulanan tahunan akhir awal tahun
perangkat tpid tpps opd skpd lintas sektor sektoral terpadu teknis persiapan pelaksanaan
kerja sama pemilihan umum pemilu pilkada ketahanan pangan kemiskinan ekstrem
"""))
JOINERS = frozenset({"dan", "serta", "tentang"})
ENDS = frozenset({"yang", "di", "pada", "oleh", "untuk"})
# Words between the event and whom it gathers, left out of the name ("rapat koordinasi bersama
# seluruh distrik se-Kabupaten Mimika" is the Rapat Koordinasi Distrik se-Kabupaten Mimika).
FILLERS = frozenset({"bersama", "dengan", "seluruh", "para", "semua", "segenap"})
STOP = frozenset({"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Di", "Yang",
                  "Pada", "Bertempat", "Oleh", "Ini", "Tersebut", "Kali",
                  # People are not part of an event's name ("Rakor Bupati …" names who held it).
                  "Bupati", "Wakil", "Wali", "Walikota", "Gubernur", "Sekda", "Pj", "Plt", "Ketua",
                  "Bapak", "Ibu", "Letkol", "Kolonel", "AKBP", "Kapolres", "Kapolda", "Dandim",
                  "Pemerintah", "Pemkab", "Pemkot", "Pemprov", "Digelar", "Dibuka", "Dipimpin",
                  "Dihadiri", "Diikuti", "Dilaksanakan", "Diselenggarakan"})
# A verb in a title-case headline ("Rakor Melibatkan Pejabat …") ends the name.
VERB = re.compile(r"(?:Mem|Men|Meng|Meny|Ber)[a-z]{3,}")
TOKEN = re.compile(r"\s+(?P<word>[Ss]e-?[A-Za-z][\w-]*|[A-Za-z][\w'’/-]*|[IVX]+\b|\d{4}\b)")
SMALL = {"se": "se", "dan": "dan", "serta": "serta", "tentang": "tentang"}
QUARTER = re.compile(r"\btriwulan\s+(?P<q>I{1,3}V?|IV|[1-4])\b", re.I)
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def _word(word: str) -> str:
    if word.isupper() or any(c.isupper() for c in word[1:]):
        return word  # an acronym or a name as written: TPID, OPD, McDonald
    if word.lower().startswith("se-"):
        return "se-" + word[3:4].upper() + word[4:]
    if word.lower() in JOINERS:
        return word.lower()
    return word[:1].upper() + word[1:]


def _name_after(body: str, start: int) -> list[str]:
    words: list[str] = []
    pos = start
    while len(words) < 12:
        match = TOKEN.match(body, pos)
        if not match:
            break
        word = match.group("word")
        lower = word.lower()
        if lower in FILLERS:
            pos = match.end()
            continue
        if word in STOP or VERB.fullmatch(word) or lower in ENDS:
            break
        named = word[:1].isupper() or lower.startswith("se-")
        if not (named or lower in NAME_WORDS or lower in JOINERS or re.fullmatch(r"\d{4}", word)):
            break
        words.append(_word(word))
        pos = match.end()
    while words and words[-1].lower() in JOINERS:
        words.pop()
    return words


def proposed_title(title: str | None, body: str, event_type: str | None, region: str | None) -> str | None:
    """The meeting's title: the event's name as the report writes it (its first mention in the
    headline or the first 1,500 characters, with what follows: "Camat se-Kabupaten Kutai Timur"),
    the reviewed quarter when the report names one, and the region when the name has none.
    None when the report names no event and gives no kind."""
    label = LABELS.get(event_type or "")
    words: list[str] = []
    for text in (body[:1500], title or ""):
        for match in EVENT_NAME.finditer(text):
            if match.group(0).lower() == "rapat" and event_type not in (None, "lainnya"):
                continue
            words = _name_after(text, match.end())
            if words:
                break
        if words:
            break
    if label is None and not words:
        return None
    name = " ".join([label or "Rapat", *words])
    quarter = QUARTER.search(body[:3000]) or QUARTER.search(title or "")
    if quarter and "triwulan" not in name.lower():
        q = quarter.group("q").upper()
        name += f" Triwulan {ROMAN.get(q, q)}"
    if region and not re.search(r"\bse-|" + re.escape(region.split(" ", 1)[-1]), name, re.I):
        name += f" {region}"
    return re.sub(r"\s+", " ", name).strip()[:300]
