from pipeline.text.normalize import looks_garbled, normalize


def test_fullwidth_letters_and_digits_become_ascii():
    assert normalize("ＡＢＣ１２３ｘｙｚ") == "ABC123xyz"


def test_chinese_punctuation_is_kept():
    text = "关于（试行）的通知：一、总则；二、附则，见《办法》〔2017〕“原文”。！？～"
    assert normalize(text) == text


def test_circled_numbers_ellipsis_and_roman_numerals_are_kept():
    text = "①派驻专家②接收进修……第Ⅱ期"
    assert normalize(text) == text


def test_kangxi_radicals_become_ideographs():
    assert normalize("⼀、⽇常⼯作") == "一、日常工作"


def test_radicals_supplement_become_ideographs():
    assert normalize("⻓期⻔诊⻋辆⻅习⻆⾊⻢上⻜⾏⻝堂⻛险⻚码⻬全⻩⾊⻘年⺟婴⺠⽣⻄医⻉⻥⻦⻰") == \
        "长期门诊车辆见习角色马上飞行食堂风险页码齐全黄色青年母婴民生西医贝鱼鸟龙"


def test_compatibility_ideographs_become_unified():
    assert normalize("\uf900\uf901") == "\u8c48\u66f4"


def test_invisible_characters_removed_and_spaces_collapsed():
    assert normalize("对口\u200b支援\u00ad工作\ufeff") == "对口支援工作"
    assert normalize("  组\u00a0\u00a0长：\u3000\u3000张三  ") == "组 长： 张三"


def test_line_breaks_kept_and_lines_stripped():
    assert normalize("第一行 \r\n  第二行\r第三行") == "第一行\n第二行\n第三行"


def test_plain_chinese_text_unchanged():
    text = "为加强对口支援工作，经院务会研究，决定成立领导小组。"
    assert normalize(text) == text


def test_looks_garbled_scores():
    clean = "关于成立对口支援工作领导小组的通知，各科室：经院务会研究，决定成立领导小组。"
    assert looks_garbled(clean) == 0.0
    assert looks_garbled("(cid:12)(cid:345)(cid:7)(cid:88)") == 1.0
    assert looks_garbled("\ue001\ue002\ue003\ue004关于") > 0.5
    assert looks_garbled(clean.encode("utf-8").decode("latin-1")) > 0.5
    assert looks_garbled(clean.encode("utf-8").decode("gbk", errors="replace")) > 0.5
    assert looks_garbled("") == 1.0
