"""Regions named in a report, resolved against the Kemendagri registry that ships with Sinergi
(src/sinergi/regions/data/regions.csv, read as package data: no Django, no database).

"Kabupaten Mimika", "Kab. Mimika", "Pemkab Kutim", "Bupati Mahakam Ulu", "Gubernur Kalimantan
Tengah", "Kota Samarinda", "se-Kabupaten Mimika", and the short forms that Indonesian news uses
(Kutim, Mahulu, Kalteng, Tanbu, …: a table of common ones, the "<first syllable><direction>"
pattern such as Kutim/Kubar/Kotim, and the short forms a report defines itself)."""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Region:
    code: str
    name: str      # as in the registry: "Kabupaten Mimika", "Kota Samarinda", "Kalimantan Tengah"
    level: str     # province | regency | district

    @property
    def kind(self) -> str:
        if self.level == "province":
            return "provinsi"
        return "kota" if self.name.startswith("Kota ") else "kabupaten"

    @property
    def bare(self) -> str:
        return re.sub(r"^(?:Kabupaten|Kota\s+Administrasi|Kota|Provinsi)\s+", "", self.name)

    @property
    def display(self) -> str:
        """The name a report's region is given as: "Kabupaten Mimika", "Provinsi Kalimantan Tengah"."""
        return f"Provinsi {self.name}" if self.level == "province" else self.name


# Common short forms (provinces and some regencies) as the press writes them.
SHORT_FORMS = {
    "kalteng": "Kalimantan Tengah", "kaltim": "Kalimantan Timur", "kalsel": "Kalimantan Selatan",
    "kalbar": "Kalimantan Barat", "kaltara": "Kalimantan Utara", "sulsel": "Sulawesi Selatan",
    "sulteng": "Sulawesi Tengah", "sultra": "Sulawesi Tenggara", "sulut": "Sulawesi Utara",
    "sulbar": "Sulawesi Barat", "sumut": "Sumatera Utara", "sumbar": "Sumatera Barat",
    "sumsel": "Sumatera Selatan", "jabar": "Jawa Barat", "jateng": "Jawa Tengah",
    "jatim": "Jawa Timur", "babel": "Kepulauan Bangka Belitung", "kepri": "Kepulauan Riau",
    "ntt": "Nusa Tenggara Timur", "ntb": "Nusa Tenggara Barat", "diy": "Daerah Istimewa Yogyakarta",
    "malut": "Maluku Utara", "pabar": "Papua Barat", "pbd": "Papua Barat Daya",
    "kukar": "Kabupaten Kutai Kartanegara", "kutim": "Kabupaten Kutai Timur",
    "kubar": "Kabupaten Kutai Barat", "mahulu": "Kabupaten Mahakam Ulu",
    "ppu": "Kabupaten Penajam Paser Utara", "tanbu": "Kabupaten Tanah Bumbu",
    "tala": "Kabupaten Tanah Laut", "batola": "Kabupaten Barito Kuala",
    "hss": "Kabupaten Hulu Sungai Selatan", "hst": "Kabupaten Hulu Sungai Tengah",
    "hsu": "Kabupaten Hulu Sungai Utara", "kotim": "Kabupaten Kotawaringin Timur",
    "kobar": "Kabupaten Kotawaringin Barat", "mura": "Kabupaten Murung Raya",
    "gumas": "Kabupaten Gunung Mas", "pulpis": "Kabupaten Pulang Pisau",
    "bartim": "Kabupaten Barito Timur", "barut": "Kabupaten Barito Utara",
    "barsel": "Kabupaten Barito Selatan", "tapsel": "Kabupaten Tapanuli Selatan",
    "taput": "Kabupaten Tapanuli Utara", "tapteng": "Kabupaten Tapanuli Tengah",
    "madina": "Kabupaten Mandailing Natal", "sergai": "Kabupaten Serdang Bedagai",
    "inhil": "Kabupaten Indragiri Hilir", "inhu": "Kabupaten Indragiri Hulu",
    "kuansing": "Kabupaten Kuantan Singingi", "rohil": "Kabupaten Rokan Hilir",
    "rohul": "Kabupaten Rokan Hulu", "muba": "Kabupaten Musi Banyuasin",
    "mura sumsel": "Kabupaten Musi Rawas", "oki": "Kabupaten Ogan Komering Ilir",
    "oku": "Kabupaten Ogan Komering Ulu", "lobar": "Kabupaten Lombok Barat",
    "loteng": "Kabupaten Lombok Tengah", "lotim": "Kabupaten Lombok Timur",
    "klu": "Kabupaten Lombok Utara", "jaksel": "Kota Administrasi Jakarta Selatan",
}
DIRECTIONS = {"timur": "tim", "barat": "bar", "utara": "ut", "selatan": "sel", "tengah": "teng"}


