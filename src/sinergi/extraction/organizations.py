"""Units and organisations a report names: "Pemerintah Kabupaten (Pemkab) Mimika", "Pemkab Kutim",
"Bagian Tata Pemerintahan Sekretariat Daerah Kabupaten Mimika", "Badan Perencanaan Pembangunan,
Riset, dan Inovasi Daerah (BAPPERIDA) Provinsi Kalimantan Tengah", "Kementerian PUPR",
"BPJS Ketenagakerjaan Timika", "Tim Koordinasi Kerja Sama Daerah (TKKSD)", "Pokja PKP".

An organisation starts with a head word (Pemerintah, Bagian, Badan, Dinas, Biro, Kementerian,
Tim, Komite, Pokja, BPJS, …) and runs over capitalised words, "dan", commas between capitalised
words, and parenthesised acronyms (dropped); short forms of regions and "Pemkab/Pemprov/Pemkot"
and "Pokja" are written out. The same organisation named twice (or once inside a position) is
kept once, in its longest form."""

from __future__ import annotations

import re

from sinergi.extraction import regions

HEADS = (
    r"Pemerintah\s+(?:Kabupaten|Kota|Provinsi|Daerah)|Pemkab|Pemkot|Pemprov|Bagian|Badan|Dinas|Biro|"
    r"Kementerian|Kementrian|Tim|Komite|Kelompok\s+Kerja|Pokja|BPJS|Bappeda|Bapperida|BAPPERIDA|"
    r"Bappelitbangda|Inspektorat|Sekretariat\s+(?:Daerah|DPRD)|Setda|Setkab|Dewan\s+Perwakilan|DPRD|"
    r"Satuan\s+Polisi|Satpol|Kepolisian|Polres|Polda|Kodim|Korem|Kejaksaan|Pengadilan|Balai|"
    r"Universitas|Institut|Politeknik|Lembaga|Komisi|Badan\s+Pusat|Otorita|Forum|Asosiasi|"
    r"Direktorat(?:\s+Jenderal)?|Ditjen|Perusahaan|PT|Perumda|PDAM|Bank|RSUD|Puskesmas|Kantor\s+Wilayah|"
    r"Kanwil|KPU|Bawaslu|Baznas|Koperasi|"
    # agencies regional reports name by their short form, alone or with a region
    r"BPBD|BPS|BKKBN|Bulog|Kemenag|Kemendagri|Kemenkeu|Kemenkes|Forkopimda|Forkopimcam|Forkopincam|"
    r"TPID|TPPS|TP\s+PKK|PKK|Dekranas(?:da)?|Satgas|Satuan\s+Tugas|Kesbangpol|Pemko|Bapenda|BPKAD|BKPSDM|"
    r"Perwakilan\s+BKKBN"
)
# A kecamatan or distrik is a region, not an organisation (its office is named as a unit).
START = re.compile(rf"\b(?:{HEADS})\b")
CONTINUE = re.compile(r"\s*(?:\([^()]{1,80}\)|,\s*(?:dan\s+|serta\s+)?(?=[A-Z])|\bdan\b|\bserta\b|&|"
                      r"[A-Z][\w'\-]*|[IVX]+\b|\d+\b)")
# After a comma, an organisation goes on only in an enumeration: "Pembangunan, Riset, dan Inovasi".
ENUMERATION = re.compile(r",\s*(?:(?:dan|serta)\s+[A-Z]"
                         r"|[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2}\s*,\s*(?:dan|serta)\s+[A-Z])")
STOP_WORDS = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Dalam", "Dengan",
              "Sebagai", "Sementara", "Selain", "Untuk", "Pada", "Di", "Ia", "Hal", "Kegiatan", "Acara",
              "Rapat", "Rakor", "Sosialisasi", "Evaluasi", "Hotel", "Aula", "Ruang", "Jalan", "Jl",
              "Turut", "Hadir", "Melalui", "Kepala", "Bupati", "Gubernur", "Camat", "Wakil", "Sekretaris",
              "Tahun", "Nomor", "Triwulan", "Semester"}
# Known one-word organisations (a single mixed-case word is otherwise too little to be one).
SINGLE_WORD = re.compile(r"^(?:Forkopimda|Forkopimcam|Forkopincam|Bulog|Inspektorat|Dekranas|Dekranasda|"
                         r"Kemendagri|Kemenkeu|Kemenkes|Kemenag|Bappeda|Bapperida|Bappelitbangda|Satgas|"
                         r"Kesbangpol|Polres|Polda|Kodim|Korem|Bawaslu|Baznas)$")
GOVERNMENT_SHORT = {"Pemkab": "Pemerintah Kabupaten", "Pemkot": "Pemerintah Kota",
                    "Pemprov": "Pemerintah Provinsi", "Pokja": "Kelompok Kerja",
                    "Setda": "Sekretariat Daerah", "Setkab": "Sekretariat Daerah"}
MIN_WORDS = 2


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


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
    for word in words:
        bare = word.strip(",")
        full = regions.expand(bare) if bare[:1].isupper() and not bare.isupper() else None
        if full and full.lower() != bare.lower():
            out.append(word.replace(bare, full))
        elif bare in acronyms and bare.isupper() and len(words) > 1 and bare not in {"PUPR", "BPJS"}:
            out.append(word.replace(bare, acronyms[bare]))
        else:
            out.append(word)
    return re.sub(r"\s+", " ", " ".join(out)).strip(" ,")


def find(text: str, acronyms: dict[str, str] | None = None,
         exclude: list[tuple[int, int]] = ()) -> list[tuple[str, int, int]]:
    acronyms = acronyms or {}
    found: list[tuple[str, int, int]] = []
    for match in START.finditer(text):
        inside_parenthesis = text[max(0, match.start() - 1):match.start()] == "("
        if inside_parenthesis or any(s <= match.start() < e for s, e in exclude):
            continue
        end = match.end()
        while True:
            nxt = CONTINUE.match(text, end)
            if not nxt:
                break
            word = nxt.group(0).strip(" ,")
            if word in STOP_WORDS:
                break
            piece = nxt.group(0)
            if piece.strip() in ("dan", "serta", "&") and START.match(text, nxt.end() + 1):
                break  # "Polres dan Kodim": two organisations
            if piece.lstrip().startswith(","):
                comma = end + len(piece) - len(piece.lstrip())
                if not ENUMERATION.match(text, comma) or START.match(text, nxt.end()):
                    break
            end = nxt.end()
        name = text[match.start():end].rstrip(" ,")
        name = re.sub(r"\s+(?:dan|serta|&)$", "", name)
        written = _write_out(name, acronyms)
        if written in acronyms:
            written = acronyms[written]
        if len(written.split()) < MIN_WORDS and not re.fullmatch(r"[A-Z]{3,}", written) \
                and not SINGLE_WORD.match(written):
            continue
        if re.fullmatch(r"(?:Kecamatan|Distrik|Bagian|Badan|Dinas|Tim|Bank|Balai)\s+\w+", written) and \
                written.split()[1][:1].islower():
            continue
        found.append((written, match.start(), end))
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
