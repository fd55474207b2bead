"""The cell layout of an official form, computed from the rules (``Form``).

One ``FormPlan`` says which tables the form has, the grid of each, and for
every cell its rectangle (row, column, row span, column span) and content:
static official text, or a docxtpl expression that the render context fills
(``score['1.01']``, ``reason['1.01']``, ``tier_score['2.24'][0]``,
``remark['3.01']``, ``cost['脑出血·新农合报销比例']``, ``total``, ...).

Texts that change with the assessment year (``{Y}`` in the rules) become
``text['<key>']`` expressions, so one template serves every year; ``form_texts``
names every text of the form by a stable key for both sides.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..rulebook.schema import CostTable, Form, Item, Section

COST_SEP = "·"
# Columns added to the right of a self-assessment form (附件1): the official
# columns keep their meaning (自评分值 is the unit's), the reviewer's result goes here.
REVIEW_SCORE_HEADER = "核定得分"
REVIEW_NOTE_HEADER = "扣分原因/核查意见"


@dataclass
class Cell:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    lines: list[str] = field(default_factory=list)   # static text, one paragraph a line
    tag: str | None = None                            # docxtpl expression filled at render time
    kind: str = "body"                                # body | header | heading | number | total
    align: str = "left"                               # left | center


@dataclass
class TablePlan:
    widths: list[float]                               # centimetres, one per grid column
    rows: int
    header_rows: int                                  # repeated on every page
    cells: list[Cell]


@dataclass
class FormPlan:
    form_id: str
    landscape: bool
    attachment: list[str]
    title: Cell                                       # title and subtitle as paragraph "cells"
    subtitle: Cell | None
    tables: list[TablePlan]
    notes: list[Cell]
    closing: list[Cell]


# --------------------------------------------------------------------------
# Every text of the form, by stable key
# --------------------------------------------------------------------------
def form_texts(form: Form) -> dict[str, str]:
    out: dict[str, str] = {"title": form.title, "subtitle": form.subtitle}

    def walk(sections: list[Section], prefix: str) -> None:
        for i, s in enumerate(sections):
            path = f"{prefix}{i}"
            out[f"s{path}"] = s.title
            for item in s.items:
                out[f"{item.id}.indicator"] = item.indicator
                out[f"{item.id}.method"] = item.method
                if item.max_text:
                    out[f"{item.id}.max_text"] = item.max_text
                out[f"{item.id}.remark"] = item.remark
                for j, band in enumerate(item.bands):
                    out[f"{item.id}.band{j}"] = band.label
            if s.cost_table:
                t = s.cost_table
                out[f"{t.id}.indicator"] = t.indicator
                out[f"{t.id}.method"] = t.method
                out[f"{t.id}.group"] = t.disease_group
            walk(s.sections, f"{path}.")

    walk(form.sections, "")
    for i, note in enumerate(form.notes):
        out[f"note{i}"] = note
    if form.closing:
        out["closing.heading"] = form.closing.heading
        for i, line in enumerate(form.closing.lines):
            out[f"closing{i}"] = line
    return out


def cost_keys(table: CostTable) -> list[tuple[str, str, str]]:
    """(context key, row label, measure) for every data cell of the cost table, in order."""
    keys = [(f"{table.indicator}{COST_SEP}{m}", table.indicator, m) for m in table.dialysis_rows]
    for disease in table.diseases:
        keys += [(f"{disease}{COST_SEP}{m}", disease, m) for m in table.measures]
    return keys


# --------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------
PORTRAIT_WIDTH = 17.0     # A4 portrait, 2 cm margins
LANDSCAPE_WIDTH = 26.1    # A4 landscape, 1.8 cm margins


def plan_form(form: Form, dynamic: set[str] = frozenset()) -> FormPlan:
    """Lay out ``form``; keys in ``dynamic`` are written as ``text['key']`` tags."""
    texts = form_texts(form)

    def content(key: str, **kw) -> Cell:
        cell = Cell(0, 0, **kw)
        if key in dynamic:
            cell.tag = f"text['{key}']"
        else:
            cell.lines = texts[key].split("\n") if texts.get(key) else []
        return cell

    split = all(s.columns for s in form.sections)
    has_tiers = any(item.bands for _, item in _items(form.sections))
    if split:
        slots = max(_depth(s.sections) for s in form.sections)
        tails = max(len(s.columns) for s in form.sections) - 1
    else:
        slots = _depth(form.sections)
        tails = len(form.columns) - 1 - slots
    added = 2 if form.self_score_column else 0        # 核定得分, 扣分原因/核查意见
    ncols = slots + 1 + (1 if has_tiers else 0) + tails + added
    landscape = ncols > 6
    widths = _widths(slots, has_tiers, tails, LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH, added)
    grid = _Grid(form, slots, has_tiers, tails, ncols, content, added)

    tables: list[TablePlan] = []
    if split:
        for i, section in enumerate(form.sections):
            last = i == len(form.sections) - 1
            tables.append(grid.table(widths, [section], str(i), section.columns,
                                     heading=content(f"s{i}"), total=last))
    else:
        columns = list(form.columns) + ([REVIEW_SCORE_HEADER, REVIEW_NOTE_HEADER] if added else [])
        tables.append(grid.table(widths, form.sections, "", columns, heading=None, total=True))

    notes = [content(f"note{i}") for i in range(len(form.notes))]
    closing: list[Cell] = []
    if form.closing:
        closing = [content("closing.heading")] + [content(f"closing{i}")
                                                   for i in range(len(form.closing.lines))]
    return FormPlan(
        form_id=form.id,
        landscape=landscape,
        attachment=[form.attachment],
        title=content("title"),
        subtitle=content("subtitle") if form.subtitle else None,
        tables=tables,
        notes=notes,
        closing=closing,
    )


def _items(sections: list[Section]):
    for s in sections:
        for item in s.items:
            yield s, item
        yield from _items(s.sections)


def _depth(sections: list[Section]) -> int:
    """How many section columns the deepest chain under these sections needs."""
    return max((1 + _depth(s.sections) for s in sections), default=0)


def _widths(slots: int, tiers: bool, tails: int, total: float, added: int = 0) -> list[float]:
    slot_w = [1.8, 2.2, 2.0, 2.0][:slots]
    tier_w = [2.2] if tiers else []
    if tails == 4:      # method, 分值, 得分, 扣分原因/备注
        tail_w = [5.4, 1.5, 1.5, 4.6]
    else:               # method, 总分, 自评分值 (and any further columns)
        tail_w = [5.3, 1.2, 1.8] + [2.0] * max(0, tails - 3)
    if added:           # 核定得分, 扣分原因/核查意见
        tail_w += [1.8, 5.0]
    fixed = sum(slot_w) + sum(tier_w) + sum(tail_w)
    indicator = max(3.0, total - fixed)
    return slot_w + [indicator] + tier_w + tail_w


class _Grid:
    """Places cells row by row for one table."""

    def __init__(self, form: Form, slots: int, tiers: bool, tails: int, ncols: int, content,
                 added: int = 0):
        self.form = form
        self.slots = slots
        self.tiers = tiers
        self.tails = tails
        self.ncols = ncols
        self.content = content
        self.ind_col = slots
        self.tier_col = slots + 1 if tiers else None
        first_tail = slots + 1 + (1 if tiers else 0)
        self.method_col = first_tail
        self.max_col = first_tail + 1
        self.score_col = first_tail + 2
        self.note_col = first_tail + 3 if tails >= 4 else None
        self.self_col = None
        if added:           # the official score column is the unit's 自评分值; ours follow it
            self.self_col = self.score_col
            self.score_col = first_tail + tails
            self.note_col = first_tail + tails + 1

    def table(self, widths, sections, prefix, columns, heading: Cell | None, total: bool) -> TablePlan:
        self.cells: list[Cell] = []
        self.row = 0
        self.last_method: Cell | None = None
        self.note_tag = "remark" if columns and columns[-1] == "备注" else "reason"
        if heading is not None:
            self._put(heading, 0, 0, colspan=self.ncols, kind="heading")
            self.row += 1
        self._header(columns)
        header_rows = self.row
        if heading is not None:         # a 类 table: its sections sit below the heading
            for section in sections:
                self._body(section, 0, prefix)
        else:
            for i, section in enumerate(sections):
                self._section(section, 0, f"{i}")
        if total:
            self._total()
        return TablePlan(widths=list(widths), rows=self.row, header_rows=header_rows, cells=self.cells)

    # ------------------------------------------------------------------
    def _put(self, cell: Cell, row: int, col: int, rowspan: int = 1, colspan: int = 1,
             kind: str = "body", align: str | None = None) -> Cell:
        cell.row, cell.col, cell.rowspan, cell.colspan, cell.kind = row, col, rowspan, colspan, kind
        cell.align = align or ("center" if kind in ("header", "number", "total") else "left")
        self.cells.append(cell)
        return cell

    def _text(self, lines: list[str] | str) -> Cell:
        return Cell(0, 0, lines=[lines] if isinstance(lines, str) else list(lines))

    def _tag(self, expr: str) -> Cell:
        return Cell(0, 0, tag=expr)

    def _header(self, columns: list[str]) -> None:
        if len(columns) == self.ncols:
            spans = [1] * self.ncols
        else:
            spans = [self.ncols - (len(columns) - 1)] + [1] * (len(columns) - 1)
        col = 0
        for name, span in zip(columns, spans):
            self._put(self._text(name), self.row, col, colspan=span, kind="header")
            col += span
        self.row += 1

    def _section(self, section: Section, depth: int, path: str) -> None:
        """A section that occupies slot column ``depth``."""
        start = self.row
        self._body(section, depth + 1, path)
        self._put(self.content(f"s{path}"), start, depth, rowspan=self.row - start, align="center")

    def _body(self, section: Section, depth: int, path: str) -> None:
        for item in section.items:
            self._item(item, depth)
        for i, sub in enumerate(section.sections):
            self._section(sub, depth, f"{path}.{i}")
        if section.cost_table:
            self._cost(section.cost_table, depth)

    def _item(self, item: Item, depth: int) -> None:
        r = self.row
        n = max(1, len(item.bands))
        end = self.ind_col if item.bands else (self.tier_col or self.ind_col)
        self._put(self.content(f"{item.id}.indicator"), r, depth, rowspan=n, colspan=end - depth + 1)
        # method (possibly merged with the row above)
        if item.method_merged and self.last_method is not None \
                and self.last_method.row + self.last_method.rowspan == r:
            self.last_method.rowspan += n
        else:
            self.last_method = self._put(self.content(f"{item.id}.method"), r, self.method_col, rowspan=n)
        if item.bands:
            for j, band in enumerate(item.bands):
                self._put(self.content(f"{item.id}.band{j}"), r + j, self.tier_col, align="center")
                self._put(self._text(_num(band.points)), r + j, self.max_col, kind="number")
                self._put(self._tag(f"tier_score['{item.id}'][{j}]"), r + j, self.score_col, kind="number")
        else:
            max_cell = self.content(f"{item.id}.max_text") if item.max_text else self._text(_num(item.max))
            self._put(max_cell, r, self.max_col, kind="number")
            self._put(self._tag(f"score['{item.id}']"), r, self.score_col, kind="number")
            if self.self_col is not None:
                self._put(self._tag(f"self_score['{item.id}']"), r, self.self_col, kind="number")
        if self.note_col is not None:
            self._put(self._tag(f"{self.note_tag}['{item.id}']"), r, self.note_col, rowspan=n)
        self.row += n

    def _cost(self, t: CostTable, depth: int) -> None:
        free = self.slots - depth
        if free < 2:
            raise ValueError("费用表需要至少两列章节列（病种组、病种）")
        r = self.row
        n_dial = len(t.dialysis_rows)
        n_dis = len(t.diseases) * len(t.measures)
        total = n_dial + n_dis
        measure_span = (self.tier_col or self.ind_col) - self.ind_col + 1
        self._put(self.content(f"{t.id}.indicator"), r, depth, rowspan=n_dial, colspan=free)
        for i, measure in enumerate(t.dialysis_rows):
            self._put(self._text(measure), r + i, self.ind_col, colspan=measure_span)
        self._put(self.content(f"{t.id}.method"), r, self.method_col, rowspan=total)
        self._put(self._text(t.score_text), r, self.max_col, rowspan=total, kind="number")
        self._put(self._tag(f"score['{t.id}']"), r, self.score_col, rowspan=total, kind="number")
        rr = r + n_dial
        self._put(self.content(f"{t.id}.group"), rr, depth, rowspan=n_dis, colspan=free - 1, align="center")
        for d, disease in enumerate(t.diseases):
            base = rr + d * len(t.measures)
            self._put(self._text(disease), base, self.slots - 1, rowspan=len(t.measures), align="center")
            for m, measure in enumerate(t.measures):
                self._put(self._text(measure), base + m, self.ind_col, colspan=measure_span)
        if self.note_col is not None:
            for i, (key, _, _) in enumerate(cost_keys(t)):
                _check_key(key)
                self._put(self._tag(f"cost['{key}']"), r + i, self.note_col, kind="number")
        self.last_method = None
        self.row += total

    def _total(self) -> None:
        label = self.form.total_label or "合计"
        r = self.row
        self._put(self._text(label), r, 0, colspan=self.max_col, kind="total")
        self._put(self._text(_num(self.form.full_marks)), r, self.max_col, kind="total")
        self._put(self._tag("total"), r, self.score_col, kind="total")
        if self.self_col is not None:
            self._put(self._tag("self_total"), r, self.self_col, kind="total")
        if self.note_col is not None:
            self._put(self._tag("total_note"), r, self.note_col, kind="body")
        self.row += 1


def _check_key(key: str) -> None:
    if any(ch in key for ch in "'\\{}%\n"):
        raise ValueError(f"费用表的行名“{key}”含有模板不能使用的字符")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
