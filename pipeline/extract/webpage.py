"""Web-page printouts: units print their policies from government sites.

Such a page carries a metadata box (索引号 / 发文机关 / 成文日期 / 生效日期 / 文号 / 标题)
and the site's and the browser's furniture: navigation (当前位置：首页 > 政务公开 >),
share and print links (分享到, 【打印本页】, 【关闭窗口】), site footers (主办：…, 网站标识码,
ICP备), the browser's print header (2019/1/8 上午10:12  标题_网站) and footer (the URL,
1/3). The furniture is never a title, an issuer or a sentence of the document:
``chrome`` finds it, ``box`` reads the metadata, and ``is_webpage`` tells a printout
from a document that merely mentions a web page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block
from ..text.dates import find_dates
from ..text.variants import simplified

_CHROME = re.compile(
    r"^(?:当前位置|您现在的位置|你现在的位置|您的位置|所在位置|位置)\s*[:：]|^首页\s*[>＞»/]|[>＞»]\s*(?:正文|详情|内容)\s*$|"
    r"分享到|打印本页|【\s*打印\s*】|【\s*关闭\s*】|关闭窗口|【\s*字体|字号\s*[:：]\s*[大中小]|浏览次数|访问次数|阅读次数|"
    r"网站标识码|ICP备|版权所有|主办\s*[:：]|承办\s*[:：]|技术支持\s*[:：]|网站地图|联系我们\s*$|"
    r"^https?://|^www\.|^\d{1,4}/\d{1,4}$|^(?:19|20)\d{2}/\d{1,2}/\d{1,2}\s*(?:上午|下午)?\s*\d{1,2}:\d{2}")
BOX_LABELS = ("索引号", "信息索引号", "发文机关", "发布机构", "发文单位", "成文日期", "发文日期", "生效日期", "发布日期",
              "公开日期", "文号", "发文字号", "标题", "名称", "主题分类", "主题词", "有效性", "公开方式", "公开范围",
              "信息分类", "体裁分类", "组配分类", "服务对象", "废止日期",
              # a news item's line: 发布时间：2019-05-16 来源：宣传处 作者：…
              "发布时间", "来源", "作者", "编辑", "浏览次数", "点击数", "阅读量")
_LABEL_RE = re.compile("(" + "|".join(sorted(BOX_LABELS, key=len, reverse=True)) + r")\s*[:：]\s*")


@dataclass(frozen=True)
class WebBox:
    fields: dict[str, str]
    blocks: tuple[int, ...]        # the blocks that hold the box

    def issuer(self) -> str | None:
        return self.fields.get("发文机关") or self.fields.get("发布机构") or self.fields.get("发文单位")

    def doc_number(self) -> str | None:
        return self.fields.get("文号") or self.fields.get("发文字号")

    def title(self) -> str | None:
        return self.fields.get("标题") or self.fields.get("名称")

    def date(self):
        """The document's date: 成文日期, else 发文日期, 生效日期, 发布日期 (the web page's own)."""
        for label in ("成文日期", "发文日期", "生效日期", "发布日期", "公开日期", "发布时间"):
            value = self.fields.get(label)
            ds = [d for d in find_dates(value or "") if d.year and d.month and d.day]
            if ds:
                return ds[0]
        return None


def is_chrome(text: str) -> bool:
    t = simplified(text.strip())
    return bool(t) and bool(_CHROME.search(t))


def chrome(blocks: list[Block] | tuple[Block, ...]) -> set[int]:
    """Indices of the blocks that are web-page furniture (navigation, share links, footers);
    a table's cells (86/90 in a score column) never are."""
    return {i for i, b in enumerate(blocks) if b.kind != "table-cell" and is_chrome(b.text)}


