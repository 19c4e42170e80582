"""The outlines of a region's subdivisions as GeoJSON, for the maps (static/sinergi/js/map.js).

Reference data: every signed-in user may read it, and it only changes with a release, so the
response is cacheable for a day and revalidated with its ETag. It is computed from the files
shipped with the package (regions.boundaries), without a database query.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.views.decorators.http import condition, require_safe

from sinergi.regions.boundaries import NATION, children_boundaries

MAX_AGE = 24 * 3600
CONTENT_TYPE = "application/geo+json"
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


def _etag(request: HttpRequest, code: str = NATION) -> str | None:
    boundaries = children_boundaries(code)
    return None if boundaries is None else boundaries.etag


@login_required
@require_safe
@condition(etag_func=_etag)
def region_geojson(request: HttpRequest, code: str = NATION) -> HttpResponse:
    """The children of `code` (none: the provinces of the nation) as a FeatureCollection; 404
    for a district (no subdivisions on the map) or an unknown code."""
    boundaries = children_boundaries(code)
    if boundaries is None:
        raise Http404("No boundaries for this region.")
    # The body is kept gzipped too (the nation's provinces: 1.8 MB, 430 KB gzipped).
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(boundaries.gzipped, content_type=CONTENT_TYPE)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(boundaries.body, content_type=CONTENT_TYPE)
    response.headers["ETag"] = boundaries.etag
    patch_vary_headers(response, ["Accept-Encoding"])
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
