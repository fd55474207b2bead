"""Zip archives: Chinese member names, nesting, zip-slip, bombs, encryption, all in memory."""
from __future__ import annotations

import io
import struct
import zipfile

from pipeline.model import Locator
from pipeline.readers.archive import Limits, expand, safe_path
from pipeline.readers.dispatch import read_any, read_bytes


class RawNameInfo(zipfile.ZipInfo):
    """A ZipInfo whose name is written as given bytes, without the UTF-8 flag."""

    def __init__(self, raw: bytes):
        super().__init__(raw.decode("cp437"))
        self.raw = raw

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's name
        return self.raw, self.flag_bits & ~0x800


def make_zip(members: list[tuple[str | zipfile.ZipInfo, bytes]],
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def test_gbk_member_name_without_utf8_flag():
    gbk_name = "医联体/工作方案.txt"
    data = make_zip([(RawNameInfo(gbk_name.encode("gbk")), "医联体工作方案\n".encode("gbk"))])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:   # the flag really is absent
        assert zf.infolist()[0].flag_bits & 0x800 == 0
        assert zf.infolist()[0].filename != gbk_name
    out = expand(data, "材料.zip")
    assert [name for _, name in out.members] == ["材料.zip/医联体/工作方案.txt"]
    docs = read_any(data, "材料.zip")
    assert [d.file for d in docs] == ["材料.zip", "材料.zip/医联体/工作方案.txt"]
    assert docs[1].blocks[0].text == "医联体工作方案"
    assert docs[1].blocks[0].loc == Locator("材料.zip/医联体/工作方案.txt", line=1)


def test_utf8_flagged_name_and_nested_folders():
    data = make_zip([("一/二/三.txt", "内容".encode()), ("一/", b""), ("根.md", b"root")])
    out = expand(data, "a.zip")
    assert [n for _, n in out.members] == ["a.zip/一/二/三.txt", "a.zip/根.md"]
    assert out.documents[0].problems == ()
    assert out.documents[0].source == "zip"


def test_nested_zip_bounded_depth():
    level4 = make_zip([("deep.txt", b"deep")])
    level3 = make_zip([("d.zip", level4), ("c.txt", b"c")])
    level2 = make_zip([("c.zip", level3), ("b.txt", b"b")])
    top = make_zip([("b.zip", level2), ("a.txt", b"a")])
    out = expand(top, "top.zip")
    assert [n for _, n in out.members] == ["top.zip/b.zip/c.zip/c.txt", "top.zip/b.zip/b.txt",
                                            "top.zip/a.txt"]
    assert [d.file for d in out.documents] == ["top.zip", "top.zip/b.zip", "top.zip/b.zip/c.zip"]
    deepest = out.documents[2]
    assert deepest.problems[0].message == ("压缩包“top.zip/b.zip/c.zip”中的“d.zip”是嵌套超过3层的压缩包，"
                                           "未展开，请解压后直接提交")


def test_zip_slip_names_are_contained_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = make_zip([("../../evil.txt", b"evil"), ("/abs/x.txt", b"x"), ("C:\\win\\y.txt", b"y"),
                     ("ok/../z.txt", b"z")])
    out = expand(data, "s.zip")
    assert [n for _, n in out.members] == ["s.zip/evil.txt", "s.zip/abs/x.txt", "s.zip/win/y.txt",
                                            "s.zip/ok/z.txt"]
    assert len(out.documents[0].problems) == 4
    assert out.documents[0].problems[0].message == (
        "压缩包“s.zip”中的成员路径“../../evil.txt”试图指向压缩包以外，已按“evil.txt”读取（未解压到任何位置）")
    assert list(tmp_path.iterdir()) == [] and not (tmp_path.parent.parent / "evil.txt").exists()
    assert safe_path("a\\..\\..\\b") == ("a/b", True)


def test_zip_bomb_member_is_skipped():
    limits = Limits(max_member_bytes=100_000, ratio_min_bytes=10_000, max_ratio=50)
    bomb = b"\0" * 200_000
    data = make_zip([("bomb.txt", bomb), ("fine.txt", b"fine")])
    assert len(data) < 2000
    out = expand(data, "b.zip", limits=limits)
    assert [n for _, n in out.members] == ["b.zip/fine.txt"]
    assert out.documents[0].problems[0].message.startswith("压缩包“b.zip”中的“bomb.txt”解压后过大，疑似压缩炸弹，已跳过")
    # The ratio alone also trips the limit, even under the size bound.
    out = expand(make_zip([("r.txt", b"\0" * 60_000)]), "r.zip", limits=limits)
    assert out.members == [] and "疑似压缩炸弹" in out.documents[0].problems[0].message


def test_total_size_and_member_count_limits():
    data = make_zip([(f"{i}.txt", bytes([65 + i]) * 400) for i in range(5)], zipfile.ZIP_STORED)
    out = expand(data, "t.zip", limits=Limits(max_total_bytes=1000))
    assert len(out.members) == 2
    assert "解压后总大小超过 1000 字节" in out.documents[0].problems[0].message
    out = expand(data, "t.zip", limits=Limits(max_members=3))
    assert len(out.members) == 3
    assert out.documents[0].problems[0].message == "压缩包“t.zip”中的文件过多（超过3个），其余文件未读取"


def _set_encrypted_flag(data: bytes) -> bytes:
    buf = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = buf.find(sig)
        flag = struct.unpack_from("<H", buf, at + offset)[0]
        struct.pack_into("<H", buf, at + offset, flag | 0x1)
    return bytes(buf)


def test_encrypted_member_is_a_problem():
    data = _set_encrypted_flag(make_zip([("密.txt", b"secret")]))
    out = expand(data, "e.zip")
    assert out.members == []
    assert out.documents[0].problems[0].message == (
        "压缩包“e.zip”中的“密.txt”已加密（设置了密码），无法读取，请提供未加密的版本")


def test_damaged_and_empty_archives():
    doc = read_bytes(b"PK\x03\x04 truncated", "坏.zip")
    assert doc.source == "zip"
    assert doc.problems[0].message.startswith("压缩包“坏.zip”已损坏或不是ZIP格式，无法打开")
    out = expand(make_zip([("__MACOSX/._a.txt", b"x"), ("Thumbs.db", b"x")]), "空.zip")
    assert out.members == []
    assert out.documents[0].problems[0].message == "压缩包“空.zip”中没有文件"
