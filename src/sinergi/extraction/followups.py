"""What a meeting asked for: directives, expectations, plans and commitments, as the clause that
says what is to be done.

A follow-up is read from a sentence with a directive cue — "berharap agar", "mengharapkan",
"mengajak … untuk", "mengingatkan agar", "meminta", "menginstruksikan", "mendorong … untuk",
"menekankan perlunya/pentingnya", "berencana", "diharapkan dapat", "harus" with a person as its
subject, "penandatanganan … komitmen" — and is the text after the cue, up to the end of the
clause (a purpose clause "agar/sehingga/guna …" that follows is dropped)."""

from __future__ import annotations

import re

from sinergi.extraction.sentences import sentences

CUES = [
    r"\bberharap\s+(?:agar|supaya|bahwa)\s+",
    r"\b(?:meng)?harapkan\s*,?\s+(?:kepada\s+)?(?:agar\s+|supaya\s+)?",
    r"\bdiharapkan\s+(?:agar|supaya)\s+",
    r"\bdiharapkan\s+(?:melalui\s+[^,]{0,60}?\s+)?(?:dapat|bisa|mampu)\s+",
    r"\b(?:meng)?ajak\s+",
    r"\bmengingatkan\s+(?:agar|supaya|seluruh|semua|para)\s*",
    r"\b(?:me)?minta(?:kan)?\s*,?\s+(?:agar\s+|supaya\s+|untuk\s+)?",
    r"\bmenginstruksikan\s+(?:agar\s+|kepada\s+)?",
    r"\bmengimbau\s+(?:agar\s+|kepada\s+)?",
    r"\bmendorong\s+(?:[^.,]{0,60}?\s)?(?:untuk|agar|supaya)\s+",
    r"\b(?:menekankan|ditekankan|menegaskan|mengingatkan)\s+(?:kembali\s+)?(?:pentingnya|perlunya)\s+",
    r"\b(?:menyarankan|mewajibkan|menugaskan)\s*,?\s+",

    r"\bberencana\s+",
    r"\b(?:di)?wajibkan\s+",
    r"\bpenandatanganan\s+(?=[^.]*\b(?:komitmen|kesepakatan|pakta|nota|perjanjian|MoU)\b)",
    r"\bditargetkan\s+",
    # What leaders ask, in the forms regional reports write it: a speaking verb with "agar /
    # supaya / untuk" (after "kepada <whom>"), "diminta", "hendaknya", "berpesan", "jangan", and a
    # meeting's explicit decisions ("disepakati", "diputuskan", "sepakat untuk").
    r"\b(?:menekankan|menegaskan|berpesan|mengarahkan|memerintahkan|menugaskan|menyampaikan|"
    r"mengatakan|menuturkan|mengungkapkan|menyarankan|merekomendasikan|meminta|mengingatkan|"
    r"menghimbau|mengimbau|menginstruksikan|menitipkan|menantang)\s+(?:kepada\s+[^.,]{0,80}?\s+)?"
    r"(?:agar|supaya)\s+",
    r"\b(?:berpesan|menghimbau|mengarahkan|menugaskan|memerintahkan)\s+(?:kepada\s+)?",
    r"\bdiminta\s+(?:untuk\s+|agar\s+|supaya\s+)?",
    r"\bhendaknya\s+",
    r"\bberharap\s+",
    r"\b(?:telah\s+)?(?:di)?sepakati\s+(?:bahwa\s+|bersama\s+)?",
    r"\bdiputuskan\s+(?:bahwa\s+|untuk\s+)?",
    r"\b(?:ber)?sepakat\s+(?:untuk\s+|agar\s+)",
    r"\bjangan\s+(?:sampai\s+)?",
]
CUE = re.compile("|".join(CUES), re.I)
PERSON_SUBJECT = re.compile(
    r"\b(?:seluruh|setiap|semua|para|masing-masing)?\s*(?:kepala|camat|lurah|kades|kepala\s+desa|"
    r"OPD|SKPD|ASN|pegawai|peserta|pihak|kita|kami|pemerintah\s+daerah|pemda|dinas|instansi|"
    r"perangkat\s+daerah|distrik|kampung|desa|kelurahan|puskesmas|sekolah|masyarakat)\b[^.]{0,60}"
    r"\b(?:harus|wajib|mesti|perlu)\s+", re.I)
