"""The demo governments' letterhead settings (documents.Letterhead): the names on their kop,
their seat's address and website as the governments publish them, the town of their letters'
date line, and the classification code of invitations. Telephone, fax and postal code are left
empty where we could not check them (the settings page says what a letter still lacks). The
emblems are simple drawn placeholders (a shield with the government's initials), marked as
such: the official emblems are each government's to upload."""

from __future__ import annotations

from django.core.files.base import ContentFile

from sinergi.core.services import Actor, create_object
from sinergi.documents.models import Letterhead
from sinergi.regions.models import Government

# region code -> (head of region on the kop, seat address, town in dates, website)
LETTERHEADS = {
    "94.04": ("BUPATI MIMIKA", "Pusat Pemerintahan Kabupaten Mimika, Jalan Cenderawasih, Timika",
              "Timika", "www.mimikakab.go.id"),
    "64.08": ("BUPATI KUTAI TIMUR", "Kompleks Perkantoran Bukit Pelangi, Sangatta", "Sangatta",
              "www.kutaitimurkab.go.id"),
    "64.11": ("BUPATI MAHAKAM ULU", "Kompleks Perkantoran Pemerintah Kabupaten Mahakam Ulu, Ujoh Bilang",
              "Ujoh Bilang", "www.mahakamulukab.go.id"),
    "62": ("GUBERNUR KALIMANTAN TENGAH", "Jalan RTA Milono Nomor 1, Palangka Raya", "Palangka Raya",
           "www.kalteng.go.id"),
    "63.10": ("BUPATI TANAH BUMBU", "Kompleks Perkantoran Gunung Tinggi, Batulicin", "Batulicin",
              "www.tanahbumbukab.go.id"),
    "63": ("GUBERNUR KALIMANTAN SELATAN",
           "Kawasan Perkantoran Pemerintah Provinsi Kalimantan Selatan, Jalan Aneka Tambang, Banjarbaru",
           "Banjarbaru", "www.kalselprov.go.id"),
}
INVITATION_CODE = "000.1.5"


def placeholder_emblem(initials: str) -> bytes:
    """A shield with the initials: a placeholder, never taken for the official emblem."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="240" viewBox="0 0 200 240">'
        '<path d="M100 8 L188 40 L180 150 Q170 205 100 232 Q30 205 20 150 L12 40 Z" '
        'fill="#1f4e79" stroke="#c9a227" stroke-width="8"/>'
        f'<text x="100" y="135" font-family="serif" font-size="56" font-weight="bold" fill="#ffffff" '
        f'text-anchor="middle">{initials}</text>'
        '<text x="100" y="185" font-family="sans-serif" font-size="16" fill="#c9a227" '
        'text-anchor="middle">CONTOH</text></svg>'
    ).encode()


def _initials(name: str) -> str:
    for word in ("Pemerintah", "Pemkab", "Pemprov", "Pemkot", "Kabupaten", "Provinsi", "Kota"):
        name = name.replace(word, "")
    words = [w for w in name.split() if w[:1].isupper()]
    return "".join(w[0] for w in words)[:3] or "?"


def seed_letterheads(actor: Actor) -> int:
    """One Letterhead per demo government that has none (a user's own settings are kept)."""
    created = 0
    for region, (head, address, place, website) in LETTERHEADS.items():
        government = Government.objects.filter(region_id=region).first()
        if government is None or Letterhead.objects.filter(government=government).exists():
            continue
        letterhead = Letterhead(
            government=government, government_line=government.name.upper(), head_line=head,
            address=address, place=place, website=website, invitation_code=INVITATION_CODE,
            record_code=INVITATION_CODE, emblem_is_placeholder=True)
        short = government.short_name or government.name
        drawing = ContentFile(placeholder_emblem(_initials(short)))
        letterhead.emblem.save(f"lambang-contoh-{region}.svg", drawing, save=False)
        create_object(actor, letterhead)
        created += 1
    return created
