"""Administrative boundaries for maps: the outlines of a region's subdivisions as GeoJSON.

The outlines ship with the package (data/boundaries/, see its SOURCE.md): one gzipped
FeatureCollection per level (provinces, regencies, districts), each feature's `properties` =
`{code, name, centroid}` with the same Kemendagri codes as the Region table. Nothing here touches
the database: a region's children are found by code alone (the parent of `64.08.01` is
`64.08`), so the map endpoint costs no query.

A level's file is read once per process, split by parent code and kept only as serialized
(and gzipped) FeatureCollections, one per parent: the parsed geometry (tens of MB of Python
floats for the districts) is dropped, and a request for one regency's districts never handles
the whole districts file.

The names on the outlines are the region registry's (data/regions.csv, which the Region table
is loaded from): the boundary files spell a few dozen district names differently ("Iv Jurai"
for "IV Jurai", "SSinembah …"), and a map must name a region as the rest of the application does.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "boundaries"
REGISTRY_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"

# The file holding the regions `depth` segments deep (`64` is 1, `64.08` 2, `64.08.01` 3).
LEVEL_FILES: dict[int, str] = {1: "provinces", 2: "regencies", 3: "districts"}

NATION = ""
"""The code of the nation: its children are the provinces."""


@dataclass(frozen=True)
class Boundaries:
    """One parent's children as a serialized GeoJSON FeatureCollection."""

    body: bytes  # UTF-8 JSON
    gzipped: bytes
    etag: str  # weak, the same for both encodings: 'W/"…"'
    count: int  # number of features


def depth(code: str) -> int:
    """The number of segments of a code: 0 for the nation, 1 for a province, 2 for a regency…"""
    return len(code.split(".")) if code else 0


def parent_code(code: str) -> str:
    return code.rpartition(".")[0]


@functools.lru_cache(maxsize=1)
def registry_names() -> dict[str, str]:
    """code -> name of every region of the registry (provinces, regencies, districts)."""
    with REGISTRY_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


@functools.cache
def _level(name: str) -> dict[str, list[bytes]]:
    """parent code -> the serialized features of its children, in code order."""
    with gzip.open(DATA_DIR / f"{name}.geojson.gz", "rt", encoding="utf-8") as handle:
        collection = json.load(handle)
    names = registry_names()
    groups: dict[str, list[tuple[str, bytes]]] = {}
    for feature in collection["features"]:
        properties = feature["properties"]
        code = properties["code"]
        properties["name"] = names.get(code, properties["name"])
        serialized = json.dumps(feature, ensure_ascii=False, separators=(",", ":")).encode()
        groups.setdefault(parent_code(code), []).append((code, serialized))
    return {parent: [s for _code, s in sorted(items)] for parent, items in groups.items()}


def children_boundaries(code: str) -> Boundaries | None:
    """The outlines of the children of `code` ("" = the nation: the provinces; a province: its
    regencies/cities; a regency: its districts), or None when `code` has no children at this
    level (a district, or an unknown code)."""
    name = LEVEL_FILES.get(depth(code) + 1)
    if name is None or code not in _level(name):
        return None
    # Only known codes reach the cache: it holds at most one entry per province and regency
    # (and the nation), whatever codes are asked for.
    return _serialized(name, code)


@functools.cache
def _serialized(name: str, code: str) -> Boundaries:
    features = _level(name)[code]
    body = b'{"type":"FeatureCollection","features":[' + b",".join(features) + b"]}"
    digest = hashlib.sha256(body).hexdigest()[:32]
    return Boundaries(
        body=body,
        gzipped=gzip.compress(body, compresslevel=9, mtime=0),
        etag=f'W/"{digest}"',
        count=len(features),
    )


def children(code: str) -> dict | None:
    """`children_boundaries(code)` parsed: a GeoJSON FeatureCollection dict, or None."""
    boundaries = children_boundaries(code)
    return None if boundaries is None else json.loads(boundaries.body)
