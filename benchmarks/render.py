"""Benchmark rendering: time against the number of documents, with the fitted exponent.

    .venv/bin/python benchmarks/render.py [--sizes 100,400,1600] [--form duikou] [--repeat 1]

For each size N it builds a results.json of the whole form (every item, a spread
of statuses) over N documents — every document in the 文件清单, every item citing
a few of them, one document in twenty unreadable — and times, in a fresh output
folder, every output a run writes: the filled form, the 佐证核查报告 (.html and
.docx), the 补充材料清单 and review.xlsx (created, then merged a second time as a
later run does). Each stage is timed on its own, so a stage that is not linear
shows in its own exponent. The exponent is the least-squares slope of
log(time) against log(N) over all sizes, and between the two largest (where the
fixed cost of the form's ~100 items weighs least); linear cost gives 1.0. All sizes run in one process, one
after another, so the ratios are measured in one run on the same machine state.

Target: exponent <= 1.1 for every stage.
"""
from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.render.case import case_view                      # noqa: E402
from pipeline.render.context import _rows                       # noqa: E402
from pipeline.render.form_docx import render_form               # noqa: E402
from pipeline.render.report import render_report_docx, render_report_html  # noqa: E402
from pipeline.render.supplement import render_supplement        # noqa: E402
from pipeline.rulebook.loader import load_form                  # noqa: E402

YEARS = {"yilianti": 2017, "duikou": 2015}
STATUSES = ["met", "partial", "not_met", "no_evidence", "met"]


def make_results(form_id: str, n_docs: int) -> dict:
    form = load_form(form_id, YEARS[form_id])
    documents = []
    for i in range(n_docs):
        bad = i % 20 == 19
        documents.append({
            "file": f"资料{i // 100:02d}/{i:05d}-关于印发对口支援工作第{i}号文件的通知.pdf",
            "sha256": f"{i:064x}", "kind": "通知", "title": f"关于印发对口支援工作第{i}号文件的通知",
            "doc_number": f"某卫发〔2015〕{i}号", "issuer": "西岭市人民医院", "date": "2015-03-01",
            "draft": False, "error": "文件已损坏，无法打开" if bad else None})
    readable = [d for d in documents if not d["error"]] or documents
    items = []
    # citations per item grow with the case, as they do when more documents match
    per_item = max(1, n_docs // 50)
    for n, (_, item, cost) in enumerate(_rows(form)):
        if cost is not None:
            items.append({"id": cost.id, "indicator": cost.indicator, "type": "quantitative", "max": 0,
                          "score": 0, "status": "met", "reason": "费用情况已填写完整，不扣分", "citations": [],
                          "bonus": 0, "self_score": None, "flags": [], "figures": {}})
            continue
        status = "partial" if item.bands else STATUSES[n % len(STATUSES)]
        score = {"met": item.max, "partial": item.bands[1].points if item.bands else item.max / 2,
                 "not_met": 0, "no_evidence": 0}[status]
        cites = [{"file": readable[(n * 7 + k) % len(readable)]["file"], "page": 1 + k % 9,
                  "locator": f"第{k + 3}段", "quote": f"经研究决定，落实第{n}项工作要求，全年开展{k + 2}次。",
                  "context_before": "会议听取了各部门的工作汇报。", "context_after": "会议要求按时报送进展。"}
                 for k in range(per_item if status != "no_evidence" else 0)]
        items.append({"id": item.id, "indicator": item.indicator, "type": item.type, "max": item.max,
                      "score": score, "status": status, "reason": "依据所列文件核查。" if status != "met" else "",
                      "citations": cites, "bonus": 0, "self_score": None, "flags": [], "figures": {}})
    return {"schema": 1, "case": f"基准{n_docs}", "case_dir": f"/benchmark/inbox/基准{n_docs}",   # links timed too
            "form": form_id, "year": YEARS[form_id],
            "units": {"支援医院": "西岭市人民医院", "受援医院": "梅林县人民医院"},
            "documents": documents, "items": items,
            "problems": [{"file": d["file"], "stage": "read", "message": d["error"]}
                         for d in documents if d["error"]]}


def time_stages(form, results: dict, out: Path) -> dict[str, float]:
    t: dict[str, float] = {}
    start = time.perf_counter()
    view, _ = case_view(out, form, results)          # creates review.xlsx
    t["review.xlsx"] = time.perf_counter() - start
    start = time.perf_counter()
    view, _ = case_view(out, form, results)          # merges it again, as a later run does
    t["review.xlsx"] += time.perf_counter() - start
    for name, fn in (("form", render_form), ("report.html", render_report_html),
                     ("report.docx", render_report_docx), ("letter", render_supplement)):
        start = time.perf_counter()
        fn(view, out)
        t[name] = time.perf_counter() - start
    t["all"] = sum(t.values())
    return t


def slope(xs: list[float], ys: list[float]) -> float:
    lx = [math.log(x) for x in xs]
    ly = [math.log(max(y, 1e-6)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,400,1600", help="numbers of documents, comma-separated")
    ap.add_argument("--form", default="duikou", choices=sorted(YEARS))
    ap.add_argument("--repeat", type=int, default=1, help="best of this many passes per size")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    form = load_form(args.form, YEARS[args.form])
    rows: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="kaohe-render-bench-") as tmp:
        for n in sizes:
            results = make_results(args.form, n)
            best: dict[str, float] = {}
            for r in range(args.repeat):
                got = time_stages(form, results, Path(tmp) / f"{n}-{r}")
                best = {k: min(v, best.get(k, math.inf)) for k, v in got.items()}
            rows[n] = best
            print(f"  N={n:>6}: " + "  ".join(f"{k} {v:.2f}s" for k, v in best.items()), flush=True)
    stages = list(next(iter(rows.values())))
    print()
    print(f"render time against the number of documents (form {args.form}, one run)")
    print(f"{'stage':<12}" + "".join(f"{f'N={n}':>12}" for n in sizes) + f"{'exponent':>10}{'last two':>10}")
    worst = 0.0
    for s in stages:
        ys = [rows[n][s] for n in sizes]
        k = slope(sizes, ys) if len(sizes) > 1 else float("nan")
        # the slope between the two largest sizes, where fixed costs weigh least
        tail = slope(sizes[-2:], ys[-2:]) if len(sizes) > 1 else float("nan")
        worst = max(worst, k, tail) if s != "all" else worst
        print(f"{s:<12}" + "".join(f"{y:>11.2f}s" for y in ys) + f"{k:>10.2f}{tail:>10.2f}")
    per = [rows[n]["all"] / n * 1000 for n in sizes]
    print(f"{'ms/document':<12}" + "".join(f"{p:>12.2f}" for p in per))
    print(f"\nworst stage exponent {worst:.2f} (target <= 1.1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
