"""What a meeting asked for: directives, expectations, plans and commitments, as the clause that
says what is to be done; and the deadline a directive states (`due_date`).

The principle (the annotation conventions of ../shared/examples and tests/extraction/corpus): a
follow-up is an act that someone is asked, decided, planned or committed to do after the meeting
— who is to act (when the text names them) + the act + its object: "seluruh camat segera
melaporkan data kemiskinan". Not the speaker ("kata Bupati", "menurut …"), not where it was said
("dalam sambutannya", "saat membuka rakor"), not why (", agar / sehingga / karena …"). What is not
an act asked of anyone is no follow-up: how a thing is or should be in general ("pelayanan harus
berorientasi pada …", "… harus menjadi ruang bagi …"), what will happen or would follow ("harga
akan naik", "akan sangat membantu", "akan lebih tepat sasaran"), what a thing takes or costs
("dibutuhkan waktu dua bulan"), a hoped-for state or benefit, an act narrated in sequence ("Begitu
mendapat laporan, petugas segera …"), an invitation to the event itself ("mengajak … meninjau
pasar"), and what was asked before the meeting ("Sebelumnya, warga meminta …"). Each cue class
below is held to that: a verb of asking keeps whom it asks ("meminta seluruh OPD untuk …" ->
"seluruh OPD …") unless what follows has its own subject; the passive of asking keeps its subject
("Para lurah diminta …" -> "Para lurah …").

A follow-up is read from a sentence with a directive cue — "berharap agar", "mengharapkan",
"mengajak … untuk", "mengingatkan agar", "meminta", "menginstruksikan", "mendorong … untuk",
"menekankan perlunya/pentingnya", "berencana", "diharapkan dapat", "diperlukan", "arahan kepada …
untuk", "ditegaskan … agar", "berkomitmen untuk", "langkah … adalah", a meeting's decisions and
conclusions ("disepakati", "diputuskan", "kesimpulan rapat"), "penandatanganan … komitmen" — and
is the text after the cue; or from a modal or a plan with its subject ("<who/what> harus / wajib /
perlu / segera / akan / siap …"), the subject kept; or from an imperative inside a quotation; or
from the points of a list a colon opens. The clause runs to the end of the sentence's clause: a
quotation's end, a purpose clause after a comma (", agar / sehingga …"), a reason (", karena …"),
a spliced comment (", ini jadi …") and an attribution (", kata Bupati") are cut off.

Not follow-ups: background and reported facts, a forecast ("harga akan naik"), the meeting's own
course ("akan dihadiri"), a hoped-for state or benefit ("berharap … berjalan lancar / bermanfaat"),
an expected effect ("diharapkan mampu mendorong pertumbuhan"), courtesy ("meminta maaf"), a
discourse marker ("Perlu diketahui, …"), a modal in a relative clause or negated ("yang perlu",
"tidak perlu") or already past ("sudah harus")."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from sinergi.extraction import dates
from sinergi.extraction.sentences import sentences

# What a thing takes or costs is an estimate, not an act: "dibutuhkan waktu dua bulan …",
# "diperlukan anggaran sekitar Rp5 miliar …", "perlu waktu panjang …".
QUANTITY = (r"(?:waktu\b|(?:anggaran|dana|biaya)\s+(?:sekitar\s+|sebesar\s+|kurang\s+lebih\s+|hingga\s+)?"
            r"(?:Rp|\d))")
# (the words one of which the cue needs, the cue): only the cues whose words a sentence has
# are searched (speed)
CUES: list[tuple[str, str]] = [
    ("berharap",
        r"\bberharap\s+(?:agar|supaya|bahwa)\s+"),
    ("harapkan mengharapkan",
        r"\b(?:meng)?harapkan\s*,?\s+(?:kepada\s+)?(?:agar\s+|supaya\s+)?"),
    ("diharapkan",
        r"\bdiharapkan\s+(?:agar|supaya)\s+|\bdiharapkan\s*,\s*"),
    ("diharapkan",
        r"\bdiharapkan\s+(?:melalui\s+[^,]{0,60}?\s+)?(?:dapat|bisa|mampu)\s+"),
    ("ajak mengajak",
        r"\b(?:meng)?ajak\s+"),
    ("mengingatkan",
        r"\bmengingatkan\s+(?:agar|supaya|seluruh|semua|para)\s*"),
    ("minta meminta mintakan memintakan",
        r"\b(?:me)?minta(?:kan)?\s*,?\s+(?:agar\s+|supaya\s+|untuk\s+)?"),
    ("menginstruksikan",
        r"\bmenginstruksikan\s+(?:agar\s+|kepada\s+)?"),
    ("mengimbau",
        r"\bmengimbau\s+(?:agar\s+|kepada\s+)?"),
    ("mendorong",
        r"\bmendorong\s+(?:(?!me)[^\s.,]+\s+){0,8}?(?:untuk|agar|supaya)\s+"),  # no verb before "untuk"
    ("pentingnya perlunya",
        r"\b(?:menekankan|ditekankan|menegaskan|mengingatkan)\s+(?:kembali\s+)?(?:pentingnya|perlunya)\s+"),
    ("menyarankan mewajibkan menugaskan",
        r"\b(?:menyarankan|mewajibkan|menugaskan)\s*,?\s+"),

    ("berencana",
        r"\b(?-i:berencana)\s+"),  # not "Keluarga Berencana"
    ("wajibkan diwajibkan diharuskan mengharuskan",
        r"\b(?:di)?wajibkan\s+|\b(?:di|meng)haruskan\s+"),
    # "mendorong <who> <to do what>": the one urged is an actor, not "mendorong pertumbuhan …"
    ("mendorong",
        r"\bmendorong\s+(?=(?:seluruh\s+|semua\s+|para\s+|setiap\s+|masing-masing\s+)?(?:OPD|SKPD|camat|"
        r"lurah|kepala|pemerintah|pemda|pemdes|masyarakat|warga|desa|pihak|instansi|dinas|perangkat|ASN|"
        r"pelaku|petani|pedagang|peserta|generasi|pemuda|kader|tim)\b)"),
    ("penandatanganan",
        r"\bpenandatanganan\s+(?=[^.]*\b(?:komitmen|kesepakatan|pakta|nota|perjanjian|MoU)\b)"),
    ("ditargetkan",
        r"\bditargetkan\s+"),
    # What leaders ask, in the forms regional reports write it: a speaking verb with "agar /
    # supaya / untuk" (after "kepada <whom>"), "diminta", "hendaknya", "berpesan", "jangan", and a
    # meeting's explicit decisions ("disepakati", "diputuskan", "sepakat untuk").
    ("agar supaya",
        r"\b(?:menekankan|menegaskan|berpesan|mengarahkan|memerintahkan|menugaskan|menyampaikan|"
        r"mengatakan|menuturkan|mengungkapkan|menyarankan|merekomendasikan|meminta|mengingatkan|"
        r"menghimbau|mengimbau|menginstruksikan|menitipkan|menantang)\s+(?:pesan\s+|harapan\s+)?"
        r"(?:kepada\s+[^.,]{0,80}?\s+)?"
        r"(?:agar|supaya)\s+"),
    ("berpesan menghimbau mengarahkan menugaskan memerintahkan",
        r"\b(?:berpesan|menghimbau|mengarahkan|menugaskan|memerintahkan)\s+(?:kepada\s+)?"),
    ("diminta",
        r"\bdiminta\s+(?:untuk\s+|agar\s+|supaya\s+)?"),
    # Other passives of asking: "para lurah dimohon untuk …", "OPD dituntut untuk …".
    ("dimohon dituntut",
        r"\b(?:dimohon|dituntut)\s+(?:untuk\s+|agar\s+|supaya\s+)"),
    # Other verbs of urging and advising, with whom they urge: "mendesak dinas terkait agar …",
    # "menganjurkan para camat untuk …", "menyerukan seluruh bupati untuk …".
    ("mendesak menganjurkan menyerukan",
        r"\b(?:mendesak|menganjurkan|menyerukan)\s+(?:kepada\s+)?(?=[^.]{0,80}?\b(?:untuk|agar|supaya)\s)"),
    # The speaker's own hope: "Saya harap …", "Harapannya, …", "harapan kami agar …".
    ("harap",
        r"\b(?:saya|kami|kita)\s+(?:sangat\s+)?harap\s+(?:agar\s+|supaya\s+)?"),
    ("harapannya harapan",
        r"\bharapan(?:nya|\s+(?:saya|kami|kita))\s*(?:,\s*|\s+(?:adalah\s+)?(?:agar|supaya)\s+)"),
    ("hendaknya",
        r"\bhendaknya\s+"),
    ("berharap",
        r"\bberharap\s+"),
    ("sepakati disepakati",
        r"\b(?:telah\s+)?(?:di)?sepakati\s+(?:bahwa\s+|bersama\s+)?"),
    ("diputuskan",
        r"\bdiputuskan\s+(?:bahwa\s+|untuk\s+)?"),
    ("sepakat bersepakat",
        r"\b(?:ber)?sepakat\s+(?:untuk\s+|agar\s+)"),
    ("jangan",
        r"\bjangan\s+(?:sampai\s+)?"),
    # What is needed: "diperlukan / dibutuhkan / perlu adanya <what>".
    ("diperlukan dibutuhkan perlu",
        r"(?<!yang )\b(?:diperlukan|dibutuhkan|perlu\s+adanya)\s+(?=[a-z])(?!" + "{QUANTITY})"),
    # The step, way or key named: "langkah lain yang bisa dilakukan adalah …", "kuncinya adalah …".
    ("langkah strategi solusi kunci kuncinya",
        r"\b(?:langkah|strategi|solusi|kunci(?:nya)?)\b(?!\s+(?:ini|itu|tersebut)\b)[^.]{0,80}?"
        r"\b(?:adalah|yaitu|yakni|ialah)\s+"),
    # A directive given as a noun: "arahan kepada seluruh camat untuk …".
    ("arahan instruksi imbauan himbauan amanat amanah",
        r"\b(?:arahan|instruksi|imbauan|himbauan|amanat|amanah)\s+(?:kepada\s+[^.]{0,120}?\s)?"
        r"(?:untuk|agar|supaya)\s+"),
    # The passive of a speaking verb: "ditegaskan Bupati agar …".
    ("ditegaskan ditekankan diingatkan diarahkan diinstruksikan dipesankan",
        r"\b(?:ditegaskan|ditekankan|diingatkan|diarahkan|diinstruksikan|dipesankan)\s+"
        r"(?:[^.,]{0,60}?\s)?(?:agar|supaya)\s+"),
    # A speaking verb with "kepada <whom> untuk": "menekankan kepada para camat untuk …".
    ("kepada",
        r"\b(?:menekankan|menegaskan|berpesan|mengarahkan|memerintahkan|menugaskan|menginstruksikan|"
        r"mengingatkan|menghimbau|mengimbau|meminta)\s+kepada\s+[^.,]{0,80}?\s+untuk\s+"),
    # The passive of a directive verb: "para camat diinstruksikan untuk …", "warga diimbau …".
    ("diinstruksikan diimbau dihimbau",
        r"\b(?:diinstruksikan|diimbau|dihimbau)\s+(?:untuk\s+|agar\s+|supaya\s+)?"),
    ("diarahkan diingatkan diajak dianjurkan disarankan",
        r"\b(?:diarahkan|diingatkan|diajak|dianjurkan|disarankan)\s+(?:untuk|agar|supaya)\s+"),
    # A wish or a plea: "menginginkan agar …", "saya mohon (kepada camat) agar …".
    ("menginginkan menghendaki mohon memohon",
        r"\b(?:menginginkan|menghendaki|mohon|memohon)\s+(?:kepada\s+[^.,]{0,80}?\s+)?(?:agar|supaya|untuk)\s+"),
    # What follows up the meeting: "Sebagai tindak lanjut, …", "… ditindaklanjuti dengan …".
    ("tindak",
        r"\btindak\s+lanjut(?:nya)?(?:\s+(?:dari\s+)?(?:hasil\s+)?(?:rapat|rakor|pertemuan|kegiatan)"
        r"(?:\s+(?:ini|tersebut|itu))?)?\s*,\s*"),
    ("ditindaklanjuti", r"\bditindaklanjuti\s+dengan\s+"),
    # A meeting's decisions and recommendations, and a target set.
    ("menyepakati memutuskan",
        r"\b(?:menyepakati|memutuskan)\s+(?:bahwa\s+|untuk\s+)?"),
    ("merekomendasikan",
        r"\bmerekomendasikan\s+(?:agar\s+|supaya\s+|untuk\s+|kepada\s+)?"),
    ("menargetkan",
        r"\bmenargetkan\s+"),
    # A meeting's conclusions: "kesimpulan rapat: …", "catatan penting hasil rapat, …".
    ("kesimpulan hasil catatan",
        r"\b(?:kesimpulan|hasil|catatan(?:\s+penting)?(?:\s+hasil)?)\s+(?:rapat|rakor|pertemuan|"
        r"musyawarah)(?:\s+(?:ini|tersebut|itu))?\s*(?:[,:]|\s(?:adalah|yaitu|yakni|antara\s+lain))\s*"
        r"(?:sebanyak\s+)?(?=\S)"),
    # A commitment to act: "berkomitmen untuk …", "komitmen Pemkab melalui TPPS untuk …".
    ("komitmen berkomitmen",
        r"\b(?:ber)?komitmen\s+(?:[^.,]{0,60}?\s)?untuk\s+"),
]
CUE_TABLE = [(frozenset(words.split()), re.compile(cue.replace("{QUANTITY}", QUANTITY), re.I))
             for words, cue in CUES]
WORD = re.compile(r"[a-z]+")
SUBJECT_WORDS = frozenset({"harus", "segera", "wajib", "mesti", "perlu", "akan", "idealnya", "siap",
                           "bertanggung", "ditugaskan", "dijadwalkan", "sebaiknya", "berkewajiban",
                           "direncanakan", "diagendakan"})
# A sentence with none of these words is not searched at all (speed).
CUE_WORDS = frozenset().union(*(words for words, _ in CUE_TABLE), SUBJECT_WORDS)
PERSON_SUBJECT = re.compile(
    r"\b(?:seluruh|setiap|semua|para|masing-masing)?\s*(?:kepala|camat|lurah|kades|kepala\s+desa|"
    r"OPD|SKPD|ASN|pegawai|peserta|pihak|kita|kami|pemerintah\s+daerah|pemda|dinas|instansi|"
    r"perangkat\s+daerah|distrik|kampung|desa|kelurahan|puskesmas|sekolah|masyarakat)\b[^.]{0,60}"
    r"\b(?<!sudah )(?<!telah )(?:harus|wajib|mesti|perlu)\s+", re.I)
PURPOSE = re.compile(r",\s+(?:agar|supaya|sehingga|guna|demi)\s+(?:ke\s+depannya\s+)?"
                     r"|,\s*(?:karena|sebab|mengingat|kalau|padahal)\s+", re.I)
# A modal or plan with its subject: "<who/what> harus / wajib / perlu / akan / siap / idealnya /
# bertanggung jawab / ditugaskan untuk / dijadwalkan …" — the clause keeps its subject (from the
# clause's start: a comma, a quotation mark, "bahwa", a speaking verb). Not in a relative clause
# ("yang harus …", "yang perlu segera …") nor negated ("tidak perlu").
SUBJECT_CUE = re.compile(r"(?<!sudah )(?<!telah )"
                         r"\b(?i:harus|segera|wajib|mesti|perlu|akan|idealnya|sebaiknya|siap|bertanggung\s+jawab|"
                         r"berkewajiban|ditugaskan\s+untuk|dijadwalkan|direncanakan|diagendakan)\s+"
                         r"(?=[a-z])")
CLAUSE_START = re.compile(r'[,;:"]\s*|\s[–-]\s|\b(?:bahwa|menyatakan|mengatakan|menyampaikan|'
                          r"menegaskan|menekankan|menjelaskan|mengungkapkan|menuturkan|ditekankan|"
                          r"ditegaskan|disampaikan|menyebut(?:kan)?|menilai|mengakui|dimana|di\s+mana)\s+",
                          re.I)
CONNECTIVE = re.compile(r"^(?:(?:dan|serta|namun|tetapi|tapi|sedangkan|sementara|lalu|kemudian|"
                        r"selain\s+itu|intinya|tentu|menurut(?:nya)?|seperti|maka|jadi|bahkan|"
                        r"nantinya|nanti|kini|masih|juga|pun|terus|tetap|selalu|sudah|telah)\b,?\s*)+$|"
                        r"^(?:(?:dan|serta|namun|tetapi|tapi|sedangkan|sementara|lalu|kemudian|selain\s+itu|"
                        r"intinya|tentu|menurut(?:nya)?|seperti|maka|jadi|bahkan)\b,?\s*)+",
                        re.I)
TRAILING_ADVERB = re.compile(r"(?:[\s,]+(?:juga|pun|kini|nantinya|nanti|masih|terus|tetap|selalu|sudah|"
                             r"telah|pula))+$", re.I)
MAX_SUBJECT_WORDS = 12
RELATIVE = re.compile(r"\b(?:yang|tidak)\s+(?:\w+\s+)?$", re.I)
# A discourse marker is not a modal: "Perlu diketahui, …", "Harus diakui, …", "perlu dicatat bahwa …".
DISCOURSE = re.compile(r"(?:perlu|harus)\s+(?:diketahui|diingat|dicatat|diakui|disadari|dipahami|"
                       r"digarisbawahi|dijelaskan|disampaikan)\b(?:\s*,|\s+bahwa\b)", re.I)
# A way of seeing is not a thing to do: "inflasi harus dipandang sebagai …".
VIEW = re.compile(r"(?:dipandang|dilihat|dimaknai|dipahami|dianggap|diartikan)\s+sebagai\b", re.I)
# What a thing should be, in general, is no act asked of anyone: "pelayanan harus berorientasi pada
# …", "… harus bersifat inklusif", "musyawarah desa harus menjadi ruang bagi …" (but "evaluasi ini
# harus menjadi bahan masukan …" is what to do with it).
NORM = re.compile(r"(?:berorientasi|bersifat|merupakan|menjadi\s+(?:ruang|wadah|sarana|fondasi|pondasi|"
                  r"landasan|momentum|spirit|semangat|pedoman|cerminan))\b", re.I)
# A reason or consequence is not what is asked ("…, karena kita akan …"), a bare demonstrative
# is no subject ("Hal ini harus …"), and a plan that is a belief or a wish is no plan.
SUBORDINATE = re.compile(r"^(?:karena|sebab|sehingga|walaupun|meskipun|meski|padahal)\b", re.I)
DEMONSTRATIVE = re.compile(r"^(?:hal\s+)?(?:ini|itu|tersebut)$", re.I)
BELIEF = re.compile(r"\b(?:diyakini\w*|yakin|optimis\w*|insya\s*allah|insha\s*allah|semoga|"
                    r"mudah-mudahan|diperkirakan|diprediksi\w*|memperkirakan|memprediksi\w*|"
                    r"kemungkinan|berpotensi|dikhawatirkan|khawatir)\b", re.I)
# What will happen rather than what will be done: a forecast ("inflasi akan meningkat"), the
# meeting's own course ("akan berlangsung / dihadiri / dibuka"), what someone will receive.
NOT_A_PLAN = re.compile(r"(?:terus\s+|kembali\s+|semakin\s+|makin\s+)?(?:meningkat|menurun|naik|turun|"
                        r"bertambah|berkurang|terjadi|berdampak|menjadi|hidup|membantu|berlangsung|"
                        r"dihadiri|dibuka|ditutup|mendapatkan|mendapat|memperoleh|menerima|tiba|datang|"
                        r"hadir|mengalami|melonjak|merosot|stabil|berakhir|jatuh|sangat|"
                        r"lebih\s+(?:tepat|mudah|baik|efektif|efisien|cepat|ringan|besar|kecil|optimal|maksimal|"
                        r"terarah|terukur|murah|mahal)|memberi(?:kan)?\s+(?:\w+\s+)?(?:dampak|manfaat|kontribusi|"
                        r"pengaruh)|berpengaruh|bermanfaat|terdampak)\b", re.I)
# A quoted sentence that opens with a transitive verb is an instruction: "Memperkuat sinergi …"
# (not a preposition or an adverb of the same shape: "Menurut saya", "Menjelang", "Memang"),
# and so is one that opens with an imperative ("Sampaikan …", "Bagilah …", "Pastikan …").
IMPERATIVE = re.compile(r'^"?(?!(?:Menurut|Menjelang|Mengenai|Memang|Meski|Mengingat|Menyusul|Melalui|'
                        r'Memasuki|Menuju|Mendatang|Mengapa|Menyangkut|Mengacu|Menanggapi)\w*\b)'
                        r'(?:Mem(?:per)?|Men(?:g|y)?|Meng)[a-z]+(?:kan|i)?\s+[a-z]'
                        r'|^["“]?(?!(?:Ke[a-z]+kan|Pendidikan|Alhamdulillah|Masalah|Jumlah|Sekolah|Salah|Kalah|Allah|Inilah|'
                        r'Itulah|Dialah|Bukan|Akan|Pekan|Ikan)\b)(?:[A-Z][a-z]+(?:lah|kan)|Segera|Ayo|Tolong|Turun)'
                        r'\s+[a-z]')
# In a quotation, an imperative after a condition: "Apabila ada kendala, lakukan evaluasi" (not
# "yang kita sampaikan", "sudah kami laksanakan").
IMPERATIVE_WORD = re.compile(r"(?<!kita )(?<!kami )(?<!saya )(?<!yang )(?<!akan )(?<!sudah )(?<!telah )"
                             r"(?<!sedang )(?<!bisa )(?<!dapat )"
                             r"\b(?:lakukan|laksanakan|pastikan|sampaikan|tingkatkan|perhatikan|"
                             r"siapkan|selesaikan|percepat|optimalkan|manfaatkan|koordinasikan|"
                             r"tindaklanjuti|kawal|awasi)\s+[a-z]")
FLUFF_START = re.compile(r"^(?:Dengan\s+(?:adanya|demikian)|Melalui\s+kegiatan|Semoga)\b", re.I)
# What a thing is expected to bring about is not something to do: "Sinergi ini diharapkan mampu
# mendorong pertumbuhan ekonomi", "… diharapkan dapat memberikan dampak signifikan".
EFFECT = re.compile(r"^(?:mendorong|memberi(?:kan)?\s+(?:dampak|manfaat|kontribusi|masukan|warna|nilai)|"
                    r"memperkaya|berdampak|bermanfaat|berkontribusi|menjadi\s+(?:wadah|sarana|"
                    r"motivasi|inspirasi|contoh))\b", re.I)
# A hope for a state of things is no directive: "berharap (situasi) bisa terkendali dan kondusif".
STATE = re.compile(r"^(?:(?!me|ber|di\w)\w+\s+){0,6}?(?:bisa\s+|dapat\s+|tetap\s+)?"
                   r"(?:terkendali|kondusif|lancar|aman|sukses|(?:semakin|makin|terus)\s+(?:baik|meningkat|maju|"
                   r"membaik)|meningkat|membaik|berjalan\s+(?:lancar|baik|sukses|dengan\s+(?:baik|lancar)))\b",
                   re.I)
# ... and neither is a hoped-for benefit: "berharap kegiatan ini (dapat) bermanfaat bagi warga".
BENEFIT = re.compile(r"^(?:(?!me|ber|di\w)\w+\s+){0,4}?(?:dapat\s+|bisa\s+|mampu\s+)?(?:bermanfaat|berdampak|"
                     r"memberi(?:kan)?\s+(?:dampak|manfaat|kontribusi|nilai\s+tambah)|"
                     r"membawa\s+(?:manfaat|berkah|dampak|perubahan))\b", re.I)
# Courtesy and ritual asked for are not follow-ups: "meminta maaf", "mohon izin / doa restu",
# "mengajak hadirin berdoa bersama".
COURTESY = re.compile(r"^(?:(?!me|ber|di)\w+\s+){0,4}?(?:maaf|izin|ijin|doa|restu|berdoa|mendoakan|"
                      r"mengheningkan\s+cipta|bertepuk\s+tangan)\b", re.I)
# Nor is an invitation to take part in the event itself: "mengajak para kepala dinas meninjau
# pasar", "mengajak peserta berfoto bersama".
JOINING = re.compile(r"^(?:(?!me|ber)\w+\s+){0,5}?(?:untuk\s+)?(?:meninjau|berkeliling|mengunjungi|"
                     r"melihat\s+langsung|menyaksikan|berfoto|foto\s+bersama|makan|menikmati|bersantap|mencicipi|menari|bernyanyi)\b",
                     re.I)
COUNTED = re.compile(r"^(?:\w+\s+)?(?:hal|poin|point|langkah|butir)(?:\s+(?:penting|utama|pokok))?\s*,?\s*"
                     r"(?:yakni|yaitu|antara\s+lain|berikut|sebagai\s+berikut)\s*:?\s*", re.I)
ATTRIBUTION = re.compile(r",\s*(?:menurut|kata|ujar|ucap|tegas|jelas|ungkap|tutur|imbuh|tambah|pungkas|"
                         r"terang|sebut|papar|tandas|timpal|harap|pesan|lanjut)(?:nya)?\b", re.I)
# Where and when it was said is not what is asked: "… dalam sambutannya", "… saat membuka rakor",
# "… di hadapan para camat".
SETTING = re.compile(r",?\s+(?:(?:dalam|pada|melalui)\s+(?:sambutan|arahan|pidato|paparan|amanat)(?:nya)?\b|"
                     r"(?:saat|ketika|sewaktu|di\s+sela(?:-sela)?)\s+(?:membuka|memimpin|menghadiri|memberikan|"
                     r"menyampaikan|memberi)\b|di\s+hadapan\b)", re.I)
# A comment spliced on with a comma ends the clause: "…, ini jadi pembelajaran untuk kita".
COMMENT = re.compile(r",\s*(?:ini|itu|hal\s+ini)\s+(?:jadi|menjadi|yang|adalah|merupakan)\b", re.I)
MIN_WORDS = 4
MAX_WORDS = 30
# A point of a list ("- Penguatan pasokan …", "1. Identifikasi …", "• …") that follows a line
# ending in a colon ("… menghasilkan rekomendasi sebagai berikut:"): each point is what the
# meeting asks for.
BULLET = re.compile(r"^\s*(?:[-–•●▪*]|\d{1,2}[.)]|[a-h][.)])\s+(?=\S)")


# A verb of asking names whom it asks, then what: the follow-up is that one doing it ("meminta
# seluruh camat untuk segera melapor" -> "seluruh camat segera melapor"): the link word goes, the
# one asked stays (a short noun phrase: no verb, no clause).
ASKING = re.compile(r"(?:me)?minta|mengajak|ajak|mendorong|mengimbau|menghimbau|menginstruksikan|mendesak|"
                    r"menganjurkan|menyerukan|mengingatkan|berpesan|menugaskan|memerintahkan|mengarahkan|"
                    r"menyarankan|mewajibkan", re.I)
ADDRESSEE = re.compile(r"^(?:kepada\s+)?((?:(?!(?:me|ber)\w{3,}|(?:di|ter)\w{2,}(?:kan|i)\b|"
                       r"(?:untuk|agar|supaya|yang|dan|bahwa)\b)[^\s.,]+\s+){1,8}?)(?:untuk|agar|supaya)\s+"
                       # what follows is an act of theirs (not a clause with its own subject)
                       r"(?=(?:me|ber|mem|per|ter)[a-z]+|(?:segera|lebih|terus|tetap|dapat|bisa|mampu|tidak|"
                       r"selalu|senantiasa|benar-benar|aktif|turun|fokus|saling|ikut|serius|bersama|proaktif)\b)",
                       re.I)
# The passive of asking: its subject is the one asked.
PASSIVE_ASKED = re.compile(r"(?:diminta|diimbau|dihimbau|diinstruksikan|dimohon|dituntut|diwajibkan|"
                           r"diharuskan|diarahkan|diingatkan|diajak|dianjurkan|disarankan)\b", re.I)
# ... when it is one: a noun phrase, not a preposition, a connective or a clause with a verb.
NOT_WHO = re.compile(r"^(?:untuk|dalam|pada|oleh|di|ke|dari|maka|karena|sehingga|sebab|hal|ini|itu|tersebut|"
                     r"selain|sementara|kemudian|lalu|namun)\b|\b(?:me|ber)[a-z]{3,}\b", re.I)
LEAD = re.compile(r"^(?:kepada\s+[^.,]{1,80}?\s+(?=agar\b|supaya\b|untuk\b)|)(?:agar|supaya|untuk)\s+", re.I)


def _clause(text: str) -> str:
    text = re.split(r'[,.]?"', text.strip(' "\''), maxsplit=1)[0]  # a quotation ends the clause
    text = LEAD.sub("", text.strip())  # "kepada seluruh camat agar …", "untuk …": what is asked
    text = re.sub(r"^(?:dapat|bisa|mampu)\s+(?=[a-z])", "", text)  # "… agar dapat memberikan …"
    if re.match(r"kepada\b", text, re.I) and not re.search(r"\b(?:agar|supaya|untuk)\b", text):
        return ""  # only the addressee
    text = COUNTED.sub("", text)  # "(menyepakati) tiga hal, yakni …": the things themselves
    text = COMMENT.split(text, maxsplit=1)[0]  # "jangan sampai terulang, ini jadi pelajaran"
    text = ATTRIBUTION.split(text, maxsplit=1)[0]  # "…, kata Bupati", "…, tegasnya di hadapan …"
    setting = SETTING.search(text)  # "… dalam sambutannya saat membuka rakor": where it was said
    if setting and len(text[:setting.start()].split()) >= MIN_WORDS:
        text = text[:setting.start()]
    purpose = PURPOSE.search(text)
    if purpose and len(text[:purpose.start()].split()) >= MIN_WORDS:
        text = text[:purpose.start()]
    words = text.split()
    if len(words) > MAX_WORDS:
        text = " ".join(words[:MAX_WORDS])
    text = re.sub(r"\s+(?:dan|serta|atau|yang)$", "", text.strip(" ,;:.\"'"))
    return text.strip(" ,;:.\"'")


def _is_who(subject: str) -> bool:
    """Whether `subject` can be the one asked: a short noun phrase (a relative clause allowed)."""
    head = re.split(r"\byang\b", subject, maxsplit=1, flags=re.I)[0]
    return 0 < len(subject.split()) <= 8 and not NOT_WHO.search(head)


def _quoted(text: str, start: int) -> bool:
    """Whether `start` lies inside a quotation opened earlier in its paragraph."""
    paragraph = text.rfind("\n", 0, start) + 1
    return text.count('"', paragraph, start) % 2 == 1


def _subject(before: str) -> str:
    """The subject of the clause that ends where `before` ends (from the clause's start: a comma,
    a quotation mark, "bahwa", a speaking verb)."""
    begins = [(0, "")] + [(b.end(), b.group(0).strip()) for b in CLAUSE_START.finditer(before)]
    subject = ""
    for begin, mark in reversed(begins):  # "Kepala BPBD, Andi Rahman, ditugaskan …": the apposition
        subject = TRAILING_ADVERB.sub("", CONNECTIVE.sub("", before[begin:].strip(" ,")))
        if subject or mark.lower() not in (",", "dimana", "di mana"):
            break
    return subject


def _with_subject(sentence: str) -> str | None:
    # the first cue not inside a relative clause ("masalah yang perlu segera kita atasi")
    cue = next((c for c in SUBJECT_CUE.finditer(sentence)
                if not RELATIVE.search(sentence, max(0, c.start() - 20), c.start())), None)
    if not cue:
        return None
    before = sentence[:cue.start()]
    subject = _subject(before)
    if SUBORDINATE.match(subject) or DEMONSTRATIVE.match(subject):
        return None
    if len(subject.split()) > MAX_SUBJECT_WORDS:
        subject = ""
    if PAST_TIME.search(before):  # "dulu kita harus menunggu berbulan-bulan"
        return None
    if DISCOURSE.match(sentence, cue.start()) or VIEW.match(sentence, cue.end()) or (
            re.match(QUANTITY, sentence[cue.end():], re.I)) or (
            cue.group(0).lower().startswith("segera") and NARRATED.match(sentence)) or (
            NORM.match(sentence, cue.end()) and not cue.group(0).lower().startswith("akan")) or (
            cue.group(0).lower().startswith("akan") and NOT_A_PLAN.match(sentence, cue.end())):
        return None
    plan = cue.group(0).lower().startswith(("akan", "siap", "dijadwalkan", "bertanggung", "direncanakan",
                                            "diagendakan"))
    if plan and (not subject or BELIEF.search(before)):
        return None  # a plan needs whoever or whatever it is about
    return _clause(f"{subject.strip(' ,')} {sentence[cue.start():]}".strip())


# The points a speaker counts: "menekankan tiga hal …" then "Pertama, …", "Kedua, …".
ORDINAL = re.compile(r'^"?(?:yang\s+)?(?:pertama|kedua|ketiga|keempat|kelima|keenam)\b\s*[,:]?\s*'
                     r"(?:(?:adalah|yaitu|yakni|terkait|soal|mengenai|tentang)\s+)?", re.I)
POINTS = re.compile(r"\b(?:dua|tiga|empat|lima|enam|beberapa|sejumlah)\s+(?:hal|poin|point|arahan|catatan|"
                    r"instruksi|pesan|rekomendasi|langkah|strategi|fokus|prioritas|harapan)\b", re.I)
# An act told in sequence with another act is narrated, not asked: "Begitu mendapat laporan,
# petugas segera mendatangi lokasi" (but "Setelah rapat ini, Dinas PUPR segera …" is decided).
NARRATED = re.compile(r"^(?:Begitu|Setelah|Sesudah|Usai|Seusai|Sesaat|Ketika|Saat|Sewaktu)\s+"
                      r"(?:(?:me|ber|di|ter)[a-z]{3,})\b", re.I)
PAST_TIME = re.compile(r"\b(?:dulu|dahulu|sebelumnya|kemarin|sempat)\b", re.I)
PAST = re.compile(r"\b(?:telah|sudah|pernah)\s+(?:juga\s+|pula\s+)?$", re.I)
NUMBER_ONLY = re.compile(r"^\s*(?:\d{1,2}|[a-h])[.)]$")
# Two sentences glued without a space ("… stunting.Dibutuhkan …") are two sentences here.
GLUED = re.compile(r"(?<=[a-z)])\.(?=[A-Z][a-z])")
# The measures a sentence enumerates after a colon: "… melalui beberapa hal seperti: a, b serta c".
ENUMERATION = re.compile(r"\b(?:hal|langkah|upaya|cara|strategi|kebijakan|program|kegiatan|rekomendasi)"
                         r"\b[^.:]{0,40}?\b(?:seperti|antara\s+lain|yaitu|yakni|meliputi|berikut)\s*:\s*",
                         re.I)
ITEM_SPLIT = re.compile(r"\s*;\s*|\s+serta\s+|,\s+dan\s+(?=[a-z]+(?:an|kan|i)\b)")


def _sentences(text: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    marker: tuple[str, int] | None = None  # "1." cut off from its point by the sentence splitter
    for sentence, start in sentences(text):
        if NUMBER_ONLY.match(sentence):
            marker = (sentence, start)
            continue
        if marker and text[marker[1] + len(marker[0]):start].strip() == "":
            sentence, start = text[marker[1]:start + len(sentence)], marker[1]
        marker = None
        offset = 0
        for glued in GLUED.finditer(sentence):
            out.append((sentence[offset:glued.start()], start + offset))
            offset = glued.end()
        out.append((sentence[offset:], start + offset))
    return out


def find(text: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    listing = False  # inside a list that a line ending in ":" opened
    for sentence, start in _sentences(text):
        enumeration = ENUMERATION.search(sentence) if ":" in sentence else None
        if enumeration:
            for item in ITEM_SPLIT.split(sentence[enumeration.end():]):
                _add(found, seen, _clause(item), start, start + len(sentence))
            continue
        bullet = BULLET.match(sentence)
        if bullet and (listing or text[:start].rstrip().endswith(":")):
            listing = True
            _add(found, seen, _clause(sentence[bullet.end():]), start, start + len(sentence))
            continue
        listing = False
        if FLUFF_START.match(sentence):
            continue
        words = CUE_WORDS.intersection(WORD.findall(sentence.lower()))
        match = subject = None
        if words:
            for needed, pattern in CUE_TABLE:  # the leftmost cue; at one place, the first listed
                if needed & words and (found_cue := pattern.search(sentence)) and (
                        match is None or found_cue.start() < match.start()):
                    match = found_cue
            subject = PERSON_SUBJECT.search(sentence) if words & SUBJECT_WORDS else None
        if match and PAST.search(sentence, max(0, match.start() - 20), match.start()):
            continue  # asked before this meeting: "Bupati telah meminta …"
        if match:
            rest = sentence[match.end():]
            if match.group(0).lower().startswith("berencana"):
                # keep who plans it: "Pemkab Tanah Bumbu … berencana melaksanakan …"
                subject_text = re.split(r",\s*", sentence[:match.start()])[-1]
                subject_text = re.sub(r"\b(?:juga|pun|akan|telah|sudah)\b", "", subject_text)
                rest = f"{subject_text.strip()} {rest}"
            elif PASSIVE_ASKED.match(match.group(0)):
                if re.match(r"kepada\b", rest, re.I):  # "diminta kepada seluruh OPD agar segera …"
                    rest = ADDRESSEE.sub(r"\1", rest)
                elif (who := _subject(sentence[:match.start()])) and _is_who(who):
                    rest = f"{who} {rest}"  # "Seluruh camat diminta melapor …": the ones asked, and what
            elif match.group(0).lower().startswith("penandatanganan"):
                rest = sentence[match.start():]
            elif match.group(0).lower().startswith("diharapkan") and EFFECT.match(rest):
                continue
            elif re.match(r"(?:wujud|bentuk|bagian|cerminan|salah\s+satu\s+bentuk)\b", rest, re.I):
                continue  # "langkah yang diambil adalah wujud …": a characterization
            if "harap" in match.group(0).lower() and (STATE.match(rest) or BENEFIT.match(rest)):
                continue
            if COURTESY.match(rest) or (match.group(0).lower().startswith(("ajak", "mengajak"))
                                        and JOINING.match(rest)):
                continue
            if PAST_TIME.search(sentence, 0, match.start()):
                continue  # asked before this meeting: "Sebelumnya, warga meminta …"
            if ASKING.match(match.group(0)) and not re.search(r"(?:agar|supaya|untuk)\s+$", match.group(0)):
                rest = ADDRESSEE.sub(r"\1", rest)  # "seluruh camat untuk melapor …": who, and what
            clause = _clause(rest)
            # "Pelayanan harus tetap jalan, dan kepala kampung jangan …": a modal clause before
            # the cue, ended by a comma, is asked as well.
            head = sentence[:match.start()]
            if "," in head and (modal := _with_subject(head[:head.rfind(",")])):
                _add(found, seen, modal, start, start + len(sentence))
        elif words & SUBJECT_WORDS and (modal := _with_subject(sentence)) is not None:
            clause = modal
        elif subject and not NORM.match(sentence, subject.end()) and not PAST_TIME.search(sentence, 0,
                                                                                          subject.end()):
            clause = _clause(sentence[subject.start():])
        elif (sentence[:1] in '"“' or _quoted(text, start)) and (
                IMPERATIVE.match(sentence) or IMPERATIVE_WORD.search(sentence)):
            clause = _clause(re.split(r"\.\s", sentence, maxsplit=1)[0])
        elif (ordinal := ORDINAL.match(sentence)) and POINTS.search(text, max(0, start - 400), start):
            clause = _clause(sentence[ordinal.end():])  # "Kedua, penguatan …" after "tiga hal"
        else:
            continue
        _add(found, seen, clause, start, start + len(sentence))
    return found


def _add(found: list[tuple[str, int, int]], seen: set[str], clause: str, start: int, end: int) -> None:
    key = clause.lower()
    if len(clause.split()) >= MIN_WORDS and key not in seen:
        seen.add(key)
        found.append((clause, start, end))


# --- Due dates -------------------------------------------------------------------------------
# The deadline a directive states: "paling lambat 31 Oktober 2025", "selambat-lambatnya tanggal
# 15 Desember", "sebelum 20 November", "batas waktu …", "hingga akhir bulan ini", "akhir tahun",
# "akhir Desember", "pekan depan", "dalam waktu 7 hari", "akhir triwulan III". A date without a
# year takes the reference's year (the next year when that would fall before the reference); a
# relative phrase needs the reference (the meeting's date, else the publication date).

_NUMBER_WORDS = {"satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
                 "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11,
                 "dua belas": 12, "empat belas": 14, "lima belas": 15, "tiga puluh": 30}
_QUARTERS = {"i": 1, "1": 1, "pertama": 1, "ii": 2, "2": 2, "kedua": 2, "iii": 3, "3": 3,
             "ketiga": 3, "iv": 4, "4": 4, "keempat": 4}
_DEADLINE = (r"(?:paling\s+lambat|selambat-lambatnya|sebelum|batas\s+waktu(?:nya)?|tenggat(?:\s+waktu)?|"
             r"deadline|maksimal|hingga|sampai(?:\s+dengan)?|s\.\s?d\.?|target(?:nya)?\s+(?:selesai\s+)?)"
             r"\s*(?:pada\s+|di\s+)?(?:(?:hari\s+)?(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu)\s*,?\s*)?"
             r"(?:tanggal\s+|tgl\.?\s+)?")
_MONTH_NAME = r"(?P<month>" + "|".join(sorted(dates.MONTHS, key=len, reverse=True)) + r")\b\.?"
_YEAR = r"(?:\s+(?:tahun\s+)?(?P<year>20\d\d))?"
_QUARTER = r"(?P<quarter>IV|III|II|I|[1-4]|pertama|kedua|ketiga|keempat)\b"
_DEADLINE_HINTS = ("lambat", "sebelum", "batas", "tenggat", "deadline", "maksimal", "hingga", "sampai",
                   "s.d", "target")
_COUNT = (r"(?P<count>\d{1,3}|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|"
          r"dua\s+belas|empat\s+belas|lima\s+belas|tiga\s+puluh)")
# (kind, the words one of which the form needs — a cheap test before the pattern —, the pattern)
DUE_FORMS: list[tuple[str, tuple[str, ...], re.Pattern[str]]] = [(kind, hints, re.compile(pattern, re.I)) for
                                                                  kind, hints, pattern in [
    # an explicit date after a deadline word: "paling lambat 31 Oktober 2025", "sebelum 20 November"
    ("date", _DEADLINE_HINTS, r"\b" + _DEADLINE + r"(?P<day>\d{1,2})\s+" + _MONTH_NAME + _YEAR),
    # the same written with numbers: "paling lambat Jumat (17/10)", "sebelum 20/11/2025"
    # (in parentheses, or with a year: "hingga 2/3 target" is a fraction)
    ("numeric", _DEADLINE_HINTS, r"\b" + _DEADLINE + r"(?:\(\s*(?P<day>\d{1,2})\s*/\s*(?P<mon>\d{1,2})"
                                 r"(?:\s*/\s*(?P<year>20\d\d|\d\d))?\s*\)|(?P<day2>\d{1,2})\s*/\s*"
                                 r"(?P<mon2>\d{1,2})\s*/\s*(?P<year2>20\d\d)\b)"),
    ("date", ("batas", "tenggat"),
     r"\b(?:batas\s+waktu(?:nya)?|tenggat(?:\s+waktu)?)(?:\s+[a-z]+){0,4}?\s+"
     r"(?:adalah\s+|pada\s+|tanggal\s+)*(?P<day>\d{1,2})\s+" + _MONTH_NAME + _YEAR),
    ("date", ("mendatang", "nanti"), r"\bpada\s+(?:tanggal\s+)?(?P<day>\d{1,2})\s+" + _MONTH_NAME + _YEAR
                                     + r"\s+(?:mendatang|nanti)\b"),
    # the end of a month, a year, a quarter or a half
    ("month_end", ("akhir",), r"\bakhir\s+(?:bulan\s+)?" + _MONTH_NAME + _YEAR + r"(?!\s+(?:lalu|kemarin))"),
    ("this_month", ("akhir bulan",), r"\bakhir\s+bulan(?:\s+ini)?\b(?!\s+(?:depan|lalu|kemarin))"),
    ("next_month", ("bulan depan",), r"\b(?:akhir\s+)?bulan\s+depan\b"),
    ("quarter", ("triwulan", "tw", "kuartal"),
     r"\b(?:akhir\s+)?(?:triwulan|TW|kuartal)\s*[-.]?\s*" + _QUARTER + _YEAR),
    ("this_quarter", ("akhir triwulan", "akhir kuartal"), r"\bakhir\s+(?:triwulan|kuartal)(?:\s+ini)?\b"),
    ("half", ("semester",), r"\b(?:akhir\s+)?semester\s+(?P<quarter>II|I|1|2|pertama|kedua)\b" + _YEAR),
    ("year_end", ("akhir tahun",),
     r"\bakhir\s+tahun(?:\s+anggaran)?(?:\s+ini|\s+(?P<year>20\d\d)|\s+(?P<next>depan))?\b(?!\s+(?:lalu|kemarin))"),
    # a month after a deadline word: "paling lambat September"
    ("month_end", ("lambat", "sebelum", "batas"),
     r"\b(?:paling\s+lambat|selambat-lambatnya|sebelum|batas\s+waktu(?:nya)?)\s+(?:bulan\s+)?"
     + _MONTH_NAME + _YEAR),
    ("next_week", ("depan",), r"\b(?:minggu|pekan)\s+depan\b"),
    ("within", ("dalam",), r"\bdalam\s+(?:waktu\s+|jangka\s+waktu\s+)?(?:" + _COUNT
                           + r"\s+|se(?=minggu|pekan|bulan|hari))(?P<unit>hari|minggu|pekan|bulan)\b"),
    ("within", ("24",), r"\b(?P<count>\d{1,2})\s*[x×]\s*24\s+jam\b(?P<unit>)"),
]]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _roll(found: dt.date, reference: dt.date | None, stated_year: bool) -> dt.date:
    if not stated_year and reference is not None and found < reference:
        try:
            return found.replace(year=found.year + 1)
        except ValueError:  # 29 February
            return found + dt.timedelta(days=365)
    return found


def _due(kind: str, match: re.Match[str], reference: dt.date | None) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    base_year = year or (reference.year if reference else None)
    if kind in ("date", "numeric"):
        if groups.get("day2"):  # "20/11/2025"
            year = base_year = int(groups["year2"])
        elif groups.get("year") and len(groups["year"]) == 2:  # "(17/10/25)"
            year = base_year = 2000 + int(groups["year"])
        if base_year is None:
            return None
        day = int(groups.get("day") or groups["day2"])
        month = (int(groups.get("mon") or groups["mon2"]) if kind == "numeric"
                 else dates.MONTHS[match["month"].lower().rstrip(".")])
        try:
            return _roll(dt.date(base_year, month, day), reference, year is not None)
        except ValueError:
            return None
    if kind == "month_end":
        if base_year is None:
            return None
        month = dates.MONTHS[match["month"].lower().rstrip(".")]
        return _roll(_month_end(base_year, month), reference, year is not None)
    if kind in ("quarter", "half"):
        if base_year is None:
            return None
        number = _QUARTERS[match["quarter"].lower()]  # the reference year's quarter: not rolled
        return _month_end(base_year, number * 3 if kind == "quarter" else number * 6)
    if kind == "year_end":
        if groups.get("next"):  # "akhir tahun depan"
            return dt.date(reference.year + 1, 12, 31) if reference else None
        return dt.date(base_year, 12, 31) if base_year else None
    if reference is None:
        return None
    if kind == "this_month":
        return _month_end(reference.year, reference.month)
    if kind == "next_month":
        return _month_end(reference.year + reference.month // 12, reference.month % 12 + 1)
    if kind == "this_quarter":
        return _month_end(reference.year, (reference.month - 1) // 3 * 3 + 3)
    if kind == "next_week":
        return reference + dt.timedelta(days=7)
    # within: "dalam waktu 7 hari / 2 minggu / satu bulan", "sepekan", "3x24 jam"
    count_text = (groups.get("count") or "1").lower()
    count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS.get(re.sub(r"\s+", " ", count_text), 1)
    unit = (groups.get("unit") or "hari").lower()
    if unit == "bulan":
        month_index = reference.month - 1 + count
        year, month = reference.year + month_index // 12, month_index % 12 + 1
        return dt.date(year, month, min(reference.day, calendar.monthrange(year, month)[1]))
    return reference + dt.timedelta(days=count * (7 if unit in ("minggu", "pekan") else 1))


def due_date(sentence: str, reference: dt.date | None) -> dt.date | None:
    """The deadline `sentence` states, or None (none stated, or a relative one without a
    reference date). Never raises."""
    if not isinstance(sentence, str) or not sentence:
        return None
    sentence = sentence[:5000]
    # an explicit date first ("… pada triwulan III …, 100 persen pada 15 November mendatang"),
    # else the first phrase
    best: tuple[tuple[int, int], str, re.Match[str]] | None = None
    lower = sentence.lower()
    for kind, hints, pattern in DUE_FORMS:
        match = pattern.search(sentence) if any(hint in lower for hint in hints) else None
        rank = (kind not in ("date", "numeric"), match.start()) if match else None
        if match and rank and (best is None or rank < best[0]):
            best = (rank, kind, match)
    if best is None:
        return None
    try:
        return _due(best[1], best[2], reference)
    except (ValueError, OverflowError, KeyError):
        return None
