"""Open .zip archives as streams: member names decoded right, paths contained, bombs bounded.

``scan(fh, name)`` walks an archive from a seekable file without extracting
anything to the evidence folder or holding it in memory: each member is
decompressed once in 1 MiB chunks to hash and size it and to choose its
reader. Small members keep their bytes (within an in-memory budget); large
ones are referred to by their position in the archive (``Member.chain``) and
read again, alone, by the worker that reads them (``open_member``). A member
that is itself an archive — whatever its name says — is scanned in turn, up
to ``max_depth``. The result holds the archive's own Document (source "zip",
listing what went wrong and what was skipped) plus one Document per nested
archive, and every member to read. A member's path is
``archive.zip/inner/name.docx``.

``expand(data, name)`` does the same on bytes in memory and gives every
member's bytes (the single-file API ``read_any``).

Member names: the UTF-8 flag (bit 0x800) or an Info-ZIP Unicode Path field
are trusted; otherwise the raw bytes are tried as UTF-8, then GB18030, since
zips made on Chinese Windows store GBK names without any flag.
"""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import BinaryIO

from ..model import Document, Problem
from ..names import escape
from . import dispatch

MIB = 1024 * 1024
_CHUNK = 1 * MIB
_HEAD = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or broken archive from eating the machine."""

    max_depth: int = 3                      # the archive itself is depth 1
    max_members: int = 10_000               # files, counted over all nesting levels
    max_member_bytes: int = 256 * MIB       # one member, decompressed
    max_total_bytes: int = 4096 * MIB       # all members, decompressed
    max_ratio: float = 200.0                # decompressed / compressed size ...
    ratio_min_bytes: int = 1 * MIB          # ... checked for members larger than this
    inline_member_bytes: int = 8 * MIB      # members up to this size keep their bytes ...
    inline_total_bytes: int = 128 * MIB     # ... while all kept bytes stay under this


@dataclass(frozen=True)
class Member:
    """One member to read: its bytes (``data``) or where it is (``chain``: infolist indices
    from the outermost archive down)."""

    name: str
    sha256: str
    size: int
    plan: dispatch.Plan
    chain: tuple[int, ...]
    data: bytes | None = None


@dataclass
class Expanded:
    documents: list[Document] = field(default_factory=list)   # the archive first, then nested ones
    entries: list[Member] = field(default_factory=list)

    @property
    def members(self) -> list[tuple[bytes, str]]:
        """(bytes, path) of every member (``expand`` keeps every member's bytes)."""
        return [(m.data if m.data is not None else b"", m.name) for m in self.entries]


class _TooBig(Exception):
    pass


@dataclass
class _State:
    limits: Limits
    out: Expanded = field(default_factory=Expanded)
    members: int = 0
    total: int = 0
    stopped: bool = False
    inline: int = 0


_JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
_DRIVE = re.compile(r"^[A-Za-z]:$")


def expand(data: bytes, name: str, *, limits: Limits | None = None) -> Expanded:
    """Scan an archive held in memory; every member keeps its bytes."""
    lim = limits or Limits()
    lim = Limits(**{**lim.__dict__, "inline_member_bytes": lim.max_member_bytes,
                    "inline_total_bytes": lim.max_total_bytes})
    return scan(io.BytesIO(data), name, len(data), limits=lim)


def scan(fh: BinaryIO, name: str, size: int, *, limits: Limits | None = None,
         notes: tuple[Problem, ...] = ()) -> Expanded:
    """Scan the archive in the seekable file ``fh`` (``size`` bytes) named ``name``."""
    state = _State(limits or Limits())
    fh.seek(0)
    _scan(fh, name, size, 1, (), state, notes)
    return state.out


def open_member(fh: BinaryIO, chain: tuple[int, ...]) -> BinaryIO:
    """The member at ``chain`` inside the archive in ``fh``, as a readable stream.

    Nested archives on the way are copied to anonymous temporary files (never
    named on disk, gone when closed)."""
    current: BinaryIO = fh
    for depth, index in enumerate(chain):
        zf = zipfile.ZipFile(current)
        member = zf.open(zf.infolist()[index])
        if depth == len(chain) - 1:
            return member
        spool = tempfile.TemporaryFile()
        with member:
            shutil.copyfileobj(member, spool, _CHUNK)
        spool.seek(0)
        current = spool
    return current


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
    text = name.replace("\\", "/")
    unsafe = text.startswith("/")
    parts: list[str] = []
    for i, part in enumerate(text.split("/")):
        if part in ("", "."):
            continue
        if part == ".." or (i == 0 and _DRIVE.match(part)):
            unsafe = True
            continue
        parts.append(escape(part))
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


@dataclass
class _Read:
    sha256: str
    size: int
    data: bytes | None          # every byte, when the member is kept in memory


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, keep: bool) -> _Read:
    """Decompress one member in chunks: its hash and size, and its bytes when ``keep``."""
    h = hashlib.sha256()
    chunks: list[bytes] | None = [] if keep else None
    got = 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(min(_CHUNK, cap + 1 - got))
            if not chunk:
                break
            got += len(chunk)
            if got > cap:
                raise _TooBig
            h.update(chunk)
            if chunks is not None:
                chunks.append(chunk)
    return _Read(h.hexdigest(), got, b"".join(chunks) if chunks is not None else None)


