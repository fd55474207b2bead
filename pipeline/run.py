"""One case through the stages: read -> extract -> evaluate -> results.json -> render."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .case import Case, load_case
from .compare import Baseline, compare, keep_previous, load_other
from .errors import KaoheError
from .evaluate.checks import Context
from .evaluate.concepts import use_rulebook
from .evaluate.pool import build_pool
from .evaluate.qualitative import evaluate_item
from .evaluate.units import units_of
from .extract.document import Evidence
from .evalcache import evaluate_cached
from .extractcache import CachedExtract
from .model import Document, Finding, Problem
from .names import escape, fit_name
from .progress import stage_bar
from .readcase import cache_for, read_case
from .results import build_results, write_json
from .review import FILE_NAME as REVIEW_FILE, read_answers
from .rulebook.loader import iter_items, load_form
from .rulebook.schema import Form

RESULTS_FILE = "results.json"


@dataclass
class CaseRun:
    case: Case
    out_dir: Path
    results: dict
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)    # case.yaml, review.xlsx and PDF messages for the terminal
    render_warnings: list[tuple[str, str]] = field(default_factory=list)   # (group, message) of the rendering
    timings: dict[str, float] = field(default_factory=dict)   # seconds per stage (read, extract, evaluate, render)
    findings_cached: bool = False      # the qualitative findings came from the cache (pipeline.evalcache)

    @property
    def problems(self) -> list:
        """Every problem of the run, grouped (pipeline.problems.Group)."""
        from .problems import problem_groups
        return problem_groups(self.results, self.render_warnings)


def output_dir(case: Case, out_root: Path) -> Path:
    """``out_root/<case>`` (the name cut to what the file system allows); refused inside the case."""
    out_dir = Path(out_root) / fit_name(case.name)
    try:
        Path(os.path.abspath(out_dir)).resolve().relative_to(Path(case.root).resolve())
    except ValueError:
        return out_dir
    raise KaoheError(f"输出文件夹“{escape(os.path.abspath(out_dir))}”位于案例“{case.name}”的佐证材料文件夹之内："
                     "kaohe 从不向佐证材料文件夹写入文件（否则下次运行会把输出当成佐证材料）。"
                     "请用 --out 指定案例文件夹以外的位置，或在案例文件夹的上一级运行 kaohe run")


def run_case(case_dir: Path, out_root: Path, *, form: str | None = None, year: int | None = None,
             data_file: Path | None = None, progress: bool = True, cache=True, render: bool = True,
             pdf: bool = False, compare_with: Path | None = None, workers: int | None = None,
             scheduler: str | None = None) -> CaseRun:
    """Read, check, write results.json and render. The results replaced are kept as
    results.previous.json and compared with (or ``compare_with``'s, another output folder).
    ``workers`` reading processes (None: one per core), or reading on the Dask cluster whose
    scheduler is at ``scheduler`` (pipeline.cluster)."""
    clock = _Clock()
    case = load_case(case_dir, form, year)
    out_dir = output_dir(case, out_root)
    rules = load_form(case.form, case.year)
    notes: list[Problem] = []
    cache_obj, owned = cache_for(cache, Path(case_dir))
    try:
        documents = [d for d in read_case(case_dir, progress=progress, cache=cache_obj or False, notes=notes,
                                               workers=workers, scheduler=scheduler)
                     if d.file not in data_names(case_dir, data_file)]
        clock.lap("read")
        if not documents:
            notes.append(Problem(case.name, "case", f"案例文件夹“{case.name}”中没有佐证材料文件（除 case.yaml 和指标数据表外），"
                                                    "定性指标均无佐证；请检查文件夹是否放对、文件是否已复制进去"))
        evidence, problems = extract_all(documents, cache_obj)
        clock.lap("extract")
        # the findings of this very input (documents, case.yaml, rules, code) are kept with the cache
        findings, cached = evaluate_cached(cache_obj, rules, case, documents, evidence, problems,
                                           evaluate_qualitative, progress)
    finally:
        if owned and cache_obj is not None:
            cache_obj.close()
    answers, answer_warnings = read_answers(out_dir / REVIEW_FILE, rules)
    quant = evaluate_quantitative(rules, case, data_file, evidence, answers)
    results = build_results(case, rules, documents, evidence, findings, quant,
                            problems + notes + [Problem(case.name, "case", p) for p in case.problems]
                            + [Problem(REVIEW_FILE, "review", w) for w in answer_warnings])
    out_dir.mkdir(parents=True, exist_ok=True)
    other = load_other(compare_with) if compare_with is not None else None
    baseline = keep_previous(out_dir)               # before the new results replace the old
    if other is not None:
        baseline = other
    results["changes"] = compare(baseline, results)
    written = [write_json(out_dir / RESULTS_FILE, results)]
    clock.lap("evaluate")
    warnings = list(case.problems)
    rendered: list[tuple[str, str]] = []
    if results["changes"]["message"] and not results["changes"]["first_run"]:
        warnings.append(results["changes"]["message"])
        if not results["changes"].get("compared"):
            rendered.append(("case", results["changes"]["message"]))   # the comparison could not be made
    if render:
        names: list[str] = []
        with stage_bar("生成输出文件", None, progress, progress):
            files, render_warnings = render_fitted(out_dir, rules, results, names, pdf, rendered, baseline)
        written += [f for f in files if f not in written]
        rendered += [("render", w) for w in names]
        warnings += names + render_warnings
        clock.lap("render")
    return CaseRun(case, out_dir, results, written, warnings, rendered, clock.laps, cached)


# What run_case imports only when it first needs it: the rendering, the quantitative
# scoring and the figures workbook, the problem groups, and the readers of the common
# kinds (the OCR engine stays out: it is loaded by the reading process that meets a scan).
LAZY_MODULES = ("pipeline.render.case", "pipeline.data.onsite", "pipeline.data.workbook",
                "pipeline.evaluate.quantitative", "pipeline.problems", "pipeline.summary",
                "pipeline.readers.docx", "pipeline.readers.text", "pipeline.readers.pdf",
                "pipeline.readers.xlsx", "pipeline.readers.image", "pipeline.readers.convert")


def preload(case_dirs: list[Path] = (), form: str | None = None, year: int | None = None) -> None:
    """Import what a case imports on first use, and load the forms of ``case_dirs`` (their
    rules parsed, their templates' variables found), so that processes forked afterwards
    (the case workers of a batch and their readers) share all that instead of each doing it
    again. Anything that fails here is left to the case, which says so where it is needed."""
    import importlib
    for name in LAZY_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - e.g. a reader's library missing: the case reports it
            pass
    from .render.form_docx import template_source, undeclared
    seen: set[tuple] = set()
    for folder in case_dirs:
        try:
            case = load_case(folder, form, year)
            if (case.form, case.year) in seen:
                continue
            seen.add((case.form, case.year))
            template, _ = template_source(load_form(case.form, case.year).id)
            if isinstance(template, bytes) or template.is_file():
                undeclared(template, {})
        except Exception:  # noqa: BLE001 - a bad case.yaml or form: its case reports it
            continue


class _Clock:
    """Seconds per stage of one run (CaseRun.timings; benchmarks print them)."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self._last
        self._last = now


def render_fitted(out_dir: Path, form: Form, results: dict, warnings: list[str],
                  pdf: bool = False, grouped: list[tuple[str, str]] | None = None,
                  baseline: Baseline | None = None) -> tuple[list[Path], list[str]]:
    """Render the outputs (their file names are cut by bytes to fit the file system; the
    case name stays whole inside them and in results.json)."""
    from .render.case import render_outputs
    name = str(results.get("case") or "")
    try:
        files, view = render_outputs(out_dir, form, results, pdf=pdf, baseline=baseline)
    except OSError as exc:
        raise KaoheError(f"案例“{escape(name)}”的输出文件无法写入（{exc.strerror or exc}："
                         f"{escape(str(exc.filename or ''))}）；results.json 已写入 {escape(str(out_dir))}/") from None
    if any(p.name.endswith("…" + p.suffix) for p in files):
        warnings.append("案例名称过长，输出文件的名称已截短（文件内和 results.json 中为完整名称）")
    if grouped is not None:
        grouped += [("review", w) for w in view.review_warnings] + [("render", w) for w in view.notes]
    return list(files), list(view.review_warnings) + list(view.notes)




def data_names(case_dir: Path, data_file: Path | None) -> set[str]:
    """The unit's figures workbook is data, not evidence."""
    from .data.model import DEFAULT_FILE
    names = {DEFAULT_FILE}
    if data_file is not None:
        try:
            names.add(Path(data_file).resolve().relative_to(Path(case_dir).resolve()).as_posix())
        except ValueError:
            pass
    return names


def extract_all(documents: list[Document], cache=None) -> tuple[list[Evidence], list[Problem]]:
    """Evidence of every document with text; with a ReadCache, extracted once per content
    and extractor version (pipeline.extractcache)."""
    run_extract = CachedExtract(cache)
    evidence, problems = [], []
    for doc in documents:
        if not doc.blocks:
            continue
        try:
            evidence.append(run_extract(doc))
        except Exception as exc:  # one odd document never stops the case
            problems.append(Problem(doc.file, "extract", f"分析文件“{doc.file}”的结构时出错（{type(exc).__name__}），"
                                                         "该文件未参与核查，请人工查看"))
    return evidence, problems


def evaluate_qualitative(form: Form, case: Case, evidence: list[Evidence],
                         problems: list[Problem] | None = None, progress=False) -> dict[str, Finding]:
    units = units_of(case.units)
    use_rulebook(form)                 # the form's synonyms in one automaton: passages pre-filtered
    items = [item for _, item in iter_items(form) if item.type == "qualitative"]
    findings = {}
    with stage_bar("核查指标", len(items) + 1, progress, progress) as bar:
        ctx = Context(case.year, build_pool(evidence, units, problems, case.year), units)
        bar.advance()
        for item in items:
            try:
                findings[item.id] = evaluate_item(item, ctx)
            except Exception as exc:  # one item's trouble never stops the case
                message = f"核查指标 {item.id} 时程序出错（{type(exc).__name__}），本项请人工核查"
                findings[item.id] = Finding(item.id, "no_evidence", 0.0, message + "。")
                if problems is not None:
                    problems.append(Problem(case.name, "evaluate", message))
            bar.advance()
    return findings


def evaluate_quantitative(form: Form, case: Case, data_file: Path | None, evidence: list[Evidence],
                          answers: dict | None = None):
    from .data.onsite import apply_answers
    from .data.workbook import load_case_data
    from .evaluate.quantitative import score_quantitative
    data = load_case_data(case.root, form, data_file, case.self_scores, case.year, case.self_score_lines)
    apply_answers(data, form, answers or {})
    readings = [reading for ev in evidence for reading in document_figures(ev)]
    return data, score_quantitative(form, data, readings)


@dataclass(frozen=True)
class DocFigure:
    """A figure stated in a document, in the shape the cross-check reads."""
    label: str
    value: float
    unit: str
    quote: str
    file: str
    page: int | None
    locator: str | None
    modality: str


def document_figures(ev: Evidence) -> list[DocFigure]:
    """Figures a document reports as facts: a target in a 方案, 通知 or 协议 (签约率达到60%以上)
    is not a figure to check the workbook against."""
    from .evaluate.pool import FACT_KINDS
    out = []
    for lf in ev.figures:
        f = lf.figure
        reported = f.modality == "done" or (f.modality == "neutral" and ev.meta.kind in FACT_KINDS)
        if not reported:
            continue
        block = ev.document.blocks[lf.block]
        out.append(DocFigure(f.label, f.value, f.unit, block.text.strip()[:200], ev.document.file,
                             lf.loc.page, lf.loc.label(), f.modality))
    return out


def case_dirs(inbox: Path) -> list[Path]:
    """Every folder directly under inbox/ is a case."""
    if not inbox.is_dir():
        return []
    return sorted(p for p in inbox.iterdir() if p.is_dir() and not p.name.startswith("."))


def summary(run: CaseRun) -> dict:
    items = run.results["items"]
    counts = {s: sum(1 for i in items if i["status"] == s)
              for s in ("met", "partial", "not_met", "no_evidence", "needs_data")}
    unreadable = sum(1 for d in run.results["documents"] if d.get("error"))
    total = run.results["total"]
    return {"case": run.case.name, "form": run.case.form, "score": total["score"],
            "final": total.get("final"), "reviewed": (run.results.get("review") or {}).get("reviewed", 0),
            "max": total["max"], "unreadable": unreadable, **counts, "out": str(run.out_dir)}


