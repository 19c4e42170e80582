"""Deterministic SYNTHETIC plan and realization data, for benchmarks and the demo.

Nothing here is a real figure: budgets, targets, realization, problems (kendala) and statuses
are drawn from `random.Random` seeded by (seed, government, year) — the same arguments give the
same rows on any machine and any database, and a government's figures do not depend on which
other governments were generated before it. Unit names and the planning nomenclature are
realistic (Kemendagri conventions), but nomenclature that is not in the shipped sample extract
is created under the clearly marked programme number 90 ("… (nomenklatur sintetis)").

What `generate()` writes, per government (one transaction each):
- the government itself if it is missing (audited through core.services);
- up to `units_per_government` units, reusing existing ones (by code, or by district for a
  district office): a Sekretariat Daerah with its sections (Bagian; Biro in a province),
  Bappeda and the other dinas/badan, and one district office (kecamatan/distrik) per district
  of a regency — at most half of the units, the first districts by code when there are more;
  a province has no district offices. New units get one CREATE audit event each;
- a synthetic RPJMD framework of the government ("RPJMD 2025–2029 (sintetis)", five missions),
  created once and reused;
- `activities_per_unit` activities (sub kegiatan) per unit for `year`, each with budget
  (Rp 50 juta – 5 miliar, log-uniform), funding source, location, one or two Asta Cita
  priorities (and, for most technical activities, one RPJMD mission), one indicator, four
  cumulative quarterly targets and, for some sanitation activities, the SSK milestones M1–M4;
- the reporting periods of quarters 1..`quarters` (the last one open, the others closed) and
  the realizations of those quarters with their workflow status, late flags and kendala;
- ONE summarizing AuditEvent (action "other") on the government saying the data is synthetic.
  The per-row audited services are bypassed on purpose (volume): rows are inserted in batches
  (PostgreSQL: COPY), with ids drawn from the tables' own sequences.

A government that already has activities for `year` is skipped (and reported), never
duplicated. Requires the region registry (`sinergi load_regions`).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, models, transaction

from sinergi.core.models import AuditAction, AuditEvent, AuditSource
from sinergi.core.services import Actor, create_object, record
from sinergi.monitoring import rollup_store
from sinergi.monitoring.choices import PeriodStatus, RealizationStatus
from sinergi.monitoring.models import Realization, RealizationOutput, ReportingPeriod
from sinergi.planning import rules as planning_rules
from sinergi.planning.choices import FrameworkKind, FundingSource
from sinergi.planning.models import (
    Activity,
    Indicator,
    Milestone,
    NomenclatureItem,
    Priority,
    PriorityFramework,
    QuarterTarget,
)
from sinergi.planning.services import ASTA_CITA
from sinergi.regions.choices import RegionLevel, UnitKind
from sinergi.regions.models import Government, Region, Unit
from sinergi.regions.rules import government_name, government_short_name

SCALES = ("kabupaten", "province", "national")
SYNTHETIC_NOTE = "Synthetic plan and realization data (sinergi.demo.synthetic), not real figures"
SYNTHETIC_PROGRAM = "90"  # programme number of the synthetic nomenclature ("nomenklatur sintetis")


@dataclass(frozen=True)
class GenerationSummary:
    governments: int  # governments generated (skipped ones not counted)
    units: int  # units that received activities
    activities: int
    realizations: int
    seconds: float
    skipped: int = 0  # governments skipped because they already had activities for the year
    units_created: int = 0
    rows: int = 0  # every row written (units, activities, targets, realizations, ...)
    nomenclature_created: int = 0  # synthetic nomenclature items that were missing

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


# ============================================================================ the catalogue


@dataclass(frozen=True)
class Work:
    """A technical sub kegiatan of a unit: its name, output indicator and target range."""

    name: str
    indicator: str
    measure: str
    low: int
    high: int
    spatial: bool = False  # usually located in one district of the regency
    milestones: bool = False  # a multi-stage programme (SSK M1–M4)


@dataclass(frozen=True)
class UnitTemplate:
    code: str
    bidang: str  # nomenclature bidang urusan code, e.g. "1.03"
    name: str
    short_name: str
    kind: str = UnitKind.AGENCY
    parent: str | None = None
    province_name: str | None = None  # the name in a provincial government, when different
    aliases: tuple[str, ...] = ()  # other codes the same unit has in existing data
    asta_cita: tuple[str, ...] = ("7",)
    works: tuple[Work, ...] = ()


def W(name: str, indicator: str, measure: str, low: int, high: int, spatial: bool = False,
      milestones: bool = False) -> Work:
    return Work(name, indicator, measure, low, high, spatial, milestones)


URUSAN = {
    "1": "Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar",
    "2": "Urusan Pemerintahan Wajib yang Tidak Berkaitan dengan Pelayanan Dasar",
    "3": "Urusan Pemerintahan Pilihan",
    "4": "Unsur Pendukung Urusan Pemerintahan",
    "5": "Unsur Penunjang Urusan Pemerintahan",
    "6": "Unsur Pengawasan Urusan Pemerintahan",
    "7": "Unsur Kewilayahan",
    "8": "Unsur Pemerintahan Umum",
}
BIDANG = {
    "1.01": "Urusan Pemerintahan Bidang Pendidikan",
    "1.02": "Urusan Pemerintahan Bidang Kesehatan",
    "1.03": "Urusan Pemerintahan Bidang Pekerjaan Umum dan Penataan Ruang",
    "1.04": "Urusan Pemerintahan Bidang Perumahan Rakyat dan Kawasan Permukiman",
    "1.05": "Urusan Pemerintahan Bidang Ketenteraman dan Ketertiban Umum serta Pelindungan Masyarakat",
    "1.06": "Urusan Pemerintahan Bidang Sosial",
    "2.07": "Urusan Pemerintahan Bidang Tenaga Kerja",
    "2.08": "Urusan Pemerintahan Bidang Pemberdayaan Perempuan dan Pelindungan Anak",
    "2.09": "Urusan Pemerintahan Bidang Pangan",
    "2.11": "Urusan Pemerintahan Bidang Lingkungan Hidup",
    "2.12": "Urusan Pemerintahan Bidang Administrasi Kependudukan dan Pencatatan Sipil",
    "2.13": "Urusan Pemerintahan Bidang Pemberdayaan Masyarakat dan Desa",
    "2.15": "Urusan Pemerintahan Bidang Perhubungan",
    "2.16": "Urusan Pemerintahan Bidang Komunikasi dan Informatika",
    "2.17": "Urusan Pemerintahan Bidang Koperasi, Usaha Kecil, dan Menengah",
    "2.18": "Urusan Pemerintahan Bidang Penanaman Modal",
    "2.19": "Urusan Pemerintahan Bidang Kepemudaan dan Olahraga",
    "2.23": "Urusan Pemerintahan Bidang Perpustakaan",
    "3.25": "Urusan Pemerintahan Bidang Kelautan dan Perikanan",
    "3.26": "Urusan Pemerintahan Bidang Pariwisata",
    "3.27": "Urusan Pemerintahan Bidang Pertanian",
    "3.30": "Urusan Pemerintahan Bidang Perdagangan",
    "4.01": "Sekretariat Daerah",
    "4.02": "Sekretariat DPRD",
    "5.01": "Perencanaan",
    "5.02": "Keuangan",
    "5.03": "Kepegawaian",
    "6.01": "Inspektorat Daerah",
    "7.01": "Kecamatan",
    "8.01": "Kesatuan Bangsa dan Politik",
}

# The support programme every unit runs (program 01; these sub kegiatan are in the sample
# extract for some bidang, and follow the same numbering in all of them).
SUPPORT = (
    ("01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah",
     W("", "Jumlah Dokumen Perencanaan Perangkat Daerah", "dokumen", 1, 3)),
    ("01.0006", "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
     W("", "Jumlah Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD", "laporan", 1, 4)),
    ("01.0007", "Evaluasi Kinerja Perangkat Daerah",
     W("", "Jumlah Laporan Evaluasi Kinerja Perangkat Daerah", "laporan", 1, 4)),
    ("02.0001", "Penyediaan Gaji dan Tunjangan ASN",
     W("", "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", "orang/bulan", 120, 2400)),
)
SUPPORT_PROGRAM = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
SUPPORT_KEGIATAN = {
    "01": "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
    "02": "Administrasi Keuangan Perangkat Daerah",
}

SETDA = "SETDA"
_SEC = UnitKind.SECTION
TEMPLATES: tuple[UnitTemplate, ...] = (
    UnitTemplate(SETDA, "4.01", "Sekretariat Daerah", "Setda", UnitKind.SECRETARIAT,
                 aliases=("SETKAB", "SETKOT", "SETDAPROV"), asta_cita=("7",), works=(
                     W("Penyelenggaraan Rapat Koordinasi Pimpinan Daerah", "Jumlah Rapat Koordinasi",
                       "kegiatan", 12, 48),)),
    UnitTemplate("TAPEM", "4.01", "Bagian Tata Pemerintahan", "Tapem", _SEC, SETDA,
                 "Biro Pemerintahan dan Otonomi Daerah", aliases=("PEM", "BIRO-PEMOTDA"),
                 asta_cita=("7", "6"), works=(
                     W("Fasilitasi Penyelenggaraan Pemerintahan Kecamatan",
                       "Jumlah Laporan Penyelenggaraan Pemerintahan Kecamatan", "laporan", 4, 24),
                     W("Penegasan Batas Wilayah Desa", "Jumlah Segmen Batas Desa yang Ditegaskan",
                       "segmen", 2, 12, spatial=True),
                     W("Fasilitasi Kerja Sama Daerah", "Jumlah Dokumen Kerja Sama Daerah", "dokumen",
                       2, 10))),
    UnitTemplate("BAPPEDA", "5.01", "Badan Perencanaan Pembangunan Daerah", "Bappeda",
                 aliases=("BAPPERIDA", "BAPPELITBANGDA"), asta_cita=("7", "6"), works=(
                     W("Penyusunan Rencana Kerja Pemerintah Daerah", "Jumlah Dokumen RKPD", "dokumen",
                       1, 2),
                     W("Penyelenggaraan Musrenbang RKPD", "Jumlah Musrenbang yang Diselenggarakan",
                       "kegiatan", 1, 3),
                     W("Pengendalian dan Evaluasi Pelaksanaan RKPD",
                       "Jumlah Laporan Evaluasi Pelaksanaan RKPD", "laporan", 4, 4))),
    UnitTemplate("BPKAD", "5.02", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD",
                 asta_cita=("7",), works=(
                     W("Penyusunan Laporan Keuangan Pemerintah Daerah", "Jumlah Laporan Keuangan",
                       "laporan", 1, 2),
                     W("Pengelolaan Barang Milik Daerah", "Jumlah Laporan Barang Milik Daerah",
                       "laporan", 2, 4))),
    UnitTemplate("DISDIK", "1.01", "Dinas Pendidikan", "Disdik", asta_cita=("4",), works=(
        W("Pembangunan Ruang Kelas Baru Sekolah Dasar", "Jumlah Ruang Kelas Baru yang Dibangun",
          "ruang", 2, 12, spatial=True),
        W("Rehabilitasi Ruang Kelas Sekolah Menengah Pertama", "Jumlah Ruang Kelas yang Direhabilitasi",
          "ruang", 2, 10, spatial=True),
        W("Pengadaan Buku Teks Pelajaran", "Jumlah Buku Teks yang Disediakan", "eksemplar", 500, 5000),
        W("Pembinaan Pendidik dan Tenaga Kependidikan", "Jumlah Pendidik yang Dibina", "orang", 50, 500),
        W("Penyelenggaraan Pendidikan Anak Usia Dini", "Jumlah Lembaga PAUD yang Dibina", "lembaga",
          10, 80, spatial=True))),
    UnitTemplate("DINKES", "1.02", "Dinas Kesehatan", "Dinkes", asta_cita=("4",), works=(
        W("Pembangunan Puskesmas", "Jumlah Puskesmas yang Dibangun", "unit", 1, 2, spatial=True),
        W("Pengelolaan Pelayanan Kesehatan Ibu Hamil", "Jumlah Ibu Hamil yang Mendapatkan Pelayanan",
          "orang", 200, 3000),
        W("Pengelolaan Pelayanan Kesehatan Balita", "Jumlah Balita yang Mendapatkan Pelayanan", "orang",
          300, 5000),
        W("Penyediaan Obat dan Bahan Medis Habis Pakai", "Jumlah Paket Obat yang Disediakan", "paket",
          1, 12),
        W("Percepatan Penurunan Stunting Terintegrasi", "Jumlah Desa Lokus Stunting yang Diintervensi",
          "desa", 5, 50, spatial=True))),
    UnitTemplate("PUPR", "1.03", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR",
                 asta_cita=("3", "2"), works=(
                     W("Pembangunan Jalan", "Panjang Jalan yang Dibangun", "km", 1, 15, spatial=True),
                     W("Rehabilitasi Jalan", "Panjang Jalan yang Direhabilitasi", "km", 2, 20,
                       spatial=True),
                     W("Pemeliharaan Rutin Jalan", "Panjang Jalan yang Dipelihara", "km", 10, 120),
                     W("Pembangunan Jembatan", "Jumlah Jembatan yang Dibangun", "unit", 1, 3,
                       spatial=True),
                     W("Pembangunan Sistem Penyediaan Air Minum", "Jumlah Sambungan Rumah Air Minum",
                       "sambungan rumah", 100, 1500, spatial=True),
                     W("Pembangunan Saluran Drainase", "Panjang Saluran Drainase yang Dibangun", "m",
                       200, 3000, spatial=True))),
    UnitTemplate("PERKIM", "1.04", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim",
                 asta_cita=("6", "3"), works=(
                     W("Rehabilitasi Rumah Tidak Layak Huni", "Jumlah Rumah Tidak Layak Huni yang "
                       "Direhabilitasi", "unit", 10, 150, spatial=True),
                     W("Peningkatan Kualitas Kawasan Permukiman Kumuh", "Luas Kawasan Kumuh yang "
                       "Ditangani", "ha", 1, 20, spatial=True),
                     W("Pembangunan Sanitasi Berbasis Masyarakat", "Jumlah Sarana Sanitasi yang "
                       "Dibangun", "unit", 10, 200, spatial=True, milestones=True),
                     W("Penyediaan Prasarana, Sarana, dan Utilitas Umum Permukiman", "Jumlah Kawasan "
                       "yang Dilengkapi PSU", "kawasan", 1, 5, spatial=True))),
    UnitTemplate("DINSOS", "1.06", "Dinas Sosial", "Dinsos", asta_cita=("6", "4"), works=(
        W("Penyaluran Bantuan Sosial bagi Keluarga Miskin", "Jumlah Keluarga Penerima Bantuan", "KK",
          200, 3000),
        W("Rehabilitasi Sosial Penyandang Disabilitas", "Jumlah Penyandang Disabilitas yang "
          "Direhabilitasi", "orang", 20, 200),
        W("Pemutakhiran Data Terpadu Kesejahteraan Sosial", "Jumlah Desa dengan Data Termutakhir",
          "desa", 10, 100, spatial=True))),
    UnitTemplate("SATPOLPP", "1.05", "Satuan Polisi Pamong Praja", "Satpol PP", asta_cita=("2", "7"),
                 works=(
                     W("Penegakan Peraturan Daerah dan Peraturan Kepala Daerah", "Jumlah Kegiatan "
                       "Penegakan Perda", "kegiatan", 12, 60),
                     W("Pelatihan Satuan Perlindungan Masyarakat", "Jumlah Anggota Satlinmas yang "
                       "Dilatih", "orang", 50, 300))),
    UnitTemplate("BPBD", "1.05", "Badan Penanggulangan Bencana Daerah", "BPBD", asta_cita=("2", "8"),
                 works=(
                     W("Penyusunan Rencana Kontinjensi Bencana", "Jumlah Dokumen Rencana Kontinjensi",
                       "dokumen", 1, 3),
                     W("Penanganan Darurat Bencana", "Jumlah Kejadian Bencana yang Ditangani",
                       "kejadian", 5, 40),
                     W("Sosialisasi Kesiapsiagaan Bencana", "Jumlah Desa Tangguh Bencana", "desa", 5, 40,
                       spatial=True))),
    UnitTemplate("DLH", "2.11", "Dinas Lingkungan Hidup", "DLH", asta_cita=("8",), works=(
        W("Pengelolaan Sampah Rumah Tangga", "Volume Sampah yang Tertangani", "ton", 500, 20000),
        W("Pemantauan Kualitas Air Sungai", "Jumlah Titik Pantau Kualitas Air", "titik", 5, 40,
          spatial=True),
        W("Penanaman Pohon Penghijauan", "Jumlah Pohon yang Ditanam", "batang", 500, 10000,
          spatial=True))),
    UnitTemplate("DISDUKCAPIL", "2.12", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil",
                 asta_cita=("7",), works=(
                     W("Pelayanan Perekaman KTP Elektronik", "Jumlah Perekaman KTP-el", "keping", 1000,
                       20000),
                     W("Penerbitan Akta Kelahiran", "Jumlah Akta Kelahiran yang Diterbitkan", "dokumen",
                       1000, 15000))),
    UnitTemplate("DPMD", "2.13", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", asta_cita=("6",),
                 works=(
                     W("Pembinaan Pemerintahan Desa", "Jumlah Desa yang Dibina", "desa", 10, 150,
                       spatial=True),
                     W("Fasilitasi Badan Usaha Milik Desa", "Jumlah BUMDes yang Difasilitasi", "BUMDes",
                       5, 50))),
    UnitTemplate("DISTAN", "3.27", "Dinas Pertanian", "Distan", asta_cita=("2", "6"), works=(
        W("Penyediaan Benih dan Pupuk bagi Petani", "Jumlah Benih dan Pupuk yang Disalurkan", "ton",
          10, 300),
        W("Pembangunan Jaringan Irigasi Tersier", "Luas Lahan yang Terairi", "ha", 20, 500,
          spatial=True),
        W("Pengendalian Organisme Pengganggu Tumbuhan", "Luas Serangan OPT yang Dikendalikan", "ha",
          100, 2000))),
    UnitTemplate("DKP", "2.09", "Dinas Ketahanan Pangan", "DKP", asta_cita=("2",), works=(
        W("Penyediaan Cadangan Pangan Daerah", "Jumlah Cadangan Pangan", "ton", 5, 100),
        W("Pengawasan Keamanan Pangan Segar", "Jumlah Sampel Pangan yang Diuji", "sampel", 50, 500))),
    UnitTemplate("DISHUB", "2.15", "Dinas Perhubungan", "Dishub", asta_cita=("3",), works=(
        W("Pemasangan Rambu Lalu Lintas", "Jumlah Rambu yang Dipasang", "unit", 20, 300, spatial=True),
        W("Pengujian Berkala Kendaraan Bermotor", "Jumlah Kendaraan yang Diuji", "kendaraan", 500,
          5000))),
    UnitTemplate("DISKOMINFO", "2.16", "Dinas Komunikasi dan Informatika", "Diskominfo",
                 asta_cita=("7", "2"), works=(
                     W("Pengembangan Aplikasi Sistem Pemerintahan Berbasis Elektronik", "Jumlah "
                       "Aplikasi yang Dikembangkan", "aplikasi", 1, 10),
                     W("Penyediaan Akses Internet Desa", "Jumlah Titik Akses Internet", "titik", 5, 60,
                       spatial=True))),
    UnitTemplate("DISNAKER", "2.07", "Dinas Tenaga Kerja", "Disnaker", asta_cita=("3",), works=(
        W("Pelatihan Kerja Berbasis Kompetensi", "Jumlah Peserta Pelatihan Kerja", "orang", 40, 400),
        W("Penyelenggaraan Bursa Kerja", "Jumlah Bursa Kerja yang Diselenggarakan", "kegiatan", 1, 4))),
    UnitTemplate("DP3A", "2.08", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A",
                 asta_cita=("4",), works=(
                     W("Pencegahan Kekerasan terhadap Perempuan dan Anak", "Jumlah Kegiatan "
                       "Pencegahan Kekerasan", "kegiatan", 4, 24),
                     W("Pengembangan Kabupaten Layak Anak", "Jumlah Dokumen Evaluasi KLA", "dokumen",
                       1, 2))),
    UnitTemplate("DISKOPUKM", "2.17", "Dinas Koperasi dan Usaha Mikro", "Diskop UKM",
                 asta_cita=("3", "5"), works=(
                     W("Pelatihan Kewirausahaan Usaha Mikro", "Jumlah Pelaku Usaha Mikro yang Dilatih",
                       "pelaku usaha", 30, 300),
                     W("Pembinaan Koperasi", "Jumlah Koperasi yang Dibina", "koperasi", 10, 100))),
    UnitTemplate("DPMPTSP", "2.18", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                 "DPMPTSP", asta_cita=("5", "3"), works=(
                     W("Pelayanan Perizinan Berusaha", "Jumlah Izin yang Diterbitkan", "izin", 500, 5000),
                     W("Promosi Penanaman Modal Daerah", "Jumlah Kegiatan Promosi Investasi", "kegiatan",
                       1, 6))),
    UnitTemplate("DISKAN", "3.25", "Dinas Perikanan", "Diskan", asta_cita=("2", "5"), works=(
        W("Pemberdayaan Nelayan Kecil", "Jumlah Nelayan yang Diberdayakan", "orang", 50, 500,
          spatial=True),
        W("Penyediaan Benih Ikan", "Jumlah Benih Ikan yang Disalurkan", "ekor", 10000, 200000))),
    UnitTemplate("DISDAG", "3.30", "Dinas Perdagangan", "Disdag", asta_cita=("5", "3"), works=(
        W("Revitalisasi Pasar Rakyat", "Jumlah Pasar yang Direvitalisasi", "pasar", 1, 3, spatial=True),
        W("Stabilisasi Harga Barang Kebutuhan Pokok", "Jumlah Operasi Pasar", "kegiatan", 4, 24))),
    UnitTemplate("DISPAR", "3.26", "Dinas Pariwisata", "Dispar", asta_cita=("3", "8"), works=(
        W("Pengembangan Destinasi Pariwisata", "Jumlah Destinasi yang Dikembangkan", "destinasi", 1, 5,
          spatial=True),
        W("Promosi Pariwisata Daerah", "Jumlah Kegiatan Promosi Pariwisata", "kegiatan", 1, 8))),
    UnitTemplate("DISPORA", "2.19", "Dinas Kepemudaan dan Olahraga", "Dispora", asta_cita=("4",),
                 works=(
                     W("Pembinaan Atlet Berprestasi", "Jumlah Atlet yang Dibina", "orang", 20, 200),
                     W("Penyelenggaraan Kegiatan Kepemudaan", "Jumlah Kegiatan Kepemudaan", "kegiatan",
                       2, 12))),
    UnitTemplate("DISPUSIP", "2.23", "Dinas Perpustakaan dan Kearsipan", "Dispusip", asta_cita=("4",),
                 works=(
                     W("Pengembangan Koleksi Perpustakaan", "Jumlah Koleksi yang Ditambahkan",
                       "eksemplar", 500, 5000),
                     W("Pengelolaan Arsip Dinamis", "Jumlah Berkas Arsip yang Dikelola", "berkas", 1000,
                       10000))),
    UnitTemplate("BAPENDA", "5.02", "Badan Pendapatan Daerah", "Bapenda", asta_cita=("7",), works=(
        W("Pendataan Objek Pajak Daerah", "Jumlah Objek Pajak yang Didata", "objek pajak", 1000, 20000),
        W("Penagihan Pajak Daerah", "Jumlah Laporan Penagihan Pajak", "laporan", 4, 12))),
    UnitTemplate("BKPSDM", "5.03", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM",
                 asta_cita=("7", "4"), works=(
                     W("Pengembangan Kompetensi Aparatur Sipil Negara", "Jumlah ASN yang Mengikuti "
                       "Pengembangan Kompetensi", "orang", 100, 1000),
                     W("Pengelolaan Data dan Sistem Informasi Kepegawaian", "Jumlah Data Kepegawaian "
                       "yang Dimutakhirkan", "berkas", 500, 8000))),
    UnitTemplate("INSPEKTORAT", "6.01", "Inspektorat Daerah", "Inspektorat", asta_cita=("7",), works=(
        W("Pengawasan Penyelenggaraan Pemerintahan Daerah", "Jumlah Laporan Hasil Pemeriksaan",
          "laporan", 10, 60),
        W("Reviu Laporan Keuangan Pemerintah Daerah", "Jumlah Laporan Hasil Reviu", "laporan", 1, 4))),
    UnitTemplate("KESBANGPOL", "8.01", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol",
                 asta_cita=("1",), works=(
                     W("Penguatan Ideologi Pancasila dan Karakter Kebangsaan", "Jumlah Kegiatan "
                       "Wawasan Kebangsaan", "kegiatan", 2, 10),
                     W("Pencegahan Konflik Sosial", "Jumlah Kegiatan Pencegahan Konflik", "kegiatan",
                       2, 12))),
    UnitTemplate("SETWAN", "4.02", "Sekretariat DPRD", "Setwan", UnitKind.SECRETARIAT,
                 asta_cita=("7", "1"), works=(
                     W("Fasilitasi Pembahasan Rancangan Peraturan Daerah", "Jumlah Raperda yang "
                       "Dibahas", "raperda", 3, 15),
                     W("Penyelenggaraan Reses Anggota DPRD", "Jumlah Kegiatan Reses", "kegiatan", 3,
                       9))),
    UnitTemplate("HUKUM", "4.01", "Bagian Hukum", "Bagian Hukum", _SEC, SETDA, "Biro Hukum",
                 works=(W("Penyusunan Produk Hukum Daerah", "Jumlah Produk Hukum Daerah", "dokumen", 5,
                          40),)),
    UnitTemplate("EKON", "4.01", "Bagian Perekonomian dan Sumber Daya Alam", "Bagian Perekonomian",
                 _SEC, SETDA, "Biro Perekonomian", asta_cita=("5", "2"), works=(
                     W("Fasilitasi Pengendalian Inflasi Daerah", "Jumlah Rapat Pengendalian Inflasi",
                       "kegiatan", 4, 12),)),
    UnitTemplate("PBJ", "4.01", "Bagian Pengadaan Barang dan Jasa", "Bagian PBJ", _SEC, SETDA,
                 "Biro Pengadaan Barang dan Jasa", works=(
                     W("Pengelolaan Layanan Pengadaan Secara Elektronik", "Jumlah Paket Pengadaan yang "
                       "Diproses", "paket", 50, 500),)),
    UnitTemplate("ORG", "4.01", "Bagian Organisasi", "Bagian Organisasi", _SEC, SETDA,
                 "Biro Organisasi", works=(
                     W("Evaluasi Kelembagaan Perangkat Daerah", "Jumlah Dokumen Evaluasi Kelembagaan",
                       "dokumen", 1, 5),)),
    UnitTemplate("UMUM", "4.01", "Bagian Umum", "Bagian Umum", _SEC, SETDA, "Biro Umum", works=(
        W("Penyediaan Jasa Pelayanan Umum Kantor", "Jumlah Laporan Pelayanan Umum", "laporan", 12, 12),)),
    UnitTemplate("PROKOPIM", "4.01", "Bagian Protokol dan Komunikasi Pimpinan", "Prokopim", _SEC, SETDA,
                 "Biro Administrasi Pimpinan", works=(
                     W("Dokumentasi dan Publikasi Kegiatan Pimpinan", "Jumlah Publikasi Kegiatan "
                       "Pimpinan", "publikasi", 100, 600),)),
)
DISTRICT_TEMPLATE = UnitTemplate("KEC", "7.01", "Kecamatan", "Kec.", UnitKind.DISTRICT_OFFICE,
                                 asta_cita=("6", "7"), works=(
    W("Penyelenggaraan Pelayanan Administrasi Terpadu Kecamatan", "Jumlah Layanan PATEN", "layanan",
      500, 5000),
    W("Koordinasi Pemberdayaan Masyarakat Desa", "Jumlah Desa yang Dikoordinasikan", "desa", 5, 30),
    W("Penyelenggaraan Musrenbang Kecamatan", "Jumlah Musrenbang Kecamatan", "kegiatan", 1, 1),
    W("Fasilitasi Ketenteraman dan Ketertiban Umum", "Jumlah Kegiatan Trantibum", "kegiatan", 4, 12),
    W("Pembinaan dan Pengawasan Penyelenggaraan Pemerintahan Desa", "Jumlah Desa yang Dibina", "desa",
      3, 25)))

# A synthetic RPJMD (regional mid-term plan) with five missions, for each generated government;
# bidang urusan → mission (by code prefix, longest first).
RPJMD_NAME = "RPJMD 2025–2029 (sintetis)"
RPJMD_MISSIONS = (
    ("1", "Mewujudkan sumber daya manusia yang unggul, sehat, dan berdaya saing"),
    ("2", "Mewujudkan infrastruktur wilayah yang merata dan berkelanjutan"),
    ("3", "Mewujudkan perekonomian daerah yang tangguh berbasis potensi lokal"),
    ("4", "Mewujudkan tata kelola pemerintahan yang bersih, efektif, dan melayani"),
    ("5", "Mewujudkan masyarakat yang aman, harmonis, dan lestari lingkungannya"),
)
RPJMD_BY_BIDANG = {
    "1.01": "1", "1.02": "1", "1.06": "1", "2.07": "1", "2.08": "1", "2.19": "1", "2.23": "1",
    "1.03": "2", "1.04": "2", "2.15": "2", "2.16": "2",
    "2.09": "3", "2.13": "3", "2.17": "3", "2.18": "3", "3.25": "3", "3.26": "3", "3.27": "3",
    "3.30": "3",
    "1.05": "5", "2.11": "5", "8.01": "5",
}  # everything else (secretariats, planning, finance, inspectorate, kecamatan): mission 4
# The Asta Cita missions each synthetic RPJMD mission serves (Priority.serves), as the Kalteng
# rakor asks ("sinkronisasi antara program nasional ... Asta Cita dengan program prioritas"
# of the head of region): people (SDM, health, education) → 4; infrastructure → 3 (its
# "melanjutkan pengembangan infrastruktur") and 6 (from the villages, equal development); the
# local economy → 2 (food and energy self-sufficiency) and 5 (downstreaming); clean governance
# → 7; a safe, harmonious society in balance with nature → 8. Mission 1 (Pancasila, democracy,
# human rights) is left unserved on purpose: the dashboard shows it as the gap.
RPJMD_SERVES = {"1": ("4",), "2": ("3", "6"), "3": ("2", "5"), "4": ("7",), "5": ("8",)}

PROBLEMS = (
    "Keterlambatan proses lelang/tender",
    "Cuaca ekstrem menghambat pekerjaan fisik",
    "Revisi DPA belum disahkan",
    "Penyedia jasa belum menyelesaikan pekerjaan sesuai jadwal",
    "Akses ke lokasi kegiatan sulit (jalan rusak / musim hujan)",
    "Keterlambatan pencairan dana (SP2D)",
    "Pergantian PPTK/pejabat pengadaan",
    "Kenaikan harga material di atas HPS",
    "Lahan belum bebas / status lahan bermasalah",
    "Dokumen perencanaan teknis (DED) belum lengkap",
    "Menunggu petunjuk teknis dari kementerian",
    "Keterbatasan tenaga teknis pendamping",
)
RETURN_REASONS = (
    "Realisasi keuangan tidak sesuai dengan SP2D; mohon diperbaiki.",
    "Bukti dukung (foto/BAST) belum dilampirkan.",
    "Progres fisik tidak sesuai laporan konsultan pengawas.",
    "Kendala belum diisi padahal capaian di bawah target.",
)
SSK_MILESTONES = (
    "M1 Pembentukan Pokja Sanitasi dan penyiapan",
    "M2 Penyusunan Buku Putih Sanitasi",
    "M3 Penyusunan dokumen Strategi Sanitasi Kabupaten/Kota (SSK)",
    "M4 Penetapan SSK dan integrasi ke dalam RPJMD/Renja",
)
FUNDING = (  # (source, weight)
    (FundingSource.APBD, 80), (FundingSource.DAK, 8), (FundingSource.DBH, 4),
    (FundingSource.APBN, 3), (FundingSource.HIBAH, 2), (FundingSource.OTHER, 2), (FundingSource.CSR, 1),
)
# Realization status mix per kind of period: (status or None for "not entered", weight).
CLOSED_MIX = ((RealizationStatus.VERIFIED, 80), (RealizationStatus.SUBMITTED, 8),
              (RealizationStatus.RETURNED, 3), (RealizationStatus.DRAFT, 3), (None, 6))
OPEN_MIX = ((RealizationStatus.VERIFIED, 20), (RealizationStatus.SUBMITTED, 35),
            (RealizationStatus.RETURNED, 5), (RealizationStatus.DRAFT, 20), (None, 20))
MIN_BUDGET, MAX_BUDGET = 50_000_000, 5_000_000_000
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
UTC = dt.UTC
PAPUA_PROVINCES = ("91", "92", "93", "94", "95", "96")  # districts are called distrik there


# ============================================================================ helpers


def _out(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")
        flush = getattr(stdout, "flush", None)
        if flush:
            flush()


def _weighted(rng: random.Random, table: Sequence[tuple[Any, int]]) -> Any:
    total = sum(w for _v, w in table)
    pick = rng.random() * total
    for value, weight in table:
        pick -= weight
        if pick < 0:
            return value
    return table[-1][0]


def _money(value: float) -> Decimal:
    return Decimal(int(value))


def _pct(value: float) -> Decimal:
    return Decimal(f"{min(100.0, max(0.0, value)):.2f}")


def quarter_end(year: int, quarter: int) -> dt.date:
    month, day = QUARTER_END[quarter]
    return dt.date(year, month, day)


def period_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """(opens_on, deadline) of a synthetic reporting period: open from the first day of the
    quarter, due 15 days after its end."""
    opens_on = dt.date(year, 3 * quarter - 2, 1)
    return opens_on, quarter_end(year, quarter) + dt.timedelta(days=15)


def _at(day: dt.date, hour: int = 2, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)  # numbers; dates and times come as ISO strings (_Writer.dt/date)


def _randint(rng: random.Random, low: int, high: int) -> int:
    """Like rng.randint(low, high), in a third of the time (one random() call)."""
    return low + int(rng.random() * (high - low + 1))


class _Writer:
    """Batched inserts without the ORM's per-object overhead: COPY on PostgreSQL, executemany
    elsewhere. Ids for rows that others point at come from the table's own sequence."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.rows = 0
        self._dt_cache: dict[dt.datetime, Any] = {}

    def dt(self, value: dt.datetime | None) -> Any:
        """The value as the database takes it (cached: the same instants recur a lot)."""
        if value is None:
            return None
        cached = self._dt_cache.get(value)
        if cached is None:
            cached = self._dt_cache[value] = (
                value.isoformat() if self.postgres else connection.ops.adapt_datetimefield_value(value))
        return cached

    def date(self, value: dt.date | None) -> str | None:
        return None if value is None else value.isoformat()

    def ids(self, model: type[models.Model], count: int) -> list[int]:
        if count == 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                               "FROM generate_series(1, %s)", [table, count])
                return [row[0] for row in cursor.fetchall()]
            # SQLite: the transaction holds the database's write lock (IMMEDIATE).
            cursor.execute(f'SELECT MAX(id) FROM "{table}"')  # noqa: S608 - table name from the model
            start = (cursor.fetchone()[0] or 0) + 1
            # AUTOINCREMENT never reuses the id of a deleted last row: start above it too.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
        start = max(start, (row[0] if row else 0) + 1)
        return list(range(start, start + count))

    @staticmethod
    def _with_defaults(model: type[models.Model], fields: Sequence[str], rows: list[tuple]
                       ) -> tuple[Sequence[str], list[tuple]]:
        """Add the columns the generator does not know about (a field added to the model
        later) with their model default, so that a new NOT NULL field with a default does not
        break the raw insert."""
        given = {model._meta.get_field(f).attname for f in fields}
        extra_fields, extra_values = [], []
        for f in model._meta.concrete_fields:
            if f.primary_key or f.attname in given or not f.has_default():
                continue
            value = f.get_default()
            if value is None or isinstance(value, str | int | Decimal):  # bool is an int
                extra_fields.append(f.name)
                extra_values.append(value)
        if not extra_fields:
            return fields, rows
        tail = tuple(extra_values)
        return (*fields, *extra_fields), [row + tail for row in rows]

    def insert(self, model: type[models.Model], fields: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        meta = model._meta
        fields, rows = self._with_defaults(model, fields, rows)
        table = connection.ops.quote_name(meta.db_table)
        columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in fields)
        with connection.cursor() as cursor:
            if self.postgres:
                # COPY in text format, each row formatted here: several times faster than
                # psycopg's per-value adaptation (write_row).
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for start in range(0, len(rows), 10_000):
                        copy.write("".join(
                            "\t".join(map(_copy_text, row)) + "\n" for row in rows[start:start + 10_000]
                        ).encode())
            else:
                marks = ", ".join(["%s"] * len(fields))
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
                for start in range(0, len(rows), 20_000):
                    cursor.executemany(sql, rows[start:start + 20_000])
        self.rows += len(rows)


