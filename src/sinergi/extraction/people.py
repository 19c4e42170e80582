"""People named in a report with their positions, and who chaired the meeting.

The forms Indonesian reports use:
  "<position>, <name>, <degrees>,"     Pj. Bupati Mimika, Yonathan Demme Tangdilintin, S.H., M.M.,
  "<name>, <position>"                 Saiful Arifin, Kepala Bagian Kerja Sama Biro …
  "<name>, selaku <position>,"         Sartika Dewi, selaku panitia penyelenggara,
  "<position> <name> <verb>"           Bupati Mahakam Ulu (Mahulu) Bonifasius Geh membuka …
A position starts with a head word (Bupati, Kepala, Camat, Sekretaris Daerah, …, possibly after
Penjabat / Pj / Plt / Plh / Wakil) and runs over capitalised words, parenthesised acronyms and
"dan" to the comma before the name. Names lose front titles (H., Dr., Ir., …) and the degrees
after them (S.H., M.Si., …). A later mention by one part of the name ("ujar Yonathan") is the
same person. The chair is who opened or led the meeting ("dibuka oleh", "dipimpin oleh",
"<person> membuka"); when an official acts "melalui"/"diwakili" another, the one present chairs;
without such a statement, the highest-ranking official named."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sinergi.extraction import regions
from sinergi.extraction.result import Person

TOKEN = re.compile(
    r"\([^()\n]{0,120}\)"                                   # a parenthesis, one token
    r"|(?:[A-Z][a-z]{0,4}\.){2,}[A-Za-z]{0,5}\.?"          # S.H.  M.Si.  S.STP  Ph.D.
    r"|[SMD]\.(?:Sos|Si|Kes|Pd|Pdi|H|Hum|Ag|Kom|IP|Ip|STP|IK|Ik|E|T|Ak|Psi|Farm|Ked|Sc|AP|Ap|M|MA|"
    r"Kep|KM|P|Pt|Hut|Pi|Sn|Ds|Th|HI|Tr|Kn|Eng|Stat|Ars|Fil|Gz|Tp)\b\.?"   # S.Sos M.Si M.H S.STP
    r"|[A-Z]{1,2}\.(?=\s*[A-Z])"                             # an initial: S. Ampung, AS. Tamrin
    r"|(?:Pj|Pjs|Plt|Plh|Dr|Dra|Drs|Ir|Prof|Hj|H|Kab|Prov|No|Tn|Ny|dr|drg|KH|Hi)\.(?=\s)"
    r"|(?:Muh|Moh|Moch|Mochd|Muhd|Abd|Ach|Mhd|Mch)\.(?=\s)"                # abbreviated names
    r"|[\w'’\-]+"
    r"|[^\s\w]"
)
# Police and military ranks written before a name ("Kapolres Kutai Timur AKBP Chandra Hermawan").
RANKS = {"akbp", "akp", "kompol", "kombes", "kombespol", "iptu", "ipda", "aiptu", "aipda", "bripka",
         "brigjen", "brigjenpol", "irjen", "irjenpol", "komjen", "jenderal", "letkol", "kolonel", "mayor",
         "kapten", "lettu", "letda", "serka", "serma", "pelda", "peltu", "sertu", "laksma", "marsma",
         "mayjen", "letjen", "inf", "kav", "arh", "czi", "cpm", "(p)", "laut", "pnb", "pol", "tni", "purn",
         "(purn)", "(purn.)", "marsekal", "laksamana", "laksda", "marsda", "bripda", "briptu", "brigpol",
         "serda", "kopda", "praka", "pratu", "letnan", "kapt", "cba", "chb", "cku", "cpl", "cpn"}
# Written after a rank ("Irjen Pol", "Brigjen TNI"), else part of a unit's name.
CORPS = {"pol", "tni", "purn", "(purn)", "(purn.)", "laut"}
FRONT_TITLES = {"h.", "hj.", "dr.", "dra.", "drs.", "ir.", "prof.", "kh", "k.h.", "dr", "drg.", "hi.",
                "bapak", "ibu", "bpk.", "tn.", "ny.", "ust.", "ustadz", "h", "hj", "drs", "ir", "prof"}
DEGREE = re.compile(r"^(?:[A-Z][A-Za-z]{0,4}\.[A-Za-z]{1,5}(?:\.[A-Za-z]{0,5}){0,2}\.{0,2}|"
                    r"MBA|MPA|MM|MSi|SH|SE|ST|SIP|SPd|SKM|MT|MAP|MPH|PhD|Ph\.D\.?|CPA|Ak|CA|S\.Sos|SSTP|S\.STP|M\.Si|M\.Kes)$")
EXPANSIONS = [
    (r"\bPj\.?(?=\s)", "Penjabat"), (r"\bPjs\.?(?=\s)", "Penjabat Sementara"),
    (r"\bPlt\.?(?=\s)", "Pelaksana Tugas"), (r"\bPlh\.?(?=\s)", "Pelaksana Harian"),
    (r"\bSekertaris\b", "Sekretaris"),
    (r"\bSekda\b", "Sekretaris Daerah"), (r"\bSekprov\b", "Sekretaris Daerah Provinsi"),
    (r"\bKadis\b", "Kepala Dinas"), (r"\bKaban\b", "Kepala Badan"), (r"\bKabag\b", "Kepala Bagian"),
    (r"\bKabid\b", "Kepala Bidang"), (r"\bKasubag\b", "Kepala Sub Bagian"),
    (r"\bWabup\b", "Wakil Bupati"), (r"\bWagub\b", "Wakil Gubernur"), (r"\bWawali\b", "Wakil Wali Kota"),
    (r"\bWalkot\b", "Wali Kota"), (r"\bAsda\b", "Asisten Daerah"), (r"\bKadistrik\b", "Kepala Distrik"),
    (r"\bKapolres\b", "Kepala Kepolisian Resor"), (r"\bKapolda\b", "Kepala Kepolisian Daerah"),
    (r"\bKajari\b", "Kepala Kejaksaan Negeri"), (r"\bKapolsek\b", "Kepala Kepolisian Sektor"),
    (r"\bDanramil\b", "Komandan Rayon Militer"), (r"\bSekcam\b", "Sekretaris Camat"),
    (r"\bKadisdik\b", "Kepala Dinas Pendidikan"), (r"\bKadinkes\b", "Kepala Dinas Kesehatan"),
    (r"\bDandim\b", "Komandan Distrik Militer"),
]
# The words a position starts with (after Penjabat / Pelaksana Tugas / Wakil …).
HEADS = {
    "sekertaris", "insepektur", "kadinkes", "kadisdik", "kakam", "kades", "kakorlantas",
    "bupati", "gubernur", "walikota", "wali", "sekretaris", "sekda", "asisten", "kepala", "camat",
    "kadis", "kaban", "kabag", "kabid", "kasubag", "lurah", "ketua", "direktur", "dirjen", "menteri",
    "deputi", "inspektur", "staf", "kapolres", "kapolda", "kapolsek", "dandim", "danrem", "kajari",
    "komandan", "koordinator", "panitia", "narasumber", "pimpinan", "komisioner", "anggota",
    "kadistrik", "sekprov", "asda", "wabup", "wagub", "wawali", "kasat", "kasi", "kasie", "plt",
    "plh", "pj", "pjs", "penjabat", "pelaksana", "wakil", "kabiro", "sekcam", "danramil",
    "tenaga", "ahli", "perwakilan", "utusan", "direktorat",
    "kasatpol", "kasdim", "kanit", "kasubbag", "kasubbid", "kaur", "kakan", "kapolresta",
    "kapolrestabes", "danlanal", "danlanud", "danyon", "dansat", "pangdam", "kajati", "kalapas",
    "karutan", "kakankemenag", "kasatreskrim", "kasatintelkam", "kasatlantas", "kasatbinmas",
    "kapolsubsektor", "babinsa", "bhabinkamtibmas", "analis", "statistisi", "pranata", "penyuluh",
    "kabagops", "kasrena", "kasiter", "pasiter",
}
# The kind of a region written before its name in a position ("Sekretaris Daerah Kabupaten
# Rejang Lebong Yusran Fauzi", "Sekda Prov Jawa Timur Adhy Karyono"): the name after it is the
# region's, then the person's.
REGION_KINDS = {"kabupaten", "kab", "kota", "provinsi", "prov", "kecamatan", "kec", "distrik"}
QUALIFIERS = {"penjabat", "pj", "pjs", "plt", "plh", "pelaksana", "wakil", "sementara", "tugas",
              "harian"}
RANK = [
    (r"^(?:Penjabat\s+|Pelaksana\s+\w+\s+)?(?:Sementara\s+)?Gubernur", 10),
    (r"^Wakil\s+Gubernur", 9),
    (r"^(?:Penjabat\s+|Pelaksana\s+\w+\s+)?(?:Sementara\s+)?(?:Bupati|Wali\s*kota)", 8),
    (r"^Wakil\s+(?:Bupati|Wali\s*kota)", 7),
    (r"^(?:Penjabat\s+|Pelaksana\s+\w+\s+)?Sekretaris\s+Daerah", 6),
    (r"^Asisten", 5), (r"^(?:Kepala|Pelaksana\s+\w+\s+Kepala)\s+(?:Dinas|Badan)", 4),
    (r"^Kepala", 3), (r"^Camat", 3),
]
def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Balinese birth-order and caste names after "I" / "Ni" ("I Made Sujana"): "I" is the name's.
BALINESE = {"wayan", "made", "nyoman", "ketut", "gede", "gusti", "putu", "kadek", "komang", "nengah",
            "luh", "dewa", "ayu", "gst", "kt", "md", "wyn", "nym"}
CONNECTORS = {"dan", "serta", "&", "se", "se-"}
MAX_POSITION_TOKENS = 40
ACCOMPANIED = re.compile(r"\s*,?\s*(?:yang\s+)?(?:didampingi|bersama|beserta)\b", re.I)
FORMER = {"mantan", "almarhum", "alm.", "almh.", "almarhumah", "eks"}
LIST_JOINS = [[","], [",", "dan"], ["dan"], [",", "serta"], ["serta"]]
# Between a position and the name after it.
SEPARATORS = {",", "–", "—"}
# A position held by many ("Lurah se Kota Makassar", "Camat se-Kabupaten"): no one person follows.
COLLECTIVE = re.compile(r"(?i)(?:^|\s)se(?:\s|-)|\bpara\b|\bseluruh\b")
# Buildings named after an office ("Kantor Bupati", "Rumah Jabatan Gubernur"): the head word in
# them is no position.
BUILDING_WORDS = {"kantor", "rumah", "jabatan", "rujab", "rumdin", "ruang", "aula", "pendopo", "pendapa",
                  "gedung", "graha", "wisma", "lapangan", "halaman", "dinas", "rupatama"}
# Words of agencies and regions: a token among these is part of a position, never a name.
ORG_WORDS = _word_set("""
badan dinas bagian biro sekretariat kantor unit pusat balai upt upt. bidang seksi sub subbagian
perencanaan pembangunan riset inovasi daerah pemerintahan pemerintah tata kerja sama otonomi
kesehatan pendidikan sosial pekerjaan umum penataan ruang perumahan kawasan permukiman keuangan aset
pendapatan kependudukan pencatatan sipil komunikasi informatika statistik persandian lingkungan
hidup perhubungan pertanian perikanan kelautan pariwisata kebudayaan pemuda olahraga tenaga
transmigrasi koperasi usaha mikro kecil menengah perdagangan perindustrian penanaman modal pelayanan
terpadu satu pintu pemberdayaan masyarakat desa perempuan perlindungan anak pengendalian penduduk
keluarga berencana ketahanan pangan kearsipan perpustakaan kepegawaian pengembangan sumber daya
manusia penanggulangan bencana kesatuan bangsa politik polisi pamong praja inspektorat hukum
organisasi protokol pimpinan perekonomian administrasi kesejahteraan rakyat pengadaan barang jasa
provinsi prov kabupaten kab kota kecamatan kec distrik kelurahan regional nasional republik
indonesia kementerian perangkat kemasyarakatan ekonomi politik presiden puskesmas pertanahan
penggerak statistisi madya muda pratama penyelia terampil mahir pelayanan non
dalam negeri luar agama bina jenderal kampung dusun nagari gampong struktural administrator satgas
satuan stunting posyandu kebijakan dasar
fungsional analis pranata penyuluh kasatpol kasdim kanit intelkam reskrim lantas binmas sat
satreskrim satintelkam
tpps tpid pkk tp dharma wanita persatuan pembinaan pengawasan kemenag kemenkes bulog
tim komite kelompok pokja percepatan dewan perwakilan dprd forum asosiasi
rumah sakit sekolah universitas institut polres polda kodim korem kejaksaan pengadilan negeri tinggi
bpjs ketenagakerjaan kesehatan bank perusahaan pt cv persero tbk lembaga majelis komisi bupati
gubernur wakil kepala camat lurah sekretaris ketua direktur menteri asisten staf ahli penjabat
sementara pelaksana tugas harian rapat koordinasi sinkronisasi sosialisasi evaluasi musrenbang
audiensi rakor hotel aula ruang gedung jalan jl lantai room kantor balai pendopo senin selasa rabu
kamis jumat sabtu minggu januari februari maret april mei juni juli agustus september oktober
november desember setda setkab setprov setwan sekwan bappeda bapperida opd skpd dprd dinkes disdik
dispar diskominfo kominfo pemkab pemkot pemprov polri tni kemendagri kemenkeu kementerian
""")
# Capitalised at the start of a sentence, never a name.
COMMON_WORDS = _word_set("""
turut hadir sementara selain dalam dengan menurut ia beliau mereka kami kita saya acara kegiatan
rapat hal namun tetapi sedangkan adapun oleh untuk pada di ke dari nomor tahun jalan jl bersama para
seluruh setiap semua pertama kedua ketiga keempat terakhir selanjutnya kemudian lebih lanjut bahkan
juga sebelumnya sesudah setelah usai seusai mari semoga pemkab pemprov pemkot bulan hari pekan
""")
SPEECH = re.compile(
    r"\b(?:ujar|ujarnya|kata|katanya|jelas|jelasnya|tegas|tegasnya|ungkap|ungkapnya|tutur|"
    r"tuturnya|imbuh|imbuhnya|lanjut|lanjutnya|harap|harapnya|ajak|pinta|terang|sebut|papar|"
    r"tambah|tambahnya|pungkas|pungkasnya|sambung|sambungnya|menurut)\s+(?P<name>[A-Z][\w'\-]+)")


@dataclass
class Mention:
    name: str
    position: str | None
    start: int
    end: int
    alias: str | None = None  # "Rudy Mas'ud (Harum)": "Gubernur Harum" later is the same person


def expand_position(position: str, acronyms: dict[str, str] | None = None) -> str:
    text = re.sub(r"\s*\([^()]*\)", "", position)          # "(Pj)", "(Sekda)", "(Mahulu)"
    for pattern, long in EXPANSIONS:
        text = re.sub(pattern, long, text)
    text = re.sub(r"\bPj\.\s*", "Penjabat ", text)
    for short in acronyms or {}:
        if " " not in short and short.isalpha() and not short.isupper() and short[:1].isupper():
            full = regions.expand(short)
            if full:
                text = re.sub(rf"\b{re.escape(short)}\b", full, text)
    text = re.sub(r"\s+", " ", text).strip(" ,.")
    words = text.split()
    while words and words[-1].lower().rstrip(".") in RANKS:
        # "Kapolsek Balikpapan Utara Kompol" -> the rank goes with the name; "TNI" / "Pol" only
        # after a rank ("Brigjen TNI"), never "Panglima TNI"
        if words[-1].lower() in CORPS and not (len(words) > 1 and words[-2].lower().rstrip(".") in RANKS):
            break
        words.pop()
    text = " ".join(words)
    if text and text[0].islower():
        text = " ".join(w.capitalize() if w not in CONNECTORS else w for w in text.split())
    return text


# Front titles glued to the name ("Ir.H.Mian", "Dr.H.Budi"): split into titles and the name.
GLUED = re.compile(r"(?:(?:Ir|H|Hj|Dr|Drs|Dra|Prof|Hi)\.)+[A-Z][a-z]{2,}")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in TOKEN.finditer(text):
        tok, start = m.group(0), m.start()
        if "." in tok and GLUED.fullmatch(tok):
            for part in re.finditer(r"[A-Za-z]+\.|[A-Za-z]+", tok):
                found.append((part.group(0), start + part.start(), start + part.end()))
            continue
        found.append((tok, start, m.end()))
    return found


# Agencies written as one mixed-case word ("Bappelitbangda", "Forkopimda", "Kesbangpol", "Kadin",
# "Diskominfo"): never a person's name.
AGENCY_WORD = re.compile(
    r"(?i)^(?:bappe\w*|bapp\w*|bapenda|bpkad|bpbd|bkpsdm?\w*|dpmptsp|dpmd\w*|forkopim\w*|kesbang\w*|"
    r"satpol\w*|set(?:da|kab|wan|prov|kot)|sekwan|kadin|dis(?:dik|kominfo|par|naker|hub|perindag|"
    r"dukcapil|sos|pora|tan|kes)\w*|din(?:kes|sos|as)|dukcapil|bulog|polres\w*|polsek|polda|kodim|"
    r"koramil|korem|lanal|lanud|kejari|kejati|kemendagri|kemenkeu|kemen\w+|otda|pemkab|pemkot|pemprov|"
    r"minerba|bina\w*marga|binarmarga|kesra|ekbang|pemsosbud|pemotda|adpem)$")
# Degrees written without their dots after a name ("Budi Santoso SE Ak", "Amir Amd.Kep").
DEGREE_WORDS = {"ak", "amd", "amk", "amkep", "msc", "bsc", "mhum", "mpd", "spd", "skom", "ssos", "ssi",
                "mkes", "msi", "skm", "sstp", "mba", "mpa", "ipm", "ipu", "sh", "mh", "se", "mm", "mt", "st",
                "sip"}
# Abbreviated first names ("La Ode Muh. Alwi", "Moh. Ramdhan"): part of a name.
NAME_ABBREVIATION = re.compile(r"^(?:Muh|Moh|Moch|Mochd|Muhd|Abd|Ach|Mhd|Mch)\.$")


@functools.lru_cache(maxsize=65536)  # asked for every token, many times over: a pure test
def _is_name_word(tok: str) -> bool:
    if NAME_ABBREVIATION.match(tok):
        return True
    if tok.lower().rstrip(".") in RANKS or tok.lower().rstrip(".") in DEGREE_WORDS or AGENCY_WORD.match(tok):
        return False
    if tok[:1].isupper() is False or tok.lower() in ORG_WORDS or _is_head(tok):
        return False
    if re.fullmatch(r"[A-Z]{1,2}\.", tok):
        return True  # an initial
    if tok.isupper() and len(tok) > 1:
        return False  # acronyms are not names
    return bool(re.fullmatch(r"[A-Z][a-z'’\-]+(?:-[A-Z][a-z]+)?", tok))


@functools.lru_cache(maxsize=65536)
def _is_title(tok: str) -> bool:
    """A title or rank written before a name (H., Dr., AKBP, Letkol …)."""
    return tok.lower() in FRONT_TITLES or tok.lower().rstrip(".") in RANKS


@functools.lru_cache(maxsize=65536)
def _is_head(tok: str) -> bool:
    low = tok.lower().rstrip(".")
    return low in HEADS or (len(low) >= 7 and low.isalpha() and any(
        _within_one_edit(low, head) for head in LONG_HEADS))


# Heads long enough that a word one typing slip away is the head misspelt ("Sekreataris").
LONG_HEADS = ("sekretaris", "gubernur", "walikota", "asisten", "inspektur", "direktur", "pelaksana",
              "komandan", "koordinator")


def _within_one_edit(a: str, b: str) -> bool:
    """One letter added, dropped, changed or two neighbours swapped (not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[k:] == long[k + 1:]


def _in_head_group(tok: str) -> bool:
    return _is_head(tok) or tok.lower().rstrip(".") in QUALIFIERS or tok.startswith("(")


def _position_back(tokens: list[tuple[str, int, int]], end: int) -> int | None:
    """Index of the first token of a position that ends just before token `end`."""
    i = end - 1
    run_start = None
    while i >= 0 and end - i <= MAX_POSITION_TOKENS:  # a position is never longer: bounded time
        tok = tokens[i][0]
        low = tok.lower()
        if tok.startswith("("):
            pass
        elif tok == ",":
            # a comma inside a position is an enumeration: "Pembangunan, Riset, dan Inovasi"
            if not (i > 0 and tokens[i - 1][0][:1].isupper() and _enumeration(tokens, i)):
                break
        elif low in CONNECTORS or tok[:1].isupper() or re.fullmatch(r"(?:Pj|Pjs|Plt|Plh)\.?", tok):
            pass
        elif _unit_number(tokens, i):
            pass  # "Dandim 1420 Sidrap", "Danrem 045/Gaya"
        else:
            break
        run_start = i
        i -= 1
    if run_start is None:
        return None
    # The position starts with the last group of head words of the run ("Penjabat Sementara (Pjs)
    # Bupati", "Staf Ahli Bupati"): an earlier group belongs to someone else ("Camat X, Dasrin,
    # serta Kapolsek X …").
    last = next((j for j in range(end - 1, run_start - 1, -1) if _is_head(tokens[j][0])), None)
    if last is None:
        return None
    while last > run_start and _in_head_group(tokens[last - 1][0]):
        last -= 1
    # Capitalised words before the head that are not a name go with it ("Kepala Badan …" is a
    # head; "Sekretariat Daerah" before "Kepala" is not): keep the earliest head of the run when
    # no name sits between the two.
    first = next((j for j in range(run_start, last) if _is_head(tokens[j][0])), None)
    if first is not None and not any(_name_at(tokens, k) for k in range(first + 1, last)
                                     if tokens[k - 1][0] in (",", "serta", "dan") or (
                                         _is_title(tokens[k][0]) and not _is_title(tokens[k - 1][0]))) \
            and not any(_name_ends_at(tokens, c - 1) for c in range(first + 2, last)
                        if tokens[c][0] in ("dan", "serta", ",")):
        return first
    return last


def _name_ends_at(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """Does a person's name end at token i, after a region's name maybe ("Kepala Bappeda Paser
    Hamransyah dan Kepala …")? A run of name words that is not all a place's name."""
    j = i
    while j >= 0 and i - j < 6 and _is_name_word(tokens[j][0]):
        j -= 1
    run = [t[0] for t in tokens[j + 1:i + 1]]
    if not run or _is_region_name(" ".join(run)):
        return False
    if any(_is_region_name(" ".join(run[:n])) for n in range(1, len(run))):
        return True  # a region's name, then the person's
    return len(run) >= 2


# A visit the meeting prepares for or follows up ("Jelang kunjungan kerja Wakil Presiden RI
# Ma'ruf Amin", "menindaklanjuti kunjungan Kapolda Lampung, Irjen Pol Hendro"): the visitor is
# not at the meeting.
VISIT = re.compile(r"\bkunjungan(?:\s+kerja)?\s+(?:[A-Z(][\w.'’()/\-]*,?\s+){1,10}$")


def _position_forward(tokens: list[tuple[str, int, int]], start: int) -> int | None:
    """Index after the last token of a position starting at token `start`."""
    if start >= len(tokens):
        return None
    i = start
    if tokens[i][0].lower() in ("selaku", "sebagai"):
        i += 1
        j = i
        while j < len(tokens) and tokens[j][0] not in {",", ".", ";", ":", '"'} and j - i < 8:
            j += 1
        return j if j > i else None
    if not _is_head(tokens[i][0]):
        return None
    j = i
    while j < len(tokens) and j - i < MAX_POSITION_TOKENS:
        tok = tokens[j][0]
        if tok.startswith("(") or tok[:1].isupper() or tok.lower() in CONNECTORS or re.fullmatch(
                r"(?:Pj|Pjs|Plt|Plh)\.?", tok) or (j > i and _unit_number(tokens, j)):
            j += 1
            continue
        if tok == "," and _enumeration(tokens, j):
            j += 1
            continue
        break
    return j


def _unit_number(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """A unit's number inside a position: "1420" in "Dandim 1420 Sidrap", "045" and "/" in
    "Danrem 045/Gaya" (a number and a capitalised word or a number after the slash)."""
    tok = tokens[i][0]
    if tok == "/":
        return 0 < i < len(tokens) - 1 and tokens[i - 1][0][:1].isdigit() and tokens[i + 1][0][:1].isalnum()
    if not re.fullmatch(r"\d{1,4}(?:-\d{1,3})?", tok):  # "1420", "1420-01"
        return False
    before = tokens[i - 1][0] if i else ""
    return before[:1].isupper() and before.lower() not in COMMON_WORDS and not before.isdigit()


def _enumeration(tokens: list[tuple[str, int, int]], comma: int) -> bool:
    """Is the comma at `comma` one of an enumeration of capitalised words ("A, B, dan C")?"""
    following = [t[0] for t in tokens[comma + 1:comma + 5]]
    if following[:1] and following[0] in ("dan", "serta") and following[1:2] and following[1][:1].isupper():
        return True
    for k, tok in enumerate(following):
        if not tok[:1].isupper():
            return tok in (",",) and k > 0 and following[k + 1:k + 2] in (["dan"], ["serta"])
    return False


def _name_at(tokens: list[tuple[str, int, int]], i: int) -> int:
    """Length (in tokens) of a name starting at token i (front titles included), 0 if none."""
    if i >= len(tokens) or not (tokens[i][0][:1].isupper() or _is_title(tokens[i][0])):
        return 0
    return _name_length(tuple([t[0] for t in tokens[i:i + 12]]))


@functools.lru_cache(maxsize=65536)  # asked for the same few words many times over: a pure test
def _name_length(tokens: tuple[str, ...], after_region: bool = False) -> int:
    i = j = 0
    # titles and ranks, a stray dot after one included ("Letkol . Arh Agung", "AKBP. Anton")
    while j < len(tokens) and (_is_title(tokens[j]) or (
            tokens[j] == "." and j > i and tokens[j - 1].lower().rstrip(".") in RANKS)):
        j += 1
    k = j
    while k < len(tokens) and k - j < 5:
        tok = tokens[k]
        if _is_name_word(tok):
            k += 1
        elif k == j and tok in ("I", "Ni") and k + 1 < len(tokens) and tokens[k + 1].lower() in BALINESE:
            k += 1  # "I Wayan Koster", "Ni Luh Putu …"
        elif k > j and len(tok) == 1 and tok.isupper() and k + 1 < len(tokens) and \
                _is_name_word(tokens[k + 1]) and tokens[k + 1][-1:] != ".":
            k += 1  # an initial without its dot: "Sila N Botutihe"
        else:
            break
    while k - j > 1 and re.fullmatch(r"[A-Z]{2}\.", tokens[k - 1]):
        k -= 1  # "Budi Santoso SH. Kepala …": a degree, not an initial
    if k == j or all(re.fullmatch(r"[A-Z]\.", t) for t in tokens[j:k]):
        return 0
    words = tokens[j:k]
    if words[0].lower() in COMMON_WORDS:
        return 0
    # a place, unless a title says a person ("Letkol Arh Agung Pramudyo": Agung is also a place)
    # (after a region's name, the next run is the person's: "Wali Kota Bogor Bima Arya")
    if j == i and not after_region and (_is_region_name(" ".join(words)) or _is_region_name(words[0])):
        return 0
    return k - i


@functools.lru_cache(maxsize=65536)
def _is_region_name(name: str) -> bool:
    bare = re.sub(r"^(?:Kabupaten|Kab\.?|Kota|Provinsi|Prov\.?|Kecamatan|Distrik)\s+", "", name)
    return (regions.expand(name) is not None or regions.by_full_name(name) is not None
            or regions.is_place(name) or (bare != name and regions.is_place(bare)))


def _region_prefix(tokens: list[tuple[str, int, int]], i: int) -> int:
    """How many tokens from i name a region, when a person's name follows them."""
    if i >= len(tokens) or not tokens[i][0][:1].isupper():
        return 0
    return _region_skip(tuple([t[0] for t in tokens[i:i + 16]]))


@functools.lru_cache(maxsize=65536)
def _region_skip(words: tuple[str, ...]) -> int:
    for n in (4, 3, 2, 1):
        head = words[:n]
        if len(head) == n and all(w[:1].isupper() for w in head) and _is_region_name(" ".join(head)):
            after = words[n] if len(words) > n else ""
            if after.startswith("("):
                return 0  # "Bupati Mahakam Ulu (Mahulu) Bonifasius": the usual path handles it
            # the longest region decides: "Padang Sidimpuan, Hapsyah" is not "Padang" + "Sidimpuan"
            return n if (_is_name_word(after) or after == "I" or (_is_title(after) and (
                after[:1].isupper() or after.endswith(".")))) \
                and _name_length(words[n:n + 12], True) else 0
    return 0


def _clean_name(tokens: list[tuple[str, int, int]]) -> str:
    words = [t[0] for t in tokens if not _is_title(t[0]) and t[0] != "."]
    return " ".join(words).strip()


def _skip_degrees(tokens: list[tuple[str, int, int]], i: int) -> int:
    """Past ", S.H., M.M." after a name."""
    j = i
    while j + 1 < len(tokens) and tokens[j][0] == "," and (
            DEGREE.match(tokens[j + 1][0]) or DEGREE.match(tokens[j + 1][0].rstrip("."))):
        j += 2
        while j < len(tokens) and tokens[j][0] == ".":
            j += 1
    return j


def mentions(text: str, acronyms: dict[str, str] | None = None,
             exclude: list[tuple[int, int]] = ()) -> list[Mention]:
    """People with a position; nobody inside `exclude` (regulation titles such as "Peraturan
    Wali Kota Balikpapan Nomor 12")."""
    tokens = [t for t in _tokens(text) if not any(s <= t[1] < e for s, e in exclude)]
    found: list[Mention] = []
    # "Staf Ahli Bupati, Andi Hamzah, Budi Santoso, dan Joko Susilo": a position before a list
    # of names is each one's.
    list_position: str | None = None
    list_end = -1
    i = 0
    while i < len(tokens):
        previous = tokens[i - 1][0] if i else ""
        inside_run = _is_name_word(previous) and previous.lower() not in FRONT_TITLES
        lead = i  # where the run began, before a region's name glued to the person's
        if tokens[i][0] in ("Jenderal", "Utama", "Muda", "Madya") and _is_head(previous):
            i += 1  # "Direktur Jenderal", "Inspektur Utama": the position goes on
            continue
        if previous == "/" and _unit_number(tokens, i - 1):
            i += 1  # "Danrem 045/Gaya": the unit's name, not a person's
            continue
        if not inside_run and (_is_head(previous) or previous.startswith("(")
                               or previous.lower().rstrip(".") in REGION_KINDS or previous in SEPARATORS
                               or (previous[:1].isupper() and not _is_title(previous))):
            # "Pj Gubernur Papua Tengah Ribka Haluk", "Kepala BPS Gorontalo Utara Depit Rudianto",
            # "Bupati Barito Kuala, Kalimantan Selatan Hj Noormiliyani": a region's name, then the
            # person's name in one run of capitalised words.
            skip = _region_prefix(tokens, i)
            if skip:
                i += skip
                previous = tokens[i - 1][0]
        length = 0 if inside_run else (
            _name_length(tuple([t[0] for t in tokens[i:i + 12]]), True) if lead != i else _name_at(tokens, i))
        if not length:
            i += 1
            continue
        if i + length < len(tokens) and tokens[i + length][0].lower().rstrip(".") in RANKS \
                and tokens[i + length][0].lower() not in CORPS and _name_at(tokens, i + length):
            i += length  # "Kasdim 1420 Sidrap Mayor Inf Andi": a place of the unit, then the rank
            continue
        name_tokens = tokens[i:i + length]
        name = _clean_name(name_tokens)
        after = _skip_degrees(tokens, i + length)
        alias = None
        if after < len(tokens) and re.fullmatch(r"\([A-Z][a-z]{2,}\)", tokens[after][0]):
            inner = tokens[after][0][1:-1]
            if _is_name_word(inner) and not _is_region_name(inner) and inner not in name.split():
                alias = inner  # a nickname: "Rudy Mas'ud (Harum)"
                after += 1
        position = None
        start = None
        listed = None
        if after > i + length and after < len(tokens) and _is_head(tokens[after][0]):
            # "<name>, <degrees> <position>": "Elwin Kahar, SH, M.H Kepala Kejaksaan Negeri"
            stop = _position_forward(tokens, after)
            if stop is not None and stop > after:
                position = text[tokens[after][1]:tokens[stop - 1][2]]
        # "<position>, <name>", "<position> – <name>" or "<position> <name>"
        back = lead if lead > 0 and tokens[lead - 1][0] in SEPARATORS else i
        if position is not None:
            pass
        elif back > 0 and tokens[back - 1][0] in SEPARATORS:
            start = _position_back(tokens, back - 1)
            if start is not None:
                position = text[tokens[start][1]:tokens[back - 2][2]]
                listed = position
        elif i > 0:
            start = _position_back(tokens, i)
            if start is not None and start < i:
                position = text[tokens[start][1]:tokens[i - 1][2]]
        if position and (COLLECTIVE.search(position) or (
                start and tokens[start - 1][0].lower() in BUILDING_WORDS)):
            position = ""  # "Lurah se Kota …", "Kantor Bupati Jayapura, Gunung Merah": nobody
        # "<name>, <position>"
        if position is None and after < len(tokens) and tokens[after][0] == ",":
            end = _position_forward(tokens, after + 1)
            if end is not None and end > after + 1:
                position = text[tokens[after + 1][1]:tokens[end - 1][2]]
                position = re.sub(r"^(?:selaku|sebagai)\s+", "", position)
        if position and VISIT.search(text[max(0, name_tokens[0][1] - 160):name_tokens[0][1]]):
            position = ""  # "jelang kunjungan kerja Wakil Presiden …": a visit, not the meeting
        if position and start is not None and start > 0 and tokens[start - 1][0].lower() in FORMER:
            position = ""  # "mantan Bupati …": no longer in office
        if position is None and list_position and [t[0] for t in tokens[list_end:i]] in LIST_JOINS:
            position = listed = list_position
        if position:
            found.append(Mention(name, expand_position(position, acronyms), name_tokens[0][1],
                                 tokens[after - 1][2], alias))
            more = after < len(tokens) and tokens[after][0] in (",", "dan", "serta")
            list_position = listed if more else None
            list_end = after
        i = after if after > i else i + length
    return found


def _same(a: str, b: str) -> bool:
    ta, tb = a.lower().split(), b.lower().split()
    return bool(ta) and bool(tb) and (set(ta) <= set(tb) or set(tb) <= set(ta))


def _aliases(found: list[Mention]) -> dict[str, str]:
    return {m.alias: m.name for m in found if m.alias}


def people(text: str, acronyms: dict[str, str] | None = None,
           found_mentions: list[Mention] | None = None) -> list[Person]:
    """Distinct people with a position, in order of first mention; a shorter mention of a
    known name ("Bonifasius Geh", "Yonathan") is the same person (the longer name is kept)."""
    merged: list[Person] = []
    found_mentions = found_mentions if found_mentions is not None else mentions(text, acronyms)
    aliases = _aliases(found_mentions)
    for mention in found_mentions:
        if mention.name in aliases:
            continue  # "Gubernur Harum" after "Rudy Mas'ud (Harum)"
        for k, person in enumerate(merged):
            if _same(person.name, mention.name):
                longer = mention.name if len(mention.name) > len(person.name) else person.name
                merged[k] = Person(longer, person.position or mention.position)
                break
        else:
            merged.append(Person(mention.name, mention.position))
    return merged


def rank(person: Person) -> int:
    for pattern, value in RANK:
        if person.position and re.search(pattern, person.position, re.I):
            return value
    return 0


# "dibuka oleh", "dipimpin langsung oleh", and "dipimpin Menteri Dalam Negeri Tito Karnavian"
# (no "oleh" before a capitalised position or name).
CHAIR_CUE = re.compile(r"\b(?:(?:dibuka|dipimpin|diketuai|dipandu)(?:\s+secara\s+resmi|\s+resmi|\s+langsung)?"
                       r"\s+(?:oleh\s+|(?=[A-Z]))"
                       r"|(?:pembukaan|dibuka)(?:\s+secara)?\s+resmi\s+oleh\s+)", re.I)
# "Mewakili Wali Kota Ambon Bodewin Wattimena, Sekretaris Kota …": the one named after
# "mewakili" is represented, not present.
REPRESENTED_BY = re.compile(r"\b(?:mewakili|atas\s+nama)\s+(?:[A-Z][\w.'\-]*\s+){0,6}$", re.I)
OPENS = re.compile(
    r"^[^.]{0,40}?\b(?:membuka|memimpin|mengetuai|memandu|"
    r"menerima\s+(?:audiensi|kunjungan|rombongan))\b", re.I)
# The meeting was another body's, the report's officials took part in it ("Evaluasi Kinerja …
# yang dilaksanakan Kementerian Dalam Negeri", "Bupati mengikuti rakor secara virtual"): without
# a cue naming its chair, the highest-ranking official named is not it.
HELD_ELSEWHERE = re.compile(
    r"\b(?:dilaksanakan|diselenggarakan|digelar|diadakan)\s+(?:oleh\s+)?(?:Kementerian|Kemen[a-z]+|"
    r"Menteri|Mendagri|Dirjen|Direktorat\s+Jenderal|Bappenas)\b"
    r"|\b(?:mengikuti|menghadiri)\s+(?:rapat|rakor|high\s+level|kegiatan|acara|pertemuan)\b", re.I)
# "Saat membuka rakor, <official> …": the one named after the opening clause opened it.
OPENS_BEFORE = re.compile(r"\b(?:membuka|memimpin)\s+(?:secara\s+resmi\s+)?"
                          r"(?:rapat|rakor\w*|kegiatan|acara|musrenbang\w*|pertemuan|HLM)\b[^.,]{0,60},\s*"
                          r"(?-i:(?:[A-Z(][\w.()'\-]*,?\s+){0,10})$", re.I)
# A position right after "dibuka oleh" with no name ("dibuka oleh Wakil Bupati,").
CUE_POSITION = re.compile(r"(?:(?:Penjabat|Pj\.?|Plt\.?|Pelaksana\s+Tugas|Wakil)\s+)?"
                          r"(?:Bupati|Wali\s*[Kk]ota|Gubernur|Sekda|Sekretaris\s+Daerah|Wabup|Wagub|Wawali)\b(?=\s*(?:[,.]|[a-z]))")
ACTS_THROUGH = re.compile(r"^\s*,?\s*(?:yang\s+)?(?:melalui|diwakili)\b", re.I)


def chair(text: str, found: list[Person], acronyms: dict[str, str] | None = None,
          found_mentions: list[Mention] | None = None) -> Person | None:
    """Who opened or led the meeting: the person after "dibuka/dipimpin oleh", else a person
    followed by "membuka/memimpin"; one who acts "melalui"/"diwakili" another is not present, the
    other is. Without such a statement: the highest-ranking official (Bupati and above)."""
    all_mentions = found_mentions if found_mentions is not None else mentions(text, acronyms)
    represented = {m.name for m in all_mentions if ACTS_THROUGH.match(text[m.end:m.end + 20])
                   or REPRESENTED_BY.search(text[max(0, m.start - 80):m.start])}

    aliases = _aliases(all_mentions)

    def resolve(name: str) -> Person | None:
        name = aliases.get(name, name)
        return next((p for p in found if _same(p.name, name)), None)

    for cue in CHAIR_CUE.finditer(text):
        following = [m for m in all_mentions if 0 <= m.start - cue.end() <= 160]
        present = [m for m in following if m.name not in represented]
        if present:
            return resolve(present[0].name)
    for mention in all_mentions:
        opens = OPENS.match(text[mention.end:mention.end + 80])
        if mention.name not in represented and opens:
            verb = mention.end + opens.end()
            if any(mention.end <= other.start < verb for other in all_mentions if other is not mention):
                continue  # "X, Sekretaris Kota Y membuka": Y opens, not X
            # "X, didampingi Wakil Bupati Y dan Sekda Z, membuka": X opens, Y and Z accompany
            leader = next((other for other in all_mentions if other.end <= mention.start
                           and "." not in text[other.end:mention.start]
                           and ACCOMPANIED.match(text, other.end)), None)
            return resolve((leader or mention).name)
    for mention in all_mentions:  # "Saat membuka rakor, Kepala Bappeda X menyampaikan …"
        before = text[max(0, mention.start - 160):mention.start]
        if mention.name not in represented and ("membuka" in before or "memimpin" in before) \
                and OPENS_BEFORE.search(before):
            return resolve(mention.name)
    for cue in CHAIR_CUE.finditer(text):
        # "dibuka oleh Wakil Bupati" and the Wakil Bupati named elsewhere; "dipimpin oleh Budi
        # Santoso" without a position
        head = CUE_POSITION.match(text, cue.end())
        if head:
            wanted = expand_position(head.group(0), acronyms)
            holder = next((p for p in found if p.position and p.position.startswith(wanted)
                           and not any(_same(p.name, r) for r in represented)), None)
            if holder:
                return holder
            continue
        tokens = _tokens(text[cue.end():cue.end() + 80])
        length = _name_at(tokens, 0)
        if length and not ACTS_THROUGH.match(text[cue.end() + tokens[length - 1][2]:][:20]):
            return resolve(_clean_name(tokens[:length])) or Person(_clean_name(tokens[:length]), None)
    if HELD_ELSEWHERE.search(text[:600]):
        return None
    ranked = [p for p in sorted(found, key=rank, reverse=True)
              if rank(p) >= 6 and not any(_same(p.name, r) for r in represented)]
    return ranked[0] if ranked else None


def chair_for(text: str, found: list[Person], chair_person: Person | None,
              found_mentions: list[Mention]) -> Person | None:
    """Whom the chair represented: the official named just before the chair who acts "melalui"/
    "diwakili" them, or the one the chair acts "mewakili"/"atas nama"; None otherwise."""
    if chair_person is None:
        return None
    at = next((m for m in found_mentions if _same(m.name, chair_person.name)), None)
    if at is None:
        return None
    for mention in reversed([m for m in found_mentions if m.end <= at.start and at.start - m.end <= 200]):
        if ". " in text[mention.end:at.start]:
            continue  # another sentence
        if (ACTS_THROUGH.match(text[mention.end:mention.end + 20])
                or REPRESENTED_BY.search(text[max(0, mention.start - 80):mention.start])):
            return next((p for p in found if _same(p.name, mention.name)), None)
    return None


def from_captions(captions: list[str], found: list[Person],
                  acronyms: dict[str, str] | None = None) -> list[Person]:
    """People named in photo captions and nowhere in the body ("Foto: Bupati Jayapura, Yunus
    Wonda, berbincang …"), to add to those of the body."""
    added: list[Person] = []
    for caption in captions:
        for person in people(caption, acronyms):
            if not any(_same(person.name, other.name) for other in found + added):
                added.append(person)
    return added


def as_written(person: Person | None, raw: str) -> Person | None:
    """The name spelt as the report spells it: the reading turns "Musa’ad" into "Musa'ad"."""
    if person is None or "'" not in person.name:
        return person
    curly = person.name.replace("'", "’")
    return Person(curly, person.position) if curly in raw else person


def speech_names(text: str) -> list[str]:
    return [m["name"] for m in SPEECH.finditer(text)]
