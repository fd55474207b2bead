"""Benchmark OCR: seconds per scanned A4 page and character error rate, before and after.

    .venv/bin/python benchmarks/ocr.py [--pages N] [--rounds R] [--baseline COMMIT] [--batch N] [--save DIR]

Builds scanned pages of an official document (公文) in memory: a notice with
its red heading and rule, body text, a closing page whose date lies under a red
seal, a table of names, and a page with a photo; Noto CJK at A4 / 200 dpi, some
pages turned by a fraction of a degree, some with scanner noise and JPEG. The
known text of every page is kept.

Both OCR versions run in this one process, page by page in turn (so the load of
a shared machine falls on both alike): "before" is ``pipeline/readers/ocr.py``
as it was at ``--baseline`` (read with git), "after" is the working tree's. Each
has its own engine, made and warmed up before timing. Printed: wall and CPU
seconds per page for each, their ratio, and the character error rate against
the known text (edit distance / characters of the known text, whitespace
ignored), per page kind and in all. ``--batch N`` adds a third version: "after"
with N lines per recognition call (RapidOCR's default is 6; "after" uses 1 on a CPU).

Targets: after <= 1.5 s a page, CER < 1 %.
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = "00648a8"        # the last commit before OCR was made faster (issue 15)
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
SANS, SERIF, SANS_BOLD = (FONT_DIR / "NotoSansCJK-Regular.ttc", FONT_DIR / "NotoSerifCJK-Regular.ttc",
                          FONT_DIR / "NotoSansCJK-Bold.ttc")
SC = 2                      # Simplified Chinese in the collections
A4 = (1654, 2339)           # pixels at 200 dpi
RED = (210, 30, 35)

HEADING = "西岭市卫生和计划生育委员会文件"
NUMBER = "西卫发〔2017〕12号"
TITLE = ["西岭市卫生和计划生育委员会关于", "推进医疗联合体建设和发展的实施意见"]
ADDRESSEE = "各县（区）卫生计生局，委直属各医疗卫生单位："
BODY = [
    "为贯彻落实《国务院办公厅关于推进医疗联合体建设和发展的指导意见》（国办发〔2017〕32号）精神，"
    "进一步优化医疗资源结构和布局，促进医疗卫生工作重心下移和资源下沉，提升基层服务能力，"
    "结合我市实际，现提出如下实施意见。",
    "一、总体要求。以习近平新时代中国特色社会主义思想为指导，坚持政府主导、统筹规划，"
    "坚持公益导向、创新机制，坚持资源下沉、提升能力，坚持便民惠民、群众受益，"
    "全面启动多种形式的医联体建设试点。",
    "二、工作目标。2017年，全市三级公立医院全部参与并发挥引领作用，综合医改试点县（区）"
    "全面推进医联体建设，形成较为完善的医联体政策框架。到2020年，在总结试点经验的基础上，"
    "全面推进医联体建设，所有二级公立医院和政府办基层医疗卫生机构全部参与医联体。",
    "三、主要任务。（一）在城市主要组建医疗集团。以1家三级公立医院或者业务能力较强的医院为牵头单位，"
    "联合若干城市二级医院、康复医院、护理院以及社区卫生服务中心，构建“1+X”医联体，"
    "纵向整合医疗资源，形成资源共享、分工协作的管理模式。",
    "（二）在县域主要组建医疗共同体。重点探索以县级医院为龙头、乡镇卫生院为枢纽、"
    "村卫生室为基础的县乡一体化管理，与乡村一体化管理有效衔接，充分发挥县级医院的城乡纽带作用"
    "和县域龙头作用，形成县乡村三级医疗卫生机构分工协作机制。",
    "（三）跨区域组建专科联盟。根据不同区域医疗机构优势专科资源，以若干所医疗机构特色专科技术力量为支撑，"
    "充分发挥国家医学中心、国家临床医学研究中心及其协同网络的作用，以专科协作为纽带，"
    "组建区域间若干特色专科联盟。",
    "（四）在边远贫困地区发展远程医疗协作网。大力推进面向基层、偏远和欠发达地区的远程医疗协作网建设，"
    "鼓励二级、三级医院向基层医疗卫生机构提供远程医疗、远程教学、远程培训等服务，"
    "利用信息化手段促进资源纵向流动，提高优质医疗资源可及性和医疗服务整体效率。",
]
CLOSING = [
    "四、保障措施。各地要把医联体建设作为深化医改的重要内容，加强组织领导，明确部门职责，"
    "制定具体实施方案，于2017年7月31日前报送我委医政医管科。我委将定期对各地医联体建设情况进行督导检查，"
    "并将结果纳入年度绩效考核。",
    "联系人：王建华，联系电话：0817-2345678。",
]
ATTACHMENT = "附件：西岭市医联体建设工作领导小组成员名单"
SIGNATURE = ["西岭市卫生和计划生育委员会", "2017年6月12日"]
PUBLIC = "（此件公开发布）"
TABLE_TITLE = "西岭市医联体建设工作领导小组成员名单"
TABLE = [
    ["序号", "姓名", "工作单位", "职务"],
    ["1", "李明", "市卫生计生委", "组长"],
    ["2", "张卫国", "市卫生计生委", "副组长"],
    ["3", "王建华", "市中心医院", "副组长"],
    ["4", "刘芳", "市中医医院", "成员"],
    ["5", "陈志强", "东江县人民医院", "成员"],
    ["6", "杨丽", "南坪区妇幼保健院", "成员"],
    ["7", "赵永福", "北山镇卫生院", "成员"],
    ["8", "黄海燕", "市疾病预防控制中心", "成员"],
    ["9", "周建军", "市卫生计生委医政医管科", "成员"],
    ["10", "吴静", "市卫生计生委规划信息科", "成员"],
]
TABLE_NOTE = "领导小组办公室设在市卫生计生委医政医管科，负责日常工作。成员如有变动，由所在单位接任者自然递补。"
PHOTO_CAPTION = "图1  2017年8月15日，市中心医院专家在北山镇卫生院开展远程会诊"
PHOTO_TEXT = [
    "2017年8月15日，市中心医院派出心内科、儿科、影像科专家一行6人到北山镇卫生院开展帮扶活动，"
    "通过远程会诊系统为12名患者会诊，现场带教乡镇医生18人次，并就双向转诊流程进行了培训。",
]


@dataclass
class Page:
    kind: str
    image: object            # PIL.Image.Image, RGB
    lines: list[str]         # the known text, in reading order


def _font(path: Path, px: int):
    from PIL import ImageFont
    return ImageFont.truetype(str(path), px, index=SC)


_NO_LINE_START = "，。、；：！？）》”〕"       # Chinese typesetting keeps these at the end of a line


def _wrap(text: str, font, width: int, indent: int = 0) -> list[str]:
    """Break ``text`` into lines that fit ``width`` pixels (the first indented by ``indent`` characters)."""
    lines, line = [], ""
    limit = width - indent * font.size
    for ch in text:
        if line and font.getlength(line + ch) > limit and ch not in _NO_LINE_START:
            lines.append(line)
            line, limit = "", width
        line += ch
    if line:
        lines.append(line)
    return lines


class _Sheet:
    """A white A4 page with a cursor; every line drawn is also kept as the known text."""

    def __init__(self):
        from PIL import Image, ImageDraw
        self.image = Image.new("RGB", A4, "white")
        self.draw = ImageDraw.Draw(self.image)
        self.lines: list[str] = []
        self.y = 200
        self.left, self.right = 200, A4[0] - 200

    def centred(self, text: str, font, fill="black", gap: int = 24) -> None:
        width = font.getlength(text)
        self.draw.text(((A4[0] - width) / 2, self.y), text, font=font, fill=fill)
        self.lines.append(text)
        self.y += font.size + gap

    def para(self, text: str, font, indent: int = 2, gap: int = 22, x: int | None = None) -> None:
        for n, line in enumerate(_wrap(text, font, self.right - self.left, indent)):
            left = (self.left if x is None else x) + (indent * font.size if n == 0 else 0)
            self.draw.text((left, self.y), line, font=font, fill="black")
            self.lines.append(line)
            self.y += font.size + gap

    def right_aligned(self, text: str, font, gap: int = 22) -> tuple[int, int]:
        width = font.getlength(text)
        x = self.right - width - 60
        self.draw.text((x, self.y), text, font=font, fill="black")
        self.lines.append(text)
        at = (int(x + width / 2), int(self.y + font.size / 2))
        self.y += font.size + gap
        return at


def _seal(image, centre: tuple[int, int], name: str):
    """A round red seal printed over the page (ink multiplies with the paper)."""
    from PIL import Image, ImageChops, ImageDraw
    layer = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(layer)
    cx, cy, r = centre[0], centre[1], 170
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=RED, width=12)
    font = _font(SANS_BOLD, 36)
    chars = list(name)
    for i, ch in enumerate(chars):            # the unit's name along the upper rim
        angle = math.radians(185 + 170 * i / max(1, len(chars) - 1))
        x, y = cx + (r - 48) * math.cos(angle), cy + (r - 48) * math.sin(angle)
        glyph = Image.new("L", (48, 48), 0)
        ImageDraw.Draw(glyph).text((4, 0), ch, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        layer.paste(Image.new("RGB", glyph.size, RED), (int(x) - 24, int(y) - 24), glyph)
    draw.regular_polygon((cx, cy, 52), 5, rotation=0, fill=RED)
    return ImageChops.multiply(image, layer)


def _photo(size: tuple[int, int], rng: random.Random):
    """A picture with no text: sky, ground and a few soft shapes, as a photo on a scanned page."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter
    w, h = size
    y = np.linspace(0, 1, h)[:, None, None]
    sky = np.array([120, 160, 210]) * (1 - y) + np.array([225, 225, 215]) * y
    arr = np.repeat(sky, w, axis=1)
    img = Image.fromarray(arr.astype("uint8"))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, int(h * 0.62), w, h), fill=(110, 120, 90))
    draw.rectangle((int(w * 0.15), int(h * 0.3), int(w * 0.7), int(h * 0.7)), fill=(200, 195, 185))
    for _ in range(6):      # windows and people
        x, yy = rng.randint(0, w - 80), rng.randint(int(h * 0.35), int(h * 0.8))
        draw.ellipse((x, yy, x + rng.randint(30, 80), yy + rng.randint(60, 140)),
                     fill=tuple(rng.randint(30, 200) for _ in range(3)))
    return img.filter(ImageFilter.GaussianBlur(2))