PURPOSE = re.compile(r",?\s+(?:agar|supaya|sehingga|guna|demi)\s+(?:ke\s+depannya\s+)?", re.I)
# A quoted sentence that opens with a transitive verb is an instruction: "Memperkuat sinergi …",
# and so is one that opens with an imperative ("Sampaikan …", "Bagilah …", "Pastikan …").
IMPERATIVE = re.compile(r'^"?(?:Mem(?:per)?|Men(?:g|y)?|Meng)[a-z]+(?:kan|i)?\s+[a-z]'
                        r'|^["“]?(?:[A-Z][a-z]+(?:lah|kan)|Segera|Ayo|Turun)\s+[a-z]')
FLUFF_START = re.compile(r"^(?:Dengan\s+(?:adanya|demikian)|Melalui\s+kegiatan|Semoga)\b", re.I)
MIN_WORDS = 4
MAX_WORDS = 40
# A point of a list ("- Penguatan pasokan …", "1. Identifikasi …", "• …") that follows a line
# ending in a colon ("… menghasilkan rekomendasi sebagai berikut:"): each point is what the
# meeting asks for.
BULLET = re.compile(r"^\s*(?:[-–•●▪*]|\d{1,2}[.)]|[a-h][.)])\s+(?=\S)")


LEAD = re.compile(r"^(?:kepada\s+[^.,]{1,80}?\s+(?=agar\b|supaya\b|untuk\b)|)(?:agar|supaya|untuk)\s+", re.I)


def _clause(text: str) -> str:
    text = re.split(r'[,.]?"', text.strip(' "\''), maxsplit=1)[0]  # a quotation ends the clause
    text = LEAD.sub("", text.strip())  # "kepada seluruh camat agar …", "untuk …": what is asked
    if re.match(r"kepada\b", text, re.I) and not re.search(r"\b(?:agar|supaya|untuk)\b", text):
        return ""  # only the addressee
    purpose = PURPOSE.search(text)
    if purpose and len(text[:purpose.start()].split()) >= MIN_WORDS:
        text = text[:purpose.start()]
    words = text.split()
    if len(words) > MAX_WORDS:
        text = " ".join(words[:MAX_WORDS])
    return text.strip(" ,;:.\"'")


def find(text: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    listing = False  # inside a list that a line ending in ":" opened
    for sentence, start in sentences(text):
        bullet = BULLET.match(sentence)
        if bullet and (listing or text[:start].rstrip().endswith(":")):
            listing = True
            clause = _clause(sentence[bullet.end():])
            key = clause.lower()
            if len(clause.split()) >= MIN_WORDS and key not in seen:
                seen.add(key)
                found.append((clause, start, start + len(sentence)))
            continue
        listing = False
        if FLUFF_START.match(sentence):
            continue
        match = CUE.search(sentence)
        subject = PERSON_SUBJECT.search(sentence)
        if match:
            rest = sentence[match.end():]
            if match.group(0).lower().startswith("berencana"):
                # keep who plans it: "Pemkab Tanah Bumbu … berencana melaksanakan …"
                subject_text = re.split(r",\s*", sentence[:match.start()])[-1]
                subject_text = re.sub(r"\b(?:juga|pun|akan|telah|sudah)\b", "", subject_text)
                rest = f"{subject_text.strip()} {rest}"
            elif match.group(0).lower().startswith("penandatanganan"):
                rest = sentence[match.start():]
            clause = _clause(rest)
        elif subject:
            clause = _clause(sentence[subject.start():])
        elif IMPERATIVE.match(sentence) and sentence[:1] in '"“':
            clause = _clause(re.split(r"\.\s", sentence, maxsplit=1)[0])
        else:
            continue
        key = clause.lower()
        if len(clause.split()) >= MIN_WORDS and key not in seen:
            seen.add(key)
            found.append((clause, start, start + len(sentence)))
    return found
