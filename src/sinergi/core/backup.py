"""Backup and restore of a whole installation: the database and the uploaded files, one archive.

The archive is a gzip-compressed tar (`.tar.gz`) with, in this order:

- `database.sqlite3` (SQLite: a copy made with SQLite's online backup API) or `database.sql`
  (PostgreSQL: `pg_dump --format=plain --no-owner --no-privileges`): a consistent snapshot taken
  while the app keeps serving;
- `media/<path>`: every regular file under MEDIA_ROOT, copied after the database snapshot (a
  file uploaded meanwhile is an unreferenced extra, never a reference without its file);
- `manifest.json` (last, it holds the checksums): the format and its version, Sinergi's version,
  the database vendor, the creation time, the applied migrations, the row count of every table
  (read in the snapshot itself), the files the database refers to but MEDIA_ROOT lacked, and the
  size and SHA-256 of every other file in the archive.

`create_backup` writes it next to its final name and renames it, so a killed backup never leaves a
half archive under that name. `restore_backup` reads the whole archive into a staging folder and
checks every checksum, the manifest and the vendor before it changes anything; it refuses an
installation that already holds data (rows in the app's tables, or any file under MEDIA_ROOT)
unless forced, then replaces the database (SQLite: the backup API into the database file;
PostgreSQL: the schema's tables dropped and the dump replayed by psql in one transaction) and the
files, and checks the restored row counts and migrations against the manifest.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import OperationalError, connection, connections, models
from django.utils.translation import gettext as _

import sinergi

FORMAT = "sinergi-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.sql"}
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1024 * 1024

# Rows that `sinergi migrate` itself writes: a freshly migrated installation holding only these is
# still empty. Django's bookkeeping tables, and the reference data seeded by data migrations
# (planning 0002: the Asta Cita missions; edits to them are audited, so they show as audit rows).
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
SEEDED_MODELS = ("planning.PriorityFramework", "planning.Priority")


class BackupError(CommandError):
    """A backup or restore refused or failed; the message says why (translated)."""


@dataclass
class RestoreReport:
    manifest: dict
    pending_migrations: list[str] = field(default_factory=list)
    unknown_migrations: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------- helpers


def quote(name: str) -> str:
    """An SQL identifier, quoted the same way on SQLite and PostgreSQL."""
    return '"' + name.replace('"', '""') + '"'


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_within(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def vendor_label(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


def supported_vendor() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(
            _("Backup and restore support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def list_tables(cursor, vendor: str) -> list[str]:
    """The tables Django sees: SQLite's own (sqlite_*) left out; on PostgreSQL, those visible
    in the search path (schema public)."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname !~ '^pg_toast' AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY c.relname"
        )
    return [row[0] for row in cursor.fetchall()]


