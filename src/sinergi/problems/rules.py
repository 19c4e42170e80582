"""Rules of the problems register that need no database."""

from __future__ import annotations

import re

from sinergi.problems.choices import ProblemCategory

# The category a problem's wording points to, first match wins (a problem read from a report is
# offered with it; the reviewer can choose another).
CATEGORY_WORDS: list[tuple[str, str]] = [
    (ProblemCategory.ELECTORAL, r"\b(?:DPT|DPS|TPS|pemilu|pilkada|pemilihan|pemilih|KPU|Bawaslu|coklit)\b"),
    (ProblemCategory.SOCIAL_CONFLICT, r"\b(?:batas|perbatasan|sengketa|konflik|bentrok|tapal)\b"),
    (ProblemCategory.SECURITY, r"\b(?:keamanan|kamtibmas|ketertiban|kriminal|narkoba|premanisme)\b"),
    (ProblemCategory.BUDGET, r"\b(?:anggaran|dana|realisasi|APBD|APBN|DAK|DAU|keuangan|pembayaran)\b"),
    (ProblemCategory.INFRASTRUCTURE, r"\b(?:jalan|jembatan|infrastruktur|irigasi|listrik|air\s+bersih|"
                                     r"sinyal|jaringan|gedung|bangunan)\b"),
    (ProblemCategory.REGULATION, r"\b(?:regulasi|peraturan|perda|perbup|juknis|aturan)\b"),
    (ProblemCategory.HUMAN_RESOURCES, r"\b(?:pegawai|ASN|SDM|tenaga|personel|honorer)\b"),
    (ProblemCategory.DATA, r"\b(?:data|pendataan|aplikasi|sistem\s+informasi)\b"),
    (ProblemCategory.PUBLIC_SERVICE, r"\b(?:pelayanan|layanan|adminduk|KTP|akta)\b"),
]
_CATEGORY = [(category, re.compile(pattern, re.I)) for category, pattern in CATEGORY_WORDS]


def category_of(text: str) -> str:
    """The category a problem's text names ("DPT ganda di 3 TPS" is electoral), else Other."""
    for category, pattern in _CATEGORY:
        if pattern.search(text or ""):
            return category
    return ProblemCategory.OTHER
