"""Accuracy of the qualitative checks: the dev sample beside every held-out set, in one run.

Runs kaohe on every labelled case of ``../shared/corpus/dev`` and of each held-out set
under ``heldout/`` (written blind, see heldout/README.md) and prints, per set: precision,
recall and F1 (positive = met or partial), the four-way status agreement, false "met"
(items the reviewer marked not_met that kaohe proposes met or partial, of the not_met
items and of all items), the share of correct citations (a met item citing one of the
files the reviewer named) and whether every quote is found verbatim in the text read from
its file. The last lines compare dev with the held-out sets.

Per-item lines (``-v``) are printed for dev and for the held-out sets whose README allows
developers to read them (``folders``); the other held-out sets show figures only, also
per behaviour of reading, so they stay out of tuning.

    python benchmarks/accuracy.py [--set dev|folders|behaviour|public ...] [-v]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.readcase import read_case  # noqa: E402
from pipeline.run import run_case  # noqa: E402

POSITIVE = {"met", "partial"}
DEV = REPO.parent / "shared" / "corpus" / "dev"
HELDOUT = REPO / "heldout"
READABLE = {"dev", "folders", "items", "probe", "traps", "traps2", "traps3", "traps4", "traps5", "traps6", "traps7", "tables"}   # sets whose per-item lines developers may read (heldout/README.md)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def corpora(names: list[str] | None) -> list[tuple[str, Path]]:
    found = [("dev", DEV)] + [(d.name, d) for d in sorted(HELDOUT.iterdir()) if (d / "labels").is_dir()] \
        if HELDOUT.is_dir() else [("dev", DEV)]
    return [(n, p) for n, p in found if not names or n in names]


def evaluate_case(case_dir: Path, labels: dict, out_root: Path) -> dict:
    started = time.perf_counter()
    run = run_case(case_dir, out_root, progress=False, render=False)
    seconds = time.perf_counter() - started
    by_id = {i["id"]: i for i in run.results["items"]}
    by_text = {squash(i["indicator"]): i for i in run.results["items"]}
    texts = {d.file: squash(d.text) for d in read_case(case_dir, progress=False)}
    s = Counter()
    rows, wrong_rules = [], Counter()
    for lab in labels["items"]:
        got = by_id.get(lab.get("id")) or by_text.get(squash(lab["indicator"]))
        expected = lab["expected"]
        status = got["status"] if got else "MISSING"
        s["n"] += 1
        s["agree"] += expected == status
        pos_e, pos_g = expected in POSITIVE, status in POSITIVE
        s["tp"] += pos_e and pos_g
        s["fp"] += pos_g and not pos_e
        s["fn"] += pos_e and not pos_g
        if expected == "not_met":
            s["hard_neg"] += 1
            s["false_met"] += pos_g
        if pos_e != pos_g:
            for r in lab.get("rules") or ["-"]:
                wrong_rules[str(r)] += 1
        if got and pos_e and pos_g:
            s["cite_total"] += 1
            s["cite_ok"] += bool({c["file"] for c in got["citations"]} & set(lab["files"]))
        for c in (got or {}).get("citations", []):
            s["quotes"] += 1
            s["quotes_found"] += squash(c["quote"]) in texts.get(c["file"], "")
        mark = "" if expected == status else "  <-- " + lab.get("why", "")
        rows.append((lab.get("key", ""), lab.get("id", ""), expected, status,
                     (got["reason"][:90] if got else "indicator not found") + mark))
    return {"case": case_dir.name, "stats": s, "rows": rows, "rules": wrong_rules, "seconds": seconds}


def prf(s: Counter) -> tuple[float, float, float]:
    p = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
    r = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def line(name: str, s: Counter, seconds: float) -> str:
    p, r, f1 = prf(s)
    return (f"{name:22} {s['n']:5} {p:6.3f} {r:6.3f} {f1:6.3f} {s['agree']:>4}/{s['n']:<4} "
            f"{s['false_met']:>4}/{s['hard_neg']:<5} {s['cite_ok']:>4}/{s['cite_total']:<5} "
            f"{s['quotes_found']:>4}/{s['quotes']:<5} {seconds:6.1f}s")


HEADER = (f"{'set / case':22} {'items':>5} {'P':>6} {'R':>6} {'F1':>6} {'status':>9} {'false met':>10} "
          f"{'citations':>10} {'quotes':>10} {'time':>7}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", dest="sets", action="append", help="only these sets (dev, folders, …)")
    ap.add_argument("--verbose", "-v", action="store_true", help="per-item lines (readable sets only)")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="cases run at once (default: cores)")
    args = ap.parse_args()
    results: dict[str, tuple[Counter, float, Counter]] = {}
    print(HEADER)
    with tempfile.TemporaryDirectory() as out, ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for name, root in corpora(args.sets):
            total, seconds, rules = Counter(), 0.0, Counter()
            jobs = []
            for lf in sorted((root / "labels").glob("*.json")):
                labels = json.loads(lf.read_text(encoding="utf-8"))
                case_dir = root / "cases" / labels["case"]
                jobs.append((labels, pool.submit(evaluate_case, case_dir, labels, Path(out) / name)))
            for labels, job in jobs:
                r = job.result()
                total.update(r["stats"])
                rules.update(r["rules"])
                seconds += r["seconds"]
                if args.verbose:
                    print(line(f"  {labels['case']}"[:22], r["stats"], r["seconds"]))
                    if name in READABLE:
                        for key, item_id, exp, got, reason in r["rows"]:
                            print(f"    {key:10} {item_id:6} {exp:12} {got:12} {reason}")
            results[name] = (total, seconds, rules)
            print(line(name, total, seconds))
            if name != "dev" and rules:
                print("  " + name + " errors by behaviour: " + ", ".join(f"{k}:{v}" for k, v in sorted(rules.items())))
    held = Counter()
    for name, (s, _, _) in results.items():
        if name != "dev":
            held.update(s)
    if "dev" in results and held:
        dev = results["dev"][0]
        fd, fh = prf(dev)[2], prf(held)[2]
        print(f"dev:      F1={fd:.3f} false_met={dev['false_met']}/{dev['hard_neg']} not_met, of {dev['n']} items")
        print(f"held-out: F1={fh:.3f} false_met={held['false_met']}/{held['hard_neg']} not_met, of {held['n']} items "
              f"({', '.join(n for n in results if n != 'dev')})")
        print(f"gap dev - held-out: {fd - fh:+.3f} (target within 0.03)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
