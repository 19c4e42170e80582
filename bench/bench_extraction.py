"""Benchmark (issues 5 and 18): the report extractor on three sets of real reports.

  * the development set: the five example reports (tests/extraction/fixtures, a copy of
    ../shared/examples);
  * the corpus (tests/extraction/corpus/): real reports of other regions, outlets and years,
    annotated by hand, split into the part rules may be tuned on and the held-out part
    (HELDOUT-*.txt lists its reports: never tuned on, measured only).

For each set it prints bench/score_extraction.py's figures (the project's scoring tool, kept
verbatim): per field precision / recall / F1 and the micro-averaged F1; then the speed on one
core over the development set and the corpus together. Goals (issue 18): the development set
F1 >= 0.95; the held-out part F1 >= 0.85 with no field below 0.70; >= 200 reports/s. Each figure
is printed as a ratio against its goal (>= 1.0 meets it); exits 1 when a goal is missed.
No Django, no database: the extractor is a pure library.

Run: .venv/bin/python bench/bench_extraction.py [--repeat 10] [--per-doc]
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
CORPUS = ROOT / "tests" / "extraction" / "corpus"
DEV_GOAL = 0.95
HELDOUT_GOAL = 0.85
FIELD_FLOOR = 0.70
SPEED_GOAL = 200.0


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", ROOT / "bench" / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _documents(reports: Path, annotations: Path, names: set[str] | None = None,
               exclude: set[str] = frozenset()):
    documents = []
    for path in sorted(reports.glob("*.txt")):
        if (names is not None and path.stem not in names) or path.stem in exclude:
            continue
        gold_path = annotations / f"{path.stem}.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text())
        published = dt.date.fromisoformat(gold["_published"]) if gold.get("_published") else None
        documents.append((path.stem, path.read_text(), published, gold))
    return documents


def heldout_names() -> set[str]:
    names: set[str] = set()
    for listing in CORPUS.glob("HELDOUT*.txt"):
        names |= {line.strip() for line in listing.read_text().splitlines() if line.strip()}
    return names


def score_set(score, extract, title: str, documents, per_doc: bool) -> tuple[float, dict[str, float]]:
    totals = {f: [0, 0, 0] for f in score.SCALARS + score.LISTS}
    for name, text, published, gold in documents:
        doc = score.score_doc(gold, extract(text, published).as_json())
        for field, (tp, fp, fn) in doc.items():
            for k, v in enumerate((tp, fp, fn)):
                totals[field][k] += v
        if per_doc:
            tp, fp, fn = (sum(v[k] for v in doc.values()) for k in range(3))
            print(f"  {name:48s} F1 {score.prf(tp, fp, fn)[2]:.3f}")
    print(f"{title} ({len(documents)} reports)")
    print(f"  {'field':18s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp/fp/fn")
    fields = {}
    for field, (tp, fp, fn) in totals.items():
        p, r, f1 = score.prf(tp, fp, fn)
        fields[field] = f1 if tp + fp + fn else 1.0
        print(f"  {field:18s} {p:6.3f} {r:6.3f} {f1:6.3f}   {tp}/{fp}/{fn}")
    all_tp, all_fp, all_fn = (sum(v[k] for v in totals.values()) for k in range(3))
    precision, recall, f1 = score.prf(all_tp, all_fp, all_fn)
    print(f"  overall F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f})")
    return f1, fields


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--per-doc", action="store_true")
    args = parser.parse_args()
    from sinergi.extraction import extract

    score = load_scorer()
    dev = _documents(FIXTURES, FIXTURES)
    held = heldout_names()
    tuned = _documents(CORPUS / "reports", CORPUS / "annotations", exclude=held)
    heldout = _documents(CORPUS / "reports", CORPUS / "annotations", names=held)

    dev_f1, _ = score_set(score, extract, "development set", dev, args.per_doc)
    tuned_f1, _ = (score_set(score, extract, "corpus, tuned part", tuned, args.per_doc)
                   if tuned else (None, {}))
    held_f1, held_fields = (score_set(score, extract, "corpus, held-out part", heldout, args.per_doc)
                            if heldout else (None, {}))

    everything = dev + tuned + heldout
    for _name, text, published, _gold in everything:  # warm-up (regex compilation, registry)
        extract(text, published)
    started = time.perf_counter()
    for _ in range(args.repeat):
        for _name, text, published, _gold in everything:
            extract(text, published)
    rate = args.repeat * len(everything) / (time.perf_counter() - started)

    print(f"development set F1 {dev_f1:.3f} = {dev_f1 / DEV_GOAL:.2f}x the goal {DEV_GOAL}")
    ok = dev_f1 >= DEV_GOAL
    if held_f1 is not None:
        weakest = min(held_fields, key=held_fields.get)
        print(f"held-out F1 {held_f1:.3f} = {held_f1 / HELDOUT_GOAL:.2f}x the goal {HELDOUT_GOAL}; "
              f"weakest field {weakest} {held_fields[weakest]:.3f} = "
              f"{held_fields[weakest] / FIELD_FLOOR:.2f}x the floor {FIELD_FLOOR}")
        ok = ok and held_f1 >= HELDOUT_GOAL and held_fields[weakest] >= FIELD_FLOOR
    if tuned_f1 is not None:
        print(f"corpus (tuned part) F1 {tuned_f1:.3f}")
    print(f"speed {rate:.0f} reports/s on one core ({len(everything)} reports) = "
          f"{rate / SPEED_GOAL:.2f}x the goal {SPEED_GOAL:.0f}/s")
    ok = ok and rate >= SPEED_GOAL
    print("verdict:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