def table_row_counts(cursor, vendor: str) -> dict[str, int]:
    counts = {}
    for table in list_tables(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (a table name from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor, tables: list[str] | dict) -> list[list[str]]:
    if "django_migrations" not in tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return [[app, name] for app, name in cursor.fetchall()]


def referenced_files(cursor, tables: list[str] | dict) -> set[str]:
    """The stored file names the database refers to (every FileField of every model)."""
    names: set[str] = set()
    for model in apps.get_models():
        table = model._meta.db_table
        if table not in tables:
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                column = quote(model_field.column)
                cursor.execute(
                    f"SELECT {column} FROM {quote(table)} WHERE {column} IS NOT NULL AND {column} <> ''"  # noqa: S608
                )
                names.update(row[0] for row in cursor.fetchall())
    return names


def media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(posix path relative to MEDIA_ROOT, path) of every regular file, in a stable order;
    symbolic links are not followed."""
    if not media_root.is_dir():
        return
    for folder, dirs, files in os.walk(media_root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(media_root).as_posix(), path


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's environment for the configured database: nothing on the command line, the password
    in PGPASSWORD."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    pairs = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    for key, value in pairs.items():
        if value:
            env[key] = str(value)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s was not found: install the PostgreSQL client tools (the server's version or newer).")
            % {"tool": name}
        )
    return path


def run_tool(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(
            _("%(tool)s failed: %(detail)s") % {"tool": Path(command[0]).name, "detail": detail}
        )


class HashingReader:
    """A file read once, hashed on the way (into the archive)."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


# -------------------------------------------------------------------------------------- backup


def _snapshot_sqlite(target: Path) -> dict:
    """Copy the database with SQLite's online backup API (readers and writers go on meanwhile),
    then read the counts, migrations and file references from the copy itself."""
    copy = sqlite3.connect(target)
    try:
        if connection.is_in_memory_db():  # the test suite's database: only Django's connection sees it
            if connection.in_atomic_block:
                # SQLite's backup would wait for ever for the connection's own write transaction.
                raise BackupError(_("Cannot back up the database from inside a transaction."))
            connection.ensure_connection()
            connection.connection.backup(copy)
        else:
            name = Path(connection.settings_dict["NAME"])
            if not name.is_file():
                raise BackupError(_("There is no database at %(path)s.") % {"path": name})
            # A connection of its own: whatever Django's connection is doing, the copy is one
            # read transaction (in WAL mode, writers go on meanwhile).
            source = sqlite3.connect(name, timeout=30)
            try:
                source.backup(copy)
            finally:
                source.close()
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(
                _("The database failed SQLite's integrity check: %(detail)s") % {"detail": check}
            )
        cursor = copy.cursor()
        counts = table_row_counts(cursor, "sqlite")
        return {
            "tables": counts,
            "migrations": applied_migrations(cursor, counts),
            "referenced": referenced_files(cursor, counts),
            "server_version": sqlite3.sqlite_version,
        }
    finally:
        copy.close()


def _snapshot_postgresql(target: Path) -> dict:
    """pg_dump inside a snapshot exported by a REPEATABLE READ transaction of our own, so the
    counts, migrations and file references are read from exactly what is dumped."""
    import psycopg

    pg_dump = pg_tool("pg_dump")
    try:
        raw = connection.Database.connect(**connection.get_connection_params())
    except psycopg.Error as exc:
        raise BackupError(_("Cannot connect to the database: %(error)s") % {"error": exc}) from exc
    try:
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute(
                "SELECT pg_catalog.pg_export_snapshot(), pg_catalog.current_setting('server_version')"
            )
            snapshot, server_version = cursor.fetchone()
            counts = table_row_counts(cursor, "postgresql")
            found = {
                "tables": counts,
                "migrations": applied_migrations(cursor, counts),
                "referenced": referenced_files(cursor, counts),
                "server_version": server_version,
            }
            run_tool(
                [pg_dump, "--format=plain", "--no-owner", "--no-privileges", "--encoding=UTF8",
                 f"--snapshot={snapshot}", f"--file={target}"],
                pg_environment(connection.settings_dict),
            )
        raw.rollback()
        return found
    finally:
        raw.close()


def create_backup(archive: str | os.PathLike) -> dict:
    """Write the archive to `archive` (replacing a file there only once it is complete) and
    return its manifest."""
    vendor = supported_vendor()
    archive = Path(archive).absolute()
    media_root = Path(settings.MEDIA_ROOT)
    if not archive.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": archive.parent})
    if is_within(archive, media_root):
        raise BackupError(_("Write the backup outside MEDIA_ROOT (%(media)s).") % {"media": media_root})

    database_name = DATABASE_FILES[vendor]
    descriptor, partial_name = tempfile.mkstemp(
        prefix=f".{archive.name}.", suffix=".partial", dir=archive.parent
    )
    partial = Path(partial_name)
    try:
        with os.fdopen(descriptor, "wb") as out, tempfile.TemporaryDirectory(
            prefix=".sinergi-backup-", dir=archive.parent
        ) as work:
            snapshot_path = Path(work, database_name)
            found = (_snapshot_sqlite if vendor == "sqlite" else _snapshot_postgresql)(snapshot_path)
            with tarfile.open(fileobj=out, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
                manifest = _write_members(tar, vendor, snapshot_path, media_root, found)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, archive)
        _fsync_folder(archive.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _write_members(
    tar: tarfile.TarFile, vendor: str, snapshot_path: Path, media_root: Path, found: dict
) -> dict:
    """The database snapshot, then every file under MEDIA_ROOT (hashed as it is read), then the
    manifest."""
    database_name = snapshot_path.name
    files: dict[str, dict] = {
        database_name: {"size": snapshot_path.stat().st_size, "sha256": sha256_file(snapshot_path)}
    }
    tar.add(snapshot_path, arcname=database_name, recursive=False)
    archived = set()
    for relative, path in media_files(media_root):
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            continue  # removed since the walk (so after the snapshot)
        with handle:
            info = tar.gettarinfo(arcname=MEDIA_PREFIX + relative, fileobj=handle)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            reader = HashingReader(handle)
            tar.addfile(info, reader)
        files[MEDIA_PREFIX + relative] = {"size": info.size, "sha256": reader.digest.hexdigest()}
        archived.add(relative)
    now = dt.datetime.now(dt.UTC)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sinergi_version": sinergi.__version__,
        "created_at": now.isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "server_version": found["server_version"], "file": database_name},
        "migrations": found["migrations"],
        "tables": found["tables"],
        "missing_files": sorted(found["referenced"] - archived),
        "files": files,
    }
    payload = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
    info = tarfile.TarInfo(MANIFEST_NAME)
    info.size = len(payload)
    info.mtime = int(now.timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(payload))
    return manifest


