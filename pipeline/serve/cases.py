"""The cases of an outbox as the workbench sees them: found once, named by id, read fresh when changed.

A case is a folder of the outbox holding results.json. Its id is a short hash of the
folder's name, so a request names a case by id and never by a path. The view of a case
is built as ``kaohe render`` builds it (``pipeline.render.context.build_view``) but
without writing anything: the decisions are read from review.xlsx read-only
(``pipeline.review.read_decisions``). A decision is written into review.xlsx by
``pipeline.review.save_decision``; then the outputs are rendered again in the
background (``pipeline.render.case.render_outputs``, as ``kaohe render`` does), one
render at a time per case, and a newer save starts one more render after it.
"""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KaoheError
from ..render.context import CaseView, Proposal, build_view, proposals
from ..review import FILE_NAME, Cells, Saved, read_cells, read_decisions, save_decision
from ..rulebook.loader import load_form
from ..rulebook.schema import Form

RESULTS = "results.json"


def case_id(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()[:10]


@dataclass
class Render:
    """The background re-rendering of one case."""
    state: str = "idle"               # idle | running | done | failed
    message: str = ""
    started: float = 0.0
    finished: float = 0.0
    again: bool = False
    thread: threading.Thread | None = None


@dataclass
class Case:
    id: str
    folder: Path
    lock: threading.RLock = field(default_factory=threading.RLock)         # the cached view
    write_lock: threading.RLock = field(default_factory=threading.RLock)   # review.xlsx and the outputs
    render: Render = field(default_factory=Render)
    _stamp: tuple = ()
    _results: dict | None = None
    _view: CaseView | None = None
    _cells: dict[str, Cells] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def review_path(self) -> Path:
        return self.folder / FILE_NAME

    def _now(self) -> tuple:
        out = []
        for p in (self.folder / RESULTS, self.review_path):
            try:
                st = p.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def results(self) -> dict:
        self._refresh()
        assert self._results is not None
        return self._results

    def view(self) -> CaseView:
        self._refresh()
        assert self._view is not None
        return self._view

    def cells(self, item_id: str) -> Cells:
        self._refresh()
        return self._cells.get(item_id, Cells())

    def form(self) -> Form:
        r = self.results()
        return _form(str(r["form"]), r.get("year") if isinstance(r.get("year"), int) else None)

    def proposal(self, item_id: str) -> Proposal | None:
        v = self.view().by_id.get(item_id)
        return v.proposal if v else None

    def _refresh(self) -> None:
        with self.lock:
            stamp = self._now()
            if stamp == self._stamp and self._view is not None:
                return
            from ..commands.render import load_results
            results = load_results(self.folder / RESULTS)
            form = _form(str(results["form"]), results.get("year") if isinstance(results.get("year"), int) else None)
            props = proposals(form, results)
            decisions, warnings = read_decisions(self.review_path, props)
            cells, more = read_cells(self.review_path, {p.id for p in props})
            view = build_view(form, results, decisions, warnings + [w for w in more if w not in warnings])
            view.case_dir = results.get("case_dir") if isinstance(results.get("case_dir"), str) else None
            self._results, self._view, self._cells, self._stamp = results, view, cells, stamp

    # ---- deciding -------------------------------------------------------------------
    def decide(self, item_id: str, score: str, note: str, loaded: Cells) -> Saved:
        with self.write_lock:
            p = self.proposal(item_id)
            if p is None:
                raise KaoheError(f"本案例没有编号为“{item_id}”的指标")
            saved = save_decision(self.review_path, p, score, note, loaded)
            self._stamp = ()
            if saved.written:
                self.rerender()
            return saved

    def rerender(self) -> None:
        """Render the outputs again in the background (a save during a render asks for one more)."""
        with self.lock:
            if self.render.state == "running":
                self.render.again = True
                return
            self.render = Render(state="running", started=time.time())
            t = threading.Thread(target=self._render_loop, name=f"kaohe-render-{self.id}", daemon=True)
            self.render.thread = t
            t.start()

    def _render_loop(self) -> None:
        from ..commands.render import load_results
        from ..render.case import render_outputs
        while True:
            with self.write_lock:
                with self.lock:
                    self.render.again = False
                try:
                    results = load_results(self.folder / RESULTS)
                    form = _form(str(results["form"]),
                                 results.get("year") if isinstance(results.get("year"), int) else None)
                    written, _ = render_outputs(self.folder, form, results)
                    state, message = "done", f"已重新生成 {len(written)} 个文件"
                except Exception as exc:  # noqa: BLE001 - the page says it; the decision is saved already
                    state, message = "failed", f"重新出表失败：{exc}（评审表已保存，可运行 kaohe render 重新出表）"
            with self.lock:
                self._stamp = ()
                if not self.render.again:
                    self.render.state, self.render.message = state, message
                    self.render.finished = time.time()
                    return

    def wait(self, timeout: float = 120) -> Render:
        t = self.render.thread
        if t is not None:
            t.join(timeout)
        return self.render


_forms: dict[tuple[str, int | None], Form] = {}


def _form(form_id: str, year: int | None) -> Form:
    key = (form_id, year)
    if key not in _forms:
        _forms[key] = load_form(form_id, year)
    return _forms[key]


class Outbox:
    """The cases under one outbox folder, by id; folders added later are found on the next look."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._cases: dict[str, Case] = {}
        self._lock = threading.Lock()

    def cases(self) -> list[Case]:
        with self._lock:
            found = sorted(d for d in self.root.iterdir() if d.is_dir() and (d / RESULTS).is_file()) \
                if self.root.is_dir() else []
            for d in found:
                cid = case_id(d.name)
                if cid not in self._cases:
                    self._cases[cid] = Case(cid, d)
            return [self._cases[case_id(d.name)] for d in found]

    def get(self, cid: str) -> Case | None:
        got = self._cases.get(cid)
        if got is None:
            self.cases()
            got = self._cases.get(cid)
        return got if got is not None and (got.folder / RESULTS).is_file() else None
