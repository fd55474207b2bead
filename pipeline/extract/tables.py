"""Tables carry meaning in their headers.

A table with columns 任务 / 牵头单位 / 完成时限 is a list of tasks (a plan); one with
日期 / 内容 / 授课人 is a register with one event per row; a grid of 周一上午 … 周五下午
per doctor counts each doctor's half-days; a 一览表 whose rows list contracted services
states those services. ``tables`` rebuilds the tables of a document from its cells
(Word and spreadsheet cells carry their row and column) and from text lines that line
up under a header line (a PDF's table as printed: 序号 协议任务 完成情况), and tells the
header from the rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..model import Block
from ..text.clauses import modality_of
from ..text.variants import simplified

DEADLINE_COLUMNS = ("完成时限", "完成时间", "时间节点", "时限要求", "时间要求", "计划完成", "进度安排", "时间安排",
                    "预期目标")
RESPONSIBLE_COLUMNS = ("牵头单位", "责任单位", "责任部门", "牵头部门", "责任科室", "配合单位", "责任人")
PLAN_COLUMNS = DEADLINE_COLUMNS + RESPONSIBLE_COLUMNS
# a column of tasks (重点任务, 工作内容, 措施): who is responsible for them makes the rows a plan;
# a register of people (进修人员 | … | 管理责任人) only names who looks after whom
_TASK_HEADER = re.compile(r"任务|工作|事项|内容|措施|项目|举措|目标")
# a column saying when an event of a register took place (日期, 督导时间)
_WHEN_HEADER = re.compile(r"日期|时间$|^时间")
# a column saying what an event of a register was about (拟定议题, 会议内容)
_TOPIC_HEADER = re.compile(r"议题|主题|会议内容|讨论内容|研究内容|活动内容")
STATUS_COLUMNS = ("完成情况", "进展情况", "落实情况", "执行情况", "推进情况", "是否完成", "进度", "状态", "现状",
                  "召开情况", "考核结果", "审核意见", "审批情况", "批复情况", "办理情况")
_PLAN_HEADER = re.compile(r"计划|拟|预计|目标|下一步|待建|规划|将")
_DONE_HEADER = re.compile(r"^已|已完成|已建成|已开展|实际|完成数")
_NOT_DONE = re.compile(r"未完成|未开展|未建成|未落实|未达到|尚未|暂未|未启用|未开通|进行中|推进中|建设中|论证中|筹建(?!完成|工作(?:已)?完成)|待|未|不合格|不称职"
                       r"|洽谈|商谈|磋商|协商中|意向|申请中|审核中|审批中|报批中")
_FAULT_QUESTION = re.compile(r"擅自|违规|违纪|离岗|脱岗|缺岗|旷工|事故|投诉|纠纷|差错|不良|超标|逾期|延误|拒|退回|返院")
_VERDICT_HEADER = re.compile(r"(?:考核|考评|考试|鉴定|评定|评价|结业)(?:结果|等次|等级|结论|意见|情况)"
                             r"|(?:结业|期满|出科)考核$")
_FAILED = re.compile(r"不合格|不称职|未通过|不通过|不及格|未达标|未完成|未参加|缺考|未参考|未考核")
_DONE = re.compile(r"^(?:已|全部|均已)?(?:完成|建成|开展|落实|开通|启用|达到|实现)|^√$|^是$|^已")
# a cell that opens with a status (已完成, 已实现，2016年9月起执行; 未完成，2017年继续推进; 推进中，…):
# what the row says of itself even where no column is headed 完成情况 (协作内容 | 甲医共体 |
# 乙医共体 | 完成时间 with 已完成 under each unit), or where a printed row's cells do not line up
_VERBS = "完成|建成|开展|落实|开通|启用|实现|召开|接入|运行|印发|出台|签订|签约|制定|批复|实施|执行"
_STATUS_END = r"(?=$|[，,；;。、（(\s])"
_DONE_CELL = re.compile(rf"^(?:均|全部)?已(?:经)?(?:全部)?(?:{_VERBS}){_STATUS_END}")
_NOT_DONE_CELL = re.compile(rf"^(?:(?:未|尚未|暂未|没有)(?:{_VERBS})|待\S{{1,3}}|(?:延期|推迟|取消|暂缓|顺延|停办)|(?:进行|推进|建设|论证|筹建|对接|编制|协商|洽谈|商谈|磋商|申请|审核|审批|报批)中|意向\S{0,4}){_STATUS_END}")
_SLOT = re.compile(r"(?:周[一二三四五六日天]|星期[一二三四五六日天])\s*(?:上午|下午|全天)|^(?:上午|下午)$")
_EMPTY = {"", "—", "-", "－", "/", "／", "无", "休", "×", "x", "X", "0"}
# a cell that leaves its content to later (双方协商确定, 另行制定, 待定): it states nothing
_DEFERRED_CELL = re.compile(r"^(?:由)?(?:甲乙双方|双方|两院|各方)?(?:另行|协商|商定|研究)(?:确定|制定|约定|商定|明确)?$"
                            r"|^(?:甲乙双方|双方|两院|各方)?(?:另行|协商|共同)?(?:确定|制定|商定|约定)$|^(?:待定|另定|暂无|暂缺|未定|待补充)$")


_NO_CELL = re.compile(r"^(?:否|×|✗|╳|无|不|没有|未|部分\S{0,4}|不能\S{0,4})(?:[（(][^）)]{0,12}[）)])?$")   # 否（有意向）


def says_no(cell: str) -> bool:
    """A cell that answers no for its row: 否, ×, 未实现, 建设中, 改造中, 部分实现."""
    c = re.sub(r"\s+", "", simplified(cell))
    return bool(c) and (bool(_NO_CELL.match(c)) or bool(_NOT_DONE_CELL.search(c))
                        or bool(re.match(r"^[^，。；]{0,8}(?:改造|建设|对接|调试|筹建|推进|论证)中", c)))


def states_nothing(cell: str) -> bool:
    """A cell that is empty, a dash, or leaves its content to later (双方协商确定, 另行制定)."""
    c = re.sub(r"\s+", "", simplified(cell))
    return c in _EMPTY or c in ("——", "--", "……", "…") or bool(_DEFERRED_CELL.match(c))


_LEFT_OPEN = re.compile(r"^(?:待|另行|暂缺|暂无|暂未|未定|尚未|尚待|视情|根据情况)|(?:商定|协商确定|另行确定|再定|待定)$")


def leaves_open(cell: str) -> bool:
    """A cell that gives no content of its own: empty, a dash, or left to later (待到岗后与
    受援科室商定, 另行确定, 暂缺)."""
    c = re.sub(r"\s+", "", simplified(cell))
    return states_nothing(c) or bool(_LEFT_OPEN.search(c))


def fails_or_open(cell: str) -> bool:
    """A verdict cell that fails its row (不合格, 未通过) or leaves it open (待评, 待考核); an empty
    cell says nothing."""
    c = re.sub(r"\s+", "", simplified(cell))
    return bool(c) and c not in _EMPTY and (bool(_FAILED.search(c)) or bool(_LEFT_OPEN.search(c)))


_TOTAL_ROW = re.compile(r"^(?:合计|小计|总计|共计)")


def is_total_row(row: list[str]) -> bool:
    """A 合计/小计 row: it sums the rows above, it is no row of its own."""
    return bool(row) and bool(_TOTAL_ROW.match(re.sub(r"\s+", "", row[0])))


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    header_blocks: list[int] = field(default_factory=list)     # block indices of the header cells/line
    row_blocks: list[list[int]] = field(default_factory=list)  # block indices of each row

    def column(self, *words: str) -> int | None:
        """The first column whose header holds one of ``words``."""
        for i, h in enumerate(self.header):
            if any(w in h for w in words):
                return i
        return None

    @cached_property
    def yes_no_column(self) -> int | None:
        """A yes/no column (是否签约入集团) whose answer is the row's status, unless it asks about a
        fault (是否擅自离开: 否 is the good answer there)."""
        return next((i for i, h in enumerate(self.header) if re.sub(r"\s+", "", h).startswith("是否")
                     and not _FAULT_QUESTION.search(h)), None)

    @property
    def has_deadline(self) -> bool:
        """A column of deadlines (完成时限, 时间节点): the rows are to be done by then."""
        return any(w in h for h in self.header for w in DEADLINE_COLUMNS)

    @property
    def is_plan(self) -> bool:
        """A list of tasks with deadlines or responsible units: every row is a plan."""
        if any(w in h for h in self.header for w in DEADLINE_COLUMNS):
            return True
        return any(w in h for h in self.header for w in RESPONSIBLE_COLUMNS) and any(
            _TASK_HEADER.search(h) for h in self.header if not any(w in h for w in RESPONSIBLE_COLUMNS))

    def row_status(self, row: list[str]) -> str | None:
        """What the row says of itself: "not_done" (its 完成情况 says 未完成, 进行中), "plan" (it is
        marked only under a 计划建设 column, not under 已建成), "done", or None."""
        plans = self.plan_columns()
        done = {i for i, h in enumerate(self.header) if _DONE_HEADER.search(h)}
        if plans and done:
            filled = lambda cols: any(c < len(row) and row[c].strip() not in _EMPTY for c in cols)  # noqa: E731
            if filled(plans) and not filled(done):
                return "plan"
            if filled(done):
                return "done"
        col = self.column(*STATUS_COLUMNS)
        if col is None:
            yes_no = self.yes_no_column     # 是否签约入集团 | 否（有意向）: not in
            if yes_no is not None and yes_no < len(row) and says_no(row[yes_no]):
                return "not_done"
        if col is None or col >= len(row) or not row[col].strip():
            return self._status_cells(row)
        cell = row[col].strip()
        if _NOT_DONE.search(cell):
            return "not_done"
        return "done" if _DONE.search(cell) else self._status_cells(row)

    @staticmethod
    def _status_cells(row: list[str]) -> str | None:
        """What the row's cells say of it where they open with a status: "done" when all that
        do say done (已完成 under every unit), "not_done" when all say not done, else None."""
        said = set()
        for cell in row[1:]:
            c = cell.strip()
            if _NOT_DONE_CELL.search(c):
                said.add("not_done")
            elif _DONE_CELL.search(c):
                said.add("done")
        return said.pop() if len(said) == 1 else None

    def verdict_column(self) -> int | None:
        """The column that gives each row's verdict (考核结果, 考核等次, 鉴定结论), or None."""
        return next((i for i, h in enumerate(self.header) if _VERDICT_HEADER.search(re.sub(r"\s+", "", h))), None)

    def topic_columns(self) -> set[int]:
        """Columns that say what an event of a register was about (议题, 主题, 会议内容): a row's
        status (未举行) speaks of the event, not of its topic (远程会诊中心运行)."""
        return {i for i, h in enumerate(self.header) if _TOPIC_HEADER.search(h)}

    def plan_columns(self) -> set[int]:
        """Columns whose header says they hold plans (计划建设, 拟开展, 年度目标), not facts."""
        return {i for i, h in enumerate(self.header) if _PLAN_HEADER.search(h) and not _DONE_HEADER.search(h)}

    def date_columns(self) -> list[int]:
        """Columns that each say when an event took place (上半年督导日期 | 下半年督导日期): a row with
        two of them records two events. A deadline column (完成时间, 时限) is no such column, nor is a
        column of planned dates (上半年计划日期): it records nothing."""
        plans = self.plan_columns()
        return [i for i, h in enumerate(self.header)
                if _WHEN_HEADER.search(h) and not any(w in h for w in DEADLINE_COLUMNS) and i not in plans]

    def slot_columns(self) -> list[int]:
        return [i for i, h in enumerate(self.header) if _SLOT.search(re.sub(r"\s+", "", h))]


