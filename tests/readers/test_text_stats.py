"""``text_stats`` counts with compiled character classes; a reference that walks the text one
character at a time (the definitions ``_is_readable``, ``_is_cjk_ideograph`` and
``_is_common_hanzi`` state) must give the same counts on any text."""
import random
import unicodedata

from pipeline.text.normalize import (_CID_RE, _MOJIBAKE_LATIN_RE, _is_cjk_ideograph, _is_common_hanzi,
                                     _is_readable, looks_garbled, text_stats)


def reference(text: str) -> dict[str, int]:
    cids = len(_CID_RE.findall(text))
    body = _CID_RE.sub("", text)
    chars = [c for c in body if not c.isspace()]
    hanzi = [c for c in chars if _is_cjk_ideograph(ord(c))]
    return {
        "chars": len(chars) + cids, "cid": cids,
        "pua": sum(1 for c in chars if 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000),
        "replacement": sum(1 for c in chars if c == "\ufffd"),
        "control": sum(1 for c in chars if unicodedata.category(c) == "Cc"),
        "latin_mojibake": len(_MOJIBAKE_LATIN_RE.findall(body)),
        "unreadable": sum(1 for c in chars if not _is_readable(c)),
        "hanzi": len(hanzi), "rare_hanzi": sum(1 for c in hanzi if not _is_common_hanzi(c)),
    }


SAMPLES = ["关于印发北湖市医联体建设实施方案的通知", "鍏充簬鍗板彂鍖楁箹甯傚尰鑱斾綋", "關於印發醫聯體建設方案",
           "(cid:12)(cid:7) abc \ufffd\ue000\x07\x85\u3000√≥☆ × ℃ №", "", "   \n\t", "é à ü Ã© ç", "𠀀𪚥龘"]


def test_counts_equal_the_character_walk_on_samples():
    for text in SAMPLES:
        assert text_stats(text) == reference(text), text


def test_counts_equal_the_character_walk_on_random_text():
    rng = random.Random(7)
    ranges = [(0x00, 0x2FF), (0x2000, 0x27FF), (0x2E80, 0x33FF), (0x3400, 0x9FFF), (0xE000, 0xFFFF),
              (0x20000, 0x2A6DF), (0xF0000, 0xF00FF)]
    for _ in range(300):
        text = "".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(0, 200)))
        assert text_stats(text) == reference(text)


def test_garbled_scores_are_unchanged_in_kind():
    assert looks_garbled("关于印发北湖市医联体建设实施方案的通知，请认真贯彻执行。") < 0.2
    assert looks_garbled("鍏充簬鍗板彂鍖楁箹甯傚尰鑱斾綋寤鸿瀹炴柦鏂规鐨勯€氱煡") > 0.2
