"""Killed mid-import: nothing lost, nothing half-written (issue 14).

Every import — the quarterly realization workbook (new drafts: the bulk insert path; changed
drafts with outputs: save_drafts), the annual plan, the unit workbook, the cooperation registry,
`sinergi load_demo`, inviting all kecamatan at once and an RSVP — is run in a child process
that kills itself with SIGKILL right after its first write statement, after the middle one,
in the middle of its largest executemany (when it has one of 100 rows or more) and at the
commit (everything written, nothing committed); see tests/killing/run_killed.py. After each
kill: every table holds exactly the rows it held before (a digest per row: 0 rows added or
removed), no audit event was added (and none points at a missing object), and the same import
run again succeeds with the result, the row counts of every table and the audit events of an
import that was never killed.

The database is the suite's: SQLite files under tmp_path, or scratch databases on the
PostgreSQL server of DATABASE_URL (created from a template, dropped after). A control that is
not all or nothing (three separate transactions) shows that the measure sees a half-written
write.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
IMPORTS = ["realization", "realization_changes", "plan", "units", "cooperation", "demo", "invite", "rsvp"]
ROWS = 1000  # activity rows of the realization workbook (bench/bench_kill_import.py: 50,000)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    workdir = tmp_path_factory.mktemp("killed")
    out = workdir / "report.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "tests" / "killing" / "run_killed.py"), "--workdir", str(workdir),
         "--rows", str(ROWS), "--scenarios", ",".join([*IMPORTS, "control"]), "--json", str(out), "--quiet"],
        env=env, capture_output=True, text=True, timeout=1200, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(out.read_text())


def test_the_suites_database(report):
    assert report["vendor"] == connection.vendor


@pytest.mark.parametrize("name", IMPORTS)
def test_the_import_writes_when_not_killed(report, name):
    reference = report["scenarios"][name]["reference"]
    result = reference["result"]
    assert result.get("errors", []) == [] and result.get("applied", True), result
    assert reference["writes"] > 0
    assert reference["audit_added"] > 0
    assert reference["orphan_audit"] == 0


@pytest.mark.parametrize("name", IMPORTS)
def test_killed_import_leaves_nothing_and_runs_again(report, name):
    scenario = report["scenarios"][name]
    reference = scenario["reference"]
    kills = scenario["kills"]
    points = {kill["point"] for kill in kills}
    assert {"first", "commit"} <= points
    if reference["writes"] > 1:
        assert "middle" in points
    if name == "realization":  # the bulk insert: killed inside its executemany too
        assert "inside" in points
    for kill in kills:
        where = f"{name} killed at {kill['point']}"
        assert kill["signal"] == signal.SIGKILL, f"{where}: the kill point was not reached ({kill})"
        assert kill["partial_rows"] == 0, f"{where}: rows left: {kill['tables']}"
        assert kill["audit_added"] == 0, where
        assert kill["orphan_audit"] == 0, where
        rerun = kill["rerun"]
        assert rerun["same_result"], f"{where}: re-run {rerun['result']} != {reference['result']}"
        assert rerun["same_counts"], f"{where}: re-run row counts differ: {rerun['count_differences']}"
        assert rerun["audit_added"] == reference["audit_added"], where
        assert rerun["orphan_audit"] == 0, where


def test_the_measure_sees_a_half_written_write(report):
    """The control writes three officials in three transactions: killed after its third write,
    the first official and its audit event stay, and running it again duplicates them."""
    (kill,) = report["scenarios"]["control"]["kills"]
    assert kill["signal"] == signal.SIGKILL
    assert kill["partial_rows"] == 2
    assert set(kill["tables"]) == {"regions_official", "core_auditevent"}
    assert kill["audit_added"] == 1
    assert not kill["rerun"]["same_result"]
    assert not kill["rerun"]["same_counts"]
