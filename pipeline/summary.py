"""汇总表: one row per case across an outbox, as a commission reports it.

Each row: the case, its unit(s), form and year, the proposed and the final
totals (the reviewer's scores where given), the subtotal of each top section,
the counts by status, how many items the reviewer decided, unreadable files,
open problems, and the rank among the cases of the same form and year (by
final total; equal totals share a rank). Written as 汇总表.xlsx (one sheet per
form, filter, frozen header, links) and 汇总表.html (sortable tables, links to
each case's report), both at the root of the outbox.
"""
from __future__ import annotations

import datetime as _dt
import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from .render.files import atomic_write, safe_name, xml_text
from .rulebook.audit import one_line
from .rulebook.loader import load_form

NAME = "汇总表"
STATUSES = [("met", "符合"), ("partial", "部分符合"), ("not_met", "不符合"), ("no_evidence", "无佐证"),
            ("needs_data", "待补数据")]
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


@dataclass
class Row:
    case: str
    units: str
    form_id: str
    form: str
    year: int | None
    proposed: float
    final: float
    maximum: float
    sections: dict[str, float]
    counts: dict[str, int]
    reviewed: int
    unreadable: int
    problems: int
    report: str                      # relative link to the case's HTML report
    rank: int = 0


@dataclass
class Summary:
    rows: list[Row] = field(default_factory=list)
    sections: dict[tuple[str, int | None], list[str]] = field(default_factory=dict)  # (form, year) -> titles
    skipped: list[str] = field(default_factory=list)


def _num(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _final(entry: dict) -> float | None:
    if entry.get("final_score") is not None:
        return _num(entry["final_score"])
    if entry.get("score") is None:
        return None
    return _num(entry["score"]) + _num(entry.get("bonus"))


def iter_items_of(section):
    """(section, id) of every scored row under ``section``, cost tables included."""
    for it in section.items:
        yield section, it.id
    if section.cost_table is not None:
        yield section, section.cost_table.id
    for sub in section.sections:
        yield from iter_items_of(sub)


def row_of(results: dict, report: str) -> tuple[Row, list[str]]:
    year = results.get("year") if isinstance(results.get("year"), int) else None
    form = load_form(str(results.get("form")), year)
    # a 类's heading is long (一类指标：考核…（分数300）): the column is headed by its name
    titles = [one_line(s.title).split("：")[0] for s in form.sections]
    items = [i for i in results.get("items") or [] if isinstance(i, dict)]
    sections = {t: 0.0 for t in titles}
    top = {}                                  # item id -> its top section, from the form itself
    for title, section in zip(titles, form.sections):
        for _, it in iter_items_of(section):
            top[it] = title
    for entry in items:
        final = _final(entry)
        where = top.get(str(entry.get("id")))
        if where is not None and final is not None:
            sections[where] += final
    total = results.get("total") if isinstance(results.get("total"), dict) else {}
    final_total = total.get("final")
    if final_total is None:
        final_total = sum(f for f in (_final(e) for e in items) if f is not None)
    counts = {s: sum(1 for e in items if e.get("status") == s) for s, _ in STATUSES}
    units = results.get("units") if isinstance(results.get("units"), dict) else {}
    review = results.get("review") if isinstance(results.get("review"), dict) else {}
    documents = [d for d in results.get("documents") or [] if isinstance(d, dict)]
    problems = len(results.get("problems") or []) + len(review.get("warnings") or [])
    return Row(
        case=str(results.get("case") or ""), units="；".join(str(v) for v in units.values() if v),
        form_id=form.id, form=f"{form.attachment} {form.title}", year=year,
        proposed=_num(total.get("score")), final=_num(final_total), maximum=_num(total.get("max")),
        sections=sections, counts=counts,
        reviewed=int(review.get("reviewed") or sum(1 for e in items if e.get("final_source") == "reviewer")),
        unreadable=sum(1 for d in documents if d.get("error")), problems=problems, report=report), titles


def report_link(folder: Path) -> str:
    """The case's HTML report, relative to the outbox the summary sits in."""
    folder = Path(folder)
    reports = sorted(folder.glob("佐证核查报告_*.html"))
    return f"{folder.name}/{reports[0].name}" if reports else f"{folder.name}/"


def build(results_list: list[tuple[dict, str]]) -> Summary:
    """Rows from (results, link to the report) pairs, ranked within each form and year."""
    out = Summary()
    for results, link in results_list:
        try:
            row, titles = row_of(results, link)
        except Exception as exc:       # one odd results.json never stops the summary
            out.skipped.append(f"{results.get('case') or link}：无法汇总（{type(exc).__name__}）")
            continue
        out.rows.append(row)
        out.sections.setdefault((row.form_id, row.year), titles)
    for key in out.sections:
        group = sorted((r for r in out.rows if (r.form_id, r.year) == key), key=lambda r: -r.final)
        for i, r in enumerate(group):
            tied = i > 0 and abs(r.final - group[i - 1].final) < 1e-9
            r.rank = group[i - 1].rank if tied else i + 1
    out.rows.sort(key=lambda r: (r.form_id, r.year or 0, r.rank, r.case))
    return out


def load_outbox(outbox: Path) -> list[tuple[dict, str]]:
    """Every case folder directly under ``outbox`` that holds a results.json."""
    found = []
    for folder in sorted(p for p in Path(outbox).iterdir() if p.is_dir()):
        path = folder / "results.json"
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and data.get("form"):
            found.append((data, report_link(folder)))
    return found


# --------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------
def _fmt(x: float) -> str:
    return str(int(round(x))) if abs(x - round(x)) < 1e-9 else f"{x:.2f}".rstrip("0").rstrip(".")


def columns(titles: list[str]) -> list[str]:
    return (["名次", "案例", "被考核单位", "考核年度", "建议总分", "终审总分", "满分"] + titles
            + [name for _, name in STATUSES] + ["评审已定项", "无法读取的文件", "待处理问题", "核查报告"])


def values(row: Row, titles: list[str]) -> list:
    return ([row.rank, row.case, row.units, row.year, row.proposed, row.final, row.maximum]
            + [row.sections.get(t, 0.0) for t in titles]
            + [row.counts[s] for s, _ in STATUSES] + [row.reviewed, row.unreadable, row.problems, row.report])


# --------------------------------------------------------------------------
# xlsx
# --------------------------------------------------------------------------
def summary_xlsx(summary: Summary, author: str = "") -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for (form_id, year), titles in summary.sections.items():
        rows = [r for r in summary.rows if (r.form_id, r.year) == (form_id, year)]
        name = safe_name(f"{rows[0].form.split(' ')[0]}_{year or ''}", 28) if rows else form_id
        ws = wb.create_sheet(name[:31])
        ws.append([f"{rows[0].form}（{year}年度）汇总表" if rows else name])
        ws["A1"].font = Font(bold=True, size=13)
        head = columns(titles)
        ws.append(head)
        for c in range(1, len(head) + 1):
            cell = ws.cell(2, c)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(c)].width = 10 if c not in (2, 3) else 24
        ws.column_dimensions[get_column_letter(len(head))].width = 16
        ws.row_dimensions[2].height = 32
        for row in rows:
            ws.append([xml_text(v) if isinstance(v, str) else v for v in values(row, titles)])
            link = ws.cell(ws.max_row, len(head))
            link.value = "打开报告"
            link.hyperlink = row.report
            link.font = Font(color="0563C1", underline="single")
        ws.freeze_panes = "C3"
        ws.auto_filter.ref = f"A2:{get_column_letter(len(head))}{max(ws.max_row, 3)}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = "2:2"
    if not wb.sheetnames:
        wb.create_sheet("汇总")["A1"] = "没有可汇总的案例"
    wb.properties.title = NAME
    wb.properties.creator = author or None
    wb.properties.created = _dt.datetime.now().replace(microsecond=0)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------