def ensure_nomenclature(actor: Actor, *, level_digits: Iterable[str] = ("1", "2")
                        ) -> tuple[dict[str, str], int]:
    """The nomenclature the generator uses, created where missing: for every bidang of the
    templates, the support programme 01 (sub kegiatan as in the sample extract) and the
    synthetic programme 90 with one sub kegiatan per technical work. Returns ({key: code},
    number created), key being f"{bidang}|{level}|{work name}" (f"…|support:{suffix}" for the
    support programme's items).
    Existing rows are left untouched; created ones are summarized in one audit event."""
    wanted: dict[str, tuple[str, str]] = {}  # code -> (level, name), parents before children

    def add(code: str, name: str) -> None:
        if code not in wanted:
            wanted[code] = (planning_rules.parse_code(code).level, name)

    codes: dict[str, str] = {}
    templates = (*TEMPLATES, DISTRICT_TEMPLATE)
    by_bidang: dict[str, list[Work]] = {}
    for template in templates:
        works = by_bidang.setdefault(template.bidang, [])
        works.extend(w for w in template.works if w.name not in {x.name for x in works})
    for bidang, works in by_bidang.items():
        urusan = bidang.split(".")[0]
        add(urusan, URUSAN[urusan])
        add(bidang, BIDANG[bidang])
        add(f"{bidang}.01", SUPPORT_PROGRAM)
        label = BIDANG[bidang].removeprefix("Urusan Pemerintahan Bidang ")
        add(f"{bidang}.{SYNTHETIC_PROGRAM}", f"Program Bidang {label} (nomenklatur sintetis)")
        for level in level_digits:
            for number, kegiatan in SUPPORT_KEGIATAN.items():
                add(f"{bidang}.01.{level}.{number}", kegiatan)
            for suffix, name, _work in SUPPORT:
                code = f"{bidang}.01.{level}.{suffix}"
                add(code, name)
                codes[f"{bidang}|{level}|support:{suffix}"] = code
            kegiatan_code = f"{bidang}.{SYNTHETIC_PROGRAM}.{level}.01"
            add(kegiatan_code, f"Kegiatan Teknis Bidang {label} (nomenklatur sintetis)")
            for number, work in enumerate(works, start=1):
                code = f"{kegiatan_code}.{number:04}"
                add(code, work.name)
                codes[f"{bidang}|{level}|{work.name}"] = code
    existing = set(NomenclatureItem.objects.filter(code__in=list(wanted)).values_list("code", flat=True))
    missing = [
        NomenclatureItem(code=code, level=level, name=name,
                         parent_id=planning_rules.parse_code(code).parent)
        for code, (level, name) in wanted.items() if code not in existing
    ]
    if missing:
        missing.sort(key=lambda item: (item.code.count("."), item.code))
        NomenclatureItem.objects.bulk_create(missing, batch_size=1000)
        record(actor, AuditAction.OTHER, missing[0], None,
               {"created": [m.code for m in missing][:1000], "synthetic": True},
               note=f"synthetic nomenclature: {len(missing)} created")
    return codes, len(missing)


