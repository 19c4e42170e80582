"""What a meeting committed to and the problems a report names, as sentences.

A commitment is a sentence in which someone commits: "berkomitmen", "menyatakan komitmen",
"menandatangani komitmen / pakta integritas / kesepakatan", "penandatanganan komitmen …",
"siap / bersedia mendukung / melaksanakan / menindaklanjuti …". A problem is a sentence that states one:
"kendala", "permasalahan", "masalah", "hambatan", "terkendala", "keluhan", "belum optimal",
"sengketa / tapal batas", a problem of the voters' list (DPT) or polling stations (TPS),
"rendahnya …", "… masih tinggi / rendah". Conservative, precision before recall: a sentence
that says there is no problem ("tidak ada kendala", "tanpa hambatan") or only asks to solve
problems in general ("mengatasi permasalahan di wilayah masing-masing") is not one. Each sentence
is trimmed (quotation marks, the closing attribution "…," ujarnya") to at most 300 characters,
and given once."""

from __future__ import annotations

import re

from sinergi.extraction.sentences import sentences

MAX_CHARS = 300

COMMITMENT = re.compile(
    r"\bberkomitmen\b|\b(?:menyatakan|menyampaikan|menegaskan)\s+(?:\w+\s+)?komitmen(?:nya)?\b"
    r"|\b(?:menandatangani|penandatanganan|ditandatanganinya|ditandatangani)\s+(?:\w+\s+){0,3}?"
    r"(?:komitmen|pakta\s+integritas|kesepakatan|nota\s+kesepahaman|nota\s+kesepakatan|MoU|"
    r"perjanjian\s+kerja\s*sama|deklarasi)\b"
    r"|\b(?:siap|bersedia)\s+(?:untuk\s+)?(?:mendukung|melaksanakan|menindaklanjuti|mengawal|menyukseskan|"
    r"bersinergi|berkolaborasi|bekerja\s*sama|membantu|menjalankan|mengikuti|menerapkan|menjaga)\b"
    r"|\bbertekad\b|\bberjanji\b", re.I)
NOT_COMMITMENT = re.compile(r"\b(?:tidak|belum|bukan)\s+(?:\w+\s+)?(?:berkomitmen|siap|bersedia)\b", re.I)

_NOUN = r"(?:kendala|permasalahan|masalah|hambatan|persoalan|keluhan)(?:nya)?(?:-\w+)?"
# An obstacle or complaint is named by its word alone ...
PROBLEM = re.compile(
    r"\b(?:kendala|hambatan|keluhan)(?:nya)?\b|\bterkendala\b"
    r"|\bbelum\s+(?:berjalan\s+)?(?:optimal|maksimal|tuntas|memadai)\b"
    r"|\b(?:sengketa|konflik)\s+(?:tapal\s+)?batas\b|\btapal\s+batas\b"
    r"|\b(?:pemilih\s+ganda|DPT\s+(?:ganda|bermasalah)|TPS\s+(?:rawan|bermasalah))\b"
    r"|\bDPT\b[^.]{0,60}?\b(?:ganda|belum\s+(?:akurat|valid|mutakhir)|tidak\s+(?:akurat|valid|sesuai))\b"
    r"|\bTPS\b[^.]{0,60}?\b(?:rusak|tergenang|belum\s+(?:siap|memadai)|sulit\s+dijangkau)\b"
    r"|\bpemilih\s+(?:yang\s+)?(?:tidak|belum)\s+terdaftar\b"
    r"|\bbatas\s+(?:wilayah|desa|daerah|administrasi)\b[^.]{0,40}?\b(?:belum\s+(?:jelas|tuntas|ditetapkan|"
    r"disepakati)|tumpang\s+tindih|diklaim)\b"
    r"|(?<![-\w])(?:rendahnya|tingginya|minimnya|lambatnya|keterlambatan|kurangnya)\s+\w"
    r"|\bmasih\s+(?:sangat\s+|cukup\s+|relatif\s+)?(?:tinggi|rendah|minim|lambat)\b"
    # ... "masalah / permasalahan / persoalan" only when the sentence says what it is or that it is
    # one ("stunting merupakan masalah serius", "menyoroti permasalahan terkait aset …")
    r"|\b(?:merupakan|menjadi|adalah|masih\s+ada(?:nya)?|terdapat|sejumlah|beberapa|menyoroti|"
    r"membahas|dibahas)\s+(?:\w+\s+)?(?:masalah|permasalahan|persoalan)\b"
    r"|\b(?:masalah|permasalahan|persoalan)(?:-\w+)?\s+(?:yang\s+)?(?:serius|utama|besar|krusial|"
    r"mendasar|klasik|terkait|menyangkut|soal|mengenai|berupa|seperti|yaitu|yakni|antara\s+lain)\b",
    re.I)
