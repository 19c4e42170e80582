"""Concurrent editors against a real server: many client processes edit the same records through
the API (a realization draft, a follow-up's progress, a meeting's minutes, an agreement) with
fresh and stale versions, against gunicorn with several workers on SQLite or PostgreSQL.

Used by tests/test_concurrent_edits.py (a bounded run in `make test`) and by
bench/bench_concurrent_edits.py (100 clients). What is counted:
- requests, successes (200), conflicts (409 with the stale-edit message), errors (anything else:
  5xx, a refused connection, "database is locked" in any answer);
- lost updates: two successes from the same base version of one record, a record whose version
  grew by a different number than its successes, or whose stored text is not the last success's.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STALE_MESSAGES = ("changed by someone else", "diubah oleh pengguna lain")


@dataclass
class Target:
    """One record edited by everyone: how to read its version and how to write it."""

    name: str
    read: str              # GET path answering {"version": ...} (or a list holding it)
    method: str
    write: str             # path of the write
    body: dict             # the write's JSON without version/text
    text_key: str          # the field each client writes its own text into
    version_key: str = "version"
    pick_id: int | None = None  # the read answers a list: the item with this id


@dataclass
class Figures:
    requests: int = 0
    successes: int = 0
    conflicts: int = 0
    errors: int = 0
    lost_updates: int = 0
    error_samples: list[str] = field(default_factory=list)
    per_target: dict = field(default_factory=dict)

    def line(self) -> str:
        return (f"{self.requests} requests, {self.successes} saved, "
                f"{self.conflicts} conflicts detected (409), {self.errors} errors, "
                f"{self.lost_updates} lost updates")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(base: str, token: str, method: str, path: str, body: dict | None = None,
             timeout: float = 60) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
               "Accept-Language": "id"}
    request = urllib.request.Request(  # noqa: S310 (http on loopback)
        base + path, data=data, method=method.upper(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return 0, repr(exc)


def _record(text: str, pick_id: int | None = None) -> dict:
    data = json.loads(text)
    if pick_id is not None and isinstance(data, list):
        data = next(item for item in data if item["id"] == pick_id)
    return data


def _version(text: str, key: str = "version", pick_id: int | None = None) -> int:
    return int(_record(text, pick_id)[key])


_BARRIER = None


def _share_barrier(barrier) -> None:
    global _BARRIER
    _BARRIER = barrier


def _client(args) -> list[tuple]:
    """One editor process: for each round, read the version (or keep a stale one), wait for
    everyone, write. Returns (target, base version, status, body, text written, new version)."""
    index, base, token, targets, rounds, barrier = args
    barrier = barrier or _BARRIER
    results = []
    for round_number in range(rounds):
        for target in targets:
            status, text = _request(base, token, "get", target.read)
            barrier.wait(timeout=300)   # everyone read: now everyone writes at once
            if status != 200:
                results.append((target.name, -1, status, text[:300], "", -1))
                continue
            version = _version(text, target.version_key, target.pick_id)
            stale = index % 4 == 3 and version > 1   # a quarter of the editors hold an old form
            base_version = version - 1 if stale else version
            mine = f"editor {index} round {round_number}"
            body = {**target.body, target.text_key: mine, "version": base_version}
            status, text = _request(base, token, target.method, target.write, body)
            new_version = _version(text, target.version_key, target.pick_id) if status == 200 else -1
            results.append((target.name, base_version, status, text[:300], mine, new_version))
    return results


def run_editors(base: str, token: str, targets: list[Target], clients: int,
                rounds: int) -> tuple[Figures, dict]:
    """Start `clients` processes editing `targets` for `rounds` rounds; return the figures and
    each target's successes as (new version, text)."""
    # "spawn": fresh interpreters. A fork of a test process that runs threads (a live server,
    # a worker) can inherit a held lock and die or hang, and a pool then waits for ever.
    context = multiprocessing.get_context("spawn")
    # The barrier is handed to each worker when it starts (a semaphore-based one: a manager's
    # proxy served 100 waiting clients badly), one task per worker.
    barrier = context.Barrier(clients)
    with context.Pool(clients, initializer=_share_barrier, initargs=(barrier,)) as pool:
        pending = pool.map_async(_client, [(i, base, token, targets, rounds, None)
                                           for i in range(clients)], chunksize=1)
        outcomes = pending.get(timeout=900)  # never wait for ever on a lost client
    figures = Figures()
    successes: dict[str, list[tuple[int, int, str]]] = {t.name: [] for t in targets}
    for results in outcomes:
        for name, base_version, status, body, mine, new_version in results:
            figures.requests += 1
            if status == 200:
                figures.successes += 1
                successes[name].append((base_version, new_version, mine))
            elif status == 409 and any(m in body.lower() for m in STALE_MESSAGES):
                figures.conflicts += 1
            else:
                figures.errors += 1
                if len(figures.error_samples) < 10:
                    figures.error_samples.append(f"{name} {status}: {body[:200]}")
            if "database is locked" in body:
                figures.errors += 1
    for name, rows in successes.items():
        bases = Counter(base for base, _new, _text in rows)
        figures.lost_updates += sum(n - 1 for n in bases.values() if n > 1)
        figures.per_target[name] = {"saved": len(rows), "from versions": dict(bases),
                                    "to versions": sorted(new for _b, new, _t in rows)}
    return figures, successes


