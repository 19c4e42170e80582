"""Citations of regulations: "Undang-Undang Nomor 23 Tahun 2014", "UU No. 23/2014",
"PP Nomor 28 Tahun 2018", "Permendagri Nomor 86 Tahun 2017", "Keputusan Menteri Dalam Negeri
Nomor 100.4.3-1037/Kep/Bangda 2023", "Peraturan Bupati Mimika Nomor 5 Tahun 2024", and the kinds
regional reports cite besides: Surat Edaran (of a minister, a governor, a bupati), Keputusan
Menteri Kesehatan (KMK), Peraturan Badan / Peraturan Kepala BKKBN, "Instruksi Mendagri". "Nomor"
and "Tahun" are read in any case; "Republik Indonesia"/"RI" after the kind is left out of the
citation ("Permendagri Republik Indonesia Nomor 22 Tahun 2020" is "Permendagri Nomor 22 Tahun
2020")."""

from __future__ import annotations

import re

KINDS = (
    r"Surat\s+Keputusan\s+Bersama(?P<issuer>\s+(?:dari|antara)(?:\s+[\w,]+){1,10}?)?|(?-i:SKB)|"
    r"Undang[- ]Undang(?:\s+Dasar)?|(?-i:UU)|Peraturan\s+Pemerintah(?:\s+Pengganti\s+Undang[- ]Undang)?|"
    r"Perppu|(?-i:PP)|Peraturan\s+Presiden|Perpres|Keputusan\s+Presiden|Keppres|Instruksi\s+Presiden|"
    r"Inpres|Peraturan\s+Menteri(?:\s+[A-Z][\w,]*(?:\s+(?:dan\s+)?[A-Z][\w,]*){0,6})?|"
    r"Keputusan\s+Menteri(?:\s+[A-Z][\w,]*(?:\s+(?:dan\s+)?[A-Z][\w,]*){0,6})?|"
    r"Permendagri|Kepmendagri|Permen[A-Z]\w*|Kepmen[A-Z]\w*|Surat\s+Edaran(?:\s+[A-Z]\w*){0,5}|(?-i:SE)|"
    r"Peraturan\s+Daerah(?:\s+(?:Provinsi|Kabupaten|Kota))?(?:\s+[A-Z]\w*){0,3}|Perda|"
    r"Peraturan\s+(?:Bupati|Gubernur|Wali\s*[Kk]ota)(?:\s+[A-Z]\w*){0,3}|Perbup|Pergub|Perwali|"
    r"Keputusan\s+(?:Bupati|Gubernur|Wali\s*[Kk]ota)(?:\s+[A-Z]\w*){0,3}|Instruksi\s+Menteri(?:\s+[A-Z]\w*){0,4}|"
    r"Instruksi\s+Mendagri|Inmendagri|(?-i:KMK)|Peraturan\s+(?:Badan|Kepala|Lembaga)(?:\s+(?:dan\s+)?[A-Z][\w-]*){1,8}|"
    r"Keputusan\s+(?:Kepala|Direktur\s+Jenderal)(?:\s+(?:dan\s+)?[A-Z][\w-]*){1,8}"
)
# "Republik Indonesia" / "RI" between the kind and its number: not part of the citation.
COUNTRY = r"(?:\s+(?:Republik\s+Indonesia|RI)\b)?"
NUMBER = (r"(?:Nomor|Nomer|No\.?|Nmr\.?)\s*:?\s*"
          r"(?P<number>(?-i:(?:SKB\s+)?(?:[0-9]|[A-Z]{2}\.)[0-9A-Za-z.\-/]*))")
YEAR = r"(?:\s*(?:,\s*)?(?i:Tahun|Thn\.?|th\.?)\s*(?P<year>\d{4})|\s+(?P<year2>(?:19|20)\d{2})\b)?"
# Kinds are read in any case ("peraturan Walikota Makassar", "Instruksi mendagri no 3 tahun 2021"),
# short forms (UU, PP, SE, KMK, SKB) only in capitals.
HAS_NUMBER = re.compile(r"\b(?:nomor|nomer|no|nmr)\b", re.I)
CITATION = re.compile(rf"\b(?P<kind>{KINDS}){COUNTRY}\s+{NUMBER}{YEAR}", re.I)
SHORT = re.compile(r"\b(?P<kind>UU|PP|Perpres|Permendagri|Kepmendagri|Perda|Perbup|Pergub)\s+"
                   r"(?P<number>\d{1,4})\s*/\s*(?P<year>(?:19|20)\d{2})\b")


def find(text: str) -> list[tuple[str, int, int]]:
    """(citation as written without "tentang …", start, end)."""
    found: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    numbered = HAS_NUMBER.search(text) is not None  # no "Nomor": no citation to look for
    for match in CITATION.finditer(text) if numbered else ():
        number = match["number"].rstrip(".-/")
        year = match["year"] or match["year2"]
        kind = match["kind"]
        if match["issuer"]:
            kind = kind[:match.start("issuer") - match.start("kind")]  # "… bersama dari Dirjen …"
        kind = " ".join(w if w.isupper() or w in ("dan", "dalam") else w[:1].upper() + w[1:]
                        for w in kind.split())
        if kind.lower() == "surat keputusan bersama":
            kind = "surat keputusan bersama"
        if match["year2"] and match["year2"] in number:
            year = None
        citation = f"{kind} Nomor {number}"
        if year and match["year"]:
            citation += f" Tahun {year}"
        elif year:
            citation += f" {year}"
        key = re.sub(r"\W", "", citation.lower())
        if key not in seen:
            seen.add(key)
            found.append((citation, match.start(), match.start() + len(match.group(0))))
    for match in SHORT.finditer(text):
        citation = f"{match['kind']} Nomor {match['number']} Tahun {match['year']}"
        key = re.sub(r"\W", "", citation.lower())
        if key not in seen:
            seen.add(key)
            found.append((citation, match.start(), match.end()))
    return sorted(found, key=lambda f: f[1])