def _scan(image, rng: random.Random, skew: float, noisy: bool):
    """What a scanner makes of a printed page: a slight turn, grain and JPEG."""
    import io

    import numpy as np
    from PIL import Image, ImageFilter
    if skew:
        image = image.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor="white")
    if noisy:
        image = image.filter(ImageFilter.GaussianBlur(0.6))
        arr = np.asarray(image).astype(np.int16)
        noise = np.random.default_rng(rng.randint(0, 2 ** 31)).normal(0, 6, arr.shape[:2])[..., None]
        image = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=85)
        image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return image


def _notice_page() -> _Sheet:
    s = _Sheet()
    s.y = 170
    s.centred(HEADING, _font(SANS_BOLD, 76), fill=RED, gap=50)
    s.centred(NUMBER, _font(SERIF, 44), gap=20)
    s.draw.rectangle((s.left - 40, s.y, s.right + 40, s.y + 5), fill=RED)       # the red rule
    s.y += 60
    for line in TITLE:
        s.centred(line, _font(SANS_BOLD, 56), gap=22)
    s.y += 30
    body = _font(SERIF, 44)
    s.para(ADDRESSEE, body, indent=0)
    for text in BODY[:3]:
        s.para(text, body)
    return s


def _body_page() -> _Sheet:
    s = _Sheet()
    body = _font(SERIF, 44)
    for text in BODY[3:]:
        s.para(text, body)
    return s


