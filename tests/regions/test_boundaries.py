"""Boundaries for the maps: the outlines of a region's subdivisions (regions.boundaries), the
GeoJSON endpoint that serves them, and the pages that show the maps."""

from __future__ import annotations

import gzip
import json
import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.core.roles import Role
from sinergi.core.services import Actor, create_object
from sinergi.regions import boundaries
from sinergi.regions.choices import RegionLevel
from sinergi.regions.models import Government, Region

ROOT = Path(__file__).resolve().parents[2]
# Indonesia, with a margin: [longitude, latitude] order is checked against it.
LNG_RANGE, LAT_RANGE = (94.0, 142.0), (-11.5, 6.5)


def _codes_names(collection: dict) -> dict[str, str]:
    return {f["properties"]["code"]: f["properties"]["name"] for f in collection["features"]}


def _rows(**filters) -> dict[str, str]:
    return dict(Region.objects.filter(**filters).values_list("code", "name"))


def _points(coordinates):
    if isinstance(coordinates[0], (int, float)):
        yield coordinates
        return
    for part in coordinates:
        yield from _points(part)


# ---------------------------------------------------------------------------- the module


@pytest.mark.django_db
def test_children_of_mimika_are_its_18_districts():
    collection = boundaries.children("94.04")
    assert collection["type"] == "FeatureCollection"
    districts = _rows(parent_id="94.04")
    assert len(districts) == 18
    assert _codes_names(collection) == districts
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert codes == sorted(codes)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        # GeoJSON order is [longitude, latitude]: Mimika lies at about 137° E, 4.5° S.
        for lng, lat in _points(feature["geometry"]["coordinates"]):
            assert 134 < lng < 140 and -6 < lat < -2, (feature["properties"]["code"], lng, lat)
        lng, lat = feature["properties"]["centroid"]
        assert 134 < lng < 140 and -6 < lat < -2


@pytest.mark.django_db
def test_children_of_kalimantan_tengah_are_its_regencies():
    collection = boundaries.children("62")
    regencies = _rows(parent_id="62")
    assert len(regencies) == 14
    assert "62.03" in regencies  # Kabupaten Kapuas
    assert _codes_names(collection) == regencies


@pytest.mark.django_db
def test_children_of_the_nation_are_the_38_provinces():
    collection = boundaries.children(boundaries.NATION)
    provinces = _rows(level=RegionLevel.PROVINCE)
    assert len(provinces) == 38
    assert _codes_names(collection) == provinces
    for feature in collection["features"]:
        for lng, lat in _points(feature["geometry"]["coordinates"]):
            assert LNG_RANGE[0] < lng < LNG_RANGE[1] and LAT_RANGE[0] < lat < LAT_RANGE[1]


@pytest.mark.django_db
def test_every_province_and_regency_has_the_outlines_of_exactly_its_children():
    expected: dict[str, dict[str, str]] = defaultdict(dict)
    for code, name, parent in Region.objects.filter(
        level__in=[RegionLevel.REGENCY, RegionLevel.DISTRICT]
    ).values_list("code", "name", "parent_id"):
        expected[parent][code] = name
    assert len(expected) == 38 + 514
    for parent, children in expected.items():
        assert _codes_names(boundaries.children(parent)) == children, parent


@pytest.mark.parametrize("code", ["94.04.01", "64.08.01", "99", "94.99", "64.08.99", "6408", "64.", ".",
                                  "64..08", "../64", "64.08.01.2001"])
def test_no_children_for_districts_and_unknown_codes(code):
    assert boundaries.children_boundaries(code) is None
    assert boundaries.children(code) is None


def test_serialized_forms_agree():
    mimika = boundaries.children_boundaries("94.04")
    assert mimika.count == 18
    assert gzip.decompress(mimika.gzipped) == mimika.body
    assert re.fullmatch(r'W/"[0-9a-f]{32}"', mimika.etag)
    assert boundaries.children_boundaries("94.04") is mimika  # cached
    # Unknown codes are not cached: asking for many of them cannot fill the memory.
    before = boundaries._serialized.cache_info().currsize
    for i in range(50):
        assert boundaries.children_boundaries(f"94.{i:03}") is None
    assert boundaries._serialized.cache_info().currsize == before
    assert boundaries.children_boundaries("64.08").etag != mimika.etag


def test_boundary_files_ship_with_the_package():
    data = ROOT / "src" / "sinergi" / "regions" / "data" / "boundaries"
    assert data == boundaries.DATA_DIR
    names = {p.name for p in data.iterdir()}
    assert {"provinces.geojson.gz", "regencies.geojson.gz", "districts.geojson.gz", "SOURCE.md",
            "LICENSE-cahyadsn-wilayah_boundaries.txt"} <= names
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["*"]
    assert "data/boundaries/*" in package_data  # "data/*" does not reach into the subfolder


# ---------------------------------------------------------------------------- the endpoint


def geojson_url(code: str | None = None) -> str:
    return reverse("regions:region_geojson", args=[code] if code is not None else [])