# ============================================================================ per government


@dataclass
class _PlannedUnit:
    template: UnitTemplate
    code: str
    name: str
    region: Region | None  # the district of a district office
    unit: Unit | None = None  # existing
    id: int | None = None
    path: str = ""


@dataclass
class _Counts:
    units: int = 0
    units_created: int = 0
    activities: int = 0
    realizations: int = 0
    rows: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _governments_for(scale: str, province: str, government_code: str) -> list[Region]:
    if scale == "kabupaten":
        return [Region.objects.get(code=government_code)]
    if scale == "province":
        regions = Region.objects.filter(
            models.Q(code=province) | models.Q(parent_id=province, level=RegionLevel.REGENCY))
    elif scale == "national":
        regions = Region.objects.filter(level__in=[RegionLevel.PROVINCE, RegionLevel.REGENCY])
    else:
        raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")
    return list(regions.order_by("code"))


def _ensure_government(actor: Actor, region: Region) -> Government:
    gov = Government.objects.filter(region=region).select_related("region").first()
    if gov is None:
        gov = create_object(actor, Government(
            region=region, name=government_name(region.name, region.level),
            short_name=government_short_name(region.name, region.level)))
    return gov


class _GovernmentGenerator:
    def __init__(self, *, gov: Government, year: int, seed: int, quarters: int,
                 units_per_government: int, activities_per_unit: int, actor: Actor,
                 nomenclature: dict[str, str], asta_cita: dict[str, int], writer: _Writer) -> None:
        self.gov = gov
        self.region = gov.region
        self.is_province = gov.region.level == RegionLevel.PROVINCE
        self.level = "1" if self.is_province else "2"
        self.year = year
        self.quarters = quarters
        self.units_per_government = units_per_government
        self.activities_per_unit = activities_per_unit
        self.actor = actor
        self.nomenclature = nomenclature
        self.asta_cita = asta_cita
        self.writer = writer
        # Not for security: reproducible figures (a str seed hashes the same everywhere).
        self.rng = random.Random(f"sinergi-synthetic:{seed}:{gov.region_id}:{year}")  # noqa: S311
        self.counts = _Counts()
        self.created_at = _at(dt.date(year, 1, 2))
        self.rpjmd: dict[str, int] = {}
        self.rpjmd_created = 0

    def ensure_rpjmd(self) -> None:
        """The government's synthetic RPJMD framework and missions, created where missing."""
        framework, created = PriorityFramework.objects.get_or_create(
            government=self.gov, name=RPJMD_NAME, start_year=2025,
            defaults={"kind": FrameworkKind.REGIONAL, "end_year": 2029,
                      "description": "Data sintetis untuk demo dan benchmark (sinergi.demo.synthetic)."})
        existing = set(framework.priorities.values_list("number", flat=True))
        missing = [Priority(framework=framework, number=n, title=title, order=int(n))
                   for n, title in RPJMD_MISSIONS if n not in existing]
        Priority.objects.bulk_create(missing)
        self.rpjmd = dict(framework.priorities.values_list("number", "pk"))
        # Only the missions made now are linked: an existing one keeps what a user chose.
        asta_cita = _asta_cita_ids()
        links = [Priority.serves.through(from_priority_id=self.rpjmd[p.number], to_priority_id=asta_cita[n])
                 for p in missing for n in RPJMD_SERVES.get(p.number, ()) if n in asta_cita]
        Priority.serves.through.objects.bulk_create(links)
        self.rpjmd_created = len(missing) + int(created) + len(links)

    # ------------------------------------------------------------------ units

    def plan_units(self) -> list[_PlannedUnit]:
        districts = [] if self.is_province else list(
            Region.objects.filter(parent_id=self.region.code, level=RegionLevel.DISTRICT).order_by("code"))
        n_districts = min(len(districts), self.units_per_government // 2)
        n_agencies = max(0, self.units_per_government - n_districts)
        existing = list(Unit.objects.filter(government=self.gov))
        by_code = {u.code.upper(): u for u in existing}
        offices = {u.region_id: u for u in existing if u.kind == UnitKind.DISTRICT_OFFICE and u.region_id}
        planned: list[_PlannedUnit] = []
        for template in TEMPLATES[:n_agencies]:
            name = template.province_name if self.is_province and template.province_name else template.name
            unit = next((by_code[c] for c in (template.code, *template.aliases) if c in by_code), None)
            planned.append(_PlannedUnit(template, template.code, name, None, unit))
        prefix = "Distrik" if self.region.code.startswith(PAPUA_PROVINCES) else "Kecamatan"
        for district in districts[:n_districts]:
            code = f"KEC-{district.code.rsplit('.', 1)[-1]}"
            unit = offices.get(district.code)
            if unit is None and code in by_code:  # the code is taken by another unit
                code = f"KEC-{district.code}"
            planned.append(_PlannedUnit(DISTRICT_TEMPLATE, code, f"{prefix} {district.name}", district,
                                        unit))
        return planned

    def write_units(self, planned: list[_PlannedUnit]) -> None:
        new = [p for p in planned if p.unit is None]
        ids = iter(self.writer.ids(Unit, len(new)))
        by_code = {p.template.code: p for p in planned if p.template is not DISTRICT_TEMPLATE}
        for p in planned:
            if p.unit is not None:
                p.id, p.path = p.unit.pk, p.unit.path
        rows = []
        events = []
        content_type = ContentType.objects.get_for_model(Unit)
        for p in planned:  # parents come first in TEMPLATES
            if p.unit is not None:
                continue
            p.id = next(ids)
            parent = by_code.get(p.template.parent) if p.template.parent else None
            p.path = f"{parent.path}.{p.id}" if parent is not None and parent.path else str(p.id)
            parent_id = parent.id if parent is not None else None
            short = p.template.short_name if p.region is None else ""
            rows.append((p.id, self.writer.dt(self.created_at), self.writer.dt(self.created_at), 1,
                         self.gov.pk, parent_id, p.code, p.name, short, p.template.kind,
                         p.region.code if p.region else None, None, None, p.path))
            events.append(AuditEvent(
                actor=self.actor.user, actor_label=self.actor.label, action=AuditAction.CREATE,
                source=self.actor.source, content_type=content_type, object_id=str(p.id),
                object_repr=p.name[:300], before=None,
                after={"id": p.id, "version": 1, "government_id": self.gov.pk,
                       "parent_id": parent_id, "code": p.code, "name": p.name, "short_name": short,
                       "kind": p.template.kind, "region_id": p.region.code if p.region else None,
                       "active_from": None, "active_until": None, "path": p.path},
                note="synthetic"))
        self.writer.insert(Unit, ("id", "created_at", "updated_at", "version", "government", "parent",
                                  "code", "name", "short_name", "kind", "region", "active_from",
                                  "active_until", "path"), rows)
        AuditEvent.objects.bulk_create(events, batch_size=1000)
        self.counts.units_created = len(rows)
        self.counts.rows += len(rows)

    # ------------------------------------------------------------------ the plan

    def run(self, stdout) -> _Counts:
        started = time.perf_counter()
        planned = self.plan_units()
        self.ensure_rpjmd()
        self.write_units(planned)
        districts = ([] if self.is_province else list(
            Region.objects.filter(parent_id=self.region.code, level=RegionLevel.DISTRICT)
            .order_by("code").values_list("code", "name")))
        regencies = (list(Region.objects.filter(parent_id=self.region.code, level=RegionLevel.REGENCY)
                          .order_by("code").values_list("code", "name")) if self.is_province else [])
        places = districts or regencies
        activities, activity_extra = self.plan_activities(planned, places)
        self.write_plan(activities, activity_extra)
        self.write_periods_and_realizations(activities, activity_extra, planned)
        self.counts.units = len(planned)
        # The rows went in without the model signals: the stored rollups learn it here.
        rollup_store.touch([self.gov.pk])
        record(self.actor, AuditAction.OTHER, self.gov, None, {
            "synthetic": True, "generator": "sinergi.demo.synthetic", "year": self.year,
            "quarters": self.quarters, "units": self.counts.units,
            "units_created": self.counts.units_created, "activities": self.counts.activities,
            "realizations": self.counts.realizations, "rows": self.counts.rows,
            "rpjmd_rows_created": self.rpjmd_created,
        }, note=f"{SYNTHETIC_NOTE}: {self.year}, {self.counts.activities} activities")
        _out(stdout, f"{self.gov.region_id:<6} {self.gov.name}: {self.counts.units} units "
                     f"({self.counts.units_created} new), {self.counts.activities} activities, "
                     f"{self.counts.realizations} realizations, {time.perf_counter() - started:.2f} s")
        return self.counts

    def plan_activities(self, planned: list[_PlannedUnit], places: list[tuple[str, str]]):
        rng = self.rng
        activities: list[tuple] = []
        extra: list[dict] = []
        ids = iter(self.writer.ids(Activity, len(planned) * self.activities_per_unit))
        created = self.writer.dt(self.created_at)
        for p in planned:
            template = p.template
            # A unit's performance and reporting discipline, shared by its activities.
            perf = min(1.12, max(0.6, rng.gauss(1.0, 0.07)))
            diligent = rng.random() < 0.8
            n_support = min(len(SUPPORT), max(1, self.activities_per_unit // 4))
            choices: list[tuple[str, Work, bool]] = []
            for suffix, _name, work in SUPPORT[:n_support]:
                choices.append((f"{template.bidang}|{self.level}|support:{suffix}", work, True))
            works = template.works or (SUPPORT[0][2],)
            index = 0
            while len(choices) < self.activities_per_unit:
                work = works[index % len(works)]
                choices.append((f"{template.bidang}|{self.level}|{work.name}", work, False))
                index += 1
            for key, work, support in choices[:self.activities_per_unit]:
                code = self.nomenclature[key]
                location = self.region.code
                name = ""
                if p.region is not None:
                    location = p.region.code
                elif work.spatial and places and not support:
                    place_code, place_name = places[rng.randrange(len(places))]
                    location = place_code
                    name = f"{work.name} di {place_name if self.is_province else 'Kecamatan ' + place_name}"
                budget = int(math.exp(rng.uniform(math.log(MIN_BUDGET), math.log(MAX_BUDGET))) / 1000) * 1000
                funding = FundingSource.APBD if support else _weighted(rng, FUNDING)
                numbers = list(template.asta_cita[:1])
                if len(template.asta_cita) > 1 and rng.random() < 0.4:
                    numbers.append(template.asta_cita[1])
                priorities = [self.asta_cita[n] for n in numbers if n in self.asta_cita]
                if not support and rng.random() < 0.7:
                    mission = RPJMD_BY_BIDANG.get(template.bidang, "4")
                    if mission in self.rpjmd:
                        priorities.append(self.rpjmd[mission])
                activity_id = next(ids)
                activities.append((activity_id, created, created, 1, self.gov.pk, p.id, self.year, code,
                                   name, location, Decimal(budget), funding))
                extra.append({"id": activity_id, "budget": budget, "work": work, "perf": perf,
                              "diligent": diligent, "priorities": priorities, "support": support})
        return activities, extra

    def write_plan(self, activities: list[tuple], extra: list[dict]) -> None:
        rng = self.rng
        w = self.writer
        created = w.dt(self.created_at)
        w.insert(Activity, ("id", "created_at", "updated_at", "version", "government", "unit", "year",
                            "nomenclature", "name", "location", "budget", "funding_source"), activities)
        links, indicators, targets, milestones = [], [], [], []
        for info in extra:
            activity_id, budget, work = info["id"], info["budget"], info["work"]
            links.extend((activity_id, priority_id) for priority_id in info["priorities"])
            annual = _randint(rng, work.low, work.high)
            info["annual"] = annual
            indicators.append((created, created, 1, activity_id, work.indicator, work.measure,
                               Decimal(annual)))
            # Plans are back-loaded (tenders in Q1–Q2), and TW III is where the year is judged.
            # Some small activities (documents, events) are planned to be done by TW III.
            if rng.random() < 0.15:
                physical = [rng.uniform(20, 45), rng.uniform(60, 90), 100.0, 100.0]
            else:
                physical = [rng.uniform(8, 30), rng.uniform(35, 62), rng.uniform(65, 92),
                            100.0 if rng.random() < 0.85 else rng.uniform(93, 99.99)]
            final = int(budget * rng.uniform(0.95, 1.0) / 1000) * 1000
            shares = [rng.uniform(0.05, 0.2), rng.uniform(0.3, 0.5), rng.uniform(0.55, 0.8), 1.0]
            info["targets"] = []
            for quarter in (1, 2, 3, 4):
                p_target = _pct(physical[quarter - 1])
                f_target = _money(final * shares[quarter - 1])
                info["targets"].append((p_target, f_target))
                targets.append((created, created, 1, activity_id, quarter, p_target, f_target))
            if work.milestones and rng.random() < 0.5:
                for order, name in enumerate(SSK_MILESTONES, start=1):
                    planned = quarter_end(self.year, order)
                    milestones.append([created, created, 1, activity_id, order, name, planned, None, ""])
        w.insert(Activity.priorities.through, ("activity", "priority"), links)
        w.insert(Indicator, ("created_at", "updated_at", "version", "activity", "name", "measure_unit",
                             "annual_target"), indicators)
        w.insert(QuarterTarget, ("created_at", "updated_at", "version", "activity", "quarter",
                                 "physical", "financial"), targets)
        self.milestones = milestones
        self.counts.activities = len(activities)
        self.counts.rows += (len(activities) + len(links) + len(indicators) + len(targets)
                             + self.rpjmd_created)

    # ------------------------------------------------------------------ realization

    def write_periods_and_realizations(self, activities, extra, planned) -> None:
        rng = self.rng
        w = self.writer
        last = self.quarters
        periods = []
        existing = {q: (o, d) for q, o, d in ReportingPeriod.objects.filter(
            government=self.gov, year=self.year).values_list("quarter", "opens_on", "deadline")}
        deadlines = {}
        for quarter in range(1, last + 1):
            if quarter in existing:  # keep the period a coordinator already opened
                deadlines[quarter] = existing[quarter]
                continue
            opens_on, deadline = period_dates(self.year, quarter)
            deadlines[quarter] = (opens_on, deadline)
            closed = quarter < last
            closed_at = _at(deadline + dt.timedelta(days=14), 3) if closed else None
            periods.append((w.dt(self.created_at), w.dt(closed_at or _at(opens_on)), 1, self.gov.pk,
                            self.year, quarter, w.date(opens_on), w.date(deadline),
                            PeriodStatus.CLOSED if closed else PeriodStatus.OPEN, w.dt(closed_at)))
        w.insert(ReportingPeriod, ("created_at", "updated_at", "version", "government", "year", "quarter",
                                   "opens_on", "deadline", "status", "closed_at"), periods)
        rows = []
        for info in extra:
            kind = rng.random()
            if kind < 0.03:
                profile = "spent_no_progress"
            elif kind < 0.07:
                profile = "stalled"
            else:
                profile = "normal"
            ratio = min(1.15, max(0.35, info["perf"] + rng.gauss(0, 0.09)))
            info["profile"], info["ratio"] = profile, ratio
            budget = info["budget"]
            prev_p, prev_f = Decimal(0), Decimal(0)
            problems_text = ""
            if profile != "normal" or ratio < 0.91:
                problems_text = "; ".join(rng.sample(PROBLEMS, rng.choice((1, 1, 2))))
            for quarter in range(1, last + 1):
                p_target, f_target = info["targets"][quarter - 1]
                open_period = quarter == last
                if open_period and quarter > 1:
                    # The open quarter is still running: part of the way from the last plan.
                    p_prev, f_prev = info["targets"][quarter - 2]
                    part = Decimal(f"{rng.uniform(0.5, 1.0):.3f}")
                    p_target = p_prev + (p_target - p_prev) * part
                    f_target = f_prev + (f_target - f_prev) * part
                if profile == "spent_no_progress":
                    phys = float(p_target) * rng.uniform(0.0, 0.1)
                    fin = float(f_target) * rng.uniform(0.9, 1.05)
                elif profile == "stalled":
                    phys = float(p_target) * rng.uniform(0.05, 0.35)
                    fin = float(f_target) * rng.uniform(0.05, 0.35)
                else:
                    q_ratio = ratio * (1 + rng.gauss(0, 0.03))
                    phys = float(p_target) * q_ratio
                    fin = float(f_target) * q_ratio * min(1.05, max(0.7, rng.gauss(0.97, 0.06)))
                physical = max(prev_p, _pct(phys))
                financial = max(prev_f, _money(min(fin, budget)))
                prev_p, prev_f = physical, financial
                mix = OPEN_MIX if open_period else CLOSED_MIX
                status = _weighted(rng, mix)
                if status in (None, RealizationStatus.DRAFT) and info["diligent"] and rng.random() < 0.5:
                    status = RealizationStatus.VERIFIED if not open_period else RealizationStatus.SUBMITTED
                elif not info["diligent"] and rng.random() < 0.15:
                    status = None
                if status is None:
                    continue
                opens_on, deadline = deadlines[quarter]
                end = min(quarter_end(self.year, quarter), deadline)
                submitted_at = verified_at = None
                late = False
                return_reason = ""
                if open_period:
                    created = _at(opens_on + dt.timedelta(days=_randint(rng, 20, 45)), _randint(rng, 1, 9))
                else:
                    created = _at(end - dt.timedelta(days=_randint(rng, 0, 10)), _randint(rng, 1, 9))
                if status != RealizationStatus.DRAFT:
                    late_chance = 0.1 if info["diligent"] else 0.35
                    if not open_period and rng.random() < late_chance:
                        submitted_day = deadline + dt.timedelta(days=_randint(rng, 1, 12))
                    elif open_period:
                        submitted_day = created.date() + dt.timedelta(days=_randint(rng, 0, 3))
                    else:
                        submitted_day = deadline - dt.timedelta(days=_randint(rng, 0, 14))
                    submitted_at = _at(max(submitted_day, created.date()), _randint(rng, 1, 9),
                                       _randint(rng, 0, 59))
                    late = submitted_at.date() > deadline
                    if status == RealizationStatus.VERIFIED:
                        verified_at = submitted_at + dt.timedelta(days=_randint(rng, 1, 7),
                                                                  hours=_randint(rng, 0, 6))
                    if status == RealizationStatus.RETURNED:
                        return_reason = rng.choice(RETURN_REASONS)
                updated = verified_at or submitted_at or created
                achieved = float(physical) / float(p_target) if p_target else 1.0
                kendala = problems_text if (problems_text and achieved < 0.91) else ""
                rows.append((w.dt(created), w.dt(updated), 1, info["id"], quarter, physical, financial,
                             False, kendala, status, return_reason, None, w.dt(submitted_at), late, None,
                             w.dt(verified_at)))
            info["last_physical"] = prev_p
        w.insert(Realization, ("created_at", "updated_at", "version", "activity", "quarter", "physical",
                               "financial", "over_budget_confirmed", "problems", "status",
                               "return_reason", "submitted_by", "submitted_at", "submitted_late",
                               "verified_by", "verified_at"), rows)
        by_id = {info["id"]: info for info in extra}
        outputs = self._outputs(by_id)
        # Milestones reached as far as the activity's physical progress goes.
        milestone_rows = []
        for row in self.milestones:
            info = by_id[row[3]]
            order = row[4]
            reached = float(info.get("last_physical", 0)) >= 25 * order and order <= last
            achieved = row[6] - dt.timedelta(days=_randint(rng, 0, 20)) if reached else None
            evidence = "Berita acara / dokumen tahapan (data sintetis)" if reached else ""
            milestone_rows.append((row[0], row[1], 1, row[3], order, row[5], w.date(row[6]),
                                   w.date(achieved), evidence))
        w.insert(Milestone, ("created_at", "updated_at", "version", "activity", "order", "name",
                             "planned_date", "achieved_date", "evidence"), milestone_rows)
        self.counts.realizations = len(rows)
        self.counts.rows += len(periods) + len(rows) + outputs + len(milestone_rows)

    def _outputs(self, by_id: dict[int, dict]) -> int:
        """The output realized with each realization: the indicator's annual target in
        proportion to the physical progress, in whole units (so it never decreases), without
        which every K (kinerja) achievement of the evaluation form would be 0."""
        indicators = dict(Indicator.objects.filter(activity_id__in=list(by_id))
                          .values_list("activity_id", "pk"))
        stamp = self.writer.dt(self.created_at)
        rows = [
            (stamp, stamp, 1, realization_id, indicators[activity_id],
             (by_id[activity_id]["annual"] * physical / 100).to_integral_value(ROUND_DOWN))
            for realization_id, activity_id, physical in Realization.objects.filter(
                activity_id__in=list(indicators)).values_list("pk", "activity_id", "physical")
        ]
        self.writer.insert(RealizationOutput, ("created_at", "updated_at", "version", "realization",
                                               "indicator", "value"), rows)
        return len(rows)


def _asta_cita_ids() -> dict[str, int]:
    return dict(Priority.objects.filter(
        framework__name=ASTA_CITA["name"], framework__start_year=ASTA_CITA["start_year"],
        framework__government__isnull=True).values_list("number", "pk"))


# ============================================================================ entry point


def generate(*, scale: str = "kabupaten", year: int = 2025, seed: int = 1, quarters: int = 4,
             province: str = "64", government_code: str = "64.08",
             units_per_government: int = 40, activities_per_unit: int = 30,
             governments: Iterable[Government] | None = None, stdout=None,
             actor: Actor | None = None) -> GenerationSummary:
    """Write deterministic synthetic plans and realization (see the module docstring).

    `governments` overrides `scale`. `stdout` (a text stream) receives one progress line per
    government; None is quiet. `actor` is recorded in the audit events (default: the system,
    source "cli")."""
    if scale not in SCALES and governments is None:
        raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")
    if not 1 <= quarters <= 4:
        raise ValueError("quarters must be between 1 and 4")
    if units_per_government < 1 or activities_per_unit < 1:
        raise ValueError("units_per_government and activities_per_unit must be at least 1")
    actor = actor or Actor.system(AuditSource.CLI)
    started = time.perf_counter()
    if not Region.objects.exists():
        raise RuntimeError("The region registry is empty: run `sinergi load_regions` first.")
    with transaction.atomic():
        nomenclature, nomenclature_created = ensure_nomenclature(actor)
    asta_cita = _asta_cita_ids()
    if governments is None:
        targets = [("region", region) for region in _governments_for(scale, province, government_code)]
    else:
        targets = [("government", gov) for gov in governments]
    writer = _Writer()
    if writer.postgres:
        # Bulk loading: do not wait for each government's commit to reach the disk (a crash
        # can lose the last commits, never corrupt them). Restored at the end.
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
    try:
        summary = _generate_all(targets, writer, year=year, seed=seed, quarters=quarters,
                                units_per_government=units_per_government,
                                activities_per_unit=activities_per_unit, actor=actor,
                                nomenclature=nomenclature, nomenclature_created=nomenclature_created,
                                asta_cita=asta_cita, stdout=stdout, started=started)
        if writer.postgres and summary.governments:
            # After a bulk load the planner needs statistics of the new rows at once, not when
            # autovacuum comes by (without them the dashboard's aggregates plan 2-3x slower).
            with connection.cursor() as cursor:
                for model in (Activity, QuarterTarget, Realization, RealizationOutput, Indicator,
                              Activity.priorities.through, Unit):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return summary
    finally:
        if writer.postgres:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("RESET synchronous_commit")
            except DatabaseError:  # the transaction failed: its error is the one to see
                pass


def _generate_all(targets, writer: _Writer, *, year: int, seed: int, quarters: int,
                  units_per_government: int, activities_per_unit: int, actor: Actor,
                  nomenclature: dict[str, str], nomenclature_created: int, asta_cita: dict[str, int],
                  stdout, started: float) -> GenerationSummary:
    done = skipped = units = units_created = activities = realizations = 0
    for kind, target in targets:
        with transaction.atomic():
            if kind == "region":
                gov = _ensure_government(actor, target)
            else:
                gov = Government.objects.select_related("region").get(pk=target.pk)
            if Activity.objects.filter(government=gov, year=year).exists():
                skipped += 1
                _out(stdout, f"{gov.region_id:<6} {gov.name}: already has activities for {year}, skipped")
                continue
            counts = _GovernmentGenerator(
                gov=gov, year=year, seed=seed, quarters=quarters,
                units_per_government=units_per_government, activities_per_unit=activities_per_unit,
                actor=actor, nomenclature=nomenclature, asta_cita=asta_cita, writer=writer,
            ).run(stdout)
        done += 1
        units += counts.units
        units_created += counts.units_created
        activities += counts.activities
        realizations += counts.realizations
    seconds = time.perf_counter() - started
    summary = GenerationSummary(governments=done, units=units, activities=activities,
                                realizations=realizations, seconds=seconds, skipped=skipped,
                                units_created=units_created, rows=writer.rows,
                                nomenclature_created=nomenclature_created)
    _out(stdout, f"{done} governments ({skipped} skipped), {units} units, {activities} activities, "
                 f"{realizations} realizations; {writer.rows} rows in {seconds:.1f} s "
                 f"({summary.rows_per_second:,.0f} rows/s)")
    return summary


# ============================================================================ follow-ups and people


FOLLOW_UP_MEETING_TITLE = "Rapat Koordinasi Tindak Lanjut (sintetis)"
FOLLOW_UP_ACTIONS = (
    "Menyampaikan data capaian kinerja triwulan kepada Bappeda",
    "Memperbarui data penduduk miskin ekstrem per desa",
    "Menyusun rencana aksi percepatan penurunan stunting",
    "Melengkapi bukti dukung realisasi fisik kegiatan",
    "Menyampaikan laporan penyerapan anggaran kepada BPKAD",
    "Memverifikasi data aset tanah dan bangunan",
    "Menyiapkan bahan rapat evaluasi pembangunan daerah",
    "Menindaklanjuti rekomendasi hasil pemeriksaan Inspektorat",
    "Mengusulkan lokasi prioritas pembangunan jalan desa",
    "Menyampaikan dokumen perubahan Renja Perangkat Daerah",
    "Mengisi aplikasi pelaporan SPM",
    "Menyusun profil risiko perangkat daerah",
)


@dataclass(frozen=True)
class FollowUpSummary:
    governments: int  # governments given a synthetic rakor (skipped ones not counted)
    skipped: int  # governments that had it already
    units: int  # units of those governments (responsible units and the people's units)
    actions: int
    lines: int
    lines_due: int  # active lines of active actions due within REMINDER_DAYS or overdue on `today`
    users: int
    seconds: float


def generate_follow_ups(*, scale: str = "national", province: str = "64", government_code: str = "64.08",
                        governments: Iterable[Government] | None = None, today: dt.date | None = None,
                        seed: int = 1, units_per_government: int = 20, actions_per_government: int = 8,
                        stdout=None, actor: Actor | None = None) -> FollowUpSummary:
    """SYNTHETIC follow-up work and people, for the reminder benchmarks: for each government of
    `scale` (created if missing, with up to `units_per_government` units as `generate` makes them,
    reusing existing ones) one closed rakor (FOLLOW_UP_MEETING_TITLE) organized by the Sekretariat
    Daerah, `actions_per_government` follow-up actions each given to 4-12 of the units (one
    FollowUpLine per unit), and the units' people: most units one head and one or two operators
    (some with an email address, some with a WhatsApp number, some with both, some with neither;
    one unit in twenty with nobody).

    Around `today` (default: today): about a third of the actions overdue, a quarter due within
    meetings.tasks.REMINDER_DAYS, the rest later; a line has its own due date now and then
    (an extension); lines are not started, in progress, reported (awaiting assessment) or
    closed (compliant), and one action in twenty is cancelled. No line is due on `today` or on
    `today + REMINDER_DAYS + 1`: the reminders of `today` and of the next day find the same
    lines, each of the same kind (due soon / overdue).

    Deterministic per (seed, government). A government that has the meeting already is skipped.
    Rows are written with bulk_create (no per-row audit); ONE audit event (action "other") on
    the first new meeting says what was generated and that it is synthetic."""
    from sinergi.accounts.models import User
    from sinergi.core.roles import Role
    from sinergi.meetings.choices import FollowUpStatus, LineStatus, MeetingKind, MeetingStatus
    from sinergi.meetings.models import FollowUp, FollowUpLine, Meeting, new_checkin_key
    from sinergi.meetings.tasks import REMINDER_DAYS

    actor = actor or Actor.system(AuditSource.CLI)
    today = today or dt.date.today()
    started = time.perf_counter()
    if not Region.objects.exists():
        raise RuntimeError("The region registry is empty: run `sinergi load_regions` first.")
    if governments is None:
        targets = [("region", region) for region in _governments_for(scale, province, government_code)]
    else:
        targets = [("government", gov) for gov in governments]
    zones = dict(Region.objects.filter(level=RegionLevel.PROVINCE).values_list("code", "timezone"))
    done_before = set(Meeting.objects.filter(title=FOLLOW_UP_MEETING_TITLE)
                      .values_list("government_id", flat=True))
    writer = _Writer()
    # 1. Governments and their units, one transaction each (as `generate`).
    plans: list[tuple[Government, list[_PlannedUnit]]] = []
    skipped = 0
    for kind, target in targets:
        with transaction.atomic():
            gov = (_ensure_government(actor, target) if kind == "region"
                   else Government.objects.select_related("region").get(pk=target.pk))
            if gov.pk in done_before:
                skipped += 1
                continue
            maker = _GovernmentGenerator(
                gov=gov, year=today.year, seed=seed, quarters=1, units_per_government=units_per_government,
                activities_per_unit=1, actor=actor, nomenclature={}, asta_cita={}, writer=writer)
            planned = maker.plan_units()
            maker.write_units(planned)
            plans.append((gov, planned))
    # 2. The meetings, actions, lines and people of every government at once.
    soon_days = list(range(1, REMINDER_DAYS + 1))
    meetings: list[Meeting] = []
    actions: list[tuple[int, FollowUp, list[int]]] = []  # (plan index, action, responsible unit ids)
    lines: list[tuple[int, FollowUpLine]] = []  # (action index, line)
    users: list[User] = []
    user_units: list[int] = []
    lines_due = 0
    password = "!synthetic"  # noqa: S105 - unusable: nobody signs in as a synthetic user
    for index, (gov, planned) in enumerate(plans):
        rng = random.Random(f"sinergi-synthetic-followups:{seed}:{gov.region_id}")  # noqa: S311
        zone = zones.get(gov.region_id.split(".")[0]) or "Asia/Jakarta"
        held = today - dt.timedelta(days=30 + _randint(rng, 0, 30))
        local = ZoneInfo(zone)
        organizer = next((p for p in planned if p.template.code == SETDA), planned[0])
        meetings.append(Meeting(
            government=gov, organizer_id=organizer.id, kind=MeetingKind.COORDINATION,
            title=FOLLOW_UP_MEETING_TITLE, description="Data sintetis (sinergi.demo.synthetic).",
            starts_at=dt.datetime.combine(held, dt.time(9), local),
            ends_at=dt.datetime.combine(held, dt.time(12), local), time_zone=zone,
            venue="Ruang Rapat Sekretariat Daerah", status=MeetingStatus.CLOSED,
            opened_at=dt.datetime.combine(held, dt.time(9), local),
            closed_at=dt.datetime.combine(held, dt.time(12), local), checkin_key=new_checkin_key()))
        unit_ids = [p.id for p in planned]
        for number in range(actions_per_government):
            pick = rng.random()
            if pick < 0.35:
                due = today - dt.timedelta(days=_randint(rng, 1, 60))
            elif pick < 0.60:
                due = today + dt.timedelta(days=rng.choice(soon_days))
            else:
                due = today + dt.timedelta(days=_randint(rng, REMINDER_DAYS + 2, 120))
            cancelled = rng.random() < 0.05
            chosen = rng.sample(unit_ids, min(len(unit_ids), _randint(rng, 4, 12)))
            statuses = []
            for unit_id in chosen:
                line_due = due
                if rng.random() < 0.1:  # an extension for this unit
                    line_due = due + dt.timedelta(days=rng.choice((14, 21, 30)))
                    if line_due in (today, today + dt.timedelta(days=REMINDER_DAYS + 1)):
                        line_due += dt.timedelta(days=1)
                status = _weighted(rng, ((LineStatus.NOT_STARTED, 50), (LineStatus.IN_PROGRESS, 25),
                                         (LineStatus.SUBMITTED, 5), (LineStatus.COMPLIANT, 20)))
                statuses.append(status)
                progress = {LineStatus.NOT_STARTED: 0, LineStatus.IN_PROGRESS: _randint(rng, 10, 80)}.get(
                    status, 100)
                closed = status == LineStatus.COMPLIANT
                reported = held + dt.timedelta(days=_randint(rng, 3, 25)) if status in (
                    LineStatus.SUBMITTED, LineStatus.COMPLIANT) else None
                lines.append((len(actions), FollowUpLine(
                    unit_id=unit_id, due_date=line_due, status=status, progress=progress,
                    claim=LineStatus.COMPLIANT if status == LineStatus.SUBMITTED else "",
                    reported_on=reported, assessed_on=reported if closed else None)))
                active = status in (LineStatus.NOT_STARTED, LineStatus.IN_PROGRESS)
                horizon = today + dt.timedelta(days=REMINDER_DAYS)
                lines_due += not cancelled and active and line_due <= horizon
            if cancelled:
                status = FollowUpStatus.CANCELLED
            elif all(s == LineStatus.COMPLIANT for s in statuses):
                status = FollowUpStatus.DONE
            elif any(s != LineStatus.NOT_STARTED for s in statuses):
                status = FollowUpStatus.IN_PROGRESS
            else:
                status = FollowUpStatus.OPEN
            progress = sum({LineStatus.NOT_STARTED: 0, LineStatus.IN_PROGRESS: 50}.get(s, 100)
                           for s in statuses) // len(statuses)
            text = FOLLOW_UP_ACTIONS[(number + index) % len(FOLLOW_UP_ACTIONS)]
            actions.append((index, FollowUp(
                government=gov, description=f"{text} (sintetis)", due_date=due, status=status,
                progress=progress, cancel_reason="Digabung dengan tindak lanjut lain." if cancelled else "",
                completed_on=today - dt.timedelta(days=1) if status == FollowUpStatus.DONE else None),
                chosen))
        for p in planned:
            if rng.random() < 0.05:
                continue  # nobody works in this unit (yet)
            roles = [Role.UNIT_HEAD, Role.UNIT_OPERATOR]
            if rng.random() < 0.5:
                roles.append(Role.UNIT_OPERATOR)
            for n, role in enumerate(roles):
                contact = _weighted(rng, (("email", 45), ("whatsapp", 20), ("both", 15), ("none", 20)))
                name = f"syn{p.id}-{n}"
                users.append(User(
                    username=name, password=password, role=role,
                    first_name="Kepala" if role == Role.UNIT_HEAD else "Operator", last_name=p.name[:150],
                    email=f"{name}@sintetis.example" if contact in ("email", "both") else "",
                    whatsapp=f"628{p.id % 10**8:08d}{n:02d}" if contact in ("whatsapp", "both") else ""))
                user_units.append(p.id)
        if planned:  # the government's coordinator, to whom the weekly digest goes
            name = f"syn-koordinator-{gov.pk}"
            users.append(User(
                username=name, password=password, role=Role.COORDINATOR, first_name="Koordinator",
                last_name=gov.name[:150], email=f"{name}@sintetis.example"))
            user_units.append(planned[0].id)
    with transaction.atomic():
        Meeting.objects.bulk_create(meetings, batch_size=1000)
        for (index, action, _units) in actions:
            action.meeting = meetings[index]
        FollowUp.objects.bulk_create([a for _i, a, _u in actions], batch_size=2000)
        FollowUp.responsible_units.through.objects.bulk_create(
            [FollowUp.responsible_units.through(followup_id=action.pk, unit_id=unit_id)
             for _i, action, chosen in actions for unit_id in chosen], batch_size=5000)
        for action_index, line in lines:
            line.follow_up_id = actions[action_index][1].pk
        FollowUpLine.objects.bulk_create([line for _a, line in lines], batch_size=5000)
        User.objects.bulk_create(users, batch_size=5000)
        User.scope_units.through.objects.bulk_create(
            [User.scope_units.through(user_id=user.pk, unit_id=unit_id) for user, unit_id in zip(
                users, user_units, strict=True)], batch_size=5000)
        if meetings:
            record(actor, AuditAction.OTHER, meetings[0], None, {
                "synthetic": True, "generator": "sinergi.demo.synthetic.generate_follow_ups",
                "governments": len(plans), "actions": len(actions), "lines": len(lines),
                "users": len(users), "today": today.isoformat(),
            }, note="Synthetic follow-up actions and users (sinergi.demo.synthetic), not real data")
    if writer.postgres and plans:
        with connection.cursor() as cursor:
            for model in (Meeting, FollowUp, FollowUpLine, User, User.scope_units.through, Unit):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    summary = FollowUpSummary(
        governments=len(plans), skipped=skipped, units=sum(len(p) for _g, p in plans), actions=len(actions),
        lines=len(lines), lines_due=lines_due, users=len(users), seconds=time.perf_counter() - started)
    _out(stdout, f"follow-ups: {summary.governments} governments ({skipped} skipped), {summary.units} units, "
                 f"{summary.actions} actions, {summary.lines} lines ({summary.lines_due} due or overdue), "
                 f"{summary.users} users in {summary.seconds:.1f} s")
    return summary
