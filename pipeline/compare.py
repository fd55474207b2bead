"""What changed: this run's results against the previous run's, or against another case's.

``kaohe run`` keeps the results it is about to replace as ``results.previous.json``
(the bytes as they were, written atomically before the new results.json) and
compares item by item: status, proposed score and final score, the total, and
the files added, removed or changed (same name, other bytes) since that run.
``--compare OTHER`` compares with another output folder's results.json instead
(last year's assessment of the same unit): the items only, since its files are
another unit's or another year's.

A baseline that cannot be read (broken JSON, another schema, not kaohe's) or
that is of another form is not compared, and the message says why; the run
goes on. The outcome is ``results["changes"]`` (see the README's developer
part); nothing else in results.json changes.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from .readcase import PREVIOUS_FILE, RESULTS_FILE
from .render.files import atomic_write
from .results import SCHEMA

STATUS_NAMES = {"met": "符合", "partial": "部分符合", "not_met": "不符合", "no_evidence": "无佐证",
                "needs_data": "待补数据"}


class Baseline:
    """The results to compare with (``data``), or why there are none (``message``)."""

    def __init__(self, against: str, source: str, data: dict | None = None, message: str | None = None,
                 first: bool = False):
        self.against = against          # previous | other
        self.source = source            # what the reviewer is told it was compared with
        self.data = data
        self.message = message
        self.first = first              # no previous run at all: nothing to say in the report


def _check(data: object, what: str) -> tuple[dict | None, str | None]:
    if not isinstance(data, dict) or "items" not in data or "form" not in data:
        return None, f"{what}不是 kaohe 的核查结果（缺少 form 或 items），不作比较"
    if data.get("schema") != SCHEMA:
        return None, (f"{what}来自不兼容的 kaohe 版本（schema 为 {data.get('schema')!r}，本版本为 {SCHEMA}），"
                      "不作比较")
    if not isinstance(data["items"], list) or not all(isinstance(i, dict) and "id" in i for i in data["items"]):
        return None, f"{what}的 items 不完整，不作比较"
    return data, None


def _parse(raw: bytes, what: str) -> tuple[dict | None, str | None]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, f"{what}不是 UTF-8 文本，无法读取，不作比较"
    except json.JSONDecodeError as exc:
        return None, f"{what}已损坏（第 {exc.lineno} 行第 {exc.colno} 列：JSON 格式错误），无法读取，不作比较"
    return _check(data, what)


def keep_previous(out_dir: Path) -> Baseline:
    """Save the results about to be replaced as results.previous.json and read them."""
    current = Path(out_dir) / RESULTS_FILE
    what = "上次的核查结果（results.json）"
    try:
        raw = current.read_bytes()
    except FileNotFoundError:
        return Baseline("previous", PREVIOUS_FILE, first=True,
                        message="这是本案例第一次核查（输出文件夹中没有上次的 results.json），没有可比较的上次结果")
    except OSError as exc:
        return Baseline("previous", PREVIOUS_FILE, message=f"{what}无法读取（{exc.strerror or exc}），不作比较")
    atomic_write(Path(out_dir) / PREVIOUS_FILE, raw)
    data, message = _parse(raw, what)
    if message:
        message += f"；原文件已原样保存为 {PREVIOUS_FILE}"
    return Baseline("previous", PREVIOUS_FILE, data, message)


def load_other(folder: Path) -> Baseline:
    """Another output folder's results.json (or that file itself)."""
    folder = Path(folder)
    path = folder if folder.name == RESULTS_FILE and folder.is_file() else folder / RESULTS_FILE
    what = f"对比案例的核查结果（{path}）"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        why = "文件不存在" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
        return Baseline("other", str(path), message=f"--compare：无法读取“{path}”（{why}）；"
                                                    "请给出含 results.json 的输出文件夹，本次不作对比")
    data, message = _parse(raw, what)
    # stored absolute, so that `kaohe render` from another folder finds it again
    return Baseline("other", os.path.abspath(path), data, message and f"--compare：{message}")


