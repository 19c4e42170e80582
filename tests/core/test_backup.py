"""`sinergi backup` and `sinergi restore` (sinergi.core.backup), on the database the suite runs on.

A restore replaces a whole database, so the round trips run the real commands in subprocesses,
each installation with its own data folder (MEDIA_ROOT = SINERGI_DATA_DIR/media) and database: a
SQLite file in that folder, or a scratch PostgreSQL database made and dropped here. One migrated
installation ("empty") and one holding data ("world": the regions, build_world, a meeting and its
material uploaded through the pages, an unreferenced file) are made once per module and copied
for each test. The refusals that happen before anything is touched (damaged, foreign, other
vendor, non-empty) also run in-process against the test database."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from sinergi.core import backup
from sinergi.core.models import AuditEvent

REPO = Path(__file__).resolve().parents[2]
VENDOR = "postgresql" if "postgresql" in django_settings.DATABASES["default"]["ENGINE"] else "sqlite"
OTHER_VENDOR = "sqlite" if VENDOR == "postgresql" else "postgresql"
MEETING_TITLE = "Rakor Camat Triwulan IV"
MATERIAL = b"%PDF-1.4 paparan rakor camat\n" + bytes(range(256)) * 40

BUILD_WORLD = textwrap.dedent(
    f"""
    import django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from sinergi.core.roles import Role
    from sinergi.meetings.models import Meeting
    from tests import factories

    call_command("load_regions", verbosity=0)
    world = factories.build_world()
    client = Client()
    client.force_login(world.users[Role.UNIT_OPERATOR])
    response = client.post(reverse("meetings:meeting_add"), {{
        "organizer": world.tapem.pk, "kind": "rapat_koordinasi", "title": {MEETING_TITLE!r},
        "day": "2024-12-10", "start": "09:00", "end": "12:00", "venue": "Ruang Meranti"}})
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    response = client.post(reverse("meetings:material_add", args=[meeting.pk]), {{
        "title": "Paparan TW IV", "file": SimpleUploadedFile("paparan camat.pdf", {MATERIAL!r})}})
    assert response.status_code == 302, response.content.decode()[:2000]
    """
)

# What an installation holds, read with Django's own introspection (not the module under test),
# then whether it serves the meeting page and the material. Counts come first: signing in writes
# a session.
PROBE = textwrap.dedent(
    """
    TITLE = "Rakor Camat Triwulan IV"  # MEETING_TITLE
    import hashlib, json, django
    django.setup()
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder
    from django.test import Client
    from django.urls import reverse
    from sinergi.accounts.models import User
    from sinergi.core.models import AuditEvent
    from sinergi.meetings.models import Material, Meeting

    out = {}
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(table))
            counts[table] = cursor.fetchone()[0]
    out["counts"] = counts
    out["migrations"] = [list(m) for m in MigrationRecorder.Migration.objects.order_by("id").values_list(
        "app", "name", "applied")]
    out["audit"] = list(AuditEvent.objects.order_by("id").values())
    meeting = Meeting.objects.get(title=TITLE)
    material = Material.objects.get(meeting=meeting)
    client = Client()
    client.force_login(User.objects.get(username="operator"))
    page = client.get(meeting.get_absolute_url())
    out["page"] = [page.status_code, TITLE in page.content.decode(), "Paparan TW IV" in
                   page.content.decode()]
    download = client.get(reverse("meetings:material_download", args=[meeting.pk, material.pk]))
    out["download"] = [download.status_code, hashlib.sha256(b"".join(download.streaming_content)).hexdigest()]
    print(json.dumps(out, default=str))
    """
)

COUNT_ROWS = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.db import connection
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(table))
            counts[table] = cursor.fetchone()[0]
    print(json.dumps(counts))
    """
)


# ------------------------------------------------------------------------------- installations


def server_url(database: str) -> str:
    base = django_settings.DATABASES["default"]
    return (f"postgres://{base['USER']}:{base['PASSWORD']}@{base['HOST'] or '127.0.0.1'}:"
            f"{base['PORT'] or 5432}/{database}")


def pg_admin(sql: str) -> None:
    import psycopg

    base = django_settings.DATABASES["default"]
    with psycopg.connect(dbname="postgres", user=base["USER"], password=base["PASSWORD"],
                         host=base["HOST"] or "127.0.0.1", port=base["PORT"] or 5432,
                         autocommit=True) as admin:
        admin.execute(sql)


