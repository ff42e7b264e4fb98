"""Reading the old site's article pages, saved as text, into plain data.

The bureau's previous site can only be exported as text dumps of each page (one file per
article, see docs/legacy-import.md). This module turns one dump into a `LegacyArticle`; it knows
nothing about Wagtail, so it can be tested alone and reused. `import_legacy` does the saving.
"""

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_TITLE_LENGTH = 255


class LegacyParseError(ValueError):
    """The text is not an old-site article page; the message (Chinese) says why."""


@dataclass(frozen=True)
class LegacyArticle:
    columns: tuple[str, ...]  # column titles from the breadcrumb, below 网站首页
    title: str
    published_at: datetime.datetime  # aware, Asia/Shanghai
    source: str
    author: str
    paragraphs: tuple[str, ...]

    @property
    def key(self):
        """A stable identity for re-imports: the title and the original 发布时间."""
        raw = f"{self.title}|{self.published_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
        return hashlib.sha1(raw.encode()).hexdigest()[:16]


_COLON = r"\s*[:：]\s*"
_BREADCRUMB = re.compile(r"^(?:您现在所在的位置|您的位置|当前位置)" + _COLON + r"(.*)$")
_CRUMB_SEPARATOR = re.compile(r"\s*(?:>|＞|›|»|→|/)\s*")
_HOME_TITLES = {"网站首页", "首页", "主页"}
_META = re.compile(r"发布时间" + _COLON)
_DATE = re.compile(
    r"发布时间" + _COLON + r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
)
_SOURCE = re.compile(r"来源" + _COLON + r"(.*?)\s*(?=(?:浏览|作者|点击|阅读|发布时间)\s*(?:次数)?\s*[:：]|$)")
_META_AUTHOR = re.compile(r"作者" + _COLON + r"(.*?)\s*(?=(?:浏览|来源|点击|阅读|发布时间)\s*(?:次数)?\s*[:：]|$)")
# Chrome before the body: 【字体大小: 大 中 小】, 【打印本页】【关闭窗口】 …
_SKIP_LINE = re.compile(r"^【\s*(?:字体|字号|打印|关闭|收藏|分享)")
# Chrome after the body: the QR block, the comment box, the comment list, the Q&A box.
_END_OF_BODY = re.compile(
    r"^(?:扫一扫在手机(?:上)?打开当前页|\d+\s*条评论|\*?\s*正文" + _COLON + r".*|验证码" + _COLON + r".*"
    r"|网友评论列表|暂无网友评论|发表评论|(?:智能问答\s*)+)$"
)
# （肖昆） / (肖昆) / （记者 王晓明） / （作者：陈静）, at the very end of the last paragraph.
_BYLINE = re.compile(
    r"[（(]\s*(?:(?:作者|文|记者|通讯员|供稿)\s*[:：/]?\s*)?"
    r"([^\d（）()。，,；;：:！!？?\s][^\d（）()。，,；;：:！!？?]{0,29}?)\s*[）)]\s*$"
)


def decode(data):
    """Text of a dump: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise LegacyParseError("无法识别文件编码（UTF-16 内容有误）") from e
    if b"\x00" in data:
        raise LegacyParseError("不是文本文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LegacyParseError("无法识别文件编码（应为 UTF-8 或 GBK）")


def _clean_line(line):
    # NFKC folds full-width letters, digits and spaces, but would also fold （） and ：, which we
    # keep as written: only the characters that matter for matching are normalised.
    line = line.replace("\u3000", " ").replace("\xa0", " ").replace("\ufeff", "").replace("\u200b", "")
    return line.strip()


def _fold_digits(text):
    return "".join(unicodedata.normalize("NFKC", c) if "０" <= c <= "９" else c for c in text)


def _parse_date(line):
    match = _DATE.search(_fold_digits(line))
    if not match:
        raise LegacyParseError("发布时间格式无法识别（应为 YYYY-MM-DD HH:MM）")
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)
    except ValueError as e:
        raise LegacyParseError(f"发布时间无效：{match.group(0)}") from e


def _split_byline(paragraphs):
    """Take a trailing （作者） off the last paragraph; return (paragraphs, author)."""
    if not paragraphs:
        return paragraphs, ""
    last = paragraphs[-1]
    match = _BYLINE.search(last)
    if match is None:
        standalone = re.match(r"^(?:作者|文|记者)\s*[:：/]\s*(\S.{0,29})$", last)
        if standalone:
            return paragraphs[:-1], standalone.group(1).strip()
        return paragraphs, ""
    rest = last[: match.start()].rstrip()
    if rest and not re.search(r"[。！？!?.…”’」』）)]$", rest):
        # "…补贴标准（见附表）" is part of a sentence, not a byline.
        return paragraphs, ""
    author = re.sub(r"\s+", " ", match.group(1)).strip()
    return (paragraphs[:-1] + [rest]) if rest else paragraphs[:-1], author


def parse(text):
    """Parse one old-site article dump into a LegacyArticle, or raise LegacyParseError."""
    if not isinstance(text, str):
        raise LegacyParseError("内容不是文本")
    lines = [_clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise LegacyParseError("文件为空")

    columns = ()
    start = 0
    for index, line in enumerate(lines[:5]):
        crumb = _BREADCRUMB.match(line)
        if crumb:
            steps = [s.strip() for s in _CRUMB_SEPARATOR.split(crumb.group(1)) if s.strip()]
            if steps and steps[0] in _HOME_TITLES:
                steps = steps[1:]
            columns = tuple(steps)
            start = index + 1
            break

    meta_index = next((i for i in range(start, len(lines)) if _META.search(lines[i])), None)
    if meta_index is None:
        raise LegacyParseError("缺少“发布时间”一行")
    title_lines = [line for line in lines[start:meta_index] if not _SKIP_LINE.match(line)]
    if not title_lines:
        raise LegacyParseError("缺少标题（应在“发布时间”一行之前）")
    title = " ".join(title_lines)
    if len(title) > MAX_TITLE_LENGTH:
        raise LegacyParseError(f"标题过长（{len(title)} 字，最多 {MAX_TITLE_LENGTH} 字）")

    # Some pages end the trail with "正文" or the article's own title: that is not a column.
    while columns and columns[-1] in {"正文", "内容", "详情", title}:
        columns = columns[:-1]

    meta = lines[meta_index]
    published_at = _parse_date(meta)
    source_match = _SOURCE.search(meta)
    source = source_match.group(1).strip() if source_match else ""
    author_match = _META_AUTHOR.search(meta)
    meta_author = author_match.group(1).strip() if author_match else ""

    paragraphs = []
    for line in lines[meta_index + 1 :]:
        if _END_OF_BODY.match(line):
            break
        if _SKIP_LINE.match(line):
            continue
        paragraphs.append(line)
    paragraphs, author = _split_byline(paragraphs)
    if not paragraphs:
        raise LegacyParseError("没有正文")

    return LegacyArticle(
        columns=columns,
        title=title,
        published_at=published_at,
        source=source[:100],
        author=(author or meta_author)[:100],
        paragraphs=tuple(paragraphs),
    )