def _cells(blocks: list[Block] | tuple[Block, ...]) -> list[Table]:
    grids: dict[tuple, dict[int, dict[int, tuple[str, int]]]] = {}
    for i, b in enumerate(blocks):
        loc = b.loc
        if b.kind != "table-cell" or loc.row is None or loc.col is None:
            continue
        key = (loc.sheet, loc.table, loc.part)
        grids.setdefault(key, {}).setdefault(loc.row, {})[loc.col] = (simplified(b.text).strip(), i)
    out = []
    for grid in grids.values():
        rows = [grid[r] for r in sorted(grid)]
        width = max(max(r) for r in rows)
        table_rows = [[r.get(c, ("", -1))[0] for c in range(1, width + 1)] for r in rows]
        idx = [[r[c][1] for c in sorted(r)] for r in rows]
        # the header is the first row with several non-empty cells (a title row spans one cell)
        h = next((k for k, r in enumerate(table_rows) if sum(1 for x in r if x) >= 2), 0)
        out.append(Table(table_rows[h], table_rows[h + 1:], idx[h], idx[h + 1:]))
    return out


def _lines(blocks: list[Block] | tuple[Block, ...]) -> list[Table]:
    """Tables printed as text lines: a header line of short labels, then lines of as many cells."""
    out: list[Table] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        tokens = simplified(b.text).split()
        if b.kind in ("paragraph", "ocr-line", "line") and _header_line(tokens, b.text):
            rows, idx, j = [], [], i + 1
            while j < len(blocks) and blocks[j].kind == b.kind:
                text = blocks[j].text
                cells = simplified(text).split()
                if _header_line(cells, text) and rows:
                    break                                   # the next table's header
                if rows and _PROVISION.match(text.strip()):
                    break                                   # 第四条 …: the next provision, no row
                if len(cells) >= 2 and abs(len(cells) - len(tokens)) <= 1:
                    rows.append(cells[:len(tokens)] + [""] * (len(tokens) - len(cells)))
                    idx.append([j])
                elif rows and len(cells) <= 2 and not re.search(r"[。；]$", text.strip()) \
                        and not re.match(r"^附件|.*表$", text.strip()):
                    rows[-1][-1] += "".join(cells)          # a cell wrapped onto the next printed line
                    idx[-1].append(j)
                else:
                    break
                j += 1
            if rows:
                out.append(Table(tokens, rows, [i], idx))
                i = j
                continue
        i += 1
    return out