@dataclass
class Installation:
    """A data folder (MEDIA_ROOT is its media/) and a database: a SQLite file in the folder, or
    the PostgreSQL database `pg_name`."""

    data_dir: Path
    pg_name: str | None = None

    @property
    def media(self) -> Path:
        return self.data_dir / "media"

    @property
    def sqlite_file(self) -> Path:
        return self.data_dir / "sinergi.sqlite3"

    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PG", "DATABASE_URL"))}
        env.update({
            "DJANGO_SETTINGS_MODULE": "sinergi.settings",
            "SINERGI_ENV": "development",
            "SINERGI_DATA_DIR": str(self.data_dir),
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
            "DATABASE_URL": server_url(self.pg_name) if self.pg_name else f"sqlite:///{self.sqlite_file}",
        })
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [sys.executable, *args], env=self.env(), cwd=REPO, capture_output=True, text=True,
            timeout=300, check=False,
        )

    def sinergi(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("-m", "sinergi.cli", *args)

    def python(self, code: str):
        result = self.run("-c", code)
        assert result.returncode == 0, result.stderr[-4000:]
        last = result.stdout.strip().rpartition("\n")[2]
        return json.loads(last) if last.startswith(("{", "[")) else None

    def files(self) -> dict[str, str]:
        """SHA-256 of every file under MEDIA_ROOT, by path."""
        if not self.media.exists():
            return {}
        return {
            path.relative_to(self.media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.media.rglob("*")) if path.is_file()
        }


class Installations:
    """Makes installations under one folder and drops their PostgreSQL databases at the end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.databases: list[str] = []

    def blank(self, name: str) -> Installation:
        """A data folder and a database without any table (a new machine)."""
        data_dir = self.root / f"{name}-{uuid.uuid4().hex[:6]}"
        data_dir.mkdir(parents=True)
        pg_name = None
        if VENDOR == "postgresql":
            pg_name = f"sinergi_bk_{uuid.uuid4().hex[:12]}"
            pg_admin(f'CREATE DATABASE "{pg_name}"')
            self.databases.append(pg_name)
        return Installation(data_dir, pg_name)

    def copy(self, source: Installation, name: str) -> Installation:
        data_dir = self.root / f"{name}-{uuid.uuid4().hex[:6]}"
        shutil.copytree(source.data_dir, data_dir)
        pg_name = None
        if VENDOR == "postgresql":
            pg_name = f"sinergi_bk_{uuid.uuid4().hex[:12]}"
            pg_admin(f'CREATE DATABASE "{pg_name}" TEMPLATE "{source.pg_name}"')
            self.databases.append(pg_name)
        return Installation(data_dir, pg_name)

    def drop_all(self) -> None:
        for name in self.databases:
            pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Prepared:
    installations: Installations
    empty: Installation     # migrated, no data
    world: Installation     # the data that was backed up
    archive: Path
    expected: dict          # PROBE of the world when it was backed up
    expected_files: dict


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Prepared:
    installations = Installations(tmp_path_factory.mktemp("backup"))
    try:
        empty = installations.blank("empty")
        result = empty.sinergi("migrate", "--noinput", "-v0")
        assert result.returncode == 0, result.stderr[-4000:]
        world = installations.copy(empty, "world")
        world.python(BUILD_WORLD)
        # A file no row refers to, in a folder of its own, with a name that is not ASCII.
        (world.media / "lama").mkdir(parents=True)
        (world.media / "lama" / "catatan rapat ü.txt").write_text("tetap disimpan\n")
        archive = installations.root / "sinergi-backup.tar.gz"
        result = world.sinergi("backup", str(archive))
        assert result.returncode == 0, result.stderr[-4000:]
        assert "Cadangan ditulis ke" in result.stdout, result.stdout
        expected = world.python(PROBE)
        yield Prepared(installations, empty, world, archive, expected, world.files())
    finally:
        installations.drop_all()


def assert_same_installation(got: dict, expected: dict) -> None:
    assert got["counts"] == expected["counts"]
    assert got["migrations"] == expected["migrations"]
    assert got["audit"] == expected["audit"]
    assert got["page"] == [200, True, True]
    assert got["download"] == expected["download"] == [200, hashlib.sha256(MATERIAL).hexdigest()]


# ------------------------------------------------------------------------------- round trips


def test_the_world_to_back_up_has_an_audit_trail_and_files(prepared):
    # The fixture's data is what the round trips need to prove anything.
    assert len(prepared.expected["audit"]) >= 3
    assert prepared.expected["counts"]["meetings_material"] == 1
    assert len(prepared.expected_files) == 2 and "lama/catatan rapat ü.txt" in prepared.expected_files


def test_the_archive_holds_the_database_the_files_and_a_manifest(prepared):
    with tarfile.open(prepared.archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        contents = {
            member.name: hashlib.sha256(tar.extractfile(member).read()).hexdigest()
            for member in tar.getmembers() if member.name != "manifest.json"
        }
    assert names[-1] == "manifest.json"
    assert manifest["format"] == "sinergi-backup" and manifest["format_version"] == 1
    assert manifest["sinergi_version"] and manifest["created_at"]
    assert manifest["database"]["vendor"] == VENDOR
    assert manifest["database"]["file"] == backup.DATABASE_FILES[VENDOR]
    assert manifest["migrations"] == [m[:2] for m in prepared.expected["migrations"]]
    assert manifest["tables"] == prepared.expected["counts"]
    assert manifest["missing_files"] == []
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == contents
    assert {n.removeprefix("media/"): h for n, h in contents.items() if n.startswith("media/")} == (
        prepared.expected_files)
    # Only its owner may read it (password hashes, personal data).
    assert prepared.archive.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("target", ["migrated", "new machine"])
def test_round_trip_into_an_empty_installation(prepared, target):
    installation = (prepared.installations.copy(prepared.empty, "target") if target == "migrated"
                    else prepared.installations.blank("target"))
    result = installation.sinergi("restore", str(prepared.archive))
    assert result.returncode == 0, result.stderr[-4000:]
    assert "dipulihkan" in result.stdout, result.stdout
    assert installation.files() == prepared.expected_files
    assert_same_installation(installation.python(PROBE), prepared.expected)
    # Nothing of the restore's staging is left beside MEDIA_ROOT.
    assert sorted(p.name for p in installation.data_dir.iterdir()) == (
        ["media"] if VENDOR == "postgresql" else ["media", "sinergi.sqlite3"])


def test_a_non_empty_installation_is_refused_then_replaced_with_force(prepared):
    installation = prepared.installations.copy(prepared.world, "target")
    add_an_official = textwrap.dedent(
        """
        import django
        django.setup()
        from sinergi.regions.models import Government, Official
        Official.objects.create(government=Government.objects.first(), name="Pejabat Baru")
        """
    )
    before_counts = installation.python(add_an_official + COUNT_ROWS)
    (installation.media / "baru.pdf").write_bytes(b"%PDF-1.4 baru")
    before_files = installation.files()

    result = installation.sinergi("restore", str(prepared.archive))
    assert result.returncode != 0
    assert "Instalasi ini sudah berisi data" in result.stderr and "--force" in result.stderr
    assert installation.python(COUNT_ROWS) == before_counts
    assert installation.files() == before_files

    result = installation.sinergi("restore", "--force", str(prepared.archive))
    assert result.returncode == 0, result.stderr[-4000:]
    assert installation.files() == prepared.expected_files  # baru.pdf is gone
    assert_same_installation(installation.python(PROBE), prepared.expected)


def test_files_in_media_root_make_an_installation_non_empty(prepared):
    installation = prepared.installations.copy(prepared.empty, "target")
    installation.media.mkdir(parents=True, exist_ok=True)
    (installation.media / "scan.pdf").write_bytes(b"%PDF-1.4 scan")
    before = installation.python(COUNT_ROWS)
    result = installation.sinergi("restore", str(prepared.archive))
    assert result.returncode != 0
    assert "sudah berisi berkas unggahan" in result.stderr, result.stderr
    assert installation.python(COUNT_ROWS) == before
    assert installation.files() == {"scan.pdf": hashlib.sha256(b"%PDF-1.4 scan").hexdigest()}


def test_a_damaged_archive_changes_nothing_in_an_empty_installation(prepared, tmp_path):
    installation = prepared.installations.copy(prepared.empty, "target")
    before = installation.python(COUNT_ROWS)
    data = bytearray(prepared.archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "rusak.tar.gz"
    damaged.write_bytes(bytes(data))
    result = installation.sinergi("restore", str(damaged))
    assert result.returncode != 0
    assert "rusak" in result.stderr and "tidak dipulihkan" in result.stderr, result.stderr
    assert installation.python(COUNT_ROWS) == before
    assert installation.files() == {}


def test_a_backup_does_not_wait_for_a_writer_and_leaves_out_what_it_has_not_committed(prepared, tmp_path):
    installation = prepared.installations.copy(prepared.world, "serving")
    holder = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", textwrap.dedent(
            """
            import sys, django
            django.setup()
            from django.db import transaction
            from sinergi.regions.models import Government, Official
            with transaction.atomic():
                Official.objects.create(government=Government.objects.first(), name="Belum Disimpan")
                print("writing", flush=True)
                sys.stdin.readline()
            """
        )],
        env=installation.env(), cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "writing"
        archive = tmp_path / "saat-melayani.tar.gz"
        result = installation.sinergi("backup", str(archive))
        assert result.returncode == 0, result.stderr[-4000:]
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    counts = installation.python(COUNT_ROWS)  # the official is committed now
    assert manifest["tables"] == {**counts, "regions_official": counts["regions_official"] - 1}


# ------------------------------------------------------------------ refusals, in-process


@pytest.fixture
def target(settings, tmp_path, world):
    """The test database (holding the world) with an empty MEDIA_ROOT of its own."""
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    return tmp_path


def state(target: Path) -> tuple:
    with connection.cursor() as cursor:
        counts = backup.table_row_counts(cursor, connection.vendor)
    audit = list(AuditEvent.objects.order_by("id").values_list("id", "object_repr"))
    folder = sorted(p.relative_to(target).as_posix() for p in (target / "data").rglob("*"))
    return counts, audit, folder


def restore_refused(archive: Path, target: Path, *options: str) -> str:
    before = state(target)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), *options)
    assert state(target) == before
    return str(refused.value)


def rewrite(archive: Path, destination: Path, change) -> Path:
    """A copy of the archive whose members (name -> bytes) `change` may alter."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    change(members)
    with tarfile.open(destination, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return destination


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "cut at a member"])
def test_a_damaged_archive_is_refused(prepared, target, damage):
    data = bytearray(prepared.archive.read_bytes())
    if damage == "flipped byte":
        data[len(data) // 3] ^= 0x55
    elif damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data = data[:-8]  # the gzip trailer (CRC and length) is gone
    damaged = target / "rusak.tar.gz"
    damaged.write_bytes(bytes(data))
    message = restore_refused(damaged, target, "--force")
    assert "rusak (terpotong atau berubah) dan tidak dipulihkan" in message


def test_a_checksum_mismatch_is_refused_and_named(prepared, target):
    def alter(members):
        name = next(n for n in members if n.startswith("media/meetings/"))
        members[name] = members[name].replace(b"paparan", b"PAPARAN")

    tampered = rewrite(prepared.archive, target / "ubah.tar.gz", alter)
    message = restore_refused(tampered, target, "--force")
    assert "rusak" in message and "checksum media/meetings/" in message and "tidak cocok" in message


def test_a_missing_or_extra_member_is_refused(prepared, target):
    def drop(members):
        del members["media/lama/catatan rapat ü.txt"]

    message = restore_refused(rewrite(prepared.archive, target / "kurang.tar.gz", drop), target, "--force")
    assert "media/lama/catatan rapat ü.txt tidak ada" in message

    def add(members):
        members["media/sisipan.pdf"] = b"%PDF"

    message = restore_refused(rewrite(prepared.archive, target / "lebih.tar.gz", add), target, "--force")
    assert "media/sisipan.pdf tidak tercantum di manifes" in message


def test_a_foreign_archive_is_refused(target):
    plain = target / "lain.tar.gz"
    with tarfile.open(plain, "w:gz") as tar:
        info = tarfile.TarInfo("dump.sql")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"SQL;"))
    message = restore_refused(plain, target, "--force")
    assert "bukan cadangan Sinergi" in message and "manifest.json" in message

    other = target / "lain.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("manifest.json", "{}")
    assert "bukan arsip .tar.gz" in restore_refused(other, target, "--force")

    gzip_only = target / "lain.json.gz"
    gzip_only.write_bytes(gzip.compress(b'{"format": "sinergi-backup"}'))
    message = restore_refused(gzip_only, target, "--force")
    assert "bukan cadangan Sinergi" in message and "bukan arsip .tar.gz" in message