@functools.cache
def registry() -> tuple[Region, ...]:
    data = resources.files("sinergi.regions").joinpath("data", "regions.csv").read_text("utf-8")
    return tuple(Region(row["code"], row["name"], row["level"])
                 for row in csv.DictReader(io.StringIO(data)) if row["level"] in ("province", "regency"))


@functools.lru_cache(maxsize=65536)
def _letters(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


@functools.cache
def _index() -> dict[str, list[Region]]:
    """lower-case bare name -> regions with that name (a name may be a regency and a city)."""
    index: dict[str, list[Region]] = {}
    for region in registry():
        index.setdefault(region.bare.lower(), []).append(region)
    for short, full in SHORT_FORMS.items():
        region = by_full_name(full)
        if region:
            index.setdefault(short, []).append(region)
    # Names written without their spaces or hyphens, or with spaces the registry lacks
    # ("Baubau" for Bau Bau, "Padang Sidimpuan" for Padangsidimpuan): the name's letters.
    for region in registry():
        letters = _letters(region.bare)
        if letters != region.bare.lower() and region not in index.get(letters, []):
            index.setdefault(letters, []).append(region)
    for region in registry():
        parts = region.bare.split()
        if region.level == "regency" and len(parts) == 2 and parts[1].lower() in DIRECTIONS:
            short = parts[0][:2].lower() + DIRECTIONS[parts[1].lower()]
            index.setdefault(short, [])
            if region not in index[short]:
                index[short].append(region)
    return index


@functools.cache
def _full_names() -> dict[str, Region]:
    return {region.name.lower(): region for region in registry()}


def by_full_name(name: str) -> Region | None:
    return _full_names().get(re.sub(r"^Provinsi\s+", "", name.strip()).lower())


@functools.cache
def _longest_name() -> int:
    return max(len(name.split()) for name in _index())


CAPITALISED = re.compile(r"\b[A-Z][\w'\-]*")


def _name_matches(text: str):
    """(name as written, start, end) for every run of 1-4 words that names a region (longest
    first at each position): a dictionary lookup per capitalised word, no giant regex."""
    index = _index()
    longest = _longest_name()
    for match in CAPITALISED.finditer(text):
        start = match.start()
        words = text[start:start + 60].split()[:longest]
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n]).rstrip(".,;:)(\"'")
            if candidate.lower() in index or (n == 2 and candidate.replace(" ", "").lower() in index):
                yield candidate, start, start + len(candidate)
                break


KEYWORD = re.compile(
    r"(?P<kw>Pemerintah\s+(?:Kabupaten|Kota|Provinsi)|Pemkab|Pemkot|Pemprov|Kabupaten|Kab\.|"
    r"Kota|Provinsi|Prov\.|Bupati|Wakil\s+Bupati|Wabup|Wali\s*kota|Wakil\s+Wali\s*kota|Gubernur|"
    r"Wakil\s+Gubernur|Wagub|Sekda|Sekretaris\s+Daerah|DPRD|Setda|Setkab|Setprov|Bappeda)"
    r"\s+(?:se-?)?$", re.I)
PROVINCE_WORDS = re.compile(r"provinsi|prov\.|pemprov|gubernur|wagub|setprov", re.I)
CITY_WORDS = re.compile(r"kota|pemkot|wali", re.I)


@dataclass(frozen=True)
class RegionMention:
    region: Region
    start: int
    end: int
    keyword: str | None


