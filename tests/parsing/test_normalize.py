from documents.parsing.normalize import (
    decode_bytes,
    join_broken_lines,
    looks_traditional,
    normalize_text,
    to_simplified,
)


def test_pinyin_glosses_removed_and_converted_to_simplified():
    assert normalize_text("州政發(fā)〔2020〕5號") == "州政发〔2020〕5号"
    assert normalize_text("現(xiàn)印發(fā)給你們") == "现印发给你们"


def test_ascii_brackets_without_tone_marks_are_kept():
    assert "（APP）" in normalize_text("推动实现移动应用程序（APP）备案，建设(app)入口。")
    assert "(app)" in normalize_text("推动实现移动应用程序（APP）备案，建设(app)入口。")


def test_simplified_text_untouched_by_t2s():
    text = "湖南省人民政府办公厅关于印发工作要点的通知，乾坤、皇后、干部、发展"
    assert not looks_traditional(text)
    assert to_simplified(text) == text


def test_full_width_digits_and_letters_folded_punctuation_kept():
    assert normalize_text("１．完成ＡＰＰ建设，２０２３年６月底前；（牵头）") == "1．完成APP建设，2023年6月底前；（牵头）"


def test_page_break_joins_split_names():
    lines = ["（五）纵深推进“智赋万企”行动，持续推动企业上云上平台。（省工业", "和信息化厅、省商务厅等按职责分工负责)"]
    assert join_broken_lines(lines) == ["（五）纵深推进“智赋万企”行动，持续推动企业上云上平台。（省工业和信息化厅、省商务厅等按职责分工负责)"]


def test_page_break_drops_duplicated_fragment():
    lines = ["2021年4月底前对行业协会商会乱收费开展清理。（省民政厅、省市场监管局", "管局牵头，省直相关部门按职责分工负责）"]
    assert join_broken_lines(lines)[0].endswith("（省民政厅、省市场监管局牵头，省直相关部门按职责分工负责）")


def test_headings_signatures_and_numbered_lines_not_joined():
    lines = ["一、纵深推进简政放权，放出活力和创造力", "1. 按照原则，继续推进审批事项全链条整体下放和取消。"]
    assert join_broken_lines(lines) == lines
    lines = ["进一步推动改革，打造工程建设项目审批制度体系及管理系统", "2.0 版。推进规划审批制度性改革。"]
    assert join_broken_lines(lines) == ["进一步推动改革，打造工程建设项目审批制度体系及管理系统2.0 版。推进规划审批制度性改革。"]
    lines = ["湖南省优化经济发展环境协调小组办公室文件", "湘优化办发〔2024〕1号"]
    assert join_broken_lines(lines) == lines


def test_web_boilerplate_dropped():
    raw = "来源:湖南省人民政府门户网站      更新时间:2022/9/2      浏览:\nHNPR—2022—00009\n正文。\n热门文章\n联系方式\n电话:010-67117727"
    assert normalize_text(raw) == "正文。"


def test_preview_banner_ends_text():
    raw = "(十四) 编制公布清单，逐项梳理办理流程\n\n预览已结束，完整报告链接和二维码如下：\n\nhttps://www.yunbaogao.cn/report?x=1"
    assert normalize_text(raw) == "(十四) 编制公布清单，逐项梳理办理流程"


def test_decode_utf8_bom_gbk_utf16():
    text = "湖南省人民政府办公厅关于印发工作要点的通知"
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_bytes(text.encode("gbk")) == text
    assert decode_bytes(text.encode("utf-16")) == text
    ascii_heavy = "1. Task ABC (2021)\n" * 20
    assert decode_bytes(ascii_heavy.encode("utf-16-le")) == ascii_heavy
