"""PDF documents rendered with Typst (the `typst` wheel bundles the compiler and its fonts: no
system packages, no LaTeX, no browser).

`render_pdf("reports/evaluation_form.typ", data)` compiles a template that lives under the
package's `templates/` folder (next to the Django templates; package data already ships it).
The data travels as one JSON document in the Typst input `data`; the template reads it with
`json(bytes(sys.inputs.data))` (or through `/core/pdf.typ`, which does that and sets up the
page). User text is therefore never spliced into Typst markup: a value is a Typst *string*,
and a string placed in content prints literally — `#exec`, `]`, `$`, `*` and `//` included.
Templates must keep it that way: never `eval()` a value.

Determinism: system fonts are ignored (only the fonts bundled in the wheel: Libertinus Serif,
New Computer Modern, DejaVu Sans Mono), and the document's creation date is the `timestamp`
given (default: none), so the same data gives the same bytes on every machine.

The compile root is the templates folder: a template may `#import "/core/pdf.typ": *` and
include images shipped under `templates/`, and it can read nothing outside it.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import typst
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from sinergi.core.text import printable_data

PDF_CONTENT_TYPE = "application/pdf"
DATA_INPUT = "data"
"""The Typst input (sys.inputs) carrying the JSON document."""


class PdfError(Exception):
    """The template did not compile (a bug in a template, not in the user's data)."""


def template_root() -> Path:
    """The folder Typst templates are looked up in, and the compile root."""
    return Path(str(resources.files("sinergi").joinpath("templates")))


def _template_path(template_name: str) -> Path:
    name = PurePosixPath(template_name)
    if name.is_absolute() or ".." in name.parts or name.suffix != ".typ":
        raise ValueError(f"not a template name: {template_name!r}")
    path = template_root().joinpath(*name.parts)
    if not path.is_file():
        raise FileNotFoundError(f"no Typst template {template_name!r} under {template_root()}")
    return path


def to_json(data: dict[str, Any]) -> str:
    """The data as the template receives it: Decimal as a string (format numbers before, in
    Python, where the Indonesian formatting rules live), dates as ISO strings."""
    return json.dumps(printable_data(data), cls=DjangoJSONEncoder, ensure_ascii=False)


def render_pdf(template_name: str, data: dict[str, Any], *,
               timestamp: dt.datetime | None = None, tagged: bool = False) -> bytes:
    """Compile the template `template_name` (a path under templates/, e.g.
    "reports/evaluation_form.typ") with `data` and return the PDF.

    `tagged`: write a tagged (accessible) PDF. Off by default: on table-heavy documents the
    tags make the file 10-20 times larger (550 form rows: 2.6 MB instead of 140 kB).

    ValueError / FileNotFoundError for a bad template name; PdfError when Typst reports an
    error (with its diagnostics)."""
    path = _template_path(template_name)
    try:
        result = typst.compile(
            str(path), root=str(template_root()), format="pdf",
            sys_inputs={DATA_INPUT: to_json(data)}, ignore_system_fonts=True,
            timestamp=timestamp, pdf_tags=tagged,
        )
    except typst.TypstError as exc:
        raise PdfError(f"{template_name}: {exc}") from exc
    if not isinstance(result, bytes):  # pragma: no cover - PDF output is always one document
        raise PdfError(f"{template_name}: the compiler returned no PDF")
    return result


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A download of `data` as `filename`."""
    response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
