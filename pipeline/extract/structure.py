"""A document as a tree of sections: 一、 （一） 1. （1）, 第X章 / 第X条, 附件N.

Rules often live in one numbered section of a broader document (三、（二）收益分配
of a 综合实施方案, 第十二条 of a 条例, 附件2 of an issued notice), and everything
under a heading such as 工作目标 or 下一步工作 is a plan. ``sections`` reads the
headings of a run of blocks into a tree; each ``Section`` knows its number, its
heading text (for an inline heading "（二）建立收益分配机制。医联体内部…", the
text up to the first full stop), the blocks it spans, its parent, and whether it
is a goal or next-step section (the words are in rules/lexicon.yaml, ``structure``).

Levels: 附件N opens a top-level part (0); 第X章/第X部分 (1) hold 第X条 (2); otherwise
一、 (1) > （一） (2) > 1. (3) > （1） (4). A numbered line inside a table is no heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block
from ..text.lexicon import Lexicon, load

_SPACES = " \t\u3000"
_CN = "一二三四五六七八九十百零〇"
_NUMBERS = (
    (0, re.compile(rf"^附件\s*[0-9{_CN}]*\s*$|^附件\s*[0-9{_CN}]*\s*[:：]?(?=\s*\S)")),
    (1, re.compile(rf"^第[{_CN}\d]+(?:部分|章)")),
    (2, re.compile(rf"^第[{_CN}\d]+条")),
    (1, re.compile(rf"^[{_CN}]+[、.．]")),
    (2, re.compile(rf"^[（(][{_CN}]+[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
)
_HEAD_END = "。；;！!？?"


@dataclass(frozen=True)
class Section:
    level: int
    number: str               # 三、 / （二） / 第十二条 / 附件2
    heading: str              # heading text without the number ("" for a bare article)
    block: int                # index of the heading block in the blocks given
    end: int                  # last block index of the section (inclusive)
    parent: int | None        # index of the parent section in the list
    goal: bool                # a goal or next-step section, or inside one

    def label(self) -> str:
        """How a reviewer names it: 三、（二）建立收益分配机制 / 第十二条 / 附件2 …表."""
        if self.number.startswith("附件") and self.heading:
            return f"{self.number}《{self.heading}》"
        return f"{self.number}{self.heading}" if self.heading else self.number


def _number(text: str, in_chapter: bool) -> tuple[int, str] | None:
    for level, rx in _NUMBERS:
        m = rx.match(text)
        if m:
            if level == 2 and text.startswith("第") and not in_chapter:
                level = 1                              # 第X条 without chapters is top level
            elif in_chapter and not text.startswith(("第", "附件")):
                level += 1                             # 第十二章 …制度 holds its 一、 二、 as 第X条
            return level, m.group(0)
    return None


def _heading_text(rest: str, lex: Lexicon) -> str:
    limit = lex.structure.get("heading_max_chars", 40)
    rest = rest.strip(_SPACES + "：:")
    cut = min((rest.find(ch) for ch in _HEAD_END if ch in rest), default=-1)
    if cut >= 0:
        return rest[:cut] if cut <= limit else ""
    return rest if len(rest) <= limit else ""


def is_goal_heading(heading: str, lex: Lexicon | None = None) -> bool:
    """工作目标, 下一步工作打算, 2019年工作计划 — but not 工作目标完成情况."""
    lex = lex or load()
    h = re.sub(r"\s+", "", heading)
    if not h or any(w in h for w in lex.structure.get("not_goal_words", ())):
        return False
    return any(w in h for w in lex.structure.get("goal_headings", ()))


def _bare_goal_heading(text: str, lex: Lexicon) -> bool:
    """An unnumbered line that is only a goal heading (下一步工作打算, 2019年工作思路), not a
    title that names goals (派驻人员工作目标责任书)."""
    t = text.strip(_SPACES + "：:")
    titled = re.search(r"(?:书|表|报告|方案|计划|规划|通知|总结|汇编)$", t)
    return 2 <= len(t) <= 16 and not titled and not any(ch in t for ch in "，,。；;") and is_goal_heading(t, lex)


_RULE_TITLE = re.compile(r"(?:制度|办法|规定|细则|规程|守则|规范|章程)$")
_FIRST_ARTICLE = re.compile(r"^第[一1]条")


def _collected_rule(blocks: list[Block] | tuple[Block, ...], i: int) -> bool:
    """An unnumbered line naming a rule (外出进修学习管理制度) whose first article (第一条) follows
    within two lines (a dated line, （2015年3月印发）, may stand between): a rule collected in a
    汇编 or appended to a report, a part of its own like an attachment."""
    t = blocks[i].text.strip(_SPACES)
    if not 4 <= len(t) <= 30 or any(ch in t for ch in "，,。；;：:") or not _RULE_TITLE.search(t) \
            or re.match(rf"^第[{_CN}\d]+[篇章节部]", t):
        return False
    nxt = [b.text.strip(_SPACES) for b in blocks[i + 1:i + 4] if b.text.strip(_SPACES)][:2]
    return any(_FIRST_ARTICLE.match(n) for n in nxt)


def sections(blocks: list[Block] | tuple[Block, ...], lex: Lexicon | None = None) -> list[Section]:
    """The sections of ``blocks`` in order, as a tree (see the module doc)."""
    lex = lex or load()
    found: list[dict] = []
    in_chapter = any(re.match(rf"^第[{_CN}\d]+章", b.text.strip(_SPACES)) for b in blocks)
    for i, b in enumerate(blocks):
        if b.kind in ("table-cell", "header", "footer"):
            continue
        text = b.text.strip(_SPACES)
        if not text:
            continue
        hit = _number(text, in_chapter)
        if hit:
            level, number = hit
            heading = _heading_text(text[len(number):], lex)
            if level == 0 and not heading:
                # 附件2 on a line of its own: the attachment's title is the next line
                nxt = next((b2.text.strip(_SPACES) for b2 in blocks[i + 1:i + 3] if b2.text.strip(_SPACES)), "")
                heading = nxt if len(nxt) <= lex.structure.get("heading_max_chars", 40) else ""
            found.append({"level": level, "number": number.strip(_SPACES), "heading": heading, "block": i})
        elif _bare_goal_heading(text, lex):
            found.append({"level": 1, "number": "", "heading": text.strip(_SPACES + "：:"), "block": i})
        elif _collected_rule(blocks, i):
            found.append({"level": 0, "number": "", "heading": text, "block": i})
    out: list[Section] = []
    stack: list[int] = []
    for k, s in enumerate(found):
        while stack and found[stack[-1]]["level"] >= s["level"]:
            stack.pop()
        s["parent"] = stack[-1] if stack else None
        stack.append(k)
    for k, s in enumerate(found):
        end = len(blocks) - 1
        for later in found[k + 1:]:
            if later["level"] <= s["level"]:
                end = later["block"] - 1
                break
        parent = s["parent"]
        article = s["number"].endswith("条")           # 第四条 …按工作目标考核 is a rule, no goal heading
        goal = (not article and is_goal_heading(s["heading"], lex)) or (parent is not None and out[parent].goal)
        out.append(Section(s["level"], s["number"], s["heading"], s["block"], end, parent, goal))
    return out


def innermost(secs: list[Section], n_blocks: int) -> list[int | None]:
    """For each block index, the innermost section holding it (None before the first heading)."""
    owner: list[int | None] = [None] * n_blocks
    for k, s in enumerate(secs):            # later (deeper or next) sections overwrite
        for i in range(s.block, min(s.end, n_blocks - 1) + 1):
            owner[i] = k
    return owner


def path(secs: list[Section], k: int | None) -> list[Section]:
    """The chain of sections from the top down to section ``k``."""
    chain: list[Section] = []
    while k is not None:
        chain.append(secs[k])
        k = secs[k].parent
    return chain[::-1]