_PROVISION = re.compile(r"^第[一二三四五六七八九十百零〇\d]+[条章]|^[一二三四五六七八九十]+[、．.]")


def _header_line(tokens: list[str], text: str) -> bool:
    """A printed header line: three or more short labels (日期 内容 授课人; 教学查房（每周1次）),
    no sentence punctuation and no date or figure outside brackets."""
    if len(tokens) < 3 or not all(len(t) <= 12 for t in tokens) or re.search(r"[，。；,;]", text):
        return False
    bare = re.sub(r"[（(][^）)]*[）)]", "", text)
    return not any(ch.isdigit() for ch in bare)


def tables(blocks: list[Block] | tuple[Block, ...]) -> list[Table]:
    """Every table of a document, from its cells and from lined-up text lines."""
    return _cells(blocks) + _lines(blocks)


def half_days(table: Table, row: list[str], activity: tuple[str, ...] = ()) -> int | None:
    """Half-day sessions a grid row holds: a count column (每周半天数), else the marked slot cells.
    When the grid's cells name what each half-day is for (门诊 / 手术 / 病房) and some name the
    ``activity`` asked about, only those count: a half-day in theatre is no clinic."""
    col = table.column("半天数", "半日数", "坐诊次数", "门诊次数")
    if col is not None and col < len(row):
        m = re.search(r"\d+", row[col])
        if m:
            return int(m.group(0))
    slots = table.slot_columns()
    if not slots:
        return None
    if activity and _names_activities(table, slots, activity):
        return sum(1 for c in slots if c < len(row) and any(w in row[c] for w in activity))
    return sum(1 for c in slots if c < len(row) and row[c].strip() not in _EMPTY)