def _pick(candidates: list[Region], keyword: str | None) -> Region | None:
    if not candidates:
        return None
    if keyword:
        if PROVINCE_WORDS.search(keyword):
            wanted = [r for r in candidates if r.level == "province"]
        elif CITY_WORDS.search(keyword):
            wanted = [r for r in candidates if r.kind == "kota"]
        else:
            wanted = [r for r in candidates if r.kind == "kabupaten"]
        if wanted:
            return wanted[0]
    if len(candidates) == 1:
        return candidates[0]
    # A bare name shared by a province and a regency/city ("Gorontalo"): the province.
    provinces = [r for r in candidates if r.level == "province"]
    return provinces[0] if len(provinces) == 1 else None


def mentions(text: str, extra_short_forms: dict[str, str] | None = None) -> list[RegionMention]:
    """Regions named in `text` (case-sensitive on the first letter: "Bone" the regency, not a
    word), with the keyword before each ("Bupati", "Pemkab", ...)."""
    found: list[RegionMention] = []
    index = _index()
    extra = {k.lower(): v for k, v in (extra_short_forms or {}).items()}
    last_end = -1
    for word, start, end in _name_matches(text):
        if start < last_end:
            continue
        last_end = end
        if not word[:1].isupper():
            continue
        lowered = word.lower()
        if lowered not in index:
            lowered = _letters(word)  # "Padang Sidimpuan"
        if lowered in SHORT_FORMS or lowered not in {r.bare.lower() for r in index[lowered]}:
            pass  # a short form: any case of the letters after the first
        elif word.isupper() and len(word) > 4:
            continue  # SHOUTED datelines ("SAMARINDA–") are not mentions
        before = text[max(0, start - 40):start]
        kw = KEYWORD.search(before)
        region = _pick(index[lowered], kw["kw"] if kw else None)
        if region:
            found.append(RegionMention(region, start, end, kw["kw"] if kw else None))
    for short, full in extra.items():
        region = by_full_name(full) or _pick(index.get(full.lower(), []), None)
        if not region:
            continue
        for match in re.finditer(r"\b" + re.escape(short) + r"\b", text, re.I):
            found.append(RegionMention(region, match.start(), match.end(), None))
    return sorted(found, key=lambda m: m.start)


def main_region(text: str, extra_short_forms: dict[str, str] | None = None) -> Region | None:
    """The government the report is about: the region named most, mentions with a government
    keyword (Pemkab, Bupati, Provinsi …) counting more, the earliest on a tie."""
    scores: dict[Region, float] = {}
    first: dict[Region, int] = {}
    for mention in mentions(text, extra_short_forms):
        weight = 3.0 if mention.keyword else 1.0
        scores[mention.region] = scores.get(mention.region, 0) + weight
        first.setdefault(mention.region, mention.start)
    if not scores:
        return None
    return max(scores, key=lambda r: (scores[r], -first[r]))


def expand(name: str) -> str | None:
    """A short form's full bare name ("Kutim" -> "Kutai Timur"), when the registry knows it."""
    candidates = _index().get(name.lower())
    if candidates and len({r.bare for r in candidates}) == 1:
        return candidates[0].bare
    return None


def _place_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


@functools.cache
def _places() -> frozenset[str]:
    """Every province, regency, city and kecamatan/distrik name, without its kind and written
    without spaces ("padangsidimpuan", "jakartabarat", "ngombol"): to tell a place from a
    person, never to find the report's region."""
    data = resources.files("sinergi.regions").joinpath("data", "regions.csv").read_text("utf-8")
    names = set()
    for row in csv.DictReader(io.StringIO(data)):
        if row["level"] not in ("province", "regency", "district"):
            continue
        bare = re.sub(r"^(?:Kabupaten|Kota\s+Administrasi|Kota|Provinsi|Kecamatan|Distrik)\s+", "",
                      row["name"])
        names.add(_place_key(bare))
    generic = {"kota", "pusat", "baru", "utara", "selatan", "barat", "timur", "tengah", "kepulauan",
               "pulau", "raya", "induk", "lama"}
    return frozenset(n for n in names if len(n) >= 4 and n not in generic)


def is_place(name: str) -> bool:
    """Is `name` (a run of capitalised words) the name of a place rather than of a person?"""
    return _place_key(name) in _places()