def check_final_state(base: str, token: str, targets: list[Target], initial: dict[str, int],
                      successes: dict, text_of) -> int:
    """Lost updates seen in the stored records: version growth != successes, or the stored text
    is not the last success's. `text_of(target, json)` reads the stored text."""
    lost = 0
    for target in targets:
        if target.name not in successes:
            continue
        status, text = _request(base, token, "get", target.read)
        if status != 200:
            raise RuntimeError(f"reading {target.name} after the run: {status} {text[:300]}")
        data = _record(text, target.pick_id)
        rows = successes[target.name]
        grown = int(data[target.version_key]) - initial[target.name]
        if grown != len(rows):
            lost += abs(grown - len(rows))
        stored = text_of(target, data)
        if rows and stored is not None:
            last = max(rows, key=lambda r: r[1])
            if stored != last[2]:
                lost += 1
    return lost


class Server:
    """gunicorn serving Sinergi on a free loopback port with `workers` workers."""

    def __init__(self, env: dict, workers: int = 4) -> None:
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.process: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 (our own server, loopback only)
            [gunicorn, "sinergi.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers),
             "--timeout", "120", "--log-level", "warning"],
            # Its log goes to a file: a pipe nobody reads fills up (every 409 is logged as a
            # warning) and then blocks every worker.
            env=self.env, stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer /healthz")

    def errors(self) -> str:
        """The server's log: Python tracebacks and gunicorn's own errors."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def prepare(env: dict) -> dict:
    """Migrate the database of `env`, load the demo, make a token and the records to edit (run
    in a subprocess so that this process keeps no connection). Returns the targets' ids and the
    token."""
    script = r'''
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from sinergi.demo.loader import load_demo
load_demo()
from sinergi.accounts.models import User
from sinergi.accounts.services import create_token
from sinergi.core.services import Actor
from sinergi.monitoring.models import Realization
from sinergi.meetings.models import FollowUp, Meeting
from sinergi.cooperation.models import Agreement
token = create_token(Actor.system(), User.objects.get(username="admin"), "concurrency")[1]
draft = Realization.objects.filter(status="draft").order_by("pk").first()
from sinergi.meetings.models import FollowUpLine
line = (FollowUpLine.objects.filter(status__in=["not_started", "in_progress"],
                                    follow_up__status__in=["open", "in_progress"]).order_by("pk").first())
follow_up = line.follow_up
meeting = Meeting.objects.exclude(status="closed").exclude(status="cancelled").order_by("pk").first()
agreement = Agreement.objects.order_by("pk").first()
print(json.dumps({"token": token, "realization": draft.pk, "follow_up": follow_up.pk,
                  "follow_up_unit": line.unit_id,
                  "follow_up_meeting": follow_up.meeting_id,
                  "meeting": meeting.pk, "agreement": agreement.pk}))
'''
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,  # noqa: S603
                            timeout=600, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def targets_for(ids: dict) -> list[Target]:
    return [
        Target("realization", f"/api/v1/monitoring/realizations/{ids['realization']}", "patch",
               f"/api/v1/monitoring/realizations/{ids['realization']}", {}, "problems"),
        Target("minutes", f"/api/v1/meetings/meetings/{ids['meeting']}/minutes", "put",
               f"/api/v1/meetings/meetings/{ids['meeting']}/minutes", {}, "minutes"),
        Target("agreement", f"/api/v1/cooperation/agreements/{ids['agreement']}", "patch",
               f"/api/v1/cooperation/agreements/{ids['agreement']}", {}, "notes"),
        Target("follow-up", f"/api/v1/meetings/follow-ups?meeting={ids['follow_up_meeting']}", "post",
               f"/api/v1/meetings/follow-ups/{ids['follow_up']}/progress",
               {"status": "in_progress", "progress": 50, "unit": ids["follow_up_unit"]}, "note",
               pick_id=ids["follow_up"]),
    ]


def text_of(target: Target, data: dict) -> str | None:
    """The stored text, where the read shows it (a follow-up's answer has no note: its version
    growth is checked)."""
    return data.get(target.text_key) if target.text_key in data else None


def measure(env: dict, clients: int, rounds: int, workers: int = 4) -> Figures:
    env = {**env, "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "sinergi.settings"}
    ids = prepare(env)
    targets = targets_for(ids)
    with Server(env, workers) as server:
        initial = {t.name: _version(_request(server.base, ids["token"], "get", t.read)[1], t.version_key,
                                    t.pick_id) for t in targets}
        figures, successes = run_editors(server.base, ids["token"], targets, clients, rounds)
        figures.lost_updates += check_final_state(server.base, ids["token"], targets, initial, successes,
                                                  text_of)
    return figures
