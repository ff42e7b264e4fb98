"""Checks before publishing: what an editor or reviewer should look at again before a page goes live.

They warn and never block: a sensitive word may be quoted on purpose, a linked page may be published
in the same hour. `check_page` reads every text field, rich text and StreamField of the page.
"""

import html
import re
from dataclasses import dataclass

from django.db import models
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock

from website.textcheck import find_words, normalise

# Fields of wagtailcore.Page that are not the editor's prose.
SKIPPED_FIELDS = {"slug", "url_path", "path", "draft_title", "locale", "translation_key", "latest_revision"}
_tag = re.compile(r"<[^>]+>")
_anchor = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
_attr = re.compile(r'([a-zA-Z_:-]+)\s*=\s*"([^"]*)"')
_embed = re.compile(r"<embed\b([^>]*)/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    kind: str  # sensitive | expression | alt | link
    message: str


@dataclass
class Content:
    texts: list
    html: list
    images_without_alt: int = 0
    images: int = 0


def html_to_text(source):
    return html.unescape(_tag.sub(" ", source or ""))


def _walk(block, value, content):
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        source = getattr(value, "source", str(value))
        content.html.append(source)
        content.texts.append(html_to_text(source))
    elif isinstance(block, TableBlock):
        for row in (value or {}).get("data") or []:
            content.texts.extend(str(cell) for cell in row if cell)
        content.texts.append((value or {}).get("table_caption") or "")
    elif isinstance(block, blocks.StructBlock):
        children = block.child_blocks
        if isinstance(children.get("image"), ImageChooserBlock) and "alt" in children and value.get("image"):
            content.images += 1
            if not (value.get("alt") or "").strip():
                content.images_without_alt += 1
        for name, child in children.items():
            _walk(child, value.get(name), content)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            _walk(block.child_block, item, content)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            _walk(child.block, child.value, content)
    elif isinstance(block, blocks.FieldBlock) and isinstance(value, str):
        content.texts.append(value)


def collect(page):
    """Gather the prose, the rich-text HTML and the image alt texts of a (specific) page."""
    content = Content(texts=[page.title or ""], html=[])
    for field in page._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        value = getattr(page, field.attname, None)
        if isinstance(field, StreamField):
            stream = getattr(page, field.name)
            for child in stream:
                _walk(child.block, child.value, content)
        elif isinstance(field, RichTextField):
            content.html.append(value or "")
            content.texts.append(html_to_text(value))
        elif isinstance(field, models.CharField | models.TextField) and field.name != "title" and value:
            if field.choices:
                continue
            content.texts.append(str(value))
    for source in content.html:
        for match in _embed.finditer(source):
            attrs = dict(_attr.findall(match.group(1)))
            if attrs.get("embedtype") == "image":
                content.images += 1
                if not attrs.get("alt", "").strip():
                    content.images_without_alt += 1
    return content


def linked_page_ids(html_sources):
    ids = []
    for source in html_sources:
        for match in _anchor.finditer(source):
            attrs = dict(_attr.findall(match.group(1)))
            if attrs.get("linktype") == "page" and attrs.get("id", "").isdigit():
                ids.append(int(attrs["id"]))
    return list(dict.fromkeys(ids))


def wrong_expressions_in(text, expressions):
    """(wrong, correct) pairs whose wrong form occurs; a correct form that contains the wrong one is fine."""
    folded = normalise(text)
    found = []
    for wrong, correct in expressions:
        key = normalise(wrong)
        if not key:
            continue
        fixed = normalise(correct)
        # Only a correct form that itself contains the wrong one is blanked out first; when the
        # wrong form contains the correct one (国家民政部 → 民政部) blanking would hide the error.
        remaining = folded.replace(fixed, "\x00") if fixed and key in fixed else folded
        if key in remaining:
            found.append((wrong, correct))
    return found


def check_page(page):
    """Return the warnings for this page's current content (a list of `Finding`)."""
    from wagtail.models import Page

    from website.models import SensitiveWord

    from .models import WrongExpression

    content = collect(page)
    text = "\n".join(t for t in content.texts if t)
    warnings = []

    words = find_words(text, SensitiveWord.active_words())
    if words:
        warnings.append(Finding("sensitive", f"含有敏感词：{'、'.join(words)}。请核实用语后再发布。"))

    expressions = list(WrongExpression.objects.filter(active=True).values_list("wrong", "correct"))
    for wrong, correct in wrong_expressions_in(text, expressions):
        warnings.append(Finding("expression", f"规范用语：“{wrong}”应写作“{correct}”。"))

    if content.images_without_alt:
        warnings.append(
            Finding(
                "alt",
                f"有 {content.images_without_alt} 张图片未填写替代文字。请为视障读者简要描述图片内容。",
            )
        )

    ids = [i for i in linked_page_ids(content.html) if i != page.pk]
    if ids:
        found = {p.pk: p for p in Page.objects.filter(pk__in=ids).only("id", "title", "live")}
        for page_id in ids:
            target = found.get(page_id)
            if target is None:
                warnings.append(
                    Finding("link", f"正文中的链接指向已删除的页面（编号 {page_id}），请修改或删除该链接。")
                )
            elif not target.live:
                warnings.append(Finding("link", f"正文中的链接指向尚未发布的页面“{target.title}”，读者将无法打开。"))
    return warnings
