"""Kill an import with SIGKILL in the middle of its writes and measure what is left (issue 14:
"killed mid-import: nothing lost, nothing half-written").

    python tests/killing/run_killed.py --workdir DIR [--scenarios realization,plan,...]
        [--rows 2000] [--points first,middle,inside,last,commit] [--json PATH]

The database: PostgreSQL when DATABASE_URL is a postgres:// URL (the server and role to use:
scratch databases named kill_<pid>_... are created there, from templates, and dropped at the
end), else SQLite files under DIR.

How (deterministic, no timers). This program sets Django up once, then does every step in a
child process forked from it (nothing is connected in the parent, so each child opens its own
connection, like a new process would):

1. a template database: migrated (and, for most scenarios, the region registry loaded), then
   per scenario its own template: the scenario's `prepare` writes the state the import starts
   from (committed) and the file(s) it imports; the rows of every table of that state are
   recorded (a digest per row, per table) as "before";
2. the reference run, on a copy of the scenario's template: the import through its real
   service, unkilled, counting its write statements (INSERT/UPDATE/DELETE, executemany and
   COPY count one each): W writes, its result, the row count of every table afterwards;
3. for each kill point, on a fresh copy (the last point: the template itself): a child runs
   the import and kills itself (os.kill(os.getpid(), SIGKILL)) right after its N-th write
   statement ("first": N=1, "middle": N=ceil(W/2), "last": N=W), in the middle of its largest
   executemany ("inside": half its rows handed to the driver; imports with a batch of BULK
   rows or more) or, for "commit", when Django is about to commit the transaction that wrote
   (everything written, nothing committed). Default points: first, middle, inside, commit (a
   scenario may name its own). Another child then opens the database (SQLite: recovers the
   WAL the killed writer left), compares every table's rows with "before" (rows added or
   removed = partial rows), counts the audit events added since (and those whose object does
   not exist: orphans), then runs the same import again, unkilled, and reports its result,
   every table's row count (to compare with the reference run) and the orphan audit events
   after it.

The report (JSON) holds, per scenario: W, the reference run, and per kill point the signal that
ended the child, partial rows, the tables that differ, audit events added, orphan audit events,
and the re-run's result, row counts and orphans. tests/killing/test_killed_imports.py asserts on
it; bench/bench_kill_import.py prints it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import shutil
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# "first": right after the first write statement; "middle": after the ceil(W/2)-th; "inside":
# in the middle of the largest executemany (the middle one of equal batches; half its rows
# handed to the driver), when it has at least BULK rows; "last": after the W-th; "commit":
# everything written, at the commit.
POINTS = ("first", "middle", "inside", "commit")
ALL_POINTS = ("first", "middle", "inside", "last", "commit")
BULK = 100
WRITE = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|REPLACE|MERGE|COPY)\b", re.IGNORECASE)
WITH_WRITE = re.compile(r"\s*WITH\b.*\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE | re.DOTALL)


def is_write(sql: str) -> bool:
    return bool(WRITE.match(sql) or WITH_WRITE.match(sql))


# ------------------------------------------------------------------------------ databases


class SqliteStore:
    """Scratch databases as SQLite files under `workdir`."""

    vendor = "sqlite"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    def url(self, name: str) -> str:
        return f"sqlite:///{self.target(name)}"

    def target(self, name: str) -> str:
        return str(self.workdir / f"{name}.sqlite3")

    def create(self, name: str) -> None:
        self.drop(name)

    def copy(self, source: str, name: str) -> None:
        self.drop(name)
        for suffix in ("", "-wal"):  # a cleanly closed database has no -wal: checkpointed
            path = Path(self.target(source) + suffix)
            if path.exists():
                shutil.copyfile(path, self.target(name) + suffix)

    def drop(self, name: str) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(self.target(name) + suffix).unlink(missing_ok=True)

    def drop_all(self) -> None:
        pass  # the files are under workdir, the caller's


class PostgresStore:
    """Scratch databases on the PostgreSQL server of `base_url` (its role may create
    databases), named kill_<pid>_<name>, copied with CREATE DATABASE ... TEMPLATE."""

    vendor = "postgresql"

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.prefix = f"kill_{os.getpid()}_"
        self.made: list[str] = []
        # CREATE/DROP DATABASE from the maintenance database (the URL's may not exist).
        base, _sep, _db = base_url.replace("postgres://", "postgresql://", 1).rpartition("/")
        self.admin_url = f"{base}/postgres"

    def target(self, name: str) -> str:
        return self.prefix + name

    def url(self, name: str) -> str:
        base, _sep, _db = self.base_url.rpartition("/")
        return f"{base}/{self.target(name)}"

    def _admin(self, statement: str) -> None:
        import psycopg

        # A killed client's server process may take a moment to go away (the template is
        # "being accessed by other users" meanwhile), and an autovacuum worker on the database
        # (a superuser's process, which DROP ... WITH (FORCE) may not end for a role that is not
        # superuser: InsufficientPrivilege) finishes on its own: try again for up to 30 s.
        for attempt in range(600):
            try:
                with psycopg.connect(self.admin_url, autocommit=True) as admin:
                    admin.execute(statement)
                return
            except (psycopg.errors.ObjectInUse, psycopg.errors.InsufficientPrivilege):
                if attempt == 599:
                    raise
                time.sleep(0.05)

    def create(self, name: str) -> None:
        self.drop(name)
        self._admin(f'CREATE DATABASE "{self.target(name)}"')
        self.made.append(name)

    def copy(self, source: str, name: str) -> None:
        self.drop(name)
        self._admin(f'CREATE DATABASE "{self.target(name)}" TEMPLATE "{self.target(source)}"')
        self.made.append(name)

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.target(name)}" WITH (FORCE)')

    def drop_all(self) -> None:
        for name in dict.fromkeys(self.made):
            self.drop(name)


def store_for(workdir: Path) -> SqliteStore | PostgresStore:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return PostgresStore(url)
    return SqliteStore(workdir)


# ------------------------------------------------------------------------------ children


class Outcome:
    def __init__(self, signal_number: int | None, exit_code: int | None, payload: Any) -> None:
        self.signal = signal_number
        self.exit_code = exit_code
        self.payload = payload

    @property
    def killed(self) -> bool:
        return self.signal == signal.SIGKILL

    def value(self) -> Any:
        if self.signal is not None or self.exit_code != 0 or not isinstance(self.payload, dict):
            error = self.payload.get("error") if isinstance(self.payload, dict) else self.payload
            raise RuntimeError(f"child failed: signal {self.signal}, exit {self.exit_code}: {error}")
        return self.payload["value"]


def in_child(database: str, fn: Callable[..., Any], *args: Any) -> Outcome:
    """Run fn(*args) in a forked child connected to `database` (the settings' NAME); its value
    comes back through a pipe (JSON). A child that kills itself returns nothing."""
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        code = 0
        try:
            from django.db import connection, connections

            connection.settings_dict["NAME"] = database
            payload = {"value": fn(*args)}
            connections.close_all()  # SQLite: the last connection checkpoints the WAL
        except BaseException:  # everything goes back to the parent
            payload, code = {"error": traceback.format_exc()}, 1
        try:
            with os.fdopen(write_end, "wb") as out:
                out.write(json.dumps(payload, default=str).encode())
        finally:
            os._exit(code)  # no atexit, no finalizers of what the parent holds
    os.close(write_end)
    with os.fdopen(read_end, "rb") as incoming:
        data = incoming.read()
    _pid, status = os.waitpid(pid, 0)
    payload = json.loads(data) if data else None
    if os.WIFSIGNALED(status):
        return Outcome(os.WTERMSIG(status), None, payload)
    return Outcome(None, os.WEXITSTATUS(status), payload)


class Killer:
    """Counts the write statements of the default connection and kills this process with
    SIGKILL right after the `kill_after`-th, inside the `kill_inside[0]`-th (an executemany)
    when `kill_inside[1]` of its rows have been handed to the driver, or (`at_commit`) when
    the transaction that wrote is about to be committed. Records the size of each executemany
    (`batches`: (write number, rows))."""

    def __init__(self, kill_after: int | None = None, at_commit: bool = False,
                 kill_inside: tuple[int, int] | None = None) -> None:
        self.kill_after = kill_after
        self.at_commit = at_commit
        self.kill_inside = tuple(kill_inside) if kill_inside else None
        self.writes = 0
        self.batches: list[tuple[int, int]] = []

    def _wrote(self) -> None:
        self.writes += 1
        if self.writes == self.kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    @staticmethod
    def _killing(rows, after: int):
        for n, row in enumerate(rows):
            if n == after:
                os.kill(os.getpid(), signal.SIGKILL)
            yield row

    def __call__(self, execute, sql, params, many, context):
        write = is_write(sql)
        if write and many:
            params = params if isinstance(params, list | tuple) else list(params)
            number = self.writes + 1
            self.batches.append((number, len(params)))
            if self.kill_inside is not None and self.kill_inside[0] == number:
                params = self._killing(params, self.kill_inside[1])
        result = execute(sql, params, many, context)
        if write:
            self._wrote()
        return result

    def install(self) -> None:
        from django.db import connection

        connection.execute_wrappers.append(self)  # for the rest of this child's life
        commit = connection._commit

        def killing_commit():
            if self.at_commit and self.writes:
                os.kill(os.getpid(), signal.SIGKILL)
            return commit()

        connection._commit = killing_commit
        if connection.vendor == "postgresql":  # COPY (demo.synthetic) goes round execute()
            from django.db.backends.postgresql import base

            copy = base.Cursor.copy
            killer = self

            def counted_copy(cursor, statement, *args, **kwargs):
                manager = copy(cursor, statement, *args, **kwargs)
                return _AfterExit(manager, killer._wrote)

            base.Cursor.copy = counted_copy


class _AfterExit:
    """A context manager that calls `then` once the wrapped one has finished (COPY sent)."""

    def __init__(self, manager, then: Callable[[], None]) -> None:
        self.manager, self.then = manager, then

    def __enter__(self):
        return self.manager.__enter__()

    def __exit__(self, *exc):
        result = self.manager.__exit__(*exc)
        if exc[0] is None:
            self.then()
        return result


# ------------------------------------------------------------------------------ measures


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def table_rows() -> dict[str, Counter]:
    """Every table's rows as a multiset of digests (the rows' values, in column order)."""
    from django.db import connection

    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    rows: dict[str, Counter] = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from the database
            rows[table] = Counter(
                hashlib.blake2b(repr(tuple(map(_plain, row))).encode(), digest_size=12).digest()
                for row in cursor.fetchall())
    return rows


def table_counts() -> dict[str, int]:
    from django.db import connection

    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def last_audit_id() -> int:
    from sinergi.core.models import AuditEvent

    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def orphan_audit_events(since: int) -> int:
    """Audit events after `since` whose object does not exist (and was not deleted by a
    recorded delete): an event of a write that did not happen."""
    from django.contrib.contenttypes.models import ContentType

    from sinergi.core.models import AuditAction, AuditEvent

    events = AuditEvent.objects.filter(pk__gt=since)
    deleted = set(events.filter(action=AuditAction.DELETE).values_list("content_type_id", "object_id"))
    wanted: dict[int, set[str]] = {}
    for content_type_id, object_id in events.exclude(action=AuditAction.DELETE).values_list(
            "content_type_id", "object_id"):
        if (content_type_id, object_id) not in deleted:
            wanted.setdefault(content_type_id, set()).add(object_id)
    orphans = 0
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            orphans += len(ids)
            continue
        pk = model._meta.pk
        found: set[str] = set()
        listed = sorted(ids)
        for start in range(0, len(listed), 5000):
            chunk = [pk.to_python(i) for i in listed[start:start + 5000]]
            stored = model._base_manager.filter(pk__in=chunk).values_list("pk", flat=True)
            found.update(str(value) for value in stored)
        orphans += len(ids - found)
    return orphans


def compare(before: dict[str, Counter], after: dict[str, Counter]) -> dict[str, Any]:
    """Rows added and removed per table (an updated row is one removed and one added)."""
    tables = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, Counter()), after.get(table, Counter())
        added, removed = sum((new - old).values()), sum((old - new).values())
        if added or removed:
            tables[table] = {"added": added, "removed": removed}
    return {"partial_rows": sum(t["added"] + t["removed"] for t in tables.values()), "tables": tables}


# ------------------------------------------------------------------------------ steps (in children)


def step_migrate(regions: bool) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if regions:
        from sinergi.core.services import Actor
        from sinergi.regions.services import load_regions

        load_regions(Actor.system())


def step_prepare(scenario_name: str, files: str, rows: int, before_path: str) -> dict:
    from tests.killing import scenarios

    scenario = scenarios.SCENARIOS[scenario_name]
    context = scenario.prepare(Path(files), rows)
    with open(before_path, "wb") as out:
        pickle.dump({"rows": table_rows(), "last_audit": last_audit_id(), "context": context}, out)
    return context


def step_reference(scenario_name: str, files: str, before_path: str) -> dict:
    from tests.killing import scenarios

    with open(before_path, "rb") as incoming:
        before = pickle.load(incoming)  # noqa: S301 - our own file
    killer = Killer()
    killer.install()
    started = time.perf_counter()
    result = scenarios.SCENARIOS[scenario_name].run(Path(files), before["context"])
    seconds = time.perf_counter() - started
    return {"writes": killer.writes, "batches": killer.batches, "seconds": round(seconds, 3),
            "result": result,
            "counts": table_counts(), "audit_added": last_audit_count(before["last_audit"]),
            "orphan_audit": orphan_audit_events(before["last_audit"])}


def last_audit_count(since: int) -> int:
    from sinergi.core.models import AuditEvent

    return AuditEvent.objects.filter(pk__gt=since).count()


def step_killed(scenario_name: str, files: str, before_path: str, kill_after: int | None,
                at_commit: bool, kill_inside: tuple[int, int] | None) -> dict:
    """Returns only when the kill point was not reached."""
    from tests.killing import scenarios

    with open(before_path, "rb") as incoming:
        before = pickle.load(incoming)  # noqa: S301
    killer = Killer(kill_after, at_commit, kill_inside)
    killer.install()
    result = scenarios.SCENARIOS[scenario_name].run(Path(files), before["context"])
    return {"not_killed": True, "writes": killer.writes, "result": result}


def step_after_kill(scenario_name: str, files: str, before_path: str) -> dict:
    from tests.killing import scenarios

    with open(before_path, "rb") as incoming:
        before = pickle.load(incoming)  # noqa: S301
    since = before["last_audit"]
    state = compare(before["rows"], table_rows())
    state["audit_added"] = last_audit_count(since)
    state["orphan_audit"] = orphan_audit_events(since)
    started = time.perf_counter()
    result = scenarios.SCENARIOS[scenario_name].run(Path(files), before["context"])
    state["rerun"] = {"seconds": round(time.perf_counter() - started, 3), "result": result,
                      "counts": table_counts(), "audit_added": last_audit_count(since),
                      "orphan_audit": orphan_audit_events(since)}
    return state


# ------------------------------------------------------------------------------ driver


def kill_points(writes: int, batches: list[tuple[int, int]], names: list[str]) -> list[dict]:
    """Each point as {point, kill_after, at_commit, kill_inside}, without repeats."""
    chosen, seen = [], set()
    for name in names:
        point = {"point": name, "kill_after": None, "at_commit": False, "kill_inside": None}
        if name == "commit":
            point["at_commit"] = True
        elif name == "inside":
            bulk = [batch for batch in batches if batch[1] >= BULK]
            if not bulk:
                continue
            largest = max(rows for _number, rows in bulk)
            biggest = [batch for batch in bulk if batch[1] == largest]  # in write order
            number, rows = biggest[len(biggest) // 2]  # of equal batches, the middle one
            point["kill_inside"] = (number, rows // 2)
        else:
            n = {"first": 1, "middle": max(1, (writes + 1) // 2), "last": writes}[name]
            if not writes or n in seen:
                continue
            seen.add(n)
            point["kill_after"] = n
        chosen.append(point)
    return chosen


def run_scenario(store, name: str, workdir: Path, rows: int, points: list[str], log) -> dict:
    from tests.killing import scenarios

    scenario = scenarios.SCENARIOS[name]
    started = time.perf_counter()
    files = workdir / name
    files.mkdir(parents=True, exist_ok=True)
    before_path = str(files / "before.pickle")
    template = f"{name}_template"
    store.copy("regions" if scenario.regions else "migrated", template)
    in_child(store.target(template), step_prepare, name, str(files), rows, before_path).value()
    prepared = time.perf_counter() - started
    scratch = f"{name}_scratch"
    store.copy(template, scratch)
    reference = in_child(store.target(scratch), step_reference, name, str(files), before_path).value()
    store.drop(scratch)
    log(f"{store.vendor} {name}: {reference['writes']} writes in {reference['seconds']:.2f} s, "
        f"result {reference['result']}")
    kills = []
    chosen = kill_points(reference["writes"], reference["batches"], points or scenario.points or POINTS)
    for index, point in enumerate(chosen):
        clock = time.perf_counter()
        if index < len(chosen) - 1:
            store.copy(template, scratch)
        else:  # the last point uses the template itself (it is not needed afterwards)
            scratch = template
        copied = time.perf_counter()
        killed = in_child(store.target(scratch), step_killed, name, str(files), before_path,
                          point["kill_after"], point["at_commit"], point["kill_inside"])
        entry: dict[str, Any] = {**point, "signal": killed.signal, "exit_code": killed.exit_code,
                                 "copy_seconds": round(copied - clock, 2),
                                 "killed_seconds": round(time.perf_counter() - copied, 2)}
        if not killed.killed:
            entry["child"] = killed.payload
        clock = time.perf_counter()
        entry.update(in_child(store.target(scratch), step_after_kill, name, str(files), before_path).value())
        entry["after_seconds"] = round(time.perf_counter() - clock, 2)
        entry["rerun"]["same_result"] = entry["rerun"]["result"] == reference["result"]
        entry["rerun"]["same_counts"] = entry["rerun"]["counts"] == reference["counts"]
        expected = reference["counts"]
        entry["rerun"]["count_differences"] = {
            table: [expected.get(table), count]
            for table, count in entry["rerun"].pop("counts").items() if expected.get(table) != count}
        if scratch != template:
            store.drop(scratch)
        if point["kill_after"]:
            where = f"after write {point['kill_after']}"
        elif point["at_commit"]:
            where = "at commit"
        else:
            where = f"inside write {point['kill_inside'][0]} after {point['kill_inside'][1]} rows"
        log(f"{store.vendor} {name}: killed at {point['point']} ({where}): signal {entry['signal']}, "
            f"partial rows {entry['partial_rows']}, audit added {entry['audit_added']}, orphan audit "
            f"{entry['orphan_audit']}; re-run same result {entry['rerun']['same_result']}, same counts "
            f"{entry['rerun']['same_counts']}, orphan audit {entry['rerun']['orphan_audit']}")
        kills.append(entry)
    store.drop(template)
    reference.pop("counts")
    reference["largest_batch"] = max((rows for _number, rows in reference.pop("batches")), default=0)
    return {"reference": reference, "kills": kills, "prepare_seconds": round(prepared, 2),
            "seconds": round(time.perf_counter() - started, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--scenarios", default="")
    parser.add_argument("--rows", type=int, default=2000, help="activity rows of the realization import")
    parser.add_argument("--points", help=f"kill points, of {', '.join(ALL_POINTS)} (default: "
                        f"{','.join(POINTS)}, or the scenario's own)")
    parser.add_argument("--json", type=Path, help="write the report here (else to stdout)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    args.workdir.mkdir(parents=True, exist_ok=True)
    store = store_for(args.workdir)
    os.environ["DATABASE_URL"] = store.url("migrated")  # never connected to by this process
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    import django

    django.setup()
    from django.conf import settings

    # As in the suite (tests/conftest.py): a fast password hasher (the demo makes accounts).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.killing import scenarios

    names = [n for n in args.scenarios.split(",") if n] or [
        n for n, scenario in scenarios.SCENARIOS.items() if not scenario.control]
    unknown = [n for n in names if n not in scenarios.SCENARIOS]
    if unknown:
        parser.error(f"unknown scenarios {unknown}; known: {', '.join(scenarios.SCENARIOS)}")
    points = [p for p in (args.points or "").split(",") if p]
    if set(points) - set(ALL_POINTS):
        parser.error(f"unknown kill points {sorted(set(points) - set(ALL_POINTS))}")

    def log(line: str) -> None:
        if not args.quiet:
            print(line, file=sys.stderr, flush=True)

    started = time.perf_counter()
    report: dict[str, Any] = {"vendor": store.vendor, "rows": args.rows, "scenarios": {}}
    try:
        store.create("migrated")
        in_child(store.target("migrated"), step_migrate, False).value()
        if any(scenarios.SCENARIOS[n].regions for n in names):
            store.copy("migrated", "regions")
            in_child(store.target("regions"), step_migrate, True).value()
        report["setup_seconds"] = round(time.perf_counter() - started, 2)
        for name in names:
            report["scenarios"][name] = run_scenario(store, name, args.workdir, args.rows, points, log)
    finally:
        store.drop_all()
    report["seconds"] = round(time.perf_counter() - started, 2)
    text = json.dumps(report, indent=1, default=str)
    if args.json:
        args.json.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
