"""Open .zip archives in memory: member names decoded right, paths contained, bombs bounded.

``expand(data, name)`` never writes anything to disk. It returns the
archive's own Document (source "zip", listing what went wrong) plus one
Document per nested zip, and the (bytes, member path) of every other member,
for the dispatcher to read. A member's path is ``archive.zip/inner/name.docx``.

Member names: the UTF-8 flag (bit 0x800) or an Info-ZIP Unicode Path field
are trusted; otherwise the raw bytes are tried as UTF-8, then GB18030, since
zips made on Chinese Windows store GBK names without any flag.
"""
from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..model import Document, Problem

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or broken archive from eating the machine."""

    max_depth: int = 3                      # the archive itself is depth 1
    max_members: int = 5000                 # files, counted over all nesting levels
    max_member_bytes: int = 256 * MIB       # one member, decompressed
    max_total_bytes: int = 1024 * MIB       # all members, decompressed
    max_ratio: float = 200.0                # decompressed / compressed size ...
    ratio_min_bytes: int = 1 * MIB          # ... checked for members larger than this


@dataclass
class Expanded:
    documents: list[Document] = field(default_factory=list)   # the archive first, then nested zips
    members: list[tuple[bytes, str]] = field(default_factory=list)


class _TooBig(Exception):
    pass


@dataclass
class _State:
    limits: Limits
    out: Expanded = field(default_factory=Expanded)
    members: int = 0
    total: int = 0
    stopped: bool = False


_JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
_DRIVE = re.compile(r"^[A-Za-z]:$")
_CONTROL = re.compile(r"[\x00-\x1f]")


def expand(data: bytes, name: str, *, limits: Limits | None = None) -> Expanded:
    state = _State(limits or Limits())
    _expand(data, name, 1, state)
    return state.out


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it."""
    if info.flag_bits & 0x800:
        return info.orig_filename
    unicode_path = _unicode_path_field(info)
    if unicode_path is not None:
        return unicode_path
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:
        return info.orig_filename
    if raw.isascii():
        return raw.decode("ascii")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.orig_filename


def _unicode_path_field(info: zipfile.ZipInfo) -> str | None:
    """The Info-ZIP Unicode Path extra field (0x7075), when present and current."""
    extra, i = info.extra, 0
    while i + 4 <= len(extra):
        header_id, size = struct.unpack("<HH", extra[i:i + 4])
        body = extra[i + 4:i + 4 + size]
        if header_id == 0x7075 and len(body) >= 5 and body[0] == 1:
            (crc,) = struct.unpack("<I", body[1:5])
            try:
                raw = info.orig_filename.encode("cp437")
            except UnicodeEncodeError:
                raw = info.orig_filename.encode("utf-8")
            if zlib.crc32(raw) == crc:
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
        i += 4 + size
    return None


def safe_path(name: str) -> tuple[str, bool]:
    """A relative '/' path inside the archive, and whether the original tried to leave it."""
    text = _CONTROL.sub("", name.replace("\\", "/"))
    unsafe = text.startswith("/")
    parts: list[str] = []
    for i, part in enumerate(text.split("/")):
        if part in ("", "."):
            continue
        if part == ".." or (i == 0 and _DRIVE.match(part)):
            unsafe = True
            continue
        parts.append(part)
    return "/".join(parts), unsafe


def _is_junk(path: str) -> bool:
    parts = path.split("/")
    base = parts[-1]
    return (any(p == "__MACOSX" for p in parts) or base.lower() in _JUNK_NAMES
            or base.startswith("~$") or base.startswith("."))


def _unique(path: str, used: set[str]) -> str:
    if path not in used:
        return path
    p = PurePosixPath(path)
    n = 2
    while True:
        candidate = str(p.with_name(f"{p.stem}（{n}）{p.suffix}"))
        if candidate not in used:
            return candidate
        n += 1


