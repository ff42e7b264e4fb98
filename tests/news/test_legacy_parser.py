"""news.legacy: old-site text dumps into plain data, without the database."""

import datetime
from pathlib import Path

import pytest

from news.legacy import SHANGHAI, LegacyParseError, decode, parse

FIXTURES = Path(__file__).parent / "fixtures" / "legacy"
# A page of the old site as saved from a browser (the shape every import file has).
SEED = FIXTURES / "legacy-article-page.txt"


def load(name):
    return parse(decode((FIXTURES / name).read_bytes()))


def test_good_file():
    article = load("good.txt")
    assert article.columns == ("资讯中心", "政务动态", "部门动态")
    assert article.title == "郎溪县开展冬春救助摸底排查 确保困难群众温暖过冬"
    assert article.published_at == datetime.datetime(2020, 12, 8, 9, 15, tzinfo=SHANGHAI)
    assert article.source == "郎溪县民政局"
    assert article.author == "周立新"
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("入冬以来")
    # The byline is taken off the last paragraph; the sentence before it stays.
    assert article.paragraphs[-1].endswith("办理临时救助126人次。")


def test_chrome_is_dropped():
    text = "\n".join(load("good.txt").paragraphs)
    for chrome in ["字体大小", "扫一扫", "条评论", "正文:", "验证码", "captcha", "网友评论", "智能问答"]:
        assert chrome not in text


def test_crlf_bom_fullwidth_punctuation_and_blank_noise():
    raw = (FIXTURES / "crlf_fullwidth.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    article = parse(decode(raw))
    assert article.columns == ("资讯中心", "政务动态", "通知公告")
    assert article.title == "关于开展2021年度养老机构等级评定工作的通知"
    assert article.published_at == datetime.datetime(2021, 3, 2, 14, 40, tzinfo=SHANGHAI)
    assert article.source == "养老服务科"
    assert article.author == "陈晓燕"
    assert article.paragraphs == (
        "各县市区民政局：",
        "为提升全市养老机构服务质量，现决定开展年度养老机构等级评定工作，请各地于4月底前完成初评并报送材料。",
        "评定结果将向社会公布，并作为运营补贴发放的重要依据。",
    )


def test_missing_author():
    article = load("no_author.txt")
    assert article.author == ""
    assert article.paragraphs[-1] == "第二条 补贴按月发放,通过社会保障卡直接打入补贴对象账户。"


def test_gbk_file():
    text = (FIXTURES / "good.txt").read_text(encoding="utf-8")
    assert load("good.txt") == parse(decode(text.encode("gbk")))


@pytest.mark.parametrize(
    "name, reason",
    [("broken_no_date.txt", "发布时间"), ("broken_no_title.txt", "缺少标题")],
)
def test_broken_files_say_why(name, reason):
    with pytest.raises(LegacyParseError, match=reason):
        load(name)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "文件为空"),
        ("\r\n  \n\u3000\n", "文件为空"),
        ("标题\n发布时间:2021-13-40 10:00\n正文。", "发布时间无效"),
        ("标题\n发布时间: 去年\n正文。", "格式无法识别"),
        ("标题\n发布时间:2021-01-02 10:00\n扫一扫在手机打开当前页", "没有正文"),
        ("标" * 300 + "\n发布时间:2021-01-02 10:00\n正文。", "标题过长"),
    ],
)
def test_bad_text(text, reason):
    with pytest.raises(LegacyParseError, match=reason):
        parse(text)


def test_binary_is_not_text():
    with pytest.raises(LegacyParseError, match="不是文本"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


@pytest.mark.parametrize(
    "last, author, kept",
    [
        ("工作取得实效。（王芳）", "王芳", "工作取得实效。"),
        ("工作取得实效。 (记者 李强 通讯员 赵敏)", "李强 通讯员 赵敏", "工作取得实效。"),
        ("（作者：张华）", "张华", None),
        ("作者：刘洋", "刘洋", None),
        ("具体标准详见补贴标准（见附表）", "", "具体标准详见补贴标准（见附表）"),
        ("参照执行（2021年版）。", "", "参照执行（2021年版）。"),
    ],
)
def test_byline_forms(last, author, kept):
    article = parse(f"标题\n发布时间: 2021-01-02 10:00\n第一段。\n{last}")
    assert article.author == author
    assert article.paragraphs[-1] == (kept if kept is not None else "第一段。")


def test_date_variants_and_other_meta():
    article = parse("标题\n发布时间：２０２１年３月５日　来源：市民政局　作者：孙丽　点击：12\n正文。")
    assert article.published_at == datetime.datetime(2021, 3, 5, 0, 0, tzinfo=SHANGHAI)
    assert article.source == "市民政局"
    assert article.author == "孙丽"


def test_breadcrumb_ending_in_title_or_zhengwen():
    text = "您现在所在的位置：首页 > 资讯中心 > 正文\n标题甲\n发布时间:2021-01-02 10:00\n正文。"
    assert parse(text).columns == ("资讯中心",)


def test_key_is_stable_and_depends_on_title_and_time():
    a = load("good.txt")
    assert a.key == load("good.txt").key
    assert a.key != parse("另一个标题\n发布时间:2020-12-08 09:15\n正文。").key


def test_seed_file_shape():
    article = parse(decode(SEED.read_bytes()))
    assert article.columns == ("资讯中心", "政务动态", "部门动态")
    assert article.published_at == datetime.datetime(2021, 6, 24, 8, 32, tzinfo=SHANGHAI)
    assert article.source == "市民政局"
    assert article.author == "肖昆"
    assert len(article.paragraphs) == 6
    assert not any("扫一扫" in p or "字体大小" in p for p in article.paragraphs)
