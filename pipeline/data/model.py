"""The figures a unit reports (指标数据.xlsx), as plain data.

``FigureData`` holds one value per (figure key, year) where year is ``this``
(本年度) or ``last`` (上一年度); list figures (一级诊疗科目 …) hold one yes/no per
required name; the 三类 cost table holds one number per (row, measure) cell.
It also says where each value came from, so reasons and problems can point a
reviewer at the right row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ..model import Problem
from ..rulebook.loader import iter_items
from ..rulebook.schema import Condition, CostTable, Figure, Form, Item, Level, Section

THIS, LAST = "this", "last"
YEAR_LABEL = {THIS: "本年度", LAST: "上一年度"}
DEFAULT_FILE = "指标数据.xlsx"
DIALYSIS_ROW = "血液透析"
# Figures only the reviewer can settle (on-site checks, experts' scores): asked in
# review.xlsx's 现场核查 sheet, never in the unit's figures workbook.
REVIEWER_TYPES = ("judgement", "score")


def is_question(figure: Figure) -> bool:
    """A figure the reviewer answers (现场核查), not the unit."""
    return figure.type in REVIEWER_TYPES


@dataclass
class FigureData:
    values: dict[tuple[str, str], float | bool] = field(default_factory=dict)
    choices: dict[str, dict[str, bool]] = field(default_factory=dict)   # list figure -> name -> opened
    cost: dict[tuple[str, str], float] = field(default_factory=dict)    # (row, measure) -> value
    self_scores: dict[str, float] = field(default_factory=dict)         # item id -> 自评分值
    cells: dict[tuple[str, str], str] = field(default_factory=dict)     # (key, year) -> 工作表“…”第N行
    notes: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # how a value was read
    problems: list[Problem] = field(default_factory=list)
    source: str | None = None          # workbook name; None when no workbook was supplied
    sheets: set[str] = field(default_factory=set)   # sheets that were found and read

    def get(self, key: str, year: str = THIS) -> float | bool | None:
        return self.values.get((key, year))

    def note(self, key: str, year: str, text: str) -> None:
        self.notes.setdefault((key, year), []).append(text)


def cell_label(figure: Figure, year: str) -> str:
    """How a missing cell is named to a reviewer: 可诊疗病种数量（本年度）."""
    if year == THIS and list(figure.years) == [THIS]:
        return figure.key
    return f"{figure.key}（{YEAR_LABEL[year]}）"


# --------------------------------------------------------------------------
# Which figures an item uses
# --------------------------------------------------------------------------
def _cond_refs(cond: Condition) -> Iterator[tuple[str, str]]:
    if cond.change is not None:
        yield cond.figure, THIS
        yield cond.figure, LAST
    else:
        yield cond.figure, cond.year
    if cond.value_figure:
        yield cond.value_figure, cond.year


def item_refs(item: Item) -> list[tuple[str, str]]:
    """Every (figure key, year) the item's scoring reads, in rule order."""
    out: list[tuple[str, str]] = []
    scoring = item.scoring
    if scoring is None:
        return out
    levels: list[Level] = list(scoring.levels) + list(scoring.parts)
    for level in levels + list(scoring.bonus) + list(item.bonus):
        for cond in level.when:
            out += _cond_refs(cond)
    if scoring.tiers:
        out.append((scoring.tiers, THIS))
    if scoring.entered:
        out.append((scoring.entered, THIS))
    d = scoring.deduct
    if d is not None:
        out.append((d.missing_of or d.shortfall_of or d.count_figure, d.year))
    seen: set[tuple[str, str]] = set()
    return [r for r in out if not (r in seen or seen.add(r))]


def quantitative_items(form: Form) -> list[Item]:
    return [item for _, item in iter_items(form) if item.type == "quantitative"]


def items_by_figure(form: Form) -> dict[str, list[Item]]:
    """Figure key -> the items that use it (table order)."""
    out: dict[str, list[Item]] = {}
    for item in quantitative_items(form):
        for key in dict.fromkeys(k for k, _ in item_refs(item)):
            out.setdefault(key, []).append(item)
    return out


def entered_max(form: Form) -> dict[str, float]:
    """Score figure key -> the max of the item it is entered for."""
    return {i.scoring.entered: i.max for i in quantitative_items(form) if i.scoring and i.scoring.entered}


# --------------------------------------------------------------------------
# The cost table (附件2 三类)
# --------------------------------------------------------------------------
def cost_tables(form: Form) -> list[CostTable]:
    out: list[CostTable] = []

    def walk(sections: list[Section]) -> None:
        for s in sections:
            if s.cost_table is not None:
                out.append(s.cost_table)
            walk(s.sections)
    walk(form.sections)
    return out


@dataclass(frozen=True)
class CostCell:
    row: str          # 血液透析 or a disease name
    measure: str      # 次均医药费 / 新农合报销比例 / 住院病人人均费用
    kind: str         # percent | money

    @property
    def unit(self) -> str:
        return "%" if self.kind == "percent" else "元"

    @property
    def label(self) -> str:
        return f"{self.row}{self.measure}"


def cost_cells(table: CostTable) -> list[CostCell]:
    def kind(measure: str) -> str:
        return "percent" if "比例" in measure or "率" in measure else "money"
    cells = [CostCell(DIALYSIS_ROW, m, kind(m)) for m in table.dialysis_rows]
    cells += [CostCell(d, m, kind(m)) for d in table.diseases for m in table.measures]
    return cells


def all_items(form: Form) -> list[Item]:
    return [item for _, item in iter_items(form)]
