"""The extraction rules on text written for these tests (not the development set): each form
the issue names, so that the rules hold for reports the extractor has never seen."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.extraction import dates, extract, followups, regions, regulations, statements
from sinergi.extraction.acronyms import find as find_acronyms
from sinergi.extraction.figures import find as find_figures
from sinergi.extraction.followups import find as find_follow_ups
from sinergi.extraction.text import article


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Rapat digelar pada Selasa (11/2/2025) di Aula.", None, dt.date(2025, 2, 11)),
    ("Rapat digelar pada Senin (15/7) di Aula.", dt.date(2024, 7, 22), dt.date(2024, 7, 15)),
    ("Rapat berlangsung Jumat (01/11/2024).", None, dt.date(2024, 11, 1)),
    ("Kegiatan dilaksanakan pada 10 Desember 2024 di Sangatta.", None, dt.date(2024, 12, 10)),
    ("Rakor berlangsung pada hari Rabu, 3 Juli 2024.", None, dt.date(2024, 7, 3)),
    ("Musrenbang digelar pada 5-6 Maret 2025 di Tanjung Selor.", None, dt.date(2025, 3, 5)),
    # a December meeting reported in January takes the previous year
    ("Rapat digelar pada Senin (30/12) lalu.", dt.date(2025, 1, 3), dt.date(2024, 12, 30)),
])
def test_dates(text, published, expected):
    found, _warnings = dates.event_date(text, published)
    assert found is not None and found.date == expected


def test_date_without_year_and_without_publication_is_unknown():
    found, _warnings = dates.event_date("Rapat digelar pada Senin (15/7) di Aula.", None)
    assert found is None


def test_publication_line_with_time_is_the_page_date():
    page = article("• Minggu, 21 Desember 2025\n\nJudul Berita Rapat Koordinasi Camat\n"
                   "- Senin, 22 Juli 2024 | 10:03 WIB\n\n"
                   "Bupati membuka rapat koordinasi bersama para camat di aula kantor bupati pada "
                   "Senin (15/7) dengan agenda evaluasi program kerja tahun berjalan.")
    assert dates.page_date(page.page_dates) == dt.date(2024, 7, 22)
    assert page.title == "Judul Berita Rapat Koordinasi Camat"


def test_people_titles_degrees_representation_and_short_mentions():
    report = extract(
        "Plt. Kepala Dinas Kesehatan Kabupaten Kutai Kartanegara, dr. Martina Yulianti, M.Kes., "
        "mendampingi Wakil Bupati Kutai Kartanegara, H. Rendi Solihin, S.Sos., dalam rapat koordinasi "
        "percepatan penurunan stunting pada Rabu (3/7/2024). Bupati Kutai Kartanegara, Edi Damansyah, "
        "melalui Asisten I Setda Kukar, Akhmad Taufik Hidayat, secara resmi membuka kegiatan tersebut. "
        "\"Data harus tepat,\" ujar Martina.")
    names = [p.name for p in report.officials]
    assert "Martina Yulianti" in names and "Rendi Solihin" in names
    assert names.count("Martina Yulianti") == 1  # "ujar Martina" is the same person
    martina = next(p for p in report.officials if p.name == "Martina Yulianti")
    assert martina.position == "Pelaksana Tugas Kepala Dinas Kesehatan Kabupaten Kutai Kartanegara"
    assert report.chair.name == "Akhmad Taufik Hidayat"  # the Bupati opened it through him


def test_chair_led_by():
    report = extract("Rapat koordinasi itu dipimpin langsung oleh Gubernur Kalimantan Timur, "
                     "Dr. H. Rudy Mas'ud, S.E., M.H., di Samarinda pada Senin (3/3/2025) bersama "
                     "seluruh kepala OPD.")
    assert report.chair.name == "Rudy Mas'ud"
    assert report.chair.position == "Gubernur Kalimantan Timur"
    assert report.region == "Provinsi Kalimantan Timur"


@pytest.mark.parametrize(("text", "expected"), [
    ("Bupati Kutim membuka rapat.", "Kabupaten Kutai Timur"),
    ("Pemprov Kalteng menggelar rakor.", "Provinsi Kalimantan Tengah"),
    ("Pemerintah Kota Samarinda menggelar rakor bersama Pemkot Samarinda.", "Kota Samarinda"),
    ("Kab. Tanah Bumbu menggelar sosialisasi.", "Kabupaten Tanah Bumbu"),
])
def test_regions(text, expected):
    region = regions.main_region(text)
    assert region is not None and region.display == expected


def test_acronyms_either_way_round():
    found = {a.short: a.long for a in find_acronyms(
        "Rapat Koordinasi (Rakor) Pokja PKP (Perumahan dan Kawasan Permukiman) sesuai tugas pokok dan "
        "fungsi (tupoksi) dengan Badan Perencanaan Pembangunan, Riset, dan Inovasi Daerah (BAPPERIDA) "
        "pada Senin (24/2/2025). (Redaksi)")}
    assert found == {
        "Rakor": "Rapat Koordinasi", "PKP": "Perumahan dan Kawasan Permukiman",
        "tupoksi": "tugas pokok dan fungsi",
        "BAPPERIDA": "Badan Perencanaan Pembangunan, Riset, dan Inovasi Daerah",
    }


def test_figures():
    text = ("Realisasi fisik mencapai 67,89 persen dari target 69,21%. Anggaran sebesar Rp 1,2 miliar dan "
            "Rp 420 Juta untuk 39 OPD yang diikuti 120 peserta di Lantai 5 pada tahun 2024 ke-79.")
    found = [(f.value, f.unit) for f in find_figures(text)]
    assert (67.89, "percent") in found and (69.21, "percent") in found
    assert (1_200_000_000, "rupiah") in found and (420_000_000, "rupiah") in found
    assert (39, "count") in found and (120, "count") in found
    assert not any(v in (5, 2024, 79) for v, _ in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("sesuai Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
     "Undang-Undang Nomor 23 Tahun 2014"),
    ("berdasarkan PP Nomor 28 Tahun 2018 tentang Kerja Sama Daerah", "PP Nomor 28 Tahun 2018"),
    ("mengacu pada Permendagri No. 86 Tahun 2017", "Permendagri Nomor 86 Tahun 2017"),
    ("sesuai UU 23/2014", "UU Nomor 23 Tahun 2014"),
    ("Keputusan Menteri Dalam Negeri Nomor 100.4.3-1037/Kep/Bangda 2023 tertanggal",
     "Keputusan Menteri Dalam Negeri Nomor 100.4.3-1037/Kep/Bangda 2023"),
    # The kinds regional reports cite besides, "nomor/tahun" in lower case, the country dropped.
    ("sesuai Perpres nomor 72 tahun 2021 tentang Percepatan Penurunan Stunting",
     "Perpres Nomor 72 Tahun 2021"),
    ("Permendagri Republik Indonesia Nomor 22 Tahun 2020 mengatur", "Permendagri Nomor 22 Tahun 2020"),
    ("menindaklanjuti Surat Edaran Bupati Kupang Nomor 12 Tahun 2023 tentang",
     "Surat Edaran Bupati Kupang Nomor 12 Tahun 2023"),
    ("berdasarkan KMK Nomor HK.01.07/MENKES/1928/2022 tentang", "KMK Nomor HK.01.07/MENKES/1928/2022"),
    ("Peraturan Badan Kependudukan dan Keluarga Berencana Nasional Nomor 12 Tahun 2021",
     "Peraturan Badan Kependudukan dan Keluarga Berencana Nasional Nomor 12 Tahun 2021"),
    ("Peraturan Kepala BKKBN Nomor 24 Tahun 2017 tentang", "Peraturan Kepala BKKBN Nomor 24 Tahun 2017"),
])
def test_regulations(text, expected):
    assert [c for c, _, _ in regulations.find(text)] == [expected]


def test_participants_and_follow_ups():
    report = extract(
        "Rapat koordinasi evaluasi triwulan diikuti oleh 35 peserta dari seluruh OPD pada Kamis (3/10/2024) "
        "di Ruang Rapat Bappeda. Sekda meminta agar seluruh OPD segera melengkapi laporan realisasi "
        "triwulan III paling lambat 15 Oktober 2024.")
    assert report.participant_count == 35
    assert any("melengkapi laporan realisasi" in f for f in report.follow_ups)
    assert report.venue == "Ruang Rapat Bappeda"


@pytest.mark.parametrize(("sentence", "venue"), [
    ("Rapat koordinasi digelar di ruang rapat Sekda, Senin (6/3/2023).", "ruang rapat Sekda"),
    ("Rakor berlangsung di ruang rapat Bupati Kupang di Oelamasi, Kamis (2/12/2021).",
     "ruang rapat Bupati Kupang di Oelamasi"),
    ("Kegiatan dilaksanakan di Aula Kantor Camat Loa Janan, Selasa (4/6/2024).",
     "Aula Kantor Camat Loa Janan"),
    ("Rapat dilaksanakan di aula serba guna Kantor Bupati pada Rabu (5/6/2024).",
     "aula serba guna Kantor Bupati"),
])
def test_venues_in_any_case(sentence, venue):
    assert extract(sentence).venue == venue


def test_nothing_is_invented_from_unrelated_text():
    report = extract("The quick brown fox jumps over the lazy dog. " * 20)
    data = report.as_json()
    assert data["event_date"] is None and data["region"] is None and data["chair"] is None
    assert data["officials"] == [] and data["figures"] == [] and data["follow_ups"] == []


@pytest.mark.parametrize(("sentence", "directive"), [
    ("Bupati menekankan kepada seluruh camat agar segera menyampaikan laporan realisasi triwulan.",
     "segera menyampaikan laporan realisasi triwulan"),
    ("Para lurah diminta untuk memutakhirkan data penduduk miskin di wilayahnya.",
     "Para lurah memutakhirkan data penduduk miskin di wilayahnya"),
    ("Dalam rapat itu disepakati bahwa operasi pasar digelar di tiga kecamatan setiap pekan.",
     "operasi pasar digelar di tiga kecamatan setiap pekan"),
    ("Ia berpesan kepada kepala desa agar tidak meninggalkan wilayah tugas menjelang akhir tahun.",
     "tidak meninggalkan wilayah tugas menjelang akhir tahun"),
    ("Seluruh OPD wajib melaporkan capaian kinerja paling lambat tanggal 10 setiap bulan.",
     "Seluruh OPD wajib melaporkan capaian kinerja paling lambat tanggal 10 setiap bulan"),
])
def test_what_leaders_ask_is_a_follow_up(sentence, directive):
    assert directive in [f for f, _s, _e in find_follow_ups(sentence)]


@pytest.mark.parametrize("sentence", [
    "Rapat koordinasi ini digelar untuk mengevaluasi capaian program triwulan ketiga.",
    "Realisasi keuangan hingga September mencapai 61,2 persen dari pagu.",
    "Kegiatan tersebut dihadiri oleh para camat dan kepala OPD se-kabupaten.",
])
def test_background_and_reported_facts_are_not_follow_ups(sentence):
    assert find_follow_ups(sentence) == []


@pytest.mark.parametrize(("sentence", "name", "position"), [
    ("Rapat dibuka oleh Sekretaris Daerah Kabupaten Rejang Lebong Yusran Fauzi di aula Setda.",
     "Yusran Fauzi", "Sekretaris Daerah Kabupaten Rejang Lebong"),
    ("Hadir pula Sekda Prov Jawa Timur Adhy Karyono dalam rapat tersebut.",
     "Adhy Karyono", "Sekretaris Daerah Prov Jawa Timur"),
])
def test_the_region_is_not_glued_to_the_name(sentence, name, position):
    people = {p.name: p.position for p in extract(sentence).officials}
    assert name in people, people
    assert people[name].replace("Provinsi", "Prov") == position


@pytest.mark.parametrize(("sentence", "not_a_name"), [
    ("Rapat dihadiri Staf Ahli Bidang Kemasyarakatan dan para camat.", "Kemasyarakatan"),
    ("Materi disampaikan Kepala Perangkat Daerah terkait.", "Perangkat"),
    ("Hadir pula perwakilan Bappelitbangda dan Forkopimda Kabupaten Luwu.", "Bappelitbangda"),
    ("Turut hadir Ketua Kadin dan unsur Forkopimda.", "Kadin"),
])
def test_words_that_are_not_people_are_not_names(sentence, not_a_name):
    names = {p.name for p in extract(sentence).officials}
    assert not any(not_a_name in n for n in names), names


def test_a_misspelt_title_is_still_a_title():
    people = {p.name: p.position for p in extract(
        "Rapat dipimpin Sekertaris Daerah Kota Ambon Agus Ririmasse di Balai Kota.").officials}
    assert people.get("Agus Ririmasse", "").startswith("Sekretaris Daerah"), people


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("April 15, 2021", None, dt.date(2021, 4, 15)),
    ("Foto: Bupati membuka rapat koordinasi (22/12/21).", None, dt.date(2021, 12, 22)),
    ("SURAKARTA (15-4) - Wali Kota memimpin rapat koordinasi camat dan lurah.", dt.date(2021, 4, 16),
     dt.date(2021, 4, 15)),
])
def test_dates_written_the_other_ways(text, published, expected):
    assert [m.date for m in dates.mentions(text, published)][:1] == [expected]


def test_the_points_of_a_list_after_a_colon_are_follow_ups():
    text = ("Rapat menghasilkan sejumlah rekomendasi sebagai berikut:\n"
            "- Penguatan pasokan dan stabilisasi harga pangan di setiap kecamatan.\n"
            "- Optimalisasi pemanfaatan lahan pekarangan untuk produksi cabai.\n"
            "Rapat ditutup pukul 12.00 WITA.")
    found = [f for f, _s, _e in find_follow_ups(text)]
    assert "Penguatan pasokan dan stabilisasi harga pangan di setiap kecamatan" in found
    assert "Optimalisasi pemanfaatan lahan pekarangan untuk produksi cabai" in found
    assert not any("ditutup" in f for f in found)


def test_importance_stressed_is_a_follow_up():
    found = [f for f, _s, _e in find_follow_ups(
        "Ia juga menekankan pentingnya penyelesaian laporan pertanggungjawaban sebelum akhir tahun.")]
    assert found == ["penyelesaian laporan pertanggungjawaban sebelum akhir tahun"]


def test_organisations_by_their_short_forms_and_not_regions():
    from sinergi.extraction.organizations import find as find_organizations

    text = ("Rapat dihadiri BPBD Bengkulu Utara, Polres dan Kodim, Forkopimda, serta perwakilan "
            "Kecamatan Pulau Batang Dua pada Pemerintah Daerah Tahun 2025.")
    found = [name for name, _s, _e in find_organizations(text)]
    assert "BPBD Bengkulu Utara" in found and "Forkopimda" in found
    assert "Polres" in found and "Kodim" in found and "Polres dan Kodim" not in found
    assert not any(name.startswith("Kecamatan") for name in found)
    assert not any("Tahun" in name for name in found)


@pytest.mark.parametrize(("sentence", "name", "position"), [
    ("Rapat dipimpin Wali Kota Jakarta Barat Uus Kuswanto di ruang pola.", "Uus Kuswanto",
     "Wali Kota Jakarta Barat"),
    ("Walikota Padang Sidimpuan Irsan Efendi Nasution membuka rapat TPID.", "Irsan Efendi Nasution",
     "Walikota Padang Sidimpuan"),
])
def test_a_place_is_not_a_person(sentence, name, position):
    report = extract(sentence)
    people = {p.name: p.position for p in report.officials}
    assert people.get(name) == position, people
    assert not any(n in ("Jakarta Barat", "Sidimpuan", "Padang Sidimpuan") for n in people)


def test_a_functional_grade_is_not_a_name():
    report = extract("Materi disampaikan Statistisi Ahli Madya BPS Papua Barat, Lasmini.")
    names = {p.name for p in report.officials}
    assert not names & {"Madya", "Statistisi", "Ahli"}, names


@pytest.mark.parametrize("sentence", [
    "Pemerintah Kota Ternate menggelar High Level Meeting (HLM) TPID pada Senin (3/3/2025).",
    "Pemkab Sinjai menggelar rapat TPPS di aula kantor bupati, Selasa (4/3/2025).",
    "Wakil Bupati membuka Rakornis TPPS Kabupaten Manokwari Selatan, Rabu (5/3/2025).",
])
def test_coordination_meetings_by_other_names(sentence):
    assert extract(sentence).event_type == "rapat_koordinasi"


def test_a_meetings_day_and_month_after_its_name():
    text = "kata Sekda seusai memandu rapat Forkopimda (15/12) di rumah dinas Gubernur Jambi."
    found = dates.mentions(text, dt.date(2023, 12, 16))
    assert [m.date for m in found] == [dt.date(2023, 12, 15)]


@pytest.mark.parametrize(("sentence", "venue"), [
    ("Rapat digelar di aula rumah dinas bupati, Kamis (20/5/2021).", "aula rumah dinas bupati"),
    ("Rakor berlangsung di rumah dinas Gubernur Jambi, Jumat (15/12/2023).", "rumah dinas Gubernur Jambi"),
])
def test_official_residences_as_venues(sentence, venue):
    assert extract(sentence).venue == venue


def test_a_byline_is_not_the_title():
    text = ("By administrator 08 Jun 2025, 08:32:24 WIB Kegiatan\n"
            "Pemkab Purworejo Gelar Rapat Koordinasi Administrasi Pemerintahan Umum\n"
            "Pemerintah Kabupaten Purworejo menggelar rapat koordinasi administrasi pemerintahan umum "
            "bersama para camat di ruang rapat Bupati, Kamis (5/6/2025), untuk membahas tertib administrasi.")
    assert extract(text).title == "Pemkab Purworejo Gelar Rapat Koordinasi Administrasi Pemerintahan Umum"


def test_abbreviated_first_names_and_agency_words():
    people = {p.name: p.position for p in extract(
        "Materi dipaparkan Kepala Bidang Pembangunan Manusia Bappeda Provinsi Sultra, La Ode Muh. Alwi, "
        "dan Asisten II bersama Kadinkes dalam rapat tersebut.").officials}
    assert any(name.endswith("Muh. Alwi") for name in people), people
    assert "Kadinkes" not in people


def test_figures_in_ranges_scales_and_after_a_quantity_word():
    found = {(f.value, f.unit) for f in find_figures(
        "Realisasi idealnya mencapai 45 hingga 50 persen. Sebanyak 40 desa menjadi lokus, "
        "dengan 356 ribu jiwa penduduk miskin. Lantai 5 gedung itu penuh.")}
    assert {(45, "percent"), (50, "percent"), (40, "count"), (356_000, "count")} <= found
    assert not any(value == 5 for value, _unit in found)


@pytest.mark.parametrize(("text", "chair"), [
    ("Mewakili Wali Kota Ambon Bodewin Wattimena, Sekretaris Kota Ambon Agus Ririmasse membuka rapat "
     "koordinasi camat dan lurah, Senin (3/3/2025). Wali Kota Bodewin Wattimena berhalangan hadir.",
     "Agus Ririmasse"),
    ("Pemerintah Kabupaten Sinjai mengikuti rapat koordinasi pengendalian inflasi yang dipimpin Menteri "
     "Dalam Negeri Tito Karnavian secara virtual, Senin (3/3/2025). Bupati Sinjai Andi Seto Gadhista "
     "Asapa hadir di ruang rapat bupati.", "Tito Karnavian"),
    ("Bupati Tanah Bumbu Zairullah Azhar melalui Kepala Bagian Pemerintahan Ismail membuka rapat, "
     "Senin (3/3/2025).", "Ismail"),
])
def test_who_chaired(text, chair):
    assert extract(text).chair.name == chair


def _follow_ups(text):
    return [f for f, _s, _e in find_follow_ups(text)]


@pytest.mark.parametrize(("sentence", "directive"), [
    # a modal with its subject: the subject stays, the attribution does not
    ("Menurutnya, laporan realisasi setiap dinas harus masuk ke Bappeda tiap tanggal lima.",
     "laporan realisasi setiap dinas harus masuk ke Bappeda tiap tanggal lima"),
    ("Kadis Pertanian menyatakan pihaknya akan menyalurkan bibit jagung ke dua belas desa.",
     "pihaknya akan menyalurkan bibit jagung ke dua belas desa"),
    ("Sekda menegaskan bahwa Dinas Sosial bertanggung jawab memverifikasi data penerima bantuan.",
     "Dinas Sosial bertanggung jawab memverifikasi data penerima bantuan"),
    ("Kepala BPBD, Andi Rahman, ditugaskan untuk menyusun rencana kontinjensi banjir.",
     "Andi Rahman ditugaskan untuk menyusun rencana kontinjensi banjir"),
    # what is needed, the step named, a directive as a noun, a passive speaking verb
    ("Untuk menekan harga cabai, diperlukan gerakan menanam cabai di pekarangan rumah warga.",
     "gerakan menanam cabai di pekarangan rumah warga"),
    ("Langkah pertama yang bisa ditempuh adalah memperbanyak pasar murah di setiap kecamatan.",
     "memperbanyak pasar murah di setiap kecamatan"),
    ("Wali kota memberikan arahan kepada para lurah untuk mendata rumah tidak layak huni.",
     "mendata rumah tidak layak huni"),
    ("Dalam rapat itu ditegaskan Wakil Bupati agar camat mengawasi penyaluran dana desa.",
     "camat mengawasi penyaluran dana desa"),
    ("Pemkot berkomitmen untuk menuntaskan sertifikasi aset tanah sekolah tahun ini.",
     "menuntaskan sertifikasi aset tanah sekolah tahun ini"),
])
def test_directive_forms_with_their_subject(sentence, directive):
    assert directive in _follow_ups(sentence)


def test_an_imperative_inside_a_quotation_is_a_follow_up():
    text = ('"Data kemiskinan kita belum rapi. Bila ada selisih data, lakukan verifikasi ulang '
            'bersama desa," ujar Bupati.')
    assert any(f.startswith("Bila ada selisih data, lakukan verifikasi ulang") for f in _follow_ups(text))


@pytest.mark.parametrize("sentence", [
    "Dinas Pengendalian Penduduk dan Keluarga Berencana menggelar rapat koordinasi di aula.",
    "Program yang akan dibahas meliputi air bersih dan jalan desa di tiga kecamatan.",
    "Gedung baru tersebut sudah siap digunakan oleh seluruh pegawai mulai pekan ini.",
    "Pemanfaatan pangan lokal diyakini akan menekan laju inflasi di daerah tersebut.",
    "Forum ini diharapkan mampu memberikan dampak positif bagi pembangunan daerah.",
    "Alhamdulillah angka kemiskinan kita turun dua persen dibanding tahun lalu.",
    "Kenaikan harga beras memberi tekanan besar bagi rumah tangga miskin di kota.",
    "Hal ini harus menjadi perhatian kita semua di masa yang akan datang.",
])
def test_names_beliefs_states_and_effects_are_not_follow_ups(sentence):
    assert _follow_ups(sentence) == []


def test_a_line_opening_a_list_stays_in_the_article():
    text = ("Kepala Bappeda membuka rapat koordinasi perencanaan di aula kantor bupati pada hari Senin "
            "bersama seluruh camat dan kepala dinas.\n"
            "Ia menyampaikan tiga arahan penting bagi camat:\n"
            "- Percepatan pendataan keluarga miskin di setiap desa.\n"
            "- Pengawasan penyaluran bantuan pangan sampai ke penerima.\n")
    body = article(text).body
    assert "tiga arahan penting bagi camat:" in body
    assert "Percepatan pendataan keluarga miskin di setiap desa" in _follow_ups(body)


def test_a_modal_clause_before_another_cue_is_asked_too():
    found = _follow_ups('"Pendataan harus selesai bulan ini, dan para kades jangan menunda laporan '
                        'dana desa," kata Bupati.')
    assert "Pendataan harus selesai bulan ini" in found
    assert any(f.startswith("menunda laporan dana desa")
               for f in found), found


@pytest.mark.parametrize("text", [
    '"Harga cabai naik lagi pekan ini. Kenaikan harga pangan membebani warga miskin," ujarnya.',
    "Menurutnya, kemiskinan harus dipandang sebagai persoalan bersama seluruh pemangku kepentingan.",
])
def test_a_noun_and_a_view_in_a_quotation_are_not_follow_ups(text):
    assert _follow_ups(text) == []


def test_a_meetings_conclusions_are_follow_ups():
    found = _follow_ups("Kesimpulan rapat: pembangunan pos jaga di perbatasan dimulai bulan depan.")
    assert "pembangunan pos jaga di perbatasan dimulai bulan depan" in found
    glued = _follow_ups("Sesuai hasil rapat, pasar murah digelar di lima kecamatan.Dibutuhkan "
                        "dukungan Bulog untuk pasokan beras murah.")
    assert "pasar murah digelar di lima kecamatan" in glued
    assert "dukungan Bulog untuk pasokan beras murah" in glued


def test_the_measures_enumerated_after_a_colon_are_follow_ups():
    found = _follow_ups("Inflasi ditekan melalui beberapa langkah antara lain: memperluas gerakan "
                        "tanam cabai di pekarangan; mempercepat penyaluran beras SPHP ke pasar serta "
                        "penguatan kerja sama antardaerah dengan daerah surplus pangan.")
    assert found == ["memperluas gerakan tanam cabai di pekarangan",
                     "mempercepat penyaluran beras SPHP ke pasar",
                     "penguatan kerja sama antardaerah dengan daerah surplus pangan"]


@pytest.mark.parametrize(("sentence", "directive"), [
    ("Kapolres menekankan kepada para kepala desa untuk mengaktifkan kembali pos ronda malam.",
     "mengaktifkan kembali pos ronda malam"),
    ("Rapat menyepakati bahwa pendataan ulang penerima bantuan dilakukan secara serentak.",
     "pendataan ulang penerima bantuan dilakukan secara serentak"),
    ("Forum itu memutuskan untuk membentuk tim terpadu penertiban reklame liar.",
     "membentuk tim terpadu penertiban reklame liar"),
    ("Tim merekomendasikan agar jadwal musrenbang desa dimajukan satu bulan.",
     "jadwal musrenbang desa dimajukan satu bulan"),
    ("Setelah rapat ini, Dinas PUPR segera memperbaiki jembatan yang rusak di Desa Sukamaju.",
     "Dinas PUPR segera memperbaiki jembatan yang rusak di Desa Sukamaju"),
])
def test_decisions_recommendations_and_urgency(sentence, directive):
    assert directive in _follow_ups(sentence)


@pytest.mark.parametrize("sentence", [
    "Banjir tahunan merupakan persoalan lama yang perlu segera kita tangani bersama warga.",
    "Kegiatan tersebut tidak akan mengganggu jam pelayanan di kantor kecamatan.",
])
def test_relative_and_negated_modals_are_not_follow_ups(sentence):
    assert _follow_ups(sentence) == []


MEETING = dt.date(2025, 10, 14)


@pytest.mark.parametrize(("sentence", "reference", "due"), [
    ("Laporan diserahkan paling lambat 31 Oktober 2025 ke Bagian Pemerintahan.", None, dt.date(2025, 10, 31)),
    ("Data dikirim paling lambat tanggal 15 Desember.", MEETING, dt.date(2025, 12, 15)),
    ("Usulan disampaikan selambat-lambatnya 3 November kepada Bappeda.", MEETING, dt.date(2025, 11, 3)),
    ("Perbaikan jalan rampung sebelum 20 November.", MEETING, dt.date(2025, 11, 20)),
    # a date without a year that would fall before the meeting is next year's
    ("Dokumen final diterima paling lambat 10 Januari.", MEETING, dt.date(2026, 1, 10)),
    ("Batas waktu pengumpulan berkas 25 Oktober.", MEETING, dt.date(2025, 10, 25)),
    ("SPJ diselesaikan hingga akhir bulan ini.", MEETING, dt.date(2025, 10, 31)),
    ("Pendataan tuntas sampai akhir bulan.", MEETING, dt.date(2025, 10, 31)),
    ("Camat melapor sebelum akhir bulan.", MEETING, dt.date(2025, 10, 31)),
    ("Realisasi fisik harus 100 persen pada akhir tahun.", MEETING, dt.date(2025, 12, 31)),
    ("Seluruh kegiatan tuntas akhir tahun ini.", MEETING, dt.date(2025, 12, 31)),
    ("Serapan anggaran mencapai 90 persen hingga akhir tahun 2026.", None, dt.date(2026, 12, 31)),
    ("Pembayaran honor diselesaikan akhir Desember.", MEETING, dt.date(2025, 12, 31)),
    ("Rapat lanjutan digelar minggu depan di aula.", MEETING, dt.date(2025, 10, 21)),
    ("Hasil verifikasi dibahas pekan depan.", MEETING, dt.date(2025, 10, 21)),
    ("Camat menindaklanjuti dalam waktu 7 hari.", MEETING, dt.date(2025, 10, 21)),
    ("Perbaikan selesai dalam waktu 2 minggu.", MEETING, dt.date(2025, 10, 28)),
    ("Revisi diserahkan dalam waktu satu bulan.", MEETING, dt.date(2025, 11, 14)),
    ("Target realisasi keuangan triwulan III sebesar 75 persen.", dt.date(2025, 7, 2), dt.date(2025, 9, 30)),
    ("Capaian dievaluasi pada akhir triwulan.", MEETING, dt.date(2025, 12, 31)),
    ("Pembangunan fisik selesai paling lambat September.", dt.date(2023, 1, 12), dt.date(2023, 9, 30)),
    ("Rekap suara dikirim paling lambat Jumat (17/10).", MEETING, dt.date(2025, 10, 17)),
    ("Gedung baru rampung paling lambat akhir tahun depan.", MEETING, dt.date(2026, 12, 31)),
    ("Dokumen diserahkan sebelum 20/11/2025 ke sekretariat.", None, dt.date(2025, 11, 20)),
])
def test_due_dates(sentence, reference, due):
    assert followups.due_date(sentence, reference) == due


@pytest.mark.parametrize(("sentence", "reference"), [
    ("Camat diminta meningkatkan pelayanan publik di wilayahnya.", MEETING),
    ("Rapat dilaksanakan pada Selasa (14/10/2025) di aula kantor bupati.", MEETING),
    ("Rapat lanjutan digelar minggu depan di aula.", None),  # relative, no reference
    ("Data dikirim paling lambat tanggal 15 Desember.", None),  # no year, no reference
    ("Realisasi mencapai 45 hingga 50 persen.", MEETING),
    ("Serapan naik hingga 2/3 dari target semula.", MEETING),  # a fraction, not a date
    ("Program ini sudah berjalan sejak akhir tahun lalu.", MEETING),  # the past
    ("Harga cabai melonjak sejak akhir bulan lalu.", MEETING),
    ("Banjir melanda desa itu pada akhir Agustus lalu.", MEETING),
])
def test_no_due_date(sentence, reference):
    assert followups.due_date(sentence, reference) is None


def test_extract_reads_each_follow_ups_due_date_from_its_sentence():
    report = extract("Rapat koordinasi camat digelar di Aula Kantor Bupati, Selasa (14/10/2025). "
                     "Bupati meminta seluruh camat menyerahkan laporan realisasi dana desa paling lambat "
                     "tanggal 31 Oktober. Ia juga meminta camat aktif memantau harga bahan pokok di pasar.")
    assert len(report.follow_ups) == len(report.follow_up_due) == 2
    assert report.follow_up_due == (dt.date(2025, 10, 31), None)
    assert report.as_json()["follow_up_due"] == ["2025-10-31", None]


@pytest.mark.parametrize("sentence", [
    "Seluruh kepala desa berkomitmen menuntaskan pendataan keluarga berisiko stunting tahun ini.",
    "Rapat ditutup dengan penandatanganan pakta integritas oleh para camat.",
    "Para kepala OPD menandatangani komitmen bersama percepatan penurunan kemiskinan ekstrem.",
    "Kapolres menyatakan pihaknya siap mendukung pengamanan pemilihan kepala desa serentak.",
    "Bupati menyatakan komitmennya memperbaiki layanan air bersih di wilayah pesisir.",
])
def test_commitments(sentence):
    assert statements.find(sentence)[0] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Kapolres menyatakan pihaknya belum siap mendukung pengamanan tanpa tambahan personel.",
    "Komitmen adalah kata yang sering diucapkan dalam setiap sambutan pejabat daerah.",
])
def test_not_commitments(sentence):
    assert statements.find(sentence)[0] == []


@pytest.mark.parametrize("sentence", [
    "Penyaluran bantuan pangan terkendala akses jalan yang rusak di tiga desa.",
    "Kendala utama pembangunan puskesmas adalah keterbatasan lahan milik pemerintah.",
    "Rapat juga membahas sengketa tapal batas antara Desa Mekar dan Desa Sari.",
    "Ditemukan DPT ganda di dua kecamatan sehingga perlu pencocokan ulang data pemilih.",
    "Rendahnya serapan anggaran dinas teknis menjadi sorotan dalam rapat evaluasi.",
    "Angka kemiskinan ekstrem di wilayah pesisir masih tinggi dibanding rata-rata provinsi.",
    "Pelayanan administrasi kependudukan di kecamatan belum optimal karena kekurangan petugas.",
    "Warga menyampaikan keluhan soal air PDAM yang sering mati di malam hari.",
    "Ia menegaskan bahwa banjir rob merupakan masalah serius bagi warga pesisir.",
])
def test_problems(sentence):
    assert statements.find(sentence)[1] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Secara umum pelaksanaan program berjalan lancar dan tidak ada kendala berarti.",
    "Pembangunan jembatan rampung tanpa hambatan sesuai jadwal kontrak.",
    "Jika ada kendala di lapangan, camat segera melapor kepada bupati.",
    "Camat diminta mengatasi permasalahan di wilayahnya masing-masing dengan cepat.",
    "Semua persoalan dapat diselesaikan dengan musyawarah yang baik.",
    "Terima kasih atas dukungan yang setinggi-tingginya dari seluruh pihak terkait.",
])
def test_not_problems(sentence):
    assert statements.find(sentence)[1] == []


def test_commitments_and_problems_are_trimmed_and_given_once():
    text = ('"Kami terkendala data penerima yang belum mutakhir," ujar Kepala Dinas Sosial. '
            '"Kami terkendala data penerima yang belum mutakhir," ujar Kepala Dinas Sosial. '
            + "Kendala " + "x " * 200 + ".")
    problems = statements.find(text)[1]
    assert problems[0] == "Kami terkendala data penerima yang belum mutakhir"
    assert len(problems) == 2 and len(problems[1]) <= 300
    report = extract("Rapat koordinasi digelar di Aula Kantor Bupati. " + text)
    assert report.problems[0] == "Kami terkendala data penerima yang belum mutakhir"
    assert report.as_json()["commitments"] == []


@pytest.mark.parametrize(("sentence", "directive"), [
    ("Para kepala sekolah diinstruksikan untuk mendata siswa putus sekolah di wilayahnya.",
     "Para kepala sekolah mendata siswa putus sekolah di wilayahnya"),
    ("Warga di bantaran sungai diimbau mewaspadai banjir kiriman selama musim hujan.",
     "Warga di bantaran sungai mewaspadai banjir kiriman selama musim hujan"),
    ("Bupati menginginkan agar setiap desa memiliki lumbung pangan sendiri.",
     "setiap desa memiliki lumbung pangan sendiri"),
    ("Saya mohon kepada para camat agar menertibkan pedagang di bahu jalan.",
     "menertibkan pedagang di bahu jalan"),
    ("Sebagai tindak lanjut rapat, tim terpadu akan meninjau lokasi longsor di Desa Talang.",
     "tim terpadu akan meninjau lokasi longsor di Desa Talang"),
    ('"Tolong pastikan semua balita di desa ditimbang bulan ini," kata Wakil Bupati.',
     "Tolong pastikan semua balita di desa ditimbang bulan ini"),
    ("Kadis Kesehatan, dr. Rina, kini juga akan memimpin tim verifikasi data stunting.",
     "dr. Rina akan memimpin tim verifikasi data stunting"),
])
def test_passive_directives_pleas_and_what_follows_up(sentence, directive):
    assert directive in _follow_ups(sentence)


# Stated times (issue 18: a time the report does not give is unknown, never 09.00-12.00).

@pytest.mark.parametrize("sentence, start, end", [
    ("Rapat digelar Senin (4/11/2024) pukul 09.00 WITA di Aula Kantor Bupati.", "09:00", None),
    ("Kegiatan berlangsung pukul 08.30 s.d. 12.00 WIB.", "08:30", "12:00"),
    ("Rakor dimulai jam 13.30-selesai di ruang rapat Sekda.", "13:30", None),
    ("Pertemuan dibuka pkl. 9.15 sampai dengan pukul 11.45 WIT.", "09:15", "11:45"),
    ("Rapat dimulai pukul 2 siang dan berakhir pukul 16.00.", "14:00", None),
    ("Acara dimulai pukul 19.00 – 21.30 WITA.", "19:00", "21:30"),
])
def test_stated_times(sentence, start, end):
    report = extract(f"Rapat koordinasi camat se-Kabupaten Kutai Timur. {sentence}")
    assert (report.starts.strftime("%H:%M") if report.starts else None) == start
    assert (report.ends.strftime("%H:%M") if report.ends else None) == end


@pytest.mark.parametrize("sentence", [
    "Rapat koordinasi digelar Senin (4/11/2024) di Aula Kantor Bupati.",
    "Anggaran sebesar 9.000 juta rupiah dibahas dalam rapat selama 3 jam.",
    "Pukul rata, setiap kecamatan menerima 12 paket.",
    "Rapat berlangsung pukul 25.00 menurut undangan yang salah ketik.",
])
def test_no_time_stated_means_none(sentence):
    report = extract(sentence)
    assert report.starts is None and report.ends is None


# The proposed meeting title (issue 18: the headline stays the source's title).

@pytest.mark.parametrize("text, title", [
    ("Bupati Minta Camat Kawal Realisasi\n\nSANGATTA - Pemerintah Kabupaten Kutai Timur menggelar "
     "rapat koordinasi camat se-Kabupaten Kutai Timur triwulan III yang dibuka Sekda di ruang rapat.",
     "Rapat Koordinasi Camat se-Kabupaten Kutai Timur Triwulan III"),
    ("Inflasi Terkendali\n\nPemerintah Kota Kupang menggelar Rapat Koordinasi Tim Pengendalian Inflasi "
     "Daerah (TPID) di Aula Balai Kota, Senin (3/6/2024).",
     "Rapat Koordinasi Tim Pengendalian Inflasi Daerah Kota Kupang"),
    ("Warga Sambut Baik\n\nPemerintah Kabupaten Sleman melaksanakan sosialisasi yang diikuti para lurah.",
     "Sosialisasi Kabupaten Sleman"),
])
def test_proposed_meeting_title(text, title):
    report = extract(text)
    assert report.meeting_title == title
    assert report.title != report.meeting_title


def test_hard_wrapped_text_is_read_as_paragraphs():
    """Text pasted from a PDF or an e-mail, its sentences broken into lines."""
    wrapped = ("Lurah Diminta Perbarui Data Warga\n\n"
               "KENDARI - Wali Kota Kendari, Siska Karina Imran, membuka rapat koordinasi lurah\n"
               "se-Kota Kendari di Aula Balai Kota, Rabu (5/3/2025). Siska meminta para lurah\n"
               "memperbarui data warga miskin paling lambat akhir Maret dan melaporkannya kepada\n"
               "Dinas Sosial setiap bulan.\n")
    report = extract(wrapped)
    assert report.title == "Lurah Diminta Perbarui Data Warga"
    assert report.event_date == dt.date(2025, 3, 5)
    assert report.region == "Kota Kendari"
    assert report.chair and report.chair.name == "Siska Karina Imran"
    assert any("data warga miskin" in f for f in report.follow_ups)


def test_proposed_title_leaves_out_whom_the_event_gathers_words():
    report = extract("Pemerintah Kabupaten Mimika mengadakan Rapat Koordinasi bersama seluruh distrik "
                     "se-Kabupaten Mimika di Hotel Horison, Selasa (11/2/2024).")
    assert report.meeting_title == "Rapat Koordinasi Distrik se-Kabupaten Mimika"


def test_the_key_named_is_a_follow_up():
    found = _follow_ups("Kunci keberhasilan program ini adalah pendampingan keluarga berisiko secara rutin.")
    assert found == ["pendampingan keluarga berisiko secara rutin"]


@pytest.mark.parametrize("sentence", [
    "Ketua panitia berharap acara pekan depan bisa berjalan lancar dan aman.",
    '"Jangan sampai banjir terulang, ini jadi pelajaran bagi kita semua," katanya.',
])
def test_a_hoped_for_state_and_a_spliced_comment_are_not_follow_ups(sentence):
    assert _follow_ups(sentence) == []


def test_a_hope_that_asks_for_an_action_stays_a_follow_up():
    assert _follow_ups("Kapolres berharap warga menjaga situasi tetap aman selama pilkades.") == [
        "warga menjaga situasi tetap aman selama pilkades"]


@pytest.mark.parametrize("sentence", [
    "Pelatihan ini akan berlangsung selama tiga hari di Balai Diklat.",
    "Musrenbang tersebut akan dihadiri oleh anggota DPRD dari daerah pemilihan setempat.",
    "Ia menyebut harga bawang merah akan naik menjelang hari raya.",
    "Pasokan gabah diperkirakan akan berkurang karena musim kemarau panjang.",
    "Setiap peserta akan mendapatkan modul dan sertifikat dari panitia.",
])
def test_forecasts_and_the_meetings_own_course_are_not_plans(sentence):
    assert _follow_ups(sentence) == []


def test_a_next_meeting_planned_is_a_follow_up():
    assert _follow_ups("Rapat lanjutan akan digelar pekan depan untuk membahas rancangan anggaran.") == [
        "Rapat lanjutan akan digelar pekan depan untuk membahas rancangan anggaran"]


@pytest.mark.parametrize("sentence", [
    "Ia berharap pelatihan ini bermanfaat bagi para operator desa.",
    "Bupati berharap forum ini dapat memberikan manfaat bagi kemajuan daerah.",
])
def test_a_hoped_for_benefit_is_not_a_follow_up(sentence):
    assert _follow_ups(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Ia juga meminta maaf atas keterlambatan dimulainya acara pembukaan.",
    "Bupati kemudian mengajak seluruh hadirin berdoa bersama untuk keselamatan warga.",
    "Menurut Camat, warga sudah harus mengungsi sejak pekan lalu karena banjir.",
])
def test_courtesy_ritual_and_past_necessity_are_not_follow_ups(sentence):
    assert _follow_ups(sentence) == []


@pytest.mark.parametrize(("text", "directives"), [
    ("Diharapkan, seluruh kepala desa dapat menyerahkan laporan dana desa tepat waktu.",
     ["seluruh kepala desa dapat menyerahkan laporan dana desa tepat waktu"]),
    ("Rapat menyepakati dua hal, yakni pengaktifan pos ronda dan pendataan warga pendatang.",
     ["pengaktifan pos ronda dan pendataan warga pendatang"]),
    ("Berikut hasil kesepakatan rapat:\n1. Penguatan pasokan pangan di pasar tradisional.\n"
     "2. Pelaksanaan pasar murah di setiap kecamatan.",
     ["Penguatan pasokan pangan di pasar tradisional", "Pelaksanaan pasar murah di setiap kecamatan"]),
])
def test_expectation_counted_things_and_numbered_points(text, directives):
    assert _follow_ups(text) == directives


@pytest.mark.parametrize(("sentence", "directive"), [
    ("Camat harus hadir dalam setiap musrenbang desa, kata Bupati.",
     "Camat harus hadir dalam setiap musrenbang desa"),
    ("Bupati meminta camat memantau harga beras, tegasnya di hadapan peserta.", "camat memantau harga beras"),
])
def test_an_attribution_after_a_comma_is_trimmed(sentence, directive):
    assert _follow_ups(sentence) == [directive]


@pytest.mark.parametrize(("sentence", "directive"), [
    ("Pj Wali Kota juga menitipkan pesan agar ASN disiplin masuk kantor.", "ASN disiplin masuk kantor"),
    ("Wabup mendorong pemerintah desa memanfaatkan dana desa untuk ketahanan pangan.",
     "pemerintah desa memanfaatkan dana desa untuk ketahanan pangan"),
    ("Camat diharuskan melaporkan perkembangan harga setiap pekan.",
     "Camat melaporkan perkembangan harga setiap pekan"),
])
def test_a_message_an_actor_urged_and_an_obligation(sentence, directive):
    assert _follow_ups(sentence) == [directive]


def test_urging_growth_is_not_a_follow_up():
    assert _follow_ups("Kegiatan pameran ini mendorong pertumbuhan ekonomi masyarakat desa.") == []


@pytest.mark.parametrize("sentence", [
    "Perlu diketahui, rapat ini merupakan agenda rutin setiap triwulan.",
    "Harus diakui, capaian realisasi tahun ini masih di bawah target provinsi.",
    "Perlu dicatat bahwa angka kemiskinan turun dua persen tahun ini.",
])
def test_discourse_markers_are_not_follow_ups(sentence):
    assert _follow_ups(sentence) == []


def test_the_points_a_speaker_counts_are_follow_ups():
    text = ("Dalam arahannya, Sekda menyampaikan dua hal kepada para camat. "
            "Pertama, pemutakhiran data penduduk miskin di setiap kelurahan. "
            "Kedua, pengawasan distribusi pupuk bersubsidi di tingkat desa.")
    assert _follow_ups(text) == ["pemutakhiran data penduduk miskin di setiap kelurahan",
                                 "pengawasan distribusi pupuk bersubsidi di tingkat desa"]
    # without points announced, "Pertama," is only a narrative step
    assert _follow_ups("Pertama, peserta mengisi daftar hadir di meja panitia.") == []


def test_a_hoped_for_improvement_is_not_a_follow_up_but_a_hoped_for_act_is():
    assert _follow_ups("Ia berharap ke depan kinerja para lurah semakin meningkat.") == []
    assert _follow_ups("Bupati berharap camat lebih fokus meningkatkan pelayanan publik.") == [
        "camat lebih fokus meningkatkan pelayanan publik"]


def test_a_directive_given_before_the_meeting_is_not_its_follow_up():
    assert _follow_ups("Sebelumnya, Bupati telah meminta camat mendata rumah tidak layak huni.") == []


@pytest.mark.parametrize("sentence", [
    "KPU mencatat DPT di dua kecamatan belum akurat karena banyak warga pindah domisili.",
    "Beberapa TPS di wilayah pesisir masih sulit dijangkau saat air laut pasang.",
    "Masih ada pemilih yang belum terdaftar di desa-desa terpencil.",
    "Batas wilayah antara kedua desa itu belum disepakati hingga saat ini.",
])
def test_voters_list_polling_station_and_boundary_problems(sentence):
    assert statements.find(sentence)[1] == [sentence]


def test_a_polling_station_merely_mentioned_is_not_a_problem():
    assert statements.find("Petugas KPPS menyiapkan TPS sejak pagi hari di halaman balai desa.")[1] == []


def test_willingness_is_a_commitment():
    sentence = "Pihak perusahaan bersedia membantu perbaikan jalan desa yang rusak akibat angkutan tambang."
    assert statements.find(sentence)[0] == [sentence]
    assert statements.find("Warga belum bersedia melaksanakan relokasi ke lokasi yang baru.")[0] == []


@pytest.mark.parametrize("sentence", [
    '"Menurut saya, capaian kita sudah cukup baik tahun ini," katanya.',
    '"Menjelang akhir tahun biasanya harga bahan pokok naik," kata Kepala Dinas.',
    '"Memang ada beberapa desa yang terlambat melapor," ujarnya.',
])
def test_a_quotation_opening_with_a_preposition_or_adverb_is_not_an_instruction(sentence):
    assert _follow_ups(sentence) == []


def test_a_verb_with_its_doer_in_a_quotation_is_not_an_imperative():
    assert _follow_ups('"Program itu sudah kami laksanakan sejak tahun lalu di semua desa," ujarnya.') == []


def test_a_necessity_in_the_past_is_not_a_follow_up():
    assert _follow_ups('"Dulu warga harus menunggu berbulan-bulan untuk mengurus KTP," katanya.') == []
@pytest.mark.parametrize(("sentence", "name"), [
    # the region written after an acronym of the unit, or after a comma
    ("Hadir pula Kepala BPS Kutai Timur Rahmat Hidayat dalam rapat itu.", "Rahmat Hidayat"),
    ("Bupati Tanah Laut (Tala), Kalimantan Selatan Hj Siti Aminah membuka rapat evaluasi.", "Siti Aminah"),
    # titles glued to the name, a rank with a stray dot, a corps after the rank
    ("Wali Kota Ternate Ir.H.Basri Salam memimpin rapat koordinasi camat.", "Basri Salam"),
    ("Turut hadir Kompol . Inf Darman Saputra, S.Sos, M.Si Kapolsek Tenggarong.", "Darman Saputra"),
    ("Hadir pula Dandim 1234/Kutai Letkol Inf Wahyu Prasetyo bersama jajaran.", "Wahyu Prasetyo"),
    # initials: one capital without its dot, two capitals with a dot
    ("Penjabat Bupati Paser Budi R Santoso hadir memimpin rapat.", "Budi R Santoso"),
    ("Wali Kota Bontang Dr. H. AM. Rusdi menyampaikan arahan kepada camat.", "AM. Rusdi"),
    # a position after the degrees, with no comma: "<name>, <degrees> <position>"
    ("Rapat diikuti Hendra Gunawan, SH,M.H Kepala Kejaksaan Negeri Paser, dan para camat.",
     "Hendra Gunawan"),
    # a dash between the position and the name
    ("Kepala Dinas Kominfo Kota Bontang – Drs. Arif Rahman, M.Si, menyebutkan rapat berlangsung lancar.",
     "Arif Rahman"),
])
def test_names_written_the_other_ways(sentence, name):
    names = {p.name for p in extract(sentence).officials}
    assert name in names, names
    assert not any(n != name and set(n.split()) & set(name.split()) for n in names), names


@pytest.mark.parametrize(("sentence", "not_a_name"), [
    ("Rakor dihadiri para camat dan Lurah se Kota Bontangg, Satgas Stunting, serta mitra kerja.", "Bontangg"),
    ("Rakor dihadiri para camat dan Lurah se Kota Bontangg, Satgas Stunting, serta mitra kerja.", "Satgas"),
    ("Rapat digelar di Aula Kantor Bupati Paser, Batu Kajang, Senin (3/3/2025).", "Batu Kajang"),
    ("Rapat dihadiri Danrem 091/Gaya Brigjen TNI Budi Santoso dan para camat.", "Gaya"),
    ("Rapat diikuti Analis Kebijakan Ahli Muda Pelayanan Dasar, Sukardi, S.E., dan staf.", "Dasar"),
    # a misspelt head is no name
    ("Rapat dihadiri Wakil Bupati H Ahmad Yani dan Penjabat Sekretarsi Daerah H Rudi Hartono.", "Sekretarsi"),
    ("Rapat dihadiri Pejabat Struktural dan Pejabat Administrator di lingkungan Setda.", "Struktural"),
])
def test_places_units_and_collectives_are_not_people(sentence, not_a_name):
    names = {p.name for p in extract(sentence).officials}
    assert not any(not_a_name in n for n in names), names


def test_a_nickname_in_parentheses_is_the_same_person():
    report = extract("Gubernur Kalimantan Utara Dr H Zainal Paliwang (Zapa) membuka rakor di Tanjung Selor. "
                     "Menurut Gubernur Zapa, inflasi harus dijaga.")
    assert [p.name for p in report.officials] == ["Zainal Paliwang"]


def test_a_curly_apostrophe_is_kept_as_written():
    report = extract("Rapat dipimpin Kepala Biro Perekonomian Setda Provinsi Maluku Ahmad Ma’arif di aula.")
    assert report.chair is not None and report.chair.name == "Ahmad Ma’arif"


@pytest.mark.parametrize(("text", "chair"), [
    ("Rapat diawali sambutan Kepala Dinas Kesehatan Provinsi NTT, dilanjutkan pembukaan resmi oleh "
     "Asisten Perekonomian dan Pembangunan Setda Provinsi NTT, Drs. Yohanes Bria, M.Si.", "Yohanes Bria"),
    # another body's meeting, no chair named: not the highest-ranking official of the report
    ("Penjabat Gubernur Kalimantan Barat Harisson mengikuti rapat evaluasi kinerja yang dilaksanakan "
     "Kementerian Dalam Negeri di Jakarta, Rabu (20/3/2024).", None),
])
def test_who_chaired_other_forms(text, chair):
    found = extract(text).chair
    assert (found.name if found else None) == chair


def test_a_person_named_only_in_a_photo_caption():
    text = ("Judul Rapat Koordinasi Camat\n\n"
            "Pemkab Paser menggelar rapat koordinasi camat di aula kantor bupati, Senin (3/3/2025). "
            "Rapat membahas program kerja tahun berjalan bersama seluruh camat.\n\n"
            "Foto: Humas | Wakil Bupati Paser, Ikhwan Antasari, berbincang dengan para camat usai rapat.\n")
    report = extract(text)
    assert "Ikhwan Antasari" in {p.name for p in report.officials}
    assert "Ikhwan Antasari" not in report.text  # the caption stays out of the body


def test_two_people_in_one_run_of_positions():
    people = {p.name: p.position for p in extract(
        "Hadir Kepala Bappeda Paser Hamransyah dan Kepala Kesbangpol Paser Edi Susanto.").officials}
    assert people.get("Edi Susanto") == "Kepala Kesbangpol Paser", people
    assert people.get("Hamransyah") == "Kepala Bappeda Paser", people


@pytest.mark.parametrize(("text", "present", "absent"), [
    # an organisation ends where a person's name begins
    ("Hadir Kepala Bappeda Provinsi Jambi I Made Sujana dan Kepala BPS Jambi Rina Marlina.",
     ["Bappeda Provinsi Jambi"], ["Bappeda Provinsi Jambi I Made Sujana", "BPS Jambi Rina Marlina"]),
    # a long enumeration inside a unit's name
    ("Rapat digelar Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk, dan "
     "Keluarga Berencana Kabupaten Paser pada Senin (3/3/2025).",
     ["Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk, dan Keluarga Berencana "
      "Kabupaten Paser"], []),
    # but a list of officials after a unit is not part of its name
    ("Hadir Kemenag Paser, Asisten II, Kadinkes, dan Kasatpol PP dalam rapat.", ["Kemenag Paser"],
     ["Kemenag Paser, Asisten II, Kadinkes, dan Kasatpol PP"]),
    # an agency written in lower case; one short agency and the next are two
    ("Bupati memimpin rapat bersama forkopimda, Bulog dan PLN di aula.", ["Forkopimda", "Bulog"],
     ["Bulog dan PLN"]),
    # a generic government of a document's title; the secretariat of an official's position
    ("Program disusun dalam Rencana Kerja Pemerintah Daerah. Hadir Asisten I Setda Kota Bontang.",
     [], ["Pemerintah Daerah", "Sekretariat Daerah Kota Bontang"]),
])
def test_organisations_where_they_end(text, present, absent):
    report = extract(text)
    found = list(report.organizations)
    for name in present:
        assert name in found, found
    for name in absent:
        assert name not in found, found


@pytest.mark.parametrize(("text", "present", "absent"), [
    # the unit whose room hosts the meeting is named in the report
    ("Rapat digelar di Ruang Rapat Biro Organisasi Setda Provinsi Jambi, Senin (3/3/2025).",
     ["Biro Organisasi Sekretariat Daerah Provinsi Jambi"], []),
    ("Evaluasi yang dilaksanakan Kementerian Dalam Negeri berlangsung di Jakarta.",
     ["Kementerian Dalam Negeri"], []),
    # a city hall is a building; a region's short form stays as written
    ("Rapat berlangsung di Balai Kota Bontang bersama Bappeda Kutim.", ["Bappeda Kutim"],
     ["Balai Kota Bontang", "Bappeda Kutai Timur"]),
])
def test_organisations_as_the_report_names_them(text, present, absent):
    found = list(extract(text).organizations)
    for name in present:
        assert name in found, found
    for name in absent:
        assert name not in found, found


def test_counts_of_capitalised_things_and_one_figure_stated_twice():
    found = [(f.value, f.unit) for f in find_figures(
        "Bupati memberi arahan kepada 12 Camat yang hadir. Sebanyak 25 Desa menjadi lokus. Inflasi "
        "tercatat 2,5 persen; inflasi kita 2,5 persen masih terkendali. Rapat digelar 5 Desember.")]
    assert (12, "count") in found and (25, "count") in found
    assert found.count((2.5, "percent")) == 1
    assert not any(value == 5 for value, _unit in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("sesuai Instruksi mendagri no 7 tahun 2022 tentang PPKM", "Instruksi Mendagri Nomor 7 Tahun 2022"),
    ("Terbitnya peraturan Bupati Paser Nomor 12 Tahun 2024 tentang stunting",
     "Peraturan Bupati Paser Nomor 12 Tahun 2024"),
    ("sesuai surat keputusan bersama dari tiga menteri dan Kapolri nomor SKB 101/XI/2024 tentang mudik",
     "surat keputusan bersama Nomor SKB 101/XI/2024"),
])
def test_regulations_in_lower_case_and_joint_decrees(text, expected):
    assert [c for c, _s, _e in regulations.find(text)] == [expected]


def test_a_short_kind_in_lower_case_is_no_regulation():
    assert regulations.find("camat se Kabupaten nomor 5 hadir, pp nomor 3 juga") == []


@pytest.mark.parametrize(("text", "expected"), [
    # no publication date: the year the text names in which the weekday fits
    ("Bupati memimpin rapat evaluasi APBD Tahun Anggaran 2022 di aula, Kamis (14/7). Pada 2021 "
     "realisasi rendah.", dt.date(2022, 7, 14)),
    # a weekday, a comma and the whole date without parentheses
    ("Rakor ini digelar di Ruang Rapat Kantor Gubernur, Samarinda, Selasa, 4/6/2024.", dt.date(2024, 6, 4)),
    # a coming event and an incident are not the meeting's day
    ("Jelang kunjungan Presiden pada tanggal 20-21 Juni 2024 mendatang, Forkopimda menggelar rakor "
     "di aula, Senin, 10/6/2024.", dt.date(2024, 6, 10)),
    ("Rapat membahas kebakaran pasar yang terjadi pada Minggu (9/6/2024) lalu. Rapat berlangsung di "
     "aula kantor bupati, Selasa (11/6/2024).", dt.date(2024, 6, 11)),
])
def test_the_meetings_day_among_other_dates(text, expected):
    found, _warnings = dates.event_date(text, None)
    assert found is not None and found.date == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Walikota Padang Sidimpuan membuka rapat TPID bersama Pemko Padang Sidimpuan.", "Kota Padangsidimpuan"),
    ("Wali Kota Jakarta Barat membuka musrenbang di Kota Jakarta Barat.", "Kota Administrasi Jakarta Barat"),
])
def test_region_names_written_with_other_spaces(text, expected):
    region = regions.main_region(text)
    assert region is not None and region.display == expected


@pytest.mark.parametrize(("text", "chair"), [
    ("Rakor yang dipandu oleh Kepala Bappeda Kabupaten Paser Hamransyah berlangsung di aula.", "Hamransyah"),
    ("Kepala Dinas Kesehatan Paser dr. Amir Faisol membuka kegiatan sosialisasi itu.", "Amir Faisol"),
])
def test_who_led_written_the_other_ways(text, chair):
    found = extract(text).chair
    assert found is not None and found.name == chair


def test_a_director_general_is_not_a_general():
    people = {p.name for p in extract(
        "Direktur Jenderal Bina Pembangunan Daerah Kemendagri Restuardy Daud hadir secara virtual "
        "dalam rapat koordinasi itu.").officials}
    assert people == {"Restuardy Daud"}, people


def test_a_unit_named_in_full_and_by_its_short_words_is_one():
    found = list(extract(
        "Rapat digelar Biro Kesejahteraan Rakyat Setda Provinsi Jambi bersama dinas terkait. Kepala "
        "Biro Kesra menyampaikan bahwa rapat akan digelar rutin setiap bulan.").organizations)
    assert found == ["Biro Kesejahteraan Rakyat Sekretariat Daerah Provinsi Jambi"], found


def test_teams_named_after_their_task_and_governments_in_full():
    found = list(extract(
        "Rapat dihadiri oleh Tim Evaluasi Perangkat Daerah Provinsi Jambi dan Kelompok Ahli Bidang "
        "Pemerintahan. Pemprov Kaltim dan Bappeda Kutim turut hadir dalam rapat tersebut.").organizations)
    assert "Tim Evaluasi Perangkat Daerah Provinsi Jambi" in found, found
    assert "Kelompok Ahli Bidang Pemerintahan" in found, found
    assert "Pemerintah Provinsi Kalimantan Timur" in found and "Bappeda Kutim" in found, found


def test_a_region_written_short_and_in_full_is_one_organisation():
    found = list(extract(
        "Pengukuhan TPPS Provinsi Kalimantan Timur digelar di Samarinda. Gubernur memberi arahan kepada "
        "TPPS Provinsi Kaltim yang telah dilantik, didampingi Bappeda Kab. Paser.").organizations)
    assert [name for name in found if name.startswith("TPPS")] == ["TPPS Provinsi Kalimantan Timur"], found
    assert "Bappeda Kab. Paser" in found, found


@pytest.mark.parametrize(("sentence", "venue"), [
    ("Rakor yang berlangsung di Meeting Room Hotel Grand Paser itu dihadiri para camat.",
     "Meeting Room Hotel Grand Paser"),
    ("Kegiatan berlangsung di Swiss-Belhotel Balikpapan, Senin (3/3/2025).", "Swiss-Belhotel Balikpapan"),
    ("Rapat diikuti secara virtual dari Ruang Command Center Kantor Bupati Paser, Senin (3/3/2025).",
     "Ruang Command Center Kantor Bupati Paser"),
    # a place without a head word, named right before the day
    ("Ratusan peserta hadir di Tanjung Bendera, Senin, 24 Juni 2024.", "Tanjung Bendera"),
])
def test_venues_named_the_other_ways(sentence, venue):
    assert extract(sentence).venue == venue


def test_a_region_before_the_day_is_no_venue():
    assert extract("Rapat koordinasi camat digelar di Samarinda, Senin (3/3/2025).").venue is None


def test_money_and_rates_written_without_their_unit():
    found = {(f.value, f.unit) for f in find_figures(
        "Penduduk miskin di Kaltim 120 Ribu jiwa. Miskin artinya pendapatan kurang dari 600 ribu/bulan. "
        "Inflasi kita saat ini 2,45 atau di atas nasional 2,10, kata Sekda.")}
    assert {(120_000, "count"), (600_000, "rupiah"), (2.45, "percent"), (2.1, "percent")} <= found, found


def test_a_bare_decimal_without_a_rate_is_no_figure():
    assert find_figures("Skor lomba itu 8,5 dan juri puas.") == []


@pytest.mark.parametrize(("text", "chair"), [
    ("Rakor camat itu dibuka oleh Wakil Bupati, dan berlangsung hingga sore. Dalam arahannya, Wakil "
     "Bupati Paser Ikhwan Antasari meminta camat aktif.", "Ikhwan Antasari"),
    ("Rapat koordinasi itu dipimpin oleh Budi Santoso dan dihadiri para kepala desa dari seluruh kecamatan.",
     "Budi Santoso"),
    ("Ketika membuka secara resmi Musrenbang Kecamatan, Camat Long Ikis, Andi Rahman, meminta warga aktif "
     "menyampaikan usulan.", "Andi Rahman"),
])
def test_the_chair_named_apart_from_the_cue(text, chair):
    found = extract(text).chair
    assert found is not None and found.name == chair


def test_a_visitor_the_meeting_prepares_for_is_not_an_official():
    names = {p.name for p in extract(
        "Jelang kunjungan kerja Menteri Kesehatan RI Budi Gunadi Sadikin ke Paser, Pemkab Paser menggelar "
        "rakor yang dipimpin Sekda Kabupaten Paser Katsul Wijaya di aula kantor bupati.").officials}
    assert names == {"Katsul Wijaya"}, names


def test_a_unit_written_in_lower_case_and_defined_by_its_short_form():
    found = list(extract(
        "Bupati membuka rapat koordinasi tim percepatan penurunan stunting (TPPS) di aula kantor bupati, "
        "Senin (3/3/2025), bersama para camat.").organizations)
    assert "tim percepatan penurunan stunting" in found, found


def test_units_after_a_region_and_military_units_with_their_number():
    report = extract("Rapat diikuti para camat, Tim Penggerak PKK Kabupaten Paser serta Dharma Wanita "
                     "Persatuan, Dinas Pemuda dan Olahraga Kabupaten Paser dan Kodim 0904/Paser.")
    found = list(report.organizations)
    assert "Tim Penggerak PKK Kabupaten Paser" in found, found
    assert "Dinas Pemuda dan Olahraga Kabupaten Paser" in found, found
    assert "Kodim 0904/Paser" in found, found


def test_a_position_before_a_list_of_names():
    people = {p.name: p.position for p in extract(
        "Hadir pula Staf Ahli Bupati, Andi Hamzah, Budi Santoso, dan Joko Susilo dalam rapat koordinasi "
        "camat itu, serta Kepala Kampung (Kakam) Sereh, Zadrak Wamebu.").officials}
    assert people.get("Budi Santoso") == people.get("Joko Susilo") == "Staf Ahli Bupati", people
    assert "Kampung" not in people, people


def test_counts_in_words_and_amounts_in_short_scales():
    found = {(f.value, f.unit) for f in find_figures(
        "Rembuk stunting bagian dari delapan aksi integrasi; Bupati menekankan dua hal. Ada 5 (lima) desa "
        "lokus dengan pagu Rp 1,2 M.")}
    assert {(8, "count"), (5, "count"), (1_200_000_000, "rupiah")} <= found, found
    assert (2, "count") not in found  # "dua hal": not a thing the report counts


def test_a_first_name_that_is_also_a_place_after_the_region():
    people = {p.name: p.position for p in extract(
        "Rapat dipimpin Wali Kota Bogor Bima Arya di Balai Kota Bogor, Senin (3/3/2025).").officials}
    assert people == {"Bima Arya": "Wali Kota Bogor"}, people


@pytest.mark.parametrize("sentence", [
    "Rapat dipimpin Kepala Bapenda Paser Budi Santoso SE Ak di aula kantor bupati, Senin (3/3/2025).",
    "Rapat dipimpin Kepala Bapenda Paser Budi Santoso, S.Kom., M.Sc. di aula, Senin (3/3/2025).",
])
def test_degrees_without_dots_are_not_names(sentence):
    assert [p.name for p in extract(sentence).officials] == ["Budi Santoso"]


def test_represented_with_yang_diwakili():
    report = extract("Bupati Paser Fahmi Fadli yang diwakili Sekda Kabupaten Paser Katsul Wijaya membuka "
                     "rakor camat, Senin (3/3/2025).")
    assert report.chair.name == "Katsul Wijaya" and report.chair_for.name == "Fahmi Fadli"


@pytest.mark.parametrize("text", [
    " ".join(["Kepala BPS Sinjai Andi Budi, Budi Santoso, dan"] * 1500),
    " ".join(["Asisten I Abc Def dan"] * 2500) + " Setda",
    " ".join(["Bupati (Abc) Def (Ghi)"] * 2000),
    " ".join(["Dr. H. Ir."] * 4000) + " Budi",
])
def test_long_runs_of_positions_names_and_titles_take_bounded_time(text):
    import time

    started = time.perf_counter()
    extract(text)
    assert time.perf_counter() - started < 10  # was minutes: positions and sentences are bounded


def test_a_former_official_is_not_at_the_meeting():
    names = {p.name for p in extract(
        "Rakor dipimpin Bupati Paser Fahmi Fadli. Ia mengenang mantan Bupati Paser Yusriansyah Syarkawi "
        "yang merintis program itu.").officials}
    assert names == {"Fahmi Fadli"}, names


def test_the_one_accompanied_opens_not_the_companions():
    report = extract("Bupati Paser Fahmi Fadli, didampingi Wakil Bupati Ikhwan Antasari dan Sekda Katsul "
                     "Wijaya, membuka rakor camat di aula kantor bupati, Senin (3/3/2025).")
    assert report.chair.name == "Fahmi Fadli"


def test_a_units_place_before_the_rank_is_not_a_name():
    people = {p.name for p in extract(
        "Rapat dihadiri Kasdim 1420 Sidrap Mayor Inf Andi Rahman, Danramil 1420-01/Maritengngae Kapten "
        "Inf Yusuf Amir, serta Kasat Intelkam Polres Sidrap AKP Viktor Lapa di aula.").officials}
    assert people == {"Andi Rahman", "Yusuf Amir", "Viktor Lapa"}, people


# --- Follow-ups: the principle (followups.py's docstring) on sentences written for it ----------
# A follow-up is an action the meeting asks someone to take (or plans, decides, commits to); what
# merely is, will happen, would follow, or what something should be in general is not.
@pytest.mark.parametrize(("sentence", "directive"), [
    # explicit directive verbs and their passives; a verb of asking keeps whom it asks
    ("Para lurah dimohon untuk mengirimkan data warga rentan ke kecamatan pekan ini.",
     "Para lurah mengirimkan data warga rentan ke kecamatan pekan ini"),
    ("Setiap OPD dituntut untuk menuntaskan temuan BPK sebelum akhir tahun.",
     "Setiap OPD menuntaskan temuan BPK sebelum akhir tahun"),
    ("Wakil Bupati mendesak dinas terkait agar segera memperbaiki jalan yang rusak di Desa Sukamaju.",
     "dinas terkait segera memperbaiki jalan yang rusak di Desa Sukamaju"),
    ("Sekda menganjurkan para camat untuk menggelar rapat mingguan dengan kepala desa.",
     "para camat menggelar rapat mingguan dengan kepala desa"),
    ("Gubernur menyerukan seluruh bupati untuk menjaga stok beras menjelang Lebaran.",
     "seluruh bupati menjaga stok beras menjelang Lebaran"),
    # a hope of the speaker's own that asks for an act
    ('"Saya harap seluruh kepala puskesmas melaporkan kasus gizi buruk setiap minggu," ujarnya.',
     "seluruh kepala puskesmas melaporkan kasus gizi buruk setiap minggu"),
    ("Harapannya, setiap desa menganggarkan dana untuk posyandu pada tahun depan.",
     "setiap desa menganggarkan dana untuk posyandu pada tahun depan"),
    # a recommendation and an obligation with their subject
    ("Menurutnya, pemerintah desa sebaiknya memprioritaskan pembangunan jamban sehat.",
     "pemerintah desa sebaiknya memprioritaskan pembangunan jamban sehat"),
    ("Kepala desa berkewajiban untuk melaporkan penggunaan dana desa setiap semester.",
     "Kepala desa berkewajiban untuk melaporkan penggunaan dana desa setiap semester"),
    # a plan with its subject
    ("Pasar murah direncanakan digelar di lima kecamatan pada awal Maret.",
     "Pasar murah direncanakan digelar di lima kecamatan pada awal Maret"),
    ("Rapat evaluasi berikutnya diagendakan pada pekan kedua bulan depan.",
     "Rapat evaluasi berikutnya diagendakan pada pekan kedua bulan depan"),
])
def test_more_directive_verbs_hopes_recommendations_and_plans_are_follow_ups(sentence, directive):
    assert directive in _follow_ups(sentence), _follow_ups(sentence)


@pytest.mark.parametrize("sentence", [
    # a consequence under a condition is no plan
    "Kalau pasokan cabai terganggu, harga di pasar tradisional akan melonjak tajam.",
    "Jika semua pihak bekerja sama, angka stunting akan turun dengan sendirinya.",
    # what something will bring or how it will be is no plan
    "Pembangunan jembatan ini akan sangat membantu warga dua desa yang selama ini terisolasi.",
    "Dengan data yang akurat, penyaluran bantuan akan lebih tepat sasaran bagi warga.",
    "Program tersebut akan memberikan dampak besar bagi perekonomian warga pesisir.",
    # what a thing should be in general is no act asked of anyone
    "Menurutnya, pelayanan publik harus berorientasi pada kepuasan masyarakat sebagai penerima layanan.",
    "Ia menegaskan, musyawarah desa harus menjadi ruang bagi warga untuk menyampaikan aspirasi.",
    "Pembangunan daerah harus bersifat inklusif dan berkelanjutan bagi semua lapisan masyarakat.",
    # an act narrated in sequence, an invitation to the event itself, a request made before it
    "Begitu mendapat laporan, petugas segera mendatangi lokasi kebakaran di Desa Suka Maju.",
    "Usai rapat, Bupati mengajak para kepala dinas meninjau pasar induk yang baru direnovasi.",
    "Sebelumnya, warga meminta pemerintah memperbaiki jembatan yang putus akibat banjir.",
    "Menurut dia, sejak dulu masyarakat harus antre berjam-jam untuk mendapat layanan.",
    # a step characterized, and what a thing takes or costs
    "Langkah tersebut adalah wujud nyata kepedulian pemerintah daerah terhadap petani kecil.",
    "Dibutuhkan waktu sekitar dua bulan untuk menyelesaikan perbaikan jalan tersebut.",
    "Diperlukan anggaran sekitar Rp5 miliar untuk membangun gedung baru itu.",
    "Perlu waktu panjang bagi desa untuk keluar dari status tertinggal.",
    # a hope of the speaker's own for a state of things
    "Kami harap situasi di perbatasan tetap kondusif selama masa kampanye berlangsung.",
])
def test_consequences_effects_norms_and_hoped_for_states_are_not_follow_ups(sentence):
    assert _follow_ups(sentence) == []


@pytest.mark.parametrize(("sentence", "directive"), [
    ("Langkah yang diambil adalah menggelar operasi pasar di tiga kecamatan mulai pekan depan.",
     "menggelar operasi pasar di tiga kecamatan mulai pekan depan"),
    ("Diperlukan dukungan anggaran dari provinsi untuk membangun jalan tersebut.",
     "dukungan anggaran dari provinsi untuk membangun jalan tersebut"),
    ("Setelah rapat, seluruh OPD harus segera melaporkan realisasi anggaran.",
     "seluruh OPD harus segera melaporkan realisasi anggaran"),
    ("Dalam kesempatan itu, Sekda mengajak seluruh ASN untuk meningkatkan disiplin kerja.",
     "seluruh ASN meningkatkan disiplin kerja"),
])
def test_the_same_cues_asking_for_an_act_stay_follow_ups(sentence, directive):
    assert directive in _follow_ups(sentence), _follow_ups(sentence)


@pytest.mark.parametrize(("sentence", "directive"), [
    # the one asked stays, the speaker and the setting of the speech go
    ("Seluruh camat diminta melaporkan data kemiskinan setiap bulan, menurut Bupati dalam sambutannya.",
     "Seluruh camat melaporkan data kemiskinan setiap bulan"),
    ("Dalam rapat itu, para lurah juga diminta untuk aktif memantau harga di pasar.",
     "para lurah aktif memantau harga di pasar"),
    ("Untuk itu diminta kepada seluruh OPD agar segera merealisasikan anggaran.",
     "seluruh OPD segera merealisasikan anggaran"),
    ("Bupati meminta camat melaporkan data kemiskinan setiap bulan dalam sambutannya saat membuka rakor.",
     "camat melaporkan data kemiskinan setiap bulan"),
    # a clause with its own subject after "agar" is what is asked, without the addressee
    ("Bupati meminta kepada seluruh kepala desa agar dana desa digunakan untuk ketahanan pangan.",
     "dana desa digunakan untuk ketahanan pangan"),
    ("Bupati meminta kepada seluruh kepala desa agar segera menyalurkan BLT tahap kedua.",
     "seluruh kepala desa segera menyalurkan BLT tahap kedua"),
])
def test_a_follow_up_is_who_is_asked_and_what_without_the_speaker(sentence, directive):
    assert directive in _follow_ups(sentence), _follow_ups(sentence)
