"""Benchmark (issue 5): the report extractor on the development set.

Runs sinergi.extraction.extract over the five example reports (tests/extraction/fixtures, a copy
of ../shared/examples) and prints:
  (1) the scores of bench/score_extraction.py (the project's scoring tool, kept verbatim): per
      field precision / recall / F1 and the micro-averaged F1, against the goal F1 >= 0.9;
  (2) the speed on one core: reports per second over REPEAT passes (after one warm-up pass),
      against the goal >= 50 reports/s.
Each figure is printed as a ratio against its goal (>= 1.0 meets it). Exits 1 when a goal is
missed. No Django, no database: the extractor is a pure library.

Run: .venv/bin/python bench/bench_extraction.py [--repeat 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
FIXTURES = ROOT / "tests" / "extraction" / "fixtures"
F1_GOAL = 0.9
SPEED_GOAL = 50.0


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", ROOT / "bench" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    from sinergi.extraction import extract

    score = load_scorer()
    documents = []
    for path in sorted(FIXTURES.glob("*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text())
        published = dt.date.fromisoformat(gold["_published"]) if gold.get("_published") else None
        documents.append((path.stem, path.read_text(), published, gold))

    totals = {f: [0, 0, 0] for f in score.SCALARS + score.LISTS}
    for name, text, published, gold in documents:
        doc = score.score_doc(gold, extract(text, published).as_json())
        for field, (tp, fp, fn) in doc.items():
            totals[field][0] += tp
            totals[field][1] += fp
            totals[field][2] += fn
        tp, fp, fn = (sum(v[k] for v in doc.values()) for k in range(3))
        print(f"{name:40s} F1 {score.prf(tp, fp, fn)[2]:.3f}")
    print(f"{'field':18s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp/fp/fn")
    for field, (tp, fp, fn) in totals.items():
        p, r, f1 = score.prf(tp, fp, fn)
        print(f"{field:18s} {p:6.3f} {r:6.3f} {f1:6.3f}   {tp}/{fp}/{fn}")
    all_tp, all_fp, all_fn = (sum(v[k] for v in totals.values()) for k in range(3))
    precision, recall, f1 = score.prf(all_tp, all_fp, all_fn)

    for _name, text, published, _gold in documents:  # warm-up (regex compilation, registry)
        extract(text, published)
    started = time.perf_counter()
    for _ in range(args.repeat):
        for _name, text, published, _gold in documents:
            extract(text, published)
    elapsed = time.perf_counter() - started
    rate = args.repeat * len(documents) / elapsed

    print(f"overall F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f}) = {f1 / F1_GOAL:.2f}x the goal "
          f"F1 {F1_GOAL}")
    print(f"speed {rate:.0f} reports/s on one core = {rate / SPEED_GOAL:.2f}x the goal {SPEED_GOAL:.0f}/s")
    ok = f1 >= F1_GOAL and rate >= SPEED_GOAL
    print("verdict:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