def test_a_foreign_manifest_or_a_newer_format_is_refused(prepared, target):
    def other_tool(members):
        members["manifest.json"] = json.dumps({"format": "other-tool", "version": 3}).encode()

    foreign = rewrite(prepared.archive, target / "lain.tar.gz", other_tool)
    message = restore_refused(foreign, target, "--force")
    assert "bukan cadangan Sinergi" in message and "bukan manifes Sinergi" in message

    def newer(members):
        manifest = json.loads(members["manifest.json"])
        manifest["format_version"] = 99
        members["manifest.json"] = json.dumps(manifest).encode()

    message = restore_refused(rewrite(prepared.archive, target / "baru.tar.gz", newer), target, "--force")
    assert "versi 99" in message and "Sinergi yang lebih baru" in message


def test_an_archive_of_another_database_vendor_is_refused(prepared, target):
    def other_vendor(members):
        manifest = json.loads(members["manifest.json"])
        manifest["database"]["vendor"] = OTHER_VENDOR
        members["manifest.json"] = json.dumps(manifest).encode()

    archive = rewrite(prepared.archive, target / "lain.tar.gz", other_vendor)
    message = restore_refused(archive, target, "--force")
    labels = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    assert (f"berisi basis data {labels[OTHER_VENDOR]}, sedangkan instalasi ini memakai {labels[VENDOR]}"
            in message)
    assert "Tidak ada yang dipulihkan" in message