def _num(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _state(item: dict) -> dict:
    return {"status": item.get("status"), "score": _num(item.get("score")),
            "final": _num(item.get("final_score"))}


def compare(baseline: Baseline, current: dict) -> dict:
    """``results["changes"]``: what moved between the baseline and ``current``."""
    out: dict = {"against": baseline.against, "source": baseline.source, "compared": False,
                 "first_run": baseline.first, "message": baseline.message, "case": None, "year": None,
                 "items": [], "only_before": [], "only_after": [], "total": None, "files": None}
    before = baseline.data
    if before is None:
        return out
    if before.get("form") != current.get("form"):
        out["message"] = (("上次的核查结果" if baseline.against == "previous" else "对比案例")
                          + f"使用考核表“{before.get('form')}”，本次为“{current.get('form')}”，"
                          "不同考核表的指标不能逐项比较，本次不作比较")
        return out
    out.update(compared=True, case=before.get("case"), year=before.get("year"))
    old = {str(i["id"]): i for i in before["items"]}
    new = {str(i.get("id")): i for i in current.get("items") or [] if isinstance(i, dict)}
    both_final = any("final_score" in i for i in old.values()) and any("final_score" in i for i in new.values())
    for item_id, item in new.items():
        if item_id not in old:
            out["only_after"].append(item_id)
            continue
        a, b = _state(old[item_id]), _state(item)
        moved = [k for k in ("status", "score") if a[k] != b[k]]
        if both_final and a["final"] != b["final"]:
            moved.append("final")
        if moved:
            out["items"].append({"id": item_id, "indicator": item.get("indicator"),
                                 "before": a, "after": b, "moved": moved})
    out["only_before"] = [i for i in old if i not in new]
    t_old, t_new = before.get("total") or {}, current.get("total") or {}
    out["total"] = {"before": {"score": _num(t_old.get("score")), "final": _num(t_old.get("final"))},
                    "after": {"score": _num(t_new.get("score")), "final": _num(t_new.get("final"))}}
    if baseline.against == "previous":
        out["files"] = _files(before.get("documents"), current.get("documents"))
    return out


def _files(before, after) -> dict:
    def listing(docs) -> dict[str, str]:
        return {str(d["file"]): str(d.get("sha256") or "") for d in docs or []
                if isinstance(d, dict) and d.get("file")}
    a, b = listing(before), listing(after)
    return {"added": sorted(f for f in b if f not in a), "removed": sorted(f for f in a if f not in b),
            "changed": sorted(f for f in b if f in a and a[f] and b[f] and a[f] != b[f])}


# ---------------------------------------------------------------- words

def _score(value) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def final_news(moved: dict) -> bool:
    """The final score moved otherwise than the proposal did (a reviewer's decision)."""
    a, b = moved["before"], moved["after"]
    return "final" in moved["moved"] and (a.get("final"), b.get("final")) != (a.get("score"), b.get("score"))


def state_text(state: dict) -> str:
    return f"{STATUS_NAMES.get(state.get('status'), state.get('status') or '—')} {_score(state.get('score'))}分"


def heading(changes: dict) -> str:
    if changes["against"] == "previous":
        return "与上次核查相比"
    year = f"{changes['year']}年度" if changes.get("year") else ""
    return f"与“{changes.get('case') or changes['source']}”{year}的核查结果相比"


def lines(changes: dict) -> list[str]:
    """The comparison in a few lines for the terminal."""
    if not changes.get("compared"):
        return []
    out = [heading(changes) + "："]
    files = changes.get("files") or {}
    moved = changes["items"]
    total = changes["total"]
    if total:
        (s0, f0), (s1, f1) = ((total[k]["score"], total[k]["final"]) for k in ("before", "after"))
        said = []
        if s0 != s1:
            said.append(f"建议总分 {_score(s0)} → {_score(s1)}")
        if f0 is not None and f1 is not None and f0 != f1 and (f0, f1) != (s0, s1):
            said.append(f"终审总分 {_score(f0)} → {_score(f1)}")
        if said:
            out.append("  " + "；".join(said))
    for m in moved:
        text = f"  {m['id']}：{state_text(m['before'])} → {state_text(m['after'])}"
        if final_news(m):
            text += f"（终审 {_score(m['before']['final'])} → {_score(m['after']['final'])}）"
        out.append(text)
    for key, label in (("added", "新增文件"), ("removed", "删除的文件"), ("changed", "内容有变化的文件")):
        names = files.get(key) or []
        if names:
            shown = "、".join(names[:5]) + (f" 等 {len(names)} 个" if len(names) > 5 else "")
            out.append(f"  {label}：{shown}")
    for key, label in (("only_after", "本次新有的指标"), ("only_before", "本次没有的指标")):
        if changes.get(key):
            out.append(f"  {label}：{'、'.join(changes[key])}")
    if len(out) == 1:
        out[0] += "没有变化"
    return out


def reload(changes: object, out_dir: Path) -> Baseline | None:
    """The baseline a stored comparison was made with, read again (``kaohe render`` compares
    the reviewer's current final scores); None when it is gone or unreadable."""
    if not isinstance(changes, dict) or not changes.get("compared"):
        return None
    against = changes.get("against")
    path = Path(out_dir) / PREVIOUS_FILE if against == "previous" else Path(str(changes.get("source") or ""))
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    data, message = _parse(raw, "")
    if data is None:
        return None
    return Baseline(str(against), str(changes.get("source")), data)