def hash_stream(fh: BinaryIO) -> str:
    """The sha256 of a whole seekable stream, read from its start in chunks."""
    h = hashlib.sha256()
    fh.seek(0)
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return h.hexdigest()
        h.update(chunk)


def _scan(fh: BinaryIO, name: str, size: int, depth: int, chain: tuple[int, ...], st: _State,
          notes: tuple[Problem, ...] = ()) -> None:
    lim = st.limits
    sha = hash_stream(fh)
    problems: list[Problem] = list(notes)

    def problem(message: str) -> None:
        problems.append(Problem(name, "read", message))

    try:
        fh.seek(0)
        zf = zipfile.ZipFile(fh)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        problem(f"压缩包“{name}”已损坏或不是ZIP格式，无法打开（{exc}）")
        st.out.documents.append(Document(file=name, sha256=sha, source="zip",
                                         problems=tuple(problems)))
        return
    index = len(st.out.documents)
    st.out.documents.append(Document(file=name, sha256=sha, source="zip"))
    used: set[str] = set()
    files = 0
    junk: list[str] = []
    with zf:
        for position, info in enumerate(infos):
            if st.stopped:
                break
            if info.is_dir():
                continue
            original = member_name(info)
            rel, unsafe = safe_path(original)
            if not rel:
                continue
            if _is_junk(rel):
                junk.append(rel)
                continue
            rel = _unique(rel, used)
            used.add(rel)
            files += 1
            path = f"{name}/{rel}"
            if unsafe:
                problem(f"压缩包“{name}”中的成员路径“{escape(original)}”试图指向压缩包以外，"
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
            keep = (declared <= lim.inline_member_bytes
                    and st.inline + declared <= lim.inline_total_bytes)
            try:
                got = _stream(zf, info, cap, keep)
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
            st.total += got.size
            if got.size > lim.ratio_min_bytes and \
                    got.size > lim.max_ratio * max(info.compress_size, 1):
                problem(bomb)
                continue
            data = got.data
            if data is not None and (len(data) > lim.inline_member_bytes
                                     or st.inline + len(data) > lim.inline_total_bytes):
                data = None                     # the header lied about the size
            if data is not None:
                st.inline += len(data)
            where = chain + (position,)
            try:
                if data is not None:
                    plan = dispatch.plan(data, path)
                else:
                    with zf.open(info) as member:
                        plan = dispatch.plan_stream(member, got.size, path)
            except Exception as exc:  # noqa: BLE001 - a member that cannot even be sniffed
                problem(f"压缩包“{name}”中的“{rel}”无法识别（{type(exc).__name__}），未读取")
                continue
            if plan.reader == dispatch.ARCHIVE:
                if depth >= lim.max_depth:
                    problem(f"压缩包“{name}”中的“{rel}”是嵌套超过{lim.max_depth}层的压缩包，"
                            "未展开，请解压后直接提交")
                    continue
                _nested(zf, info, data, path, got.size, depth, where, st, plan.notes)
                continue
            st.out.entries.append(Member(path, got.sha256, got.size, plan, where, data))
    if files == 0:
        problem(f"压缩包“{name}”中没有文件")
    if junk:
        shown = "、".join(junk[:3]) + ("等" if len(junk) > 3 else "")
        problem(f"压缩包“{name}”中的 {len(junk)} 个系统文件（{shown}）不是佐证材料，已跳过")
    st.out.documents[index] = Document(file=name, sha256=sha, source="zip",
                                       problems=tuple(problems))


def _nested(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None, path: str, size: int,
            depth: int, chain: tuple[int, ...], st: _State, notes: tuple[Problem, ...]) -> None:
    """Scan a member that is itself an archive, from memory or an anonymous temp file."""
    if data is not None:
        _scan(io.BytesIO(data), path, size, depth + 1, chain, st, notes)
        return
    with tempfile.TemporaryFile() as spool:
        with zf.open(info) as member:
            shutil.copyfileobj(member, spool, _CHUNK)
        _scan(spool, path, size, depth + 1, chain, st, notes)