def _names_activities(table: Table, slots: list[int], activity: tuple[str, ...]) -> bool:
    """The slot cells name activities, some of them ``activity`` and some others (not marks)."""
    values = {r[c].strip() for r in table.rows for c in slots if c < len(r) and r[c].strip() not in _EMPTY}
    named = {x for x in values if re.search(r"[\u4e00-\u9fa5]{2,}", x)}
    return any(any(w in x for w in activity) for x in named) and any(not any(w in x for w in activity) for x in named)


# a row label naming a period: 1月 / 一月份 / 第一季度 / 二季度 / 上半年 (weeks it spans)
_MONTH_ROW = re.compile(r"^(?:\d{4}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?$")
_QUARTER_ROW = re.compile(r"^(?:\d{4}年)?第?[一二三四1-4]季度$")
_HALF_ROW = re.compile(r"^(?:\d{4}年)?[上下]半年$")
_COUNT = re.compile(r"^\s*(\d+)\s*(?:次)?\s*$")


def _period_weeks(label: str) -> float | None:
    label = re.sub(r"\s+", "", label)
    if _MONTH_ROW.match(label):
        return 52 / 12
    if _QUARTER_ROW.match(label):
        return 13.0
    if _HALF_ROW.match(label):
        return 26.0
    return None


def period_counts(table: Table, words: list[str]) -> list[tuple[str, float, int]]:
    """A table of counts per period (月份 | 教学查房（次） | 科内临床教学（次）): for the column
    whose header names one of ``words``, (period label, weeks it spans, count) per row.
    Rows that are no period (合计, 月均) are left out; empty when the table is no such table."""
    col = next((i for i, h in enumerate(table.header) if any(w in simplified(h) for w in words)), None)
    if col is None:
        return []
    out = []
    for row in table.rows:
        label = next((c for c in row[:2] if _period_weeks(c) is not None), None)
        if label is None or col >= len(row):
            continue
        m = _COUNT.match(row[col])
        if m:
            out.append((label.strip(), _period_weeks(label), int(m.group(1))))
    return out