def _fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


# ------------------------------------------------------------------------------------- reading


def _damaged(archive: Path, detail: str) -> BackupError:
    return BackupError(
        _("The backup %(file)s is damaged (truncated or corrupted) and was not restored: %(detail)s")
        % {"file": archive, "detail": detail}
    )


def _foreign(archive: Path, detail: str) -> BackupError:
    return BackupError(
        _("%(file)s is not a Sinergi backup (%(detail)s); nothing was restored.")
        % {"file": archive, "detail": detail}
    )


def _member_path(name: str) -> str | None:
    """The member's name if it is one a backup may hold (no absolute path, no '..')."""
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in path.parts) or "\\" in name:
        return None
    return path.as_posix()


def _extract(source, target: Path, mtime: float) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if mtime:
        os.utime(target, (mtime, mtime))
    return {"size": size, "sha256": digest.hexdigest()}


def _gzip_intact(archive: Path) -> bool:
    """Whether the file is a whole gzip stream (its CRC and length check out)."""
    try:
        with gzip.open(archive, "rb") as stream:
            while stream.read(CHUNK):
                pass
    except (OSError, EOFError, zlib.error):
        return False
    return True


def read_archive(archive: Path, staging: Path) -> dict:
    """Unpack the archive into `staging` (database file at its top, uploads under media/),
    checking every file against the manifest. Returns the manifest; raises BackupError for a
    damaged or foreign archive."""
    with archive.open("rb") as handle:
        if handle.read(2) != GZIP_MAGIC:
            raise _foreign(archive, _("not a .tar.gz archive"))
    seen: dict[str, dict] = {}
    manifest_bytes = None
    try:
        tar = tarfile.open(archive, mode="r:gz")  # noqa: SIM115 (closed below)
    except tarfile.ReadError as exc:
        if _gzip_intact(archive):
            raise _foreign(archive, _("not a .tar.gz archive")) from exc
        raise _damaged(archive, str(exc)) from exc
    try:
        with tar:
            for member in tar:
                if member.isdir():
                    continue
                name = _member_path(member.name)
                if name is None or not member.isfile():
                    raise _foreign(archive, _("unexpected entry %(name)s") % {"name": member.name})
                source = tar.extractfile(member)
                if name == MANIFEST_NAME:
                    manifest_bytes = source.read()
                    continue
                if name in seen:
                    raise _damaged(archive, _("%(name)s appears twice") % {"name": name})
                seen[name] = _extract(source, staging / name, member.mtime)
            # Read to the end of the compressed stream: gzip checks its CRC and length there.
            while tar.fileobj.read(CHUNK):
                pass
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise _damaged(archive, str(exc) or exc.__class__.__name__) from exc

    if manifest_bytes is None:
        raise _foreign(archive, _("it has no %(name)s") % {"name": MANIFEST_NAME})
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise _foreign(archive, _("its manifest is not valid JSON")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _foreign(archive, _("its manifest is not a Sinergi manifest"))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            _("The backup %(file)s has format version %(version)s, which this Sinergi cannot read "
              "(it reads up to %(supported)s): restore it with a newer Sinergi.")
            % {"file": archive, "version": version, "supported": FORMAT_VERSION}
        )
    expected = manifest.get("files")
    database = manifest.get("database") or {}
    if not isinstance(expected, dict) or database.get("file") not in expected:
        raise _damaged(archive, _("the manifest lists no database"))
    for name, entry in sorted(expected.items()):
        got = seen.get(name)
        if got is None:
            raise _damaged(archive, _("%(name)s is missing") % {"name": name})
        if got != {"size": entry.get("size"), "sha256": entry.get("sha256")}:
            raise _damaged(archive, _("checksum mismatch for %(name)s") % {"name": name})
    extra = sorted(set(seen) - set(expected))
    if extra:
        raise _damaged(archive, _("%(name)s is not in the manifest") % {"name": extra[0]})
    return manifest


