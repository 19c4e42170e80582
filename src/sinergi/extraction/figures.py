"""Figures a report states, with their context: percentages ("60 persen", "67,89%"), counts of
things ("40 peserta", "50 inisiatif", "17 SKPD", "1.200 rumah"), Rupiah amounts ("Rp 1,2 miliar",
"Rp1.500.000", "Rp 420 Juta"). Years, dates, times, ordinals ("ke-79"), numbers that name
something ("Lantai 5", "Milestone 3", "M4"), and regulation numbers are not figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALES = {"ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9,
          "m": 1e9, "triliun": 1e12, "t": 1e12}
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
RUPIAH = re.compile(rf"\bRp\.?\s*(?P<n>{NUMBER})(?:\s*(?P<scale>ribu|rb|juta|jt|miliar|milyar|triliun|"
                    rf"(?-i:M|T))\b)?", re.I)  # "Rp 1,2 M": miliar
PERCENT = re.compile(rf"(?<![\w.,])(?P<n>{NUMBER})\s*(?:%|persen\b|per\s+sen\b)", re.I)
# "45 hingga 50 persen", "60-70%": both ends of a range are figures.
PERCENT_RANGE = re.compile(rf"(?<![\w.,])(?P<n>{NUMBER})\s*(?:%|persen)?\s*(?:hingga|sampai|s\.?d\.?|-|–)\s*"
                           rf"(?P<n2>{NUMBER})\s*(?:%|persen\b)", re.I)
# "356 ribu jiwa", "1,2 juta penduduk": a count with its scale.
SCALED_COUNT = re.compile(rf"(?<![\w.,/\-])(?P<n>{NUMBER})\s+(?P<scale>(?i:ribu|rb|juta|jt))\s+"
                          rf"(?P<noun>[a-z][a-z\-]{{1,24}})\b")
# "pendapatan kurang dari 500 ribu/bulan", "anggaran sebesar 2,5 miliar": money without "Rp".
MONEY_CUE = re.compile(r"\b(?:pendapatan|penghasilan|gaji|upah|biaya|harga|anggaran|dana|pagu|belanja|"
                       r"senilai|nilai|insentif|honor)\b[^.\d]{0,25}$", re.I)
SCALED_MONEY = re.compile(rf"(?<![\w.,/\-])(?P<n>{NUMBER})\s*(?P<scale>(?i:ribu|juta|miliar|milyar|triliun))"
                          rf"(?=\s*(?:/|per\b|rupiah\b|[.,;)]|$))")
# "inflasi kita saat ini 3,75 atau di atas nasional 3,33": a rate with its decimals and no unit
# after the word for a rate is a percentage.
RATE_CUE = re.compile(r"\b(?:inflasi|prevalensi|pertumbuhan\s+ekonomi|angka\s+stunting)\b[^.\d%]{0,40}$",
                      re.I)
BARE_RATE = re.compile(r"(?<![\w.,/\-])(?P<n>\d{1,2},\d{1,2})(?=\s*(?:[,.;\"]|atau\b|dan\b|$))")
# Sentence-opening words after which a number counts ("Sebanyak 40 desa", "Terdapat 17 camat").
QUANTITY_OPENERS = {"Sebanyak", "Sekitar", "Hanya", "Terdapat", "Ada", "Hampir", "Lebih", "Kurang",
                    "Total", "Yakni", "Yaitu", "Bahkan", "Tercatat", "Baru", "Dari", "Dengan"}
# "40 desa", "5 (lima) desa"
COUNT = re.compile(rf"(?<![\w.,/\-])(?P<n>{NUMBER})(?:\s*\([a-z ]{{3,20}}\))?\s+"
                   rf"(?P<noun>[A-Za-z][A-Za-z\-]{{1,24}})")
# A count written in words before a thing counted ("delapan aksi integrasi", "tiga kecamatan").
WORD_NUMBERS = {"dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
                "sembilan": 9, "sepuluh": 10, "sebelas": 11}
WORD_COUNT = re.compile(r"\b(?P<n>dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas)\s+"
                        r"(?P<noun>[a-z]+)\b")
NOT_COUNTED = {
    "tahun", "thn", "bulan", "hari", "minggu", "jam", "menit", "detik", "persen", "januari",
    "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
    "november", "nopember", "desember", "wib", "wita", "wit", "tentang", "nomor", "no", "s", "sd",
    "hingga", "sampai", "dan", "atau", "di", "ke", "dari", "pada", "yang", "kali", "juta", "miliar",
    "milyar", "ribu", "triliun", "rb", "jt", "x", "km", "m", "cm", "kg", "ton", "ha", "pukul",
    "dengan", "untuk", "oleh", "sebagai", "dalam", "ini", "itu", "tersebut", "the", "of",
}
# Things reports count and often write with a capital ("17 Camat", "40 Desa", "14 Program
# Prioritas"): a number before one of these is a count, not part of a name.
COUNTED_NOUNS = {
    "camat", "lurah", "desa", "kelurahan", "kecamatan", "distrik", "kampung", "nagari", "gampong",
    "kabupaten", "kota", "provinsi", "opd", "skpd", "program", "kegiatan", "proyek", "paket", "unit",
    "puskesmas", "posyandu", "sekolah", "lokasi", "titik", "indikator", "aksi", "orang", "peserta",
    "keluarga", "rumah", "kk", "balita", "anak", "pasar", "komoditas", "komoditi", "rekomendasi",
    "usulan", "isu", "agenda", "poin", "sasaran", "target", "perangkat", "dinas", "instansi", "tim",
    "kepala", "pegawai", "asn", "rt", "rw", "kades",
}
CONTEXT_WORDS = 8


@dataclass(frozen=True)
class Found:
    value: float | int
    unit: str
    context: str
    start: int
    end: int


def to_number(text: str) -> float | int:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def _context(text: str, start: int, end: int) -> str:
    """The figure with the words around it, inside its sentence."""
    sentence_start = max(text.rfind(ch, 0, start) for ch in "!?\n\"") + 1
    full_stop = [m.end() for m in re.finditer(r"\.\s", text[:start])]
    sentence_start = max(sentence_start, full_stop[-1] if full_stop else 0)
    ends = [i for i in (text.find(ch, end) for ch in "!?\n\"") if i != -1]
    stop = re.search(r"\.(?:\s|$)", text[end:])
    if stop:
        ends.append(end + stop.start())
    sentence_end = min(ends or [len(text)])
    before = text[sentence_start:start].split()[-CONTEXT_WORDS:]
    after = text[end:sentence_end].split()[:CONTEXT_WORDS]
    return " ".join([*before, text[start:end], *after]).strip(" ,")


def find(text: str, exclude: list[tuple[int, int]] = ()) -> list[Found]:
    found: list[Found] = []
    taken = list(exclude)

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for match in RUPIAH.finditer(text):
        if not free(*match.span()):
            continue
        value = to_number(match["n"]) * SCALES.get((match["scale"] or "").lower(), 1)
        value = int(value) if float(value).is_integer() else value
        found.append(Found(value, "rupiah", _context(text, *match.span()), *match.span()))
        taken.append(match.span())
    for match in PERCENT_RANGE.finditer(text):
        if not free(*match.span()):
            continue
        for group in ("n", "n2"):
            found.append(Found(to_number(match[group]), "percent", _context(text, *match.span()),
                               *match.span(group)))
        taken.append(match.span())
    for match in SCALED_COUNT.finditer(text):
        if not free(*match.span()) or match["noun"] in NOT_COUNTED:
            continue
        value = to_number(match["n"]) * SCALES[match["scale"].lower()]
        value = int(value) if float(value).is_integer() else value
        found.append(Found(value, "count", _context(text, *match.span()), *match.span()))
        taken.append(match.span())
    for match in PERCENT.finditer(text):
        if not free(*match.span()):
            continue
        found.append(Found(to_number(match["n"]), "percent", _context(text, *match.span()), *match.span()))
        taken.append(match.span())
    lowered = text.lower()
    money = any(word in lowered for word in ("ribu", "juta", "miliar", "milyar", "triliun"))
    rates = any(word in lowered for word in ("inflasi", "prevalensi", "pertumbuhan", "stunting"))
    for match in SCALED_MONEY.finditer(text) if money else ():
        if free(*match.span()) and MONEY_CUE.search(text[max(0, match.start() - 60):match.start()]):
            value = to_number(match["n"]) * SCALES[match["scale"].lower()]
            value = int(value) if float(value).is_integer() else value
            found.append(Found(value, "rupiah", _context(text, *match.span()), *match.span()))
            taken.append(match.span())
    for match in BARE_RATE.finditer(text) if rates else ():
        before = text[max(0, match.start() - 60):match.start()]
        if free(*match.span()) and (RATE_CUE.search(before) or (
                re.search(r"\b(?:nasional|daerah|provinsi|kabupaten|kota)\s*$", before, re.I)
                and any(f.unit == "percent" and 0 < match.start() - f.end < 80 for f in found))):
            context = _context(text, *match.span())
            found.append(Found(to_number(match["n"]), "percent", context, *match.span()))
            taken.append(match.span())
    for match in COUNT.finditer(text):
        span = match.span("n")
        if not free(*match.span()):
            continue
        noun = match["noun"]
        if noun.lower() in NOT_COUNTED or re.fullmatch(r"(?:19|20)\d{2}", match["n"]):
            continue
        before = text[max(0, span[0] - 16):span[0]]
        # "Lantai 5", "Milestone 3", "Nomor 23", "ke-79", "TW 3": a number after a capitalised
        # word, "ke-" or "no." names or orders something; after a lowercase word it counts.
        opener = re.search(r"\b([A-Z][a-z]+)\s$", before)
        if re.search(r"(?:\b[A-Z][\w.]*\s|ke-?|no\.?\s?|/|[A-Z]{2,}\s)$", before) and not (
                opener and opener.group(1) in QUANTITY_OPENERS):
            continue
        if noun[:1].isupper() and not noun.isupper() and noun.lower() not in COUNTED_NOUNS:
            continue  # "5 Desember": capitalised words name things, but "17 Camat" counts
        value = to_number(match["n"])
        found.append(Found(value, "count", _context(text, *match.span()), span[0], match.end()))
        taken.append(match.span())
    for match in WORD_COUNT.finditer(text):
        if free(*match.span()) and match["noun"].lower() in COUNTED_NOUNS:
            found.append(Found(WORD_NUMBERS[match["n"].lower()], "count", _context(text, *match.span()),
                               *match.span()))
            taken.append(match.span())
    # The same figure stated again ("inflasi 2,08 persen … inflasi kita 2,08 persen") is one.
    seen: set[tuple[float, str]] = set()
    distinct = []
    for figure in sorted(found, key=lambda f: f.start):
        if (figure.value, figure.unit) not in seen:
            seen.add((figure.value, figure.unit))
            distinct.append(figure)
    return distinct


PARTICIPANT_NOUNS = re.compile(
    r"(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\s+(?:orang\s+)?(?:peserta|orang|undangan|hadirin|pejabat|"
    r"anggota|perwakilan|camat|kepala\s+desa|ASN|pegawai)\b", re.I)
PARTICIPANT_CUE = re.compile(r"(?:diikuti|dihadiri|dihadiri\s+oleh|diikuti\s+oleh|sebanyak|"
                             r"melibatkan|hadir|peserta)\s*(?:oleh\s+)?(?:sebanyak\s+)?(?:sekitar\s+|kurang\s+lebih\s+|±\s*)?$",
                             re.I)


def participant_count(text: str) -> int | None:
    """"diikuti oleh 40 peserta", "dihadiri 120 orang", "sebanyak 35 peserta"."""
    for match in PARTICIPANT_NOUNS.finditer(text):
        before = text[max(0, match.start() - 40):match.start()]
        noun = match.group(0).split()[-1].lower()
        if PARTICIPANT_CUE.search(before) or noun == "peserta":
            return int(to_number(match["n"]))
    return None
