"""The typed shape of a rules file (rules/<form>.yaml).

A form is a tree of sections (一级/二级指标 for 附件1; 类, group and sub-group
for 附件2) whose leaves are items, one per scored row of the official table.
Every text is the official cell text verbatim; ``{Y}`` and ``{Y-1}`` stand for
the assessment year and the year before it (see ``years.py``).

Qualitative items carry declarative evidence checks from a closed vocabulary
(``Check``); quantitative items name the figures they need (``figures`` at
form level) and a scoring rule (``Scoring``). No indicator has code of its own.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

Concepts = list[list[str]]
"""All groups must be present; within a group any synonym will do.

A synonym is literal text, except that "…" stands for a gap of up to
``GAP_CHARS`` characters in the same clause: "院长…任组长" matches
"院长孔祥瑞任组长". Spaces and line breaks in the evidence are ignored."""
GAP_CHARS = 12


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------
# Evidence checks (qualitative items)
# --------------------------------------------------------------------------
Role = Literal["行政部门", "支援医院", "受援医院", "any"]
Period = Literal["year", "half_year", "quarter", "month", "two_weeks", "week"]


class CheckBase(Strict):
    label: str = Field(min_length=1)
    """Chinese name of what is required, used in reasons (e.g. 半年工作意见)."""
    issuer: Role = "any"
    """Whose document counts; resolved against case.yaml units."""
    within_year: bool = False
    """Only documents dated in the assessment year count (else: not after it)."""
    facts_only: bool = False
    """Only statements of fact count: a clause marked done, or a plain clause in a
    report, minutes or a record. Rules, agreements and plans say what should
    happen, not what did (开展/落实/实现 items). A report about an earlier year is
    no fact of the assessment year."""
    coverage: Literal["all"] | None = None
    """"all": the form asks it of every unit (区域内所有医联体); a statement that only
    some did it (12个中有8个, 其余…尚未, 部分) does not count."""


class DocumentCheck(CheckBase):
    """A final (not draft) document of the right kind whose title names the concepts."""

    type: Literal["document"]
    kinds: list[str] = Field(default_factory=list)
    title: Concepts = Field(default_factory=list)
    """Concepts its title names (required, except for media items, which are found by ``text``)."""
    media: bool = False
    """A media item (a news page, a newspaper clipping, a TV report) about the ``text`` concepts:
    the publicity itself is the evidence."""
    text: Concepts = Field(default_factory=list)
    """Optional concepts that must also be stated, in the done modality, in its body."""
    quantified: bool = False
    """Its body must hold measuring numbers (3个, 85%; not years): 量化的任务项."""
    timed: bool = False
    """Its body must hold at least two dated milestones: a 时间表."""
    names_role: Role | None = None
    """The document must name that unit (its name or 支援医院): a training plan sends staff to
    the supporting hospital, not to any hospital."""
    implemented: bool = False
    """The form asks for the document and that it be carried out (…并组织实施, 并严格落实): a
    later report that says it was not carried out (未能组织实施, 未落实) also wins over it."""
    provisions: bool = False
    """A section of a broader issued document (三、（三）资源共享 of a 实施方案, 第十二条 of a
    条例, 附件2 of a notice) whose heading names it and whose body states it is that document."""
    author_posts: Concepts = Field(default_factory=list)
    """The author (汇报人/职务 lines) must hold one of these posts: a clinical author
    (护师, 主治医师) of a 进修报告 is no 管理人员."""
    every_row: bool = False
    """The form asks it of everyone (期满…考核合格): in a record of one row per person or unit, a
    row whose status column says not done or failed (考核结果：待评, 不合格) fails the item."""

    @model_validator(mode="after")
    def _titled(self) -> "DocumentCheck":
        if not self.title and not self.media:
            raise ValueError("document 检查需要 title（媒体报道 media: true 时可省略）")
        if self.media and not self.text:
            raise ValueError("media: true 需要 text（报道的主题）")
        return self


class Part(Strict):
    name: str
    synonyms: list[str] = Field(min_length=1)


class StatementCheck(CheckBase):
    """A clause in the done modality, in a final document, that holds every concept."""

    type: Literal["statement"]
    concepts: Concepts = Field(min_length=1)
    kinds: list[str] = Field(default_factory=list)
    context: Concepts = Field(default_factory=list)
    """Concepts the document (title or body) must be about, e.g. 医联体."""
    with_figure: bool = False
    """The clause must also state a figure (a concrete, quantified target)."""
    accept_planned: bool = False
    """Targets in a plan count (发展规划的目标): planned clauses are accepted, negated never."""
    about: Concepts = Field(default_factory=list)
    """Title concepts of the rule document where this statement belongs (派驻人员管理制度):
    when such a document lacks it, the item is not met rather than without evidence."""
    implemented: bool = False
    """The form asks that the rule be carried out (…的要求得到落实, 查看政策落实情况): a report or
    minutes that say it is not carried out (挂钩措施尚未落实) win over the rule, although a report
    is not a kind the rule may be stated in."""
    unchanged: bool = False
    """The form asks that something stay as it was (待遇不变): a sentence that keeps one part and
    cuts another (基本工资照发，绩效工资按50%发放) does not state it."""
    every_row: bool = False
    """The form asks it of everyone (培训结束后…考核合格): a table row that states it (叶海 | 合格)
    does not, when another row of that table fails or is left open under the verdict column
    (黄丽娟 | 未参加, 待考核)."""
    forms: list[Part] = Field(default_factory=list)
    """The form asks for several forms of it (多种媒体形式: 电视, 平面媒体, 网络): the sentences
    that state it, taken together, must name at least ``forms_at_least`` of these forms."""
    forms_at_least: int = 2


class AllPartsCheck(CheckBase):
    """Every named part is stated as done; the reason lists the missing ones."""

    type: Literal["all_parts"]
    parts: list[Part] = Field(min_length=2)
    context: Concepts = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list)
    per_missing: float | None = None
    """Points lost per missing part (少开展1项扣1分); None: all or nothing."""
    heads: bool = False
    """The parts are heads of departments (…科室负责人): a table row whose 职称/职务 cell is a
    clinical rank (格桑 | 内科 | 主治医师) names where someone works, not a head."""


class FrequencyCheck(CheckBase):
    """Dated meetings, visits or reports on a topic, at least N per period of the year."""

    type: Literal["frequency"]
    topic: Concepts = Field(min_length=1)
    kinds: list[str] = Field(default_factory=list)
    at_least: int = Field(ge=1)
    per: Period
    joint: bool = False
    """A meeting of both units: its attendees (or its record) name each of the case's units
    (a 联席会议 of the two hospitals is their 会商; one hospital's own meeting is not)."""
    each: bool = False
    """The rate is asked of each unit a register lists in its rows (开展对口支援的科室主任…每半年
    至少1次): a row of 科室 | 上半年督导日期 | 下半年督导日期 whose period cell is blank, a dash or
    未成行 is that unit's missed period, whatever the other rows add up to."""


class CountLevel(Strict):
    at_least: int = Field(ge=1)
    points: float = Field(ge=0)


class CountCheck(CheckBase):
    """Distinct things stated as done (e.g. 特色科室), scored by how many."""

    type: Literal["count"]
    concepts: Concepts = Field(min_length=1)
    thing: str
    """The lexicon pattern name of what is counted (e.g. 科室)."""
    levels: list[CountLevel] = Field(min_length=1)


class WeeklySessionsCheck(CheckBase):
    """A schedule (排班表, 坐诊安排) giving each person at least N half-day sessions a week."""

    type: Literal["weekly_sessions"]
    topic: Concepts = Field(min_length=1)
    """What the schedule is about (title or a cell of it), e.g. 门诊/坐诊/出诊."""
    at_least: int = Field(ge=1)


class NoBreachCheck(CheckBase):
    """No breach is stated as a fact (派驻人员连续工作期间内没有擅自离岗情况): a report or
    record that says one happened (未履行请假手续离岗3天) fails the item; finding none passes
    it silently — this check adds no support of its own."""

    type: Literal["no_breach"]
    concepts: Concepts = Field(min_length=1)
    """What a breach is stated with (擅自离岗, 未请假离岗, 脱岗)."""
    kinds: list[str] = Field(default_factory=list)
    context: Concepts = Field(default_factory=list)
    """Concepts the document must be about (the seconded staff)."""


class AppointmentCheck(CheckBase):
    """A person appointed (任命…为, 聘任, 挂职…) to one of ``posts``, of whom secondment is said.

    The secondment (派驻, 挂职, 帮扶专家, or the supporting hospital's name) must be said
    of the appointed person — in the appointment itself or next to the person's name in
    another sentence of the case — not merely elsewhere in the notice."""

    type: Literal["appointment"]
    kinds: list[str] = Field(default_factory=list)
    posts: Concepts = Field(min_length=1)
    """The posts that count (院长、副院长、书记、副书记…); a post word names its own post only."""
    seconded: Concepts = Field(min_length=1)
    """Words that, said of the person, make them the supporting hospital's seconded staff."""
    from_role: Role = "支援医院"
    """The unit whose name, said of the person, also shows they were seconded from it."""


Check = Annotated[
    Union[DocumentCheck, StatementCheck, AllPartsCheck, FrequencyCheck, CountCheck, WeeklySessionsCheck,
          AppointmentCheck, NoBreachCheck],
    Field(discriminator="type"),
]


# --------------------------------------------------------------------------
# Figures and scoring rules (quantitative items)
# --------------------------------------------------------------------------
FigureType = Literal["percent", "count", "number", "days", "money", "bool", "list", "score", "judgement"]


class Figure(Strict):
    """One figure a unit reports: one row of 指标数据.xlsx."""

    key: str = Field(min_length=1)          # Chinese label, unique in the form
    type: FigureType
    unit: str = ""
    years: list[Literal["this", "last"]] = Field(default_factory=lambda: ["this"])
    note: str = ""                           # how to count it (Chinese)
    choices: list[str] = Field(default_factory=list)   # for list: the required names


Op = Literal[">=", ">", "<=", "<", "==", "is"]
Change = Literal["rise", "fall", "growth"]


class Condition(Strict):
    figure: str
    op: Op | None = None
    value: float | bool | None = None
    value_figure: str | None = None          # compare with another figure's value
    value_cap: float | None = None           # min(value_figure, cap)
    change: Change | None = None             # this year against last year
    year: Literal["this", "last"] = "this"

    @model_validator(mode="after")
    def _shape(self) -> "Condition":
        if self.change is None and self.op is None:
            raise ValueError("条件需要 op 或 change")
        if self.op is not None and self.value is None and self.value_figure is None:
            raise ValueError("条件有 op 时需要 value 或 value_figure")
        if self.change == "growth" and (self.op is None or self.value is None):
            raise ValueError("change: growth 需要 op 和 value（增长率，百分数）")
        return self


class Level(Strict):
    when: list[Condition] = Field(min_length=1)
    points: float


class Band(Strict):
    """One tier row of an interval indicator; bounds are numbers in the figure's unit."""

    label: str                               # verbatim tier cell, e.g. 500-1000 / 大于2000
    low: float | None = None                 # None: open below (小于8天)
    high: float | None = None                # None: open above (大于2000)
    points: float


class Deduct(Strict):
    per: float = Field(gt=0)                 # points lost per missing unit
    missing_of: str | None = None            # a list figure: count required names not listed
    shortfall_of: str | None = None          # a count figure: count below `required`
    required: int | None = None
    count_figure: str | None = None          # a count figure that is itself the number of misses
    year: Literal["this", "last"] = "this"

    @model_validator(mode="after")
    def _one_source(self) -> "Deduct":
        sources = [s for s in (self.missing_of, self.shortfall_of, self.count_figure) if s]
        if len(sources) != 1:
            raise ValueError("扣分规则需且仅需 missing_of、shortfall_of、count_figure 之一")
        if self.shortfall_of and self.required is None:
            raise ValueError("shortfall_of 需要 required")
        return self


class Scoring(Strict):
    """How a quantitative item turns figures into points (one shape per item)."""

    levels: list[Level] = Field(default_factory=list)    # highest satisfied level wins
    parts: list[Level] = Field(default_factory=list)     # satisfied parts add up, capped at max
    tiers: str | None = None                             # figure scored by the item's bands
    deduct: Deduct | None = None                         # max minus per-miss deductions, floor 0
    entered: str | None = None                           # an expert's score entered as a figure
    bonus: list[Level] = Field(default_factory=list)     # added on top of max (加分项)

    @model_validator(mode="after")
    def _one_shape(self) -> "Scoring":
        shapes = [bool(self.levels), bool(self.parts), self.tiers is not None,
                  self.deduct is not None, self.entered is not None]
        if sum(shapes) != 1:
            raise ValueError("计分规则需且仅需 levels、parts、tiers、deduct、entered 之一")
        return self


# --------------------------------------------------------------------------
# Items, sections, form
# --------------------------------------------------------------------------
class RemarkValue(Strict):
    """What a 备注 cell holds once the value is there (its printed instruction until then)."""

    figure: str
    show: Literal["fall", "value"]          # fall: 下降N% (absolute fall on the year before); value: N%


class Item(Strict):
    id: str = Field(pattern=r"^[0-9]+(\.[0-9]+)+$")
    indicator: str = Field(min_length=1)     # verbatim 三级指标 / 指标内容 cell
    method: str                              # verbatim 评分方法 / 考核方法 cell ("" if empty)
    method_merged: bool = False              # the method cell is merged with the row above
    max: float = Field(ge=0)
    max_text: str | None = None              # verbatim 分值 cell when not the bare number (100分)
    remark: str = ""                         # verbatim 备注 cell
    remark_value: RemarkValue | None = None  # the value the 备注 instruction asks for
    type: Literal["qualitative", "quantitative"]
    bands: list[Band] = Field(default_factory=list)   # tier rows of an interval indicator
    typical_evidence: str = ""
    checks: list[Check] = Field(default_factory=list)
    require: Literal["all", "any"] = "all"
    partial_points: float | None = None      # points when some but not all checks are met
    scoring: Scoring | None = None
    bonus: list[Level] = Field(default_factory=list)

    @model_validator(mode="after")
    def _by_type(self) -> "Item":
        if self.type == "qualitative":
            if not self.checks:
                raise ValueError("定性指标需要至少一个 checks")
            if not self.typical_evidence:
                raise ValueError("定性指标需要 typical_evidence（应提交的佐证材料）")
            if self.scoring is not None:
                raise ValueError("定性指标不应有 scoring")
        else:
            if self.scoring is None:
                raise ValueError("定量指标需要 scoring")
            if self.checks:
                raise ValueError("定量指标不应有 checks")
        if self.bands and (self.scoring is None or self.scoring.tiers is None):
            raise ValueError("有区间档次（bands）的指标需要 scoring.tiers")
        if self.bands and max(b.points for b in self.bands) != self.max:
            raise ValueError("区间档次的最高分应等于 max")
        if self.partial_points is not None and not (0 < self.partial_points < self.max):
            raise ValueError("partial_points 应大于 0 且小于 max")
        return self


class CostTable(Strict):
    """附件2 三类: 病种 × 费用/报销比例, with a deduction when incomplete."""

    id: str = Field(pattern=r"^[0-9]+(\.[0-9]+)+$")
    indicator: str                           # verbatim first cell (县医院血液透析费用情况)
    method: str
    score_text: str                          # verbatim 分值 cell (——)
    score_cells: list[str] = Field(default_factory=list)  # other verbatim cells of the row
    dialysis_rows: list[str] = Field(min_length=1)        # 次均医药费, 新农合报销比例
    disease_group: str                       # verbatim group cell
    diseases: list[str] = Field(min_length=1)
    measures: list[str] = Field(min_length=1)             # 住院病人人均费用, 新农合报销比例
    incomplete_deduction: float = Field(gt=0)


class Section(Strict):
    title: str = Field(min_length=1)         # verbatim cell text (may hold line breaks)
    level: str                               # 一级指标 | 二级指标 | 类 | 组 | 子组
    declared_total: float | None = None      # the total printed in the title, if any
    columns: list[str] = Field(default_factory=list)   # header row printed under a 类 heading
    sections: list["Section"] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    cost_table: CostTable | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> "Section":
        if not (self.sections or self.items or self.cost_table):
            raise ValueError("章节下没有指标")
        return self


class Closing(Strict):
    heading: str
    lines: list[str] = Field(min_length=1)


class Form(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    attachment: str                          # 附件1
    title: str
    subtitle: str = ""                       # （满分1100分）
    aliases: list[str] = Field(default_factory=list)
    """Other names of the form a reviewer may write in case.yaml or ``--form`` (医联体, 对口支援)."""
    roles: list[Role] = Field(default_factory=list)
    """The roles case.yaml ``units:`` names (行政部门; 支援医院 and 受援医院)."""
    full_marks: float = Field(gt=0)
    printed_year: int | None = None          # the year the official text was printed for
    columns: list[str] = Field(default_factory=list)
    total_label: str = ""                    # 合计
    self_score_column: str = ""              # 自评分值
    concepts: dict[str, list[str]] = Field(default_factory=dict)
    """Named synonym lists; a check's concept group "@name" stands for one of them."""
    figures: list[Figure] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    notes: list[str] = Field(default_factory=list)
    closing: Closing | None = None