def test_urls():
    assert geojson_url("94.04") == "/regions/94.04/map.geojson"
    assert geojson_url() == "/regions/map.geojson"


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(geojson_url("94.04"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=/regions/94.04/map.geojson")


@pytest.mark.parametrize("role", list(Role))
def test_every_signed_in_user_reads_the_outlines(client, world, role):
    client.force_login(world.users[role])
    response = client.get(geojson_url("94.04"))  # Mimika: outside every scope but the admin's
    assert response.status_code == 200
    assert response["Content-Type"] in {"application/geo+json", "application/json"}
    collection = json.loads(response.content)
    assert _codes_names(collection) == _rows(parent_id="94.04")


@pytest.mark.django_db
def test_the_nation_and_a_province(admin_client):
    response = admin_client.get(geojson_url())
    assert response.status_code == 200
    assert len(json.loads(response.content)["features"]) == 38
    response = admin_client.get(geojson_url("62"))
    assert _codes_names(json.loads(response.content)) == _rows(parent_id="62")


@pytest.mark.parametrize("code", ["94.04.01", "64.08.01", "99", "94.99", "64.08.99"])
def test_districts_and_unknown_codes_are_404(client, world, code):
    client.force_login(world.users[Role.ADMINISTRATOR])
    assert client.get(geojson_url(code)).status_code == 404


@pytest.mark.django_db
def test_caching_headers_and_revalidation(admin_client):
    response = admin_client.get(geojson_url("94.04"))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=86400"}
    etag = response["ETag"]
    assert etag == boundaries.children_boundaries("94.04").etag
    assert "Accept-Encoding" in response["Vary"]

    again = admin_client.get(geojson_url("94.04"), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = admin_client.get(geojson_url("64.08"), headers={"If-None-Match": etag})
    assert other.status_code == 200


@pytest.mark.django_db
def test_gzip_when_the_client_accepts_it(admin_client):
    plain = admin_client.get(geojson_url())
    assert not plain.has_header("Content-Encoding")
    packed = admin_client.get(geojson_url(), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert packed["ETag"] == plain["ETag"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3


@pytest.mark.django_db
def test_only_get_and_head(admin_client):
    assert admin_client.head(geojson_url("94.04")).status_code == 200
    assert admin_client.post(geojson_url("94.04")).status_code == 405


def test_the_endpoint_reads_no_region_rows(client, world):
    client.force_login(world.users[Role.VIEWER])
    client.get(geojson_url("64.08"))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(geojson_url("64.08"))
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 2  # the session and the user
    assert not any("regions_region" in q["sql"] for q in ctx.captured_queries)


# ---------------------------------------------------------------------------- the pages

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def assert_map(content: str, code: str | None) -> None:
    assert content.count("data-region-map") == 1
    assert f'data-geojson-url="{geojson_url(code)}"' in content
    assert 'data-region-url="/regions/__code__/"' in content
    sources = []
    for attributes in SCRIPT.findall(content):
        source = re.search(r'\bsrc="([^"]+)"', attributes)
        # No inline executable script (the CSP forbids them): every script is a static file.
        assert source, f"inline <script{attributes}>"
        assert source.group(1).startswith("/static/"), source.group(1)  # no external host
        sources.append(source.group(1))
    echarts = sources.index("/static/vendor/echarts/echarts.min.js")
    assert sources.index("/static/sinergi/js/map.js") > echarts


def test_static_assets_are_found():
    assert finders.find("vendor/echarts/echarts.min.js")
    assert finders.find("sinergi/js/map.js")
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert "echarts" in package["dependencies"]
    assert lock["packages"][""]["dependencies"]["echarts"] == package["dependencies"]["echarts"]
    assert "node_modules/echarts" in lock["packages"]


def test_region_page_shows_the_map_of_its_subdivisions(client, world):
    client.force_login(world.users[Role.VIEWER])
    response = client.get(reverse("regions:region_detail", args=["94.04"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert_map(content, "94.04")
    assert "Kuala Kencana" in content  # the table of subdivisions is still there


def test_province_page_shows_its_regencies(client, world):
    client.force_login(world.users[Role.VIEWER])
    assert_map(client.get("/regions/62/").content.decode(), "62")


def test_district_page_has_no_map(client, world):
    client.force_login(world.users[Role.VIEWER])
    content = client.get("/regions/94.04.01/").content.decode()
    assert "data-region-map" not in content
    assert "echarts" not in content


def test_government_page_shows_its_regions_subdivisions(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(world.kutim.get_absolute_url())
    assert response.status_code == 200
    assert_map(response.content.decode(), "64.08")


def test_province_government_page_shows_its_regencies(client, world):
    admin = world.users[Role.ADMINISTRATOR]
    province = create_object(Actor(admin), Government(
        region=Region.objects.get(code="62"), name="Pemerintah Provinsi Kalimantan Tengah"))
    client.force_login(admin)
    assert_map(client.get(province.get_absolute_url()).content.decode(), "62")


def test_region_list_shows_the_provinces(client, world):
    client.force_login(world.users[Role.VIEWER])
    response = client.get(reverse("regions:region_list"))
    assert response.status_code == 200
    assert_map(response.content.decode(), None)