# "there is no problem", "without obstacles", "not merely a problem of": not a problem
NO_PROBLEM = re.compile(
    r"\b(?:tidak|tanpa|tak|belum|bebas|nihil|bukan)\s+(?:ada\s+|ditemukan\s+|menemui\s+|mengalami\s+|"
    r"menghadapi\s+|terdapat\s+|menjadi\s+|hanya\s+|sekadar\s+|sekedar\s+|semata\s+)?" + _NOUN
    + r"|\b(?:tidak|tak|belum)\s+terkendala\b", re.I)
# A problem supposed ("jika ada kendala …") or solved in general ("mengatasi permasalahan di
# wilayahnya", "semua permasalahan dapat diselesaikan") names none, unless the sentence also
# states one in its own words.
SOLVING = re.compile(
    r"\b(?:mengatasi|menyelesaikan|menangani|memecahkan|mengantisipasi|menghindari|mencegah|"
    r"mengidentifikasi|mengurai|membenahi|mengetahui|penyelesaian|penanganan|solusi|akar|"
    r"meminimalisir|meminimalkan|menekan|semua|setiap|segala)\s+(?:\w+\s+){0,2}?" + _NOUN
    + r"|\b(?:apabila|jika|bila|kalau|seandainya|manakala)\s+(?:ada\s+|terdapat\s+|terjadi\s+|"
    r"ditemukan\s+|menemui\s+|mengalami\s+)?(?:\w+\s+){0,2}?" + _NOUN, re.I)
STRONG_PROBLEM = re.compile(
    r"\bterkendala\b|\bbelum\s+(?:berjalan\s+)?(?:optimal|maksimal)\b|\bsengketa\b|\btapal\s+batas\b"
    r"|(?<![-\w])(?:rendahnya|minimnya|keterlambatan)\s+\w|\bmasih\s+(?:tinggi|rendah|minim)\b", re.I)
ATTRIBUTION = re.compile(
    r"[,.]?\s*[\"']?\s*(?:ujar|kata|jelas|tegas|ungkap|tutur|imbuh|tambah|terang|sebut|pungkas|"
    r"papar|tandas|timpal|ucap|harap|pesan|lanjut)\w*\b[^\"]{0,80}$", re.I)


def _trim(sentence: str) -> str:
    text = sentence.strip()
    if text.count('"') % 2 == 0 or text.startswith('"'):
        attribution = ATTRIBUTION.search(text)
        if attribution and '"' in text[:attribution.start() + 3]:
            text = text[:attribution.start()]
    text = text.strip(" \"'").rstrip(",;")
    if len(text) > MAX_CHARS:
        cut = text.rfind(" ", 0, MAX_CHARS - 1)
        text = text[:cut if cut > MAX_CHARS // 2 else MAX_CHARS - 1].rstrip(" ,;") + "…"
    return text


def _is_problem(sentence: str) -> bool:
    if not PROBLEM.search(sentence):
        return False
    if STRONG_PROBLEM.search(sentence):
        return True
    # remove what says "no problem" and what asks to solve problems; is one still named?
    rest = SOLVING.sub(" ", NO_PROBLEM.sub(" ", sentence))
    return bool(PROBLEM.search(rest))


# Cheap tests before the patterns: a commitment or a problem needs one of these (speed).
COMMITMENT_HINTS = ("komitmen", "siap", "bersedia", "tekad", "janji", "andatangan")
PROBLEM_HINTS = ("kendala", "hambatan", "keluhan", "masalah", "persoalan", "belum", "batas", "ganda",
                 "tps", "dpt", "terdaftar", "rendah", "tinggi", "minim", "lambat", "kurang")


def find(text: str) -> tuple[list[str], list[str]]:
    """(commitments, problems): the sentences of `text` that state them, in order, once each."""
    commitments: list[str] = []
    problems: list[str] = []
    seen_c: set[str] = set()
    seen_p: set[str] = set()
    for sentence, _start in sentences(text):
        if len(sentence) < 20:
            continue
        lower = sentence.lower()
        if any(hint in lower for hint in COMMITMENT_HINTS) and COMMITMENT.search(sentence) and \
                not NOT_COMMITMENT.search(sentence):
            trimmed = _trim(sentence)
            if trimmed.lower() not in seen_c:
                seen_c.add(trimmed.lower())
                commitments.append(trimmed)
        if any(hint in lower for hint in PROBLEM_HINTS) and _is_problem(sentence):
            trimmed = _trim(sentence)
            if trimmed.lower() not in seen_p:
                seen_p.add(trimmed.lower())
                problems.append(trimmed)
    return commitments, problems
