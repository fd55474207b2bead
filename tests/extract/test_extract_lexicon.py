import pytest

from pipeline.errors import RulesError
from pipeline.text import lexicon
from pipeline.text.clauses import classify


def test_default_lexicon_loads_once():
    a = lexicon.load()
    assert a is lexicon.load()
    assert a.path.name == "lexicon.yaml" and a.path.parent.name == "rules"
    assert set(a.kinds.canonical) >= {"方案", "通知", "会议纪要", "任命文件", "其他"}
    assert "送审稿" in a.draft_markers and "试行" in a.in_force_markers


def test_every_error_is_reported(tmp_path):
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("modality:\n  done:\n    cues: [已]\n    regex: ['(unclosed']\n"
                   "  planned: {cues: 5}\n"
                   "kinds:\n  canonical: [方案]\n  synonyms: {公报: [公报]}\n", encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        lexicon.load(bad)
    msg = str(exc.value)
    assert "modality.done.regex[0]" in msg and "modality.planned.cues" in msg and "kinds.synonyms.公报" in msg


def test_override_path_changes_the_cues(tmp_path):
    own = tmp_path / "own.yaml"
    own.write_text("modality:\n  done: {cues: [搞定]}\n  planned: {cues: []}\n  negated: {cues: []}\n"
                   "  conditional: {cues: []}\n", encoding="utf-8")
    lex = lexicon.load(own)
    assert classify("方案已经搞定", lex)[0] == "done"
    assert classify("尚未出台", lex)[0] == "neutral"