_UNIT_WORDS = ("卫生院", "卫生服务中心", "卫生服务站", "中心", "医院", "卫生室", "分院", "社区", "机构", "单位")
_NONE_CELL = re.compile(r"^[\s—–\-－/／无空暂无]*$")


def per_unit_counts(table: Table, words: tuple[str, ...]) -> list[tuple[str, int]] | None:
    """How many of a thing each unit of a per-unit table holds (机构名称 | 特色科室一 | 特色科室二,
    or 机构 | 特色科室名称 with names joined by 、, or a 特色科室数 column): one (unit, count) a row,
    or None when the table is not one row per unit with columns naming the thing."""
    cols = [i for i, h in enumerate(table.header) if any(w in h for w in words)] if table.header else []
    # the column naming the unit: the first whose header names units (基层医疗卫生机构, 名称), else
    # the first after a 序号
    label = next((i for i, h in enumerate(table.header) if any(w in h for w in _UNIT_WORDS + ("名称",))
                  and not any(w in h for w in words)), 1 if re.search(r"序号|编号", table.header[0]) else 0)
    cols = [i for i in cols if i not in table.plan_columns() and i != label]
    if not cols or len(table.rows) < 2:
        return None
    rows = [r for r in table.rows if len(r) > label and r[label].strip() and not _TOTAL_ROW.match(r[label].strip())
            and not _TOTAL_ROW.match(r[0].strip())]
    units = sum(1 for r in rows if any(w in r[label] for w in _UNIT_WORDS))
    if len(rows) < 2 or (units < len(rows) / 2 and not any(w in table.header[label] for w in _UNIT_WORDS + ("名称",))):
        return None
    numeric = [i for i in cols if re.search(r"数|个数|数量", table.header[i])]
    out = []
    for r in rows:
        if numeric:
            m = re.search(r"\d+", r[numeric[0]] if numeric[0] < len(r) else "")
            n = int(m.group(0)) if m else 0
        else:
            # a name that says it is not there yet (筹建中, 尚未建立, 拟建儿科) is none
            n = sum(len([x for x in re.split(r"[、，,；;/／\s]+", r[i]) if x and not _NONE_CELL.match(x)
                         and modality_of(x) not in ("negated", "planned")])
                    for i in cols if i < len(r) and not _NONE_CELL.match(r[i]))
        out.append((r[label].strip(), n))
    return out