def _closing_page() -> _Sheet:
    s = _Sheet()
    body = _font(SERIF, 44)
    for text in CLOSING:
        s.para(text, body)
    s.y += 30
    s.para(ATTACHMENT, body)
    s.y += 140
    org = s.right_aligned(SIGNATURE[0], body, gap=30)
    date = s.right_aligned(SIGNATURE[1], body, gap=60)
    s.para(PUBLIC, body)
    s.image = _seal(s.image, ((org[0] + date[0]) // 2, (org[1] + date[1]) // 2), SIGNATURE[0][:-2])
    return s


def _table_page() -> _Sheet:
    s = _Sheet()
    s.para("附件", _font(SANS_BOLD, 44), indent=0)
    s.y += 10
    s.centred(TABLE_TITLE, _font(SANS_BOLD, 52), gap=40)
    cell = _font(SANS, 36)
    widths = [130, 220, 560, 254]
    row_h = 84
    x0 = s.left - 10
    top = s.y
    for r, row in enumerate(TABLE):
        y = top + r * row_h
        x = x0
        for c, text in enumerate(row):
            tw = cell.getlength(text)
            s.draw.text((x + (widths[c] - tw) / 2, y + (row_h - cell.size) / 2 - 4), text, font=cell, fill="black")
            x += widths[c]
        s.lines.append("".join(row))
    bottom = top + len(TABLE) * row_h
    x = x0
    for w in [0] + widths:          # the grid
        x += w
        s.draw.line((x, top, x, bottom), fill="black", width=3)
    for r in range(len(TABLE) + 1):
        s.draw.line((x0, top + r * row_h, x0 + sum(widths), top + r * row_h), fill="black", width=3)
    s.y = bottom + 50
    s.para(TABLE_NOTE, _font(SERIF, 32), gap=18)
    return s


def _photo_page(rng: random.Random) -> _Sheet:
    s = _Sheet()
    body = _font(SERIF, 44)
    s.para(PHOTO_TEXT[0], body)
    s.y += 30
    photo = _photo((s.right - s.left, 820), rng)
    s.image.paste(photo, (s.left, s.y))
    s.y += 820 + 30
    s.centred(PHOTO_CAPTION, _font(SANS, 36), gap=40)
    s.para(BODY[6], body)
    return s


def build_pages(count: int = 10, seed: int = 20170612) -> list[Page]:
    """``count`` scanned pages: the five kinds in turn, some turned, some noisy."""
    rng = random.Random(seed)
    makers = [("公文首页", _notice_page), ("正文", _body_page), ("落款与印章", _closing_page),
              ("表格", _table_page), ("图片", lambda: _photo_page(rng))]
    pages = []
    for i in range(count):
        kind, make = makers[i % len(makers)]
        sheet = make()
        skew = [0.0, 0.4, -0.6, 0.8][i % 4]
        image = _scan(sheet.image, rng, skew, noisy=i % 3 == 1)
        pages.append(Page(kind, image, sheet.lines))
    return pages


# ---------------------------------------------------------------- measuring

def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions and substitutions of one character)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def misread(truth: str, got: str) -> list[tuple[str, str]]:
    """The spans of the known text read otherwise: (known, read)."""
    import difflib
    ops = difflib.SequenceMatcher(None, truth, got, autojunk=False).get_opcodes()
    return [(truth[i1:i2], got[j1:j2]) for op, i1, i2, j1, j2 in ops if op != "equal"]


def _plain(lines: list[str]) -> str:
    from pipeline.text.normalize import normalize
    return "".join("".join(normalize(line).split()) for line in lines)


def load_baseline(commit: str):
    """``pipeline/readers/ocr.py`` as it was at ``commit``, imported beside the current one."""
    source = subprocess.run(["git", "show", f"{commit}:pipeline/readers/ocr.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    name = "pipeline.readers._ocr_baseline"
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "pipeline.readers"
    sys.modules[name] = module
    exec(compile(source, f"{commit}:pipeline/readers/ocr.py", "exec"), module.__dict__)
    return module


@dataclass
class Run:
    wall: list[float]
    cpu: list[float]
    errors: list[int]
    chars: list[int]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10, help="scanned pages to build (default 10: each kind twice)")
    ap.add_argument("--rounds", type=int, default=1, help="times each page is read by each version")
    ap.add_argument("--baseline", default=BASELINE, help=f"commit of the 'before' OCR (default {BASELINE})")
    ap.add_argument("--batch", type=int, help="also run 'after' with this many lines per recognition call")
    ap.add_argument("--diff", action="store_true", help="print each version's misread characters per page")
    ap.add_argument("--save", help="folder to save the built pages in (PNG), to look at them")
    args = ap.parse_args()

    from pipeline.readers import ocr as after
    before = load_baseline(args.baseline)
    t = time.perf_counter()
    pages = build_pages(args.pages)
    print(f"{len(pages)} 页扫描件已生成（{time.perf_counter() - t:.1f} s），A4 200 dpi；"
          f"本机 {os.cpu_count()} 核，负载 {os.getloadavg()[0]:.1f}", flush=True)
    if args.save:
        Path(args.save).mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(pages, start=1):
            page.image.save(Path(args.save) / f"{i:02d}-{page.kind}.png")

    versions = {"before": before.ocr_image, "after": after.ocr_image}
    if args.batch:
        def batched(image, n=args.batch):
            rec = after.engine().text_rec
            one, rec.rec_batch_num = rec.rec_batch_num, n
            try:
                return after.ocr_image(image)
            finally:
                rec.rec_batch_num = one
        versions[f"batch{args.batch}"] = batched
    for read in versions.values():              # load the models and warm up, untimed
        read(pages[0].image)
    runs = {label: Run([], [], [], []) for label in versions}
    for _ in range(args.rounds):
        for i, page in enumerate(pages):
            truth = _plain(page.lines)
            order = list(versions.items()) if i % 2 == 0 else list(reversed(versions.items()))
            diffs: list[str] = []
            for label, read in order:
                w, c = time.perf_counter(), time.process_time()
                lines = read(page.image)
                wall, cpu = time.perf_counter() - w, time.process_time() - c
                got = _plain([line.text for line in lines])
                run = runs[label]
                run.wall.append(wall)
                run.cpu.append(cpu)
                run.errors.append(edit_distance(got, truth))
                run.chars.append(len(truth))
                if args.diff and got != truth:
                    diffs.append(f"    {label}: " + "；".join(f"“{a}”→“{b}”" for a, b in misread(truth, got)))
            print(f"  第{i + 1:2d}页 {page.kind:<6} " + "  ".join(
                f"{label} {runs[label].wall[-1]:5.2f} s CER {runs[label].errors[-1] / runs[label].chars[-1]:6.2%}"
                for label in versions), flush=True)
            for line in diffs:
                print(line)

    after_info = after.engine_info() if hasattr(after, "engine_info") else {}
    print()
    print(f"{'':<8}{'s/页(墙钟)':>12}{'中位数':>9}{'CPU s/页':>10}{'CER':>9}{'错字/总字':>12}")
    for label, run in runs.items():
        n = len(run.wall)
        print(f"{label:<8}{sum(run.wall) / n:12.2f}{statistics.median(run.wall):9.2f}{sum(run.cpu) / n:10.2f}"
              f"{sum(run.errors) / sum(run.chars):9.2%}{sum(run.errors):>6d}/{sum(run.chars)}")
    b, a = runs["before"], runs["after"]
    ratio = sum(b.wall) / sum(a.wall)
    print(f"\n提速：{ratio:.2f}×（墙钟），{sum(b.cpu) / sum(a.cpu):.2f}×（CPU）")
    if after_info:
        print("after 的引擎：" + "，".join(f"{k}={v}" for k, v in after_info.items()))
    kinds = sorted({p.kind for p in pages}, key=[p.kind for p in pages].index)
    for kind in kinds:
        idx = [i for i in range(len(a.wall)) if pages[i % len(pages)].kind == kind]
        print(f"  {kind:<6} before {sum(b.wall[i] for i in idx) / len(idx):5.2f} s "
              f"CER {sum(b.errors[i] for i in idx) / sum(b.chars[i] for i in idx):6.2%}   "
              f"after {sum(a.wall[i] for i in idx) / len(idx):5.2f} s "
              f"CER {sum(a.errors[i] for i in idx) / sum(a.chars[i] for i in idx):6.2%}")
    per_page = sum(a.wall) / len(a.wall)
    cer = sum(a.errors) / sum(a.chars)
    print(f"\n目标：≤ 1.5 s/页 —— {'达标' if per_page <= 1.5 else '未达标'}（{per_page:.2f} s）；"
          f"CER < 1% —— {'达标' if cer < 0.01 else '未达标'}（{cer:.2%}）；本机负载 {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
