"""Every problem of a run, grouped and counted, for the terminal, the report and ``--strict``.

results.json keeps the problems as a flat list (``problems``: file, stage, message) and
each unreadable document's ``error``; this module turns them into the groups a reviewer
reads first: files that could not be read, the figures workbook, case.yaml, review.xlsx,
and trouble while checking. Nothing is dropped: a problem of an unknown stage goes to
"其他问题". Render-time warnings (review.xlsx, PDF) are added by the caller.
"""
from __future__ import annotations

from dataclasses import dataclass, field

CASE_FILE = "case.yaml"

# (group key, title, what the reviewer should do), in the order they are shown
GROUPS = (
    ("unreadable", "无法读取的文件", "这些文件没有参与核查，请提供可读的版本或人工查看"),
    ("case", "案例设置（case.yaml）", "请修正 case.yaml 后重新运行"),
    ("data", "指标数据表", "相关定量指标可能列为待补充数据，请修正数据表后重新运行"),
    ("review", "评审表（review.xlsx）", "请核对评审表中的填写"),
    ("check", "核查过程", "相关文件或指标请人工核查"),
    ("read-note", "读取提示", "文件已读取，仅供参考"),
    ("render", "生成输出", "请查看相关输出文件"),
    ("other", "其他问题", ""),
)
TITLES = {key: title for key, title, _ in GROUPS}
ADVICE = {key: advice for key, _, advice in GROUPS}
_STAGE_GROUP = {"read": "unreadable", "convert": "unreadable", "ocr": "unreadable", "read-note": "read-note",
                "case": "case", "data": "data", "review": "review", "extract": "check", "evaluate": "check",
                "render": "render"}


@dataclass
class Group:
    key: str
    title: str
    advice: str
    entries: list[dict] = field(default_factory=list)     # {"file": ..., "message": ...}

    @property
    def count(self) -> int:
        return len(self.entries)


def said(file: str, message: str) -> str:
    """The message as shown: with its file in front when the message does not name it."""
    if not file or file in message or file == CASE_FILE and "case.yaml" in message:
        return message
    return f"{file}：{message}"


def group_of(problem: dict) -> str:
    stage = str(problem.get("stage") or "")
    if str(problem.get("file") or "") == CASE_FILE and stage == "data":
        return "case"                       # self_scores in case.yaml are read with the data
    return _STAGE_GROUP.get(stage, "other")


def problem_groups(results: dict, extra: list[tuple[str, str]] | None = None) -> list[Group]:
    """The non-empty groups of a run's problems; ``extra`` adds (group key, message) pairs."""
    groups = {key: Group(key, title, advice) for key, title, advice in GROUPS}
    seen: set[str] = set()

    def add(key: str, file: str, message: str) -> None:
        if message in seen or not message:
            return                          # one message once, in the first group that has it
        seen.add(message)
        # a case's own problems carry the case's name as their file: no prefix for them
        text = message if key in ("case", "check") else said(file, message)
        groups[key].entries.append({"file": file, "message": message, "text": text})

    documents = [d for d in results.get("documents") or [] if isinstance(d, dict) and not d.get("duplicate_of")]
    unreadable = {str(d.get("file")) for d in documents if d.get("error")}
    for d in documents:
        if d.get("error"):
            add("unreadable", str(d.get("file") or ""), str(d["error"]))
    for p in results.get("problems") or []:
        if not isinstance(p, dict):
            continue
        key = group_of(p)
        file = str(p.get("file") or "")
        if key == "unreadable" and file in unreadable:
            continue                        # its document's error already says it
        if key == "unreadable" and p.get("stage") != "read":
            key = "read-note"               # a conversion or OCR note about a file that was read
        add(key, file, str(p.get("message") or ""))
    for d in documents:
        for note in d.get("notes") or []:
            add("read-note", str(d.get("file") or ""), str(note))
    for key, message in extra or []:
        add(key if key in groups else "other", "", message)
    return [g for g in groups.values() if g.entries]


STRICT_EXEMPT = ("read-note",)    # notes about files that were read all the same


def problem_count(groups: list[Group], strict: bool = False) -> int:
    """How many problems; with ``strict``, only those that fail a ``--strict`` run."""
    return sum(g.count for g in groups if not (strict and g.key in STRICT_EXEMPT))


def as_dict(groups: list[Group]) -> list[dict]:
    """The groups as plain data (for --json and templates)."""
    return [{"key": g.key, "title": g.title, "count": g.count, "advice": g.advice, "entries": list(g.entries)}
            for g in groups]