# ------------------------------------------------------------------------------------- restore


def seeded_tables() -> set[str]:
    return {apps.get_model(label)._meta.db_table for label in SEEDED_MODELS}


def occupied_tables() -> list[str]:
    """The tables of the configured database that hold data (beyond what `migrate` writes)."""
    vendor = connection.vendor
    if (vendor == "sqlite" and not connection.is_in_memory_db()
            and not Path(connection.settings_dict["NAME"]).exists()):
        return []
    ignored = BOOKKEEPING_TABLES | seeded_tables()
    occupied = []
    with connection.cursor() as cursor:
        for table in list_tables(cursor, vendor):
            if table in ignored:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 (from the catalogue)
            if cursor.fetchone():
                occupied.append(table)
    return occupied


def _ensure_empty(media_root: Path) -> None:
    tables = occupied_tables()
    if tables:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise BackupError(
            _("This installation already holds data (tables: %(tables)s). Restoring would replace "
              "it; use --force to do so.") % {"tables": shown}
        )
    if next(media_files(media_root), None) is not None or (
        media_root.is_dir() and any(p.is_symlink() for p in media_root.rglob("*"))
    ):
        raise BackupError(
            _("This installation already holds uploaded files in %(media)s. Restoring would replace "
              "them; use --force to do so.") % {"media": media_root}
        )


def _restore_sqlite(database_file: Path) -> None:
    connections.close_all()
    if connection.is_in_memory_db():
        raise BackupError(_("Cannot restore into an in-memory database."))
    name = Path(connection.settings_dict["NAME"])
    name.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(name, timeout=10)
    try:
        # Out of WAL mode first (this needs the only connection: the app must be stopped), so
        # that the copy may change the page size; Django's connections switch WAL on again.
        mode = target.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
        source = sqlite3.connect(database_file)
        try:
            source.backup(target)
        finally:
            source.close()
    except sqlite3.OperationalError as exc:
        raise BackupError(
            _("The database %(path)s is in use (%(error)s): stop Sinergi (the app server and the "
              "workers) and restore again.") % {"path": name, "error": exc}
        ) from exc
    finally:
        target.close()


# Drops the relations of schema public (tables with their indexes, constraints and sequences,
# views, free sequences) in the same transaction as the dump's replay: all or nothing.
PG_CLEAR_SCHEMA = """
SET client_min_messages = warning;
SET lock_timeout = '30s';
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm', 'r', 'p', 'f', 'S')
    ORDER BY array_position(ARRAY['v', 'm', 'f', 'r', 'p', 'S']::"char"[], c.relkind)
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
        WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
      r.name);
  END LOOP;
END $$;
"""


