"""Accuracy of the qualitative checks on labelled cases (../shared/corpus/dev by default).

Runs kaohe on every labelled case and prints, per case and overall:
precision, recall and F1 (positive = met or partial), the four-way status
accuracy, false "met" on hard negatives (items a reviewer marked not_met),
the share of correct citations (a met item citing at least one of the files
the reviewer named), and whether every quote is found verbatim in the text
read from its file. The last line is the overall summary.

    python benchmarks/accuracy.py [--corpus DIR] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.readcase import read_case  # noqa: E402
from pipeline.run import run_case  # noqa: E402

POSITIVE = {"met", "partial"}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def evaluate_case(case_dir: Path, labels: dict, out_root: Path, verbose: bool) -> dict:
    started = time.perf_counter()
    run = run_case(case_dir, out_root, progress=False, render=False)
    seconds = time.perf_counter() - started
    items = {squash(i["indicator"]): i for i in run.results["items"]}
    texts = {d.file: squash(d.text) for d in read_case(case_dir, progress=False)}
    tp = fp = fn = tn = agree = hard_neg = false_met = 0
    cite_ok = cite_total = 0
    quotes = quotes_found = 0
    rows = []
    for lab in labels["items"]:
        got = items.get(squash(lab["indicator"]))
        if got is None:
            rows.append((lab["key"], lab["expected"], "MISSING", "indicator not found in results"))
            fn += lab["expected"] in POSITIVE
            continue
        expected, status = lab["expected"], got["status"]
        agree += expected == status
        pos_e, pos_g = expected in POSITIVE, status in POSITIVE
        tp += pos_e and pos_g
        fp += pos_g and not pos_e
        fn += pos_e and not pos_g
        tn += not pos_e and not pos_g
        if expected == "not_met":
            hard_neg += 1
            false_met += pos_g
        if pos_e and pos_g:
            cite_total += 1
            cited = {c["file"] for c in got["citations"]}
            cite_ok += bool(cited & set(lab["files"]))
        for c in got["citations"]:
            quotes += 1
            quotes_found += squash(c["quote"]) in texts.get(c["file"], "")
        mark = "" if expected == status else "  <-- " + lab.get("why", "")
        rows.append((lab["key"], expected, status, got["reason"][:90] + mark))
    if verbose:
        for key, exp, got_s, reason in rows:
            print(f"  {key:4} {exp:12} {got_s:12} {reason}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"case": case_dir.name, "n": len(labels["items"]), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": p, "recall": r, "f1": f1, "agree": agree, "hard_neg": hard_neg,
            "false_met": false_met, "cite_ok": cite_ok, "cite_total": cite_total,
            "quotes": quotes, "quotes_found": quotes_found, "seconds": seconds}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    label_files = sorted((args.corpus / "labels").glob("*.json"))
    if not label_files:
        print(f"no labels under {args.corpus}/labels", file=sys.stderr)
        return 2
    stats = []
    with tempfile.TemporaryDirectory() as out:
        for lf in label_files:
            labels = json.loads(lf.read_text(encoding="utf-8"))
            case_dir = args.corpus / "cases" / labels["case"]
            if args.verbose:
                print(f"{labels['case']} ({labels['form']}, {labels['year']})")
            stats.append(evaluate_case(case_dir, labels, Path(out), args.verbose))
    print(f"{'case':8} {'items':>5} {'P':>6} {'R':>6} {'F1':>6} {'status':>7} {'false met':>10} "
          f"{'citations':>10} {'quotes':>8} {'time':>6}")
    for s in stats:
        print(f"{s['case']:8} {s['n']:5} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
              f"{s['agree']:>3}/{s['n']:<3} {s['false_met']:>4}/{s['hard_neg']:<5} "
              f"{s['cite_ok']:>4}/{s['cite_total']:<5} {s['quotes_found']:>3}/{s['quotes']:<4} {s['seconds']:5.1f}s")
    tp, fp, fn = (sum(s[k] for s in stats) for k in ("tp", "fp", "fn"))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    n = sum(s["n"] for s in stats)
    print(f"overall: F1={f1:.3f} P={p:.3f} R={r:.3f} status={sum(s['agree'] for s in stats)}/{n} "
          f"false_met={sum(s['false_met'] for s in stats)}/{sum(s['hard_neg'] for s in stats)} "
          f"citations={sum(s['cite_ok'] for s in stats)}/{sum(s['cite_total'] for s in stats)} "
          f"quotes={sum(s['quotes_found'] for s in stats)}/{sum(s['quotes'] for s in stats)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
