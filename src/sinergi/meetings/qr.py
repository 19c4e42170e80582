"""The QR code of a meeting's check-in page (segno): SVG for the screen, PNG for print."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, scale: int = 8) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, xmldecl=False, svgns=True, title=url)
    return out.getvalue().decode()


def qr_png(url: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale)
    return out.getvalue()