def box(blocks: list[Block] | tuple[Block, ...], head: int = 40) -> WebBox | None:
    """The metadata box in the first ``head`` blocks: two or more of its labels."""
    fields: dict[str, str] = {}
    used: list[int] = []
    box_tables: set[tuple] = set()
    for i, b in enumerate(blocks[:head]):
        text = simplified(b.text)
        found = list(_LABEL_RE.finditer(text))
        t = text.strip().rstrip("：:").strip()
        if b.kind == "table-cell" and t not in BOX_LABELS and found and not text[found[-1].end():].strip():
            t = found[-1].group(1)          # 信息来源： holds the label 来源 with no value
        if not found or (b.kind == "table-cell" and t in BOX_LABELS):
            # a table cell holding just a label (索引号 or 索引号：): the value is the cell to its
            # right in the same row, unless that is a label itself (an empty value: 文号： | 所属主题：)
            if t in BOX_LABELS and b.kind == "table-cell":
                box_tables.add(_table_of(b))
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                if nxt is not None and nxt.kind == "table-cell" and _table_of(nxt) == _table_of(b) \
                        and nxt.loc.row == b.loc.row and nxt.loc.col == (b.loc.col or 0) + 1:
                    value = simplified(nxt.text).strip()
                    if value and not _LABEL_RE.match(value) and not value.endswith(("：", ":")):
                        fields.setdefault(t, value)
                        used.append(i + 1)
                used.append(i)
            continue
        for k, m in enumerate(found):
            end = found[k + 1].start() if k + 1 < len(found) else len(text)
            value = text[m.end():end].strip(" \t\u3000|")
            if value:
                fields.setdefault(m.group(1), value)
        used.append(i)
    # the box's table is furniture as a whole: its other labels and their values (所属主题 | 政策文件)
    used += [i for i, b in enumerate(blocks[:head]) if b.kind == "table-cell" and _table_of(b) in box_tables]
    if len(fields) < 2 or not (set(fields) & {"索引号", "发文机关", "发布机构", "成文日期", "发文日期", "文号", "发文字号",
                                              "发布时间", "来源"}):
        return None
    return WebBox(fields, tuple(sorted(set(used))))


def _table_of(b: Block) -> tuple:
    return (b.loc.page, b.loc.sheet, b.loc.table, b.loc.part)


def is_webpage(blocks: list[Block] | tuple[Block, ...]) -> bool:
    """A printout of a web page: its metadata box, or two kinds of furniture."""
    if box(blocks) is not None:
        return True
    kinds = set()
    for b in blocks:
        t = simplified(b.text.strip())
        if b.kind != "table-cell" and is_chrome(t):
            kinds.add(_kind_of_chrome(t))
    return len(kinds) >= 2


def _kind_of_chrome(text: str) -> str:
    """Which furniture a line is: navigation, share/print links, site footer, URL, page count, print time."""
    if re.match(r"^(?:当前位置|您现在的位置|你现在的位置|您的位置|所在位置|位置)|^首页", text):
        return "nav"
    if re.search(r"分享到|打印|关闭|字体|字号|浏览次数|访问次数|阅读次数", text):
        return "links"
    if re.search(r"网站标识码|ICP备|版权所有|主办|承办|技术支持|网站地图|联系我们", text):
        return "footer"
    if re.match(r"^https?://|^www\.", text):
        return "url"
    if re.match(r"^\d{1,4}/\d{1,4}$", text):
        return "page"
    return "time"


_MASTHEAD = re.compile(r"《[^》]{1,12}(?:报|日报|晚报|周刊|杂志)》|电视台|广播电台|新闻联播|客户端|公众号|微信号|本报讯|本台讯|记者|通讯员")


def is_news(blocks: list[Block] | tuple[Block, ...]) -> bool:
    """A media item: a news page printed from a website (发布时间 / 来源 box), a newspaper
    clipping (《…报》…第3版, 本报讯, 记者), a television or WeChat report."""
    b = box(blocks)
    if b is not None and ("来源" in b.fields or "发布时间" in b.fields or "作者" in b.fields):
        return True
    head = " ".join(simplified(x.text) for x in list(blocks)[:6])
    return bool(_MASTHEAD.search(head))