def test_a_database_holding_data_is_refused_without_force(prepared, target):
    message = restore_refused(prepared.archive, target)
    assert "Instalasi ini sudah berisi data" in message and "regions_government" in message


def test_messages_are_english_for_an_english_reader(prepared, target, english):
    message = restore_refused(prepared.archive, target)
    assert message.startswith("This installation already holds data")


# ------------------------------------------------------------------------ backup, in-process


def test_a_failed_backup_leaves_the_previous_archive_and_no_partial_file(
    settings, tmp_path, monkeypatch, transactional_db
):
    # transactional_db: outside a transaction, so that SQLite's backup API can read the test
    # suite's in-memory database through Django's connection.
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "a").mkdir(parents=True)
    (settings.MEDIA_ROOT / "a" / "satu.pdf").write_bytes(b"%PDF-1.4 satu")
    (settings.MEDIA_ROOT / "a" / "dua.pdf").write_bytes(b"%PDF-1.4 dua")
    folder = tmp_path / "cadangan"
    folder.mkdir()
    archive = folder / "sinergi.tar.gz"
    archive.write_bytes(b"the previous backup")
    real_media_files = backup.media_files

    def interrupted(media_root):
        files = real_media_files(media_root)
        yield next(files)
        raise KeyboardInterrupt  # as if stopped half-way through the files

    monkeypatch.setattr(backup, "media_files", interrupted)
    with pytest.raises(KeyboardInterrupt):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"the previous backup"
    assert [p.name for p in folder.iterdir()] == ["sinergi.tar.gz"]


