"""Fill a generated 指标数据.xlsx the way a unit would: find rows by their keys, type values."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from pipeline.data.template import build_template


class Filler:
    def __init__(self, form, year: int, path: Path):
        self.path = path
        self.form = form
        build_template(form, year).save(path)
        self.wb = load_workbook(path)
        self.answers: dict = {}          # the reviewer's 现场核查 answers (review.xlsx, not this workbook)

    def answer(self, key: str, raw) -> None:
        """What the reviewer types into review.xlsx's 现场核查 for an on-site figure."""
        from pipeline.data.onsite import parse_answer
        fig = next(f for f in self.form.figures if f.key == key)
        self.answers[key] = parse_answer(fig, raw)

    def old_row(self, key: str, this=None) -> int:
        """A row an older template had (an on-site figure the unit filled in itself)."""
        ws = self.wb["指标数据"]
        header = [c.value or "" for c in ws[1]]
        r = ws.max_row + 1
        ws.cell(row=r, column=header.index("数据项") + 1).value = key
        ws.cell(row=r, column=self._col("指标数据", "本年度")).value = this
        return r

    def _row(self, sheet: str, **keys) -> int:
        ws = self.wb[sheet]
        header = [c.value for c in ws[1]]
        cols = {name: header.index(name) + 1 for name in keys}
        for r in range(2, ws.max_row + 1):
            if all(ws.cell(row=r, column=cols[k]).value == v for k, v in keys.items()):
                return r
        raise KeyError(keys)

    def _col(self, sheet: str, prefix: str) -> int:
        header = [c.value or "" for c in self.wb[sheet][1]]
        return next(i for i, h in enumerate(header, start=1) if h.startswith(prefix))

    def set(self, key: str, this=None, last=None, choice: str | None = None, number_format: str | None = None) -> int:
        keys = {"数据项": key}
        if choice is not None:
            keys["选项"] = choice
        r = self._row("指标数据", **keys)
        ws = self.wb["指标数据"]
        for prefix, value in (("本年度", this), ("上一年度", last)):
            if value is not None:
                cell = ws.cell(row=r, column=self._col("指标数据", prefix))
                cell.value = value
                if number_format:
                    cell.number_format = number_format
        return r

    def cost(self, row: str, measure: str, value) -> int:
        r = self._row("费用情况", 项目=row, 指标=measure)
        self.wb["费用情况"].cell(row=r, column=self._col("费用情况", "数值")).value = value
        return r

    def self_score(self, item_id: str, value) -> int:
        r = self._row("自评分", 编号=item_id)
        self.wb["自评分"].cell(row=r, column=4).value = value
        return r

    def save(self) -> Path:
        self.wb.save(self.path)
        return self.path