def _restore_postgresql(dump: Path, staging: Path) -> None:
    psql = pg_tool("psql")
    connections.close_all()
    preamble = staging / "clear.sql"
    preamble.write_text(PG_CLEAR_SCHEMA)
    try:
        run_tool(
            [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
             f"--file={preamble}", f"--file={dump}"],
            pg_environment(connection.settings_dict),
        )
    except BackupError as exc:
        raise BackupError(
            _("The database was not restored (it is unchanged): %(error)s") % {"error": exc}
        ) from exc
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _restore_media(staged_media: Path, media_root: Path, force: bool) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    if force:
        for entry in list(media_root.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    if not staged_media.is_dir():
        return 0
    for entry in sorted(staged_media.iterdir()):
        shutil.move(str(entry), str(media_root / entry.name))
    return sum(1 for _file in media_files(media_root))


def migration_notes(manifest: dict) -> tuple[list[str], list[str]]:
    """(migrations of this code the restored database lacks, migrations it records that this code
    does not know)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    loader = executor.loader
    targets = loader.graph.leaf_nodes()
    pending = [f"{m.app_label}.{m.name}" for m, _backwards in executor.migration_plan(targets)]
    known = set(loader.graph.nodes) | {
        tuple(replaced) for m in loader.disk_migrations.values() for replaced in (m.replaces or [])
    }
    unknown = [f"{app}.{name}" for app, name in manifest.get("migrations", []) if (app, name) not in known]
    return pending, unknown


def _verify(manifest: dict) -> None:
    vendor = connection.vendor
    with connection.cursor() as cursor:
        counts = table_row_counts(cursor, vendor)
        migrations = applied_migrations(cursor, counts)
    if counts != manifest.get("tables") or migrations != manifest.get("migrations"):
        differing = sorted(
            t for t in set(counts) | set(manifest.get("tables", {}))
            if counts.get(t) != manifest.get("tables", {}).get(t)
        )
        raise BackupError(
            _("The restored database does not match the backup's manifest (tables: %(tables)s).")
            % {"tables": ", ".join(differing[:5]) or "django_migrations"}
        )


def restore_backup(archive: str | os.PathLike, *, force: bool = False) -> RestoreReport:
    """Bring the archive back into this installation. Refuses (changing nothing) a damaged or
    foreign archive, one of another database vendor, and an installation holding data unless
    `force`."""
    vendor = supported_vendor()
    archive = Path(archive).absolute()
    media_root = Path(settings.MEDIA_ROOT).absolute()
    if not archive.is_file():
        raise BackupError(_("There is no file %(file)s.") % {"file": archive})
    if is_within(archive, media_root):
        raise BackupError(_("Move the backup out of MEDIA_ROOT (%(media)s) first.") % {"media": media_root})
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sinergi-restore-", dir=media_root.parent))
    try:
        manifest = read_archive(archive, staging)
        archived_vendor = manifest["database"].get("vendor")
        if archived_vendor != vendor:
            raise BackupError(
                _("The backup %(file)s holds a %(archived)s database but this installation uses "
                  "%(target)s; restoring across database systems is not supported. Nothing was restored.")
                % {
                    "file": archive,
                    "archived": vendor_label(str(archived_vendor)),
                    "target": vendor_label(vendor),
                }
            )
        if not force:
            try:
                _ensure_empty(media_root)
            except OperationalError as exc:
                raise BackupError(_("Cannot connect to the database: %(error)s") % {"error": exc}) from exc
        database_file = staging / manifest["database"]["file"]
        if vendor == "sqlite":
            _restore_sqlite(database_file)
        else:
            _restore_postgresql(database_file, staging)
        _restore_media(staging / MEDIA_PREFIX.rstrip("/"), media_root, force)
        _verify(manifest)
        pending, unknown = migration_notes(manifest)
        return RestoreReport(manifest, pending, unknown)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