def test_backup_refuses_to_write_into_media_root_or_a_missing_folder(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    with pytest.raises(CommandError, match="di luar MEDIA_ROOT"):
        call_command("backup", str(settings.MEDIA_ROOT / "cadangan.tar.gz"))
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("backup", str(tmp_path / "tidak-ada" / "cadangan.tar.gz"))
    assert list(settings.MEDIA_ROOT.iterdir()) == []


def test_postgresql_password_goes_through_the_environment(monkeypatch):
    settings_dict = {"NAME": "sinergi", "USER": "sinergi", "PASSWORD": "rahasia-sekali", "HOST": "db.local",
                     "PORT": "5433", "OPTIONS": {"sslmode": "require"}}
    env = backup.pg_environment(settings_dict)
    assert env["PGPASSWORD"] == "rahasia-sekali" and env["PGHOST"] == "db.local" and env["PGPORT"] == "5433"
    assert env["PGDATABASE"] == "sinergi" and env["PGUSER"] == "sinergi" and env["PGSSLMODE"] == "require"

    seen = []

    def fake_run(command, **kwargs):
        seen.append(command)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backup.subprocess, "run", fake_run)
    backup.run_tool(["/usr/bin/pg_dump", "--format=plain"], env)
    assert all("rahasia" not in part for part in seen[0])


@pytest.mark.skipif(VENDOR != "postgresql", reason="pg_dump runs on PostgreSQL only")
def test_pg_dump_gets_no_password_on_its_command_line(settings, tmp_path, monkeypatch, db):
    settings.MEDIA_ROOT = tmp_path / "media"
    real_run = subprocess.run
    seen = []

    def spying_run(command, **kwargs):
        seen.append((command, kwargs.get("env", {})))
        return real_run(command, **kwargs)

    monkeypatch.setattr(backup.subprocess, "run", spying_run)
    backup.create_backup(tmp_path / "cadangan.tar.gz")
    (command, env), = seen
    password = connection.settings_dict["PASSWORD"]
    assert env["PGPASSWORD"] == password
    # No connection argument at all: host, user, database and password come from the environment.
    options = [part.partition("=")[0] for part in command[1:]]
    assert options == ["--format", "--no-owner", "--no-privileges", "--encoding", "--snapshot", "--file"]
    assert env["PGDATABASE"] == connection.settings_dict["NAME"]
