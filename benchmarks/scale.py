"""Benchmark how a run's cost grows with the number of files: time per file, stage by stage.

    .venv/bin/python benchmarks/scale.py [--sizes 100,1000,3000] [--zip 6000] [--timeout 1200]

For each size a case of that many small evidence files (half .docx, half .txt:
notices, minutes and plans of the two hospitals, each different) is built once
under the system temp dir, then run in a fresh child process through the three
stages of ``kaohe run``, timed separately:

  read              read_case (no cache; worker processes as in a real run)
  extract/evaluate  公文 structure, every item's checks, the figures, results.json's content
  render            the filled form, the report (.html/.docx), the letter and review.xlsx

``--zip N`` adds a case that is one zip archive of N members. A stage still
running after ``--timeout`` seconds is stopped and shown as "> T s"; the time
per file of each stage is printed with its ratio to the smallest size, so a
stage whose cost grows faster than the number of files stands out (a ratio
well above 1.0).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUILD_VERSION = 1
UNITS = {"支援医院": "东江市第一人民医院", "受援医院": "青石县人民医院"}
_TOPICS = ["对口支援工作", "派驻医师管理", "进修人员培训", "远程会诊", "临床专科建设", "双向转诊", "绩效考核",
           "医疗质量控制", "护理管理", "院感防控", "信息报送", "帮扶计划"]
_KINDS = ["通知", "会议纪要", "工作计划", "工作总结", "管理制度", "实施方案"]
_SENTENCES = ["东江市第一人民医院派驻{n}名医师到青石县人民医院开展{t}。",
              "会议研究了{t}中存在的问题，明确了下一阶段的任务分工。",
              "受援医院选派{n}名业务骨干到支援医院进修学习，为期六个月。",
              "双方每季度召开一次{t}联席会议，通报工作进展。",
              "支援医院专家团队开展带教查房{n}次，指导手术{n}台。"]

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
       '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def lines_for(i: int, rng: random.Random) -> list[str]:
    topic, kind = rng.choice(_TOPICS), rng.choice(_KINDS)
    issuer = rng.choice(list(UNITS.values()))
    body = [rng.choice(_SENTENCES).format(n=rng.randint(2, 30), t=topic) for _ in range(rng.randint(3, 6))]
    return [issuer, f"关于{topic}的{kind}（第{i + 1}号）", *body, issuer,
            f"2016年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]


def docx_bytes(lines: list[str]) -> bytes:
    from xml.sax.saxutils import escape
    body = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in lines)
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", doc)
    return buf.getvalue()


def case_yaml(case: Path) -> None:
    case.mkdir(parents=True)
    (case / "case.yaml").write_text("form: duikou\nyear: 2016\nunits:\n" +
                                    "".join(f"  {k}: {v}\n" for k, v in UNITS.items()), encoding="utf-8")


def build(root: Path, n: int, as_zip: bool) -> Path:
    case = root / ("zip" if as_zip else "files") / f"n{n}" / "案例"
    stamp = case.parent / "built.json"
    if stamp.is_file() and json.loads(stamp.read_text()) == {"version": BUILD_VERSION}:
        return case
    shutil.rmtree(case.parent, ignore_errors=True)
    case_yaml(case)
    rng = random.Random(n)
    members: list[tuple[str, bytes]] = []
    for i in range(n):
        lines = lines_for(i, rng)
        if as_zip or i % 2:
            members.append((f"材料/{i + 1:05d}-{lines[1][:12]}.txt", "\n".join(lines).encode("utf-8")))
        else:
            members.append((f"材料/{i + 1:05d}-{lines[1][:12]}.docx", docx_bytes(lines)))
    if as_zip:
        with zipfile.ZipFile(case / "全部材料.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members:
                zf.writestr(name, data)
    else:
        for name, data in members:
            path = case / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    stamp.write_text(json.dumps({"version": BUILD_VERSION}))
    return case


# ---------------------------------------------------------------- child side

def run_stages(case: Path) -> None:
    from pipeline.case import load_case
    from pipeline.readcase import read_case
    from pipeline.results import build_results
    from pipeline.rulebook.loader import load_form
    from pipeline.render.case import render_outputs
    from pipeline.run import evaluate_qualitative, evaluate_quantitative, extract_all

    def report(stage: str, seconds: float, **extra) -> None:
        print(json.dumps({"stage": stage, "seconds": seconds, **extra}), flush=True)

    c = load_case(case)
    form = load_form(c.form, c.year)
    t = time.perf_counter()
    docs = read_case(case, cache=False, progress=False)
    report("read", time.perf_counter() - t, documents=len(docs))
    t = time.perf_counter()
    evidence, problems = extract_all(docs)
    findings = evaluate_qualitative(form, c, evidence, problems)
    quant = evaluate_quantitative(form, c, None, evidence)
    results = build_results(c, form, docs, evidence, findings, quant, problems)
    report("evaluate", time.perf_counter() - t)
    out = Path(tempfile.mkdtemp(prefix="kaohe-bench-scale-out-"))
    try:
        t = time.perf_counter()
        render_outputs(out, form, results)
        report("render", time.perf_counter() - t)
    finally:
        shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------- driver

STAGES = (("read", "读取"), ("evaluate", "提取/核查"), ("render", "生成输出"))


def measure(case: Path, timeout: float) -> dict:
    """Stage -> seconds (None: stopped at the timeout), from a fresh child process."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(case)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=str(ROOT), start_new_session=True)
    got: dict = {}
    started = time.monotonic()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, _ = proc.communicate()
        got["stopped_after"] = time.monotonic() - started
    for line in out.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            got[row["stage"]] = row["seconds"]
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,3000")
    ap.add_argument("--zip", type=int, default=6000, help="members of the one-archive case (0: none)")
    ap.add_argument("--timeout", type=float, default=1200.0, help="seconds for one size, all stages")
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "kaohe-bench-scale"))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_stages(Path(args.child))
        return
    root = Path(args.dir)
    plans = [(int(n), False) for n in args.sizes.split(",") if n.strip()]
    if args.zip:
        plans.append((args.zip, True))
    print(f"每个规模在新的子进程中运行，单个规模上限 {args.timeout:.0f} s；时间为每个文件的毫秒数（括号内为相对最小规模的倍数）")
    print(f"{'规模':<16}" + "".join(f"{label:>22}" for _, label in STAGES) + f"{'合计':>14}")
    base: dict[str, float] = {}
    points: dict[str, list[tuple[int, float]]] = {stage: [] for stage, _ in [*STAGES, ("all", "")]}
    for n, as_zip in plans:
        case = build(root, n, as_zip)
        got = measure(case, args.timeout)
        label = f"{n} 个成员的压缩包" if as_zip else f"{n} 个文件"
        cells, total, complete = [], 0.0, True
        for stage, _ in STAGES:
            seconds = got.get(stage)
            if seconds is None:
                complete = False
                cells.append(f"{'> ' + format(got.get('stopped_after', args.timeout), '.0f') + ' s':>22}")
                continue
            total += seconds
            if not as_zip:
                points[stage].append((n, seconds))
            per = seconds / n * 1000
            if not as_zip:
                base.setdefault(stage, per)
            ratio = f"（{per / base[stage]:.1f}×）" if stage in base and not as_zip else ""
            cells.append(f"{per:>12.1f} ms{ratio:>7}")
        total_text = f"{total:.1f} s" if complete else f"> {total:.0f} s"
        if complete and not as_zip:
            points["all"].append((n, total))
        print(f"{label:<16}" + "".join(cells) + f"{total_text:>14}", flush=True)
    # the fitted exponent: least-squares slope of log(time) against log(N); linear cost gives 1.0
    slopes = {stage: _slope(pts) for stage, pts in points.items() if len(pts) >= 2}
    if slopes:
        print(f"{'拟合指数':<16}" + "".join(f"{slopes.get(stage, float('nan')):>22.2f}" for stage, _ in STAGES)
              + f"{slopes.get('all', float('nan')):>14.2f}")
        worst = max(v for k, v in slopes.items() if k != "all")
        print(f"各阶段最大指数 {worst:.2f}（目标 ≤ 1.1：{'达标' if worst <= 1.1 else '未达标'}）")


def _slope(points: list[tuple[int, float]]) -> float:
    from render import slope          # benchmarks/render.py: least squares of log time on log N
    return slope([n for n, _ in points], [t for _, t in points])


if __name__ == "__main__":
    main()
