"""The correspondence manual's rules (Tata Naskah Dinas di Lingkungan Pemerintah Daerah,
Permendagri 1/2023; DOMAIN.md "Correspondence") as plain functions: the pangkat of a golongan,
the letter number, the signature block's lines. No database, no request."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sinergi.regions.rules import pangkat_line  # noqa: F401  (the manual's pangkat line)

# Sifat of a letter (the manual's security and speed classes as letters print them).
SIFAT = ("Biasa", "Penting", "Segera", "Sangat Segera", "Rahasia")

_CODE = re.compile(r"^[0-9]{3}(\.[0-9]{1,3}){0,3}$")


def valid_classification_code(code: str) -> bool:
    """A kode klasifikasi arsip: three digits and up to three dotted parts ("000.1.5", "005")."""
    return bool(_CODE.match(code or ""))


def letter_number(code: str, sequence: int, unit_code: str, year: int) -> str:
    """Nomor: classification code / agenda sequence / issuing unit code / year
    (`000.1.5/42/Tapem/2026`)."""
    parts = [code.strip(), str(sequence), unit_code.strip(), str(year)]
    return "/".join(p for p in parts if p)


def lampiran_text(count: int) -> str:
    """The Lampiran line: "–", or "1 (satu) lembar" for the list of addressees."""
    if count <= 0:
        return "–"
    return f"{count} ({spelled(count)}) lembar"


_ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
         "sepuluh", "sebelas"]


def spelled(n: int) -> str:
    """A whole number in Indonesian words (as letters write counts: "2 (dua) lembar")."""
    if n < 0:
        return "minus " + spelled(-n)
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[rest]}" if rest else "")
    if n < 200:
        return "seratus" + (f" {spelled(n - 100)}" if n > 100 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} ratus" + (f" {spelled(rest)}" if rest else "")
    if n < 2000:
        return "seribu" + (f" {spelled(n - 1000)}" if n > 1000 else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return f"{spelled(thousands)} ribu" + (f" {spelled(rest)}" if rest else "")
    millions, rest = divmod(n, 1_000_000)
    return f"{spelled(millions)} juta" + (f" {spelled(rest)}" if rest else "")


@dataclass(frozen=True)
class Office:
    """A position as a signature block names it: its title ("Sekretaris Daerah") and, for the
    one who signs, the capacity prefix of their term ("Plh."; "" when definitive)."""

    title: str
    prefix: str = ""

    def line(self) -> str:
        """`Plh. SEKRETARIS DAERAH`: the title in capitals, the prefix as written."""
        return f"{self.prefix} {self.title.upper()}".strip()


@dataclass(frozen=True)
class SignatureBlock:
    """The lines above the signature, then the name, pangkat and NIP below it."""

    lines: list[str]
    name: str
    pangkat: str = ""
    nip: str = ""
    room_for_electronic_signature: bool = True
    civil_servant: bool = False
    """A civil servant without a NIP in the registry gets "NIP. ……" to fill in by hand."""


def signature_lines(authority: Office, chain: Sequence[Office]) -> list[str]:
    """The lines of a signature block (DOMAIN.md; the manual's "a.n." and "u.b."):

    * `chain` empty: the authority signs itself: ["Plt. BUPATI MIMIKA,"];
    * one office: the official one level below signs on the authority's behalf:
      ["a.n. BUPATI MIMIKA", "Plh. SEKRETARIS DAERAH,"];
    * two or more: the first is the office one level below the authority, the last the signer's
      own ("u.b.", for him): ["a.n. BUPATI MIMIKA", "SEKRETARIS DAERAH,", "u.b.",
      "KEPALA BAGIAN TATA PEMERINTAHAN,"]. Offices between them are not written.

    Titles are written in capitals (a prefix as written: "Plh."), each office's line ends with
    a comma."""
    if not chain:
        return [authority.line() + ","]
    lines = [f"a.n. {authority.title.upper()}", chain[0].line() + ","]
    if len(chain) > 1:
        lines += ["u.b.", chain[-1].line() + ","]
    return lines