def _size(n: int) -> str:
    return f"{n / MIB:.0f} MB" if n >= MIB else f"{n} 字节"


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    chunks, got = [], 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(min(1 * MIB, cap + 1 - got))
            if not chunk:
                break
            got += len(chunk)
            if got > cap:
                raise _TooBig
            chunks.append(chunk)
    return b"".join(chunks)


def _expand(data: bytes, name: str, depth: int, st: _State) -> None:
    lim = st.limits
    sha = hashlib.sha256(data).hexdigest()
    problems: list[Problem] = []

    def problem(message: str) -> None:
        problems.append(Problem(name, "read", message))

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        problem(f"压缩包“{name}”已损坏或不是ZIP格式，无法打开（{exc}）")
        st.out.documents.append(Document(file=name, sha256=sha, source="zip",
                                         problems=tuple(problems)))
        return
    index = len(st.out.documents)
    st.out.documents.append(Document(file=name, sha256=sha, source="zip"))
    used: set[str] = set()
    files = 0
    with zf:
        for info in zf.infolist():
            if st.stopped:
                break
            if info.is_dir():
                continue
            original = member_name(info)
            rel, unsafe = safe_path(original)
            if not rel or _is_junk(rel):
                continue
            rel = _unique(rel, used)
            used.add(rel)
            files += 1
            path = f"{name}/{rel}"
            if unsafe:
                problem(f"压缩包“{name}”中的成员路径“{original}”试图指向压缩包以外，"
                        f"已按“{rel}”读取（未解压到任何位置）")
            if st.members >= lim.max_members:
                problem(f"压缩包“{name}”中的文件过多（超过{lim.max_members}个），其余文件未读取")
                st.stopped = True
                break
            st.members += 1
            if info.flag_bits & 0x1:
                problem(f"压缩包“{name}”中的“{rel}”已加密（设置了密码），无法读取，请提供未加密的版本")
                continue
            declared = info.file_size
            bomb = (f"压缩包“{name}”中的“{rel}”解压后过大，疑似压缩炸弹，已跳过"
                    f"（单个文件上限 {_size(lim.max_member_bytes)}，压缩比上限 {lim.max_ratio:.0f}:1）")
            if declared > lim.max_member_bytes or (
                    declared > lim.ratio_min_bytes
                    and declared > lim.max_ratio * max(info.compress_size, 1)):
                problem(bomb)
                continue
            if st.total + declared > lim.max_total_bytes:
                problem(f"压缩包“{name}”解压后总大小超过 {_size(lim.max_total_bytes)}，"
                        "疑似压缩炸弹，其余文件未读取")
                st.stopped = True
                break
            cap = min(lim.max_member_bytes, lim.max_total_bytes - st.total)
            try:
                content = _read_capped(zf, info, cap)
            except _TooBig:
                problem(bomb)
                continue
            except NotImplementedError as exc:
                problem(f"压缩包“{name}”中的“{rel}”使用了不支持的压缩方式，无法读取（{exc}），"
                        "请用常见的ZIP格式重新压缩")
                continue
            except RuntimeError as exc:  # zipfile raises this for encryption it detects late
                problem(f"压缩包“{name}”中的“{rel}”无法解压（{exc}），可能已加密")
                continue
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
                problem(f"压缩包“{name}”中的“{rel}”已损坏，无法解压（{exc}）")
                continue
            st.total += len(content)
            if len(content) > lim.ratio_min_bytes and \
                    len(content) > lim.max_ratio * max(info.compress_size, 1):
                problem(bomb)
                continue
            if rel.lower().endswith(".zip"):
                if depth >= lim.max_depth:
                    problem(f"压缩包“{name}”中的“{rel}”是嵌套超过{lim.max_depth}层的压缩包，"
                            "未展开，请解压后直接提交")
                    continue
                _expand(content, path, depth + 1, st)
                continue
            st.out.members.append((content, path))
    if files == 0:
        problem(f"压缩包“{name}”中没有文件")
    st.out.documents[index] = Document(file=name, sha256=sha, source="zip",
                                       problems=tuple(problems))