# html
# --------------------------------------------------------------------------
_SCRIPT = """
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var down = th.getAttribute('data-dir') !== 'down';
      table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('data-dir'); });
      th.setAttribute('data-dir', down ? 'down' : 'up');
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh');
        return down ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"""


def summary_html(summary: Summary) -> str:
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">', f"<title>{NAME}</title>",
             "<style>body{font-family:'仿宋_GB2312','FangSong','Noto Serif CJK SC',serif;margin:24px;color:#222}"
             "h1{text-align:center;font-family:'SimSun','宋体','Noto Serif CJK SC',serif}"
             "table{border-collapse:collapse;margin:8px 0 24px;width:100%}"
             "th,td{border:1px solid #999;padding:3px 6px;font-size:14px;text-align:center}"
             "td.t{text-align:left}th{background:#dde5f0;cursor:pointer;white-space:nowrap}"
             "th[data-dir=down]::after{content:' ▼'}th[data-dir=up]::after{content:' ▲'}"
             "@page{size:A4 landscape;margin:12mm}@media print{th{cursor:auto}}</style></head><body>",
             f"<h1>{NAME}</h1>",
             f"<p>共{len(summary.rows)}个案例；点击表头可排序；名次按终审总分在同一考核表、同一年度内排列。</p>"]
    for (form_id, year), titles in summary.sections.items():
        rows = [r for r in summary.rows if (r.form_id, r.year) == (form_id, year)]
        if not rows:
            continue
        parts.append(f"<h2>{e(rows[0].form)}（{year}年度）</h2>")
        parts.append('<table class="sortable"><thead><tr>' +
                     "".join(f"<th>{e(c)}</th>" for c in columns(titles)) + "</tr></thead><tbody>")
        for row in rows:
            cells = []
            for i, v in enumerate(values(row, titles)):
                if i == len(columns(titles)) - 1:
                    cells.append(f'<td data-v="{e(row.case)}"><a href="{e(str(v))}">打开报告</a></td>')
                elif isinstance(v, float):
                    cells.append(f'<td data-v="{v}">{_fmt(v)}</td>')
                else:
                    text = "" if v is None else str(v)
                    cls = ' class="t"' if i in (1, 2) else ""
                    cells.append(f'<td{cls} data-v="{e(text)}">{e(text)}</td>')
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    for s in summary.skipped:
        parts.append(f"<p>{e(s)}</p>")
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts)


def write_summary(out_root: Path, results_list: list[tuple[dict, str]], author: str = "") -> list[Path]:
    summary = build(results_list)
    out_root = Path(out_root)
    return [atomic_write(out_root / f"{NAME}.xlsx", summary_xlsx(summary, author)),
            atomic_write(out_root / f"{NAME}.html", summary_html(summary).encode("utf-8"))]
