"""Benchmark (issue 14, "killed mid-import: nothing lost, nothing half-written"): the quarterly
realization import of 50,000 rows killed with SIGKILL at several points of its write.

Runs tests/killing/run_killed.py (see its docstring: forked children, a kill right after the
first / middle write statement, inside the largest executemany and at the commit, every table's
rows compared with the state before, then the same import again) on the realization workbook of
ROWS activities (the plan built by sinergi.demo.synthetic, as bench_realization_import), and with
--all on the other imports too (plan, units, cooperation registry, load_demo, invitations, RSVP,
the test's sizes). Prints, per import and kill point: partial rows left, audit events added and
orphan audit events after the kill, whether the next import gave the unkilled import's result
and row counts, and the times. Exits 1 when anything was left or the next import differed.

Run: .venv/bin/python bench/bench_kill_import.py [--rows 50000] [--all]
Uses temporary SQLite files unless DATABASE_URL is set (then scratch databases on that server).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OTHERS = "realization_changes,plan,units,cooperation,demo,invite,rsvp"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--all", action="store_true", help="the other imports too")
    args = parser.parse_args()
    scenarios = "realization" + ("," + OTHERS if args.all else "")
    with tempfile.TemporaryDirectory(prefix="sinergi-kill-") as workdir:
        out = Path(workdir) / "report.json"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
        done = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, str(ROOT / "tests" / "killing" / "run_killed.py"), "--workdir", workdir,
             "--rows", str(args.rows), "--scenarios", scenarios, "--json", str(out)],
            env=env, check=False)
        if done.returncode != 0:
            print("FAIL: the run did not finish")
            return 1
        report = json.loads(out.read_text())
    failures = 0
    print(f"\n{report['vendor']}, realization rows {report['rows']:,}, {report['seconds']:.0f} s in all "
          f"(migrate {report['setup_seconds']:.0f} s)")
    print(f"{'import':<20} {'writes':>6} {'kill point':<28} {'partial':>7} {'audit+':>6} {'orphan':>6} "
          f"{'re-run':<8} {'killed s':>8} {'re-run s':>8}")
    for name, scenario in report["scenarios"].items():
        reference = scenario["reference"]
        print(f"{name:<20} {reference['writes']:>6} {'(not killed)':<28} {'':>7} "
              f"{reference['audit_added']:>6} {reference['orphan_audit']:>6} {'':<8} {'':>8} "
              f"{reference['seconds']:>8.2f}")
        for kill in scenario["kills"]:
            rerun = kill["rerun"]
            if kill["kill_after"]:
                where = f"{kill['point']}: after write {kill['kill_after']}"
            elif kill["at_commit"]:
                where = "commit: all written"
            else:
                where = f"inside: write {kill['kill_inside'][0]}, row {kill['kill_inside'][1]:,}"
            same = rerun["same_result"] and rerun["same_counts"] and rerun["orphan_audit"] == 0
            ok = (kill["signal"] == 9 and kill["partial_rows"] == 0 and kill["audit_added"] == 0
                  and kill["orphan_audit"] == 0 and same)
            failures += not ok
            print(f"{'':<20} {'':>6} {where:<28} {kill['partial_rows']:>7} {kill['audit_added']:>6} "
                  f"{kill['orphan_audit']:>6} {'same' if same else 'DIFFERS':<8} "
                  f"{kill['killed_seconds']:>8.2f} {rerun['seconds']:>8.2f}")
    if failures:
        print(f"FAIL: {failures} kill point(s) left rows behind or changed the next import")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
