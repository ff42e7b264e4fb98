"""Import article pages saved from the bureau's old site. See docs/legacy-import.md.

Each file is imported in its own transaction: a file that fails leaves nothing behind, and the
others still go in. A re-run finds the page again by its legacy key and updates it.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from news.legacy import LegacyParseError, decode, parse
from news.models import ArticlePage, NewsIndexPage
from news.slugs import column_slug  # pinyin initials like the site's own columns (部门动态 → bmdt)

MAX_FILE_BYTES = 2 * 1024 * 1024


class ImportFailure(Exception):
    """This file cannot be imported; the message (Chinese) says why."""


def body_from(paragraphs):
    return [("paragraph", f"<p>{escape(text)}</p>") for text in paragraphs]


class Command(BaseCommand):
    help = "导入旧网站的文章页面（文本文件），放入面包屑所指的栏目；可重复运行，重复导入只更新不新增。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="旧网站文章页面的文本文件")
        parser.add_argument("--column", help="放入这个栏目（网址路径，如 /news/zwdt/bmdt/），不看文件中的面包屑")
        parser.add_argument("--dry-run", action="store_true", help="只检查和报告，不保存任何内容")
        parser.add_argument("--create-columns", action="store_true", help="面包屑中的栏目不存在时自动创建")
        parser.add_argument("--old-url", help="该文章在旧网站的地址（只能导入一个文件时使用），旧链接将跳转到新页面")

    def handle(self, *args, files, column, dry_run, create_columns, old_url, **options):
        if old_url and len(files) != 1:
            raise CommandError("--old-url 只能与一个文件一起使用")
        old_path = self.old_path(old_url) if old_url else None
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("网站还没有首页：请先运行 migrate 和 load_demo")
        self.home = site.root_page.specific
        self.dry_run = dry_run
        self.create_columns = create_columns
        counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        prefix = "（演练）" if dry_run else ""

        for name in files:
            try:
                with transaction.atomic():
                    outcome, page, trail = self.import_file(Path(name), column)
                    if old_path:
                        self.add_redirect(old_path, page)
                    if dry_run:
                        transaction.set_rollback(True)
            except (ImportFailure, LegacyParseError) as e:
                counts["failed"] += 1
                self.stderr.write(f"导入失败：{name}：{e}")
                continue
            except ValidationError as e:
                counts["failed"] += 1
                self.stderr.write(f"导入失败：{name}：内容未通过校验：{'；'.join(e.messages)}")
                continue
            except Exception as e:  # one bad file must not stop a batch of hundreds
                counts["failed"] += 1
                self.stderr.write(f"导入失败：{name}：意外错误：{type(e).__name__}: {e}")
                continue
            counts[outcome] += 1
            verb = {"created": "新建", "updated": "更新", "unchanged": "无变化"}[outcome]
            when = timezone.localtime(page.publish_at).strftime("%Y-%m-%d %H:%M")
            line = f"{prefix}{verb}：{name} →《{page.title}》（{trail}，发布时间 {when}）"
            if old_path:
                line += f"，旧地址 {old_path} 将跳转到此页"
            self.stdout.write(line)

        summary = (
            f"{prefix}共 {len(files)} 个文件：新建 {counts['created']} 篇，更新 {counts['updated']} 篇，"
            f"无变化 {counts['unchanged']} 篇，失败 {counts['failed']} 个。"
        )
        if dry_run:
            summary += "演练模式，未保存任何内容。"
        self.stdout.write(summary)
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} 个文件导入失败，见上方原因")

    @staticmethod
    def old_path(url):
        path = urlsplit(url.strip()).path
        if not path or path == "/":
            raise CommandError(f"--old-url 不是有效的旧网站文章地址：{url}")
        return Redirect.normalise_path(url)

    def read(self, path):
        if not path.is_file():
            raise ImportFailure("文件不存在" if not path.exists() else "不是文件")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFailure(f"文件过大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB），不像一篇文章")
        try:
            return decode(path.read_bytes())
        except OSError as e:
            raise ImportFailure(f"无法读取文件：{e.strerror}") from e

    def import_file(self, path, column_path):
        article = parse(self.read(path))
        column = self.column_by_path(column_path) if column_path else self.column_by_breadcrumb(article.columns)
        trail = " > ".join(p.title for p in column.get_ancestors(inclusive=True).filter(depth__gt=2)) or column.title

        page = ArticlePage.objects.filter(legacy_key=article.key).first()
        fields = {
            "title": article.title,
            "source": article.source,
            "author": article.author,
            "publish_at": article.published_at,
        }
        body = body_from(article.paragraphs)
        if page is None:
            page = ArticlePage(
                slug=f"{article.published_at:%Y%m%d}-{article.key[:6]}",
                legacy_key=article.key,
                body=body,
                live=False,
                **fields,
            )
            column.add_child(instance=page)
            page.save_revision(log_action=True).publish()
            return "created", page, trail

        moved = page.get_parent().pk != column.pk
        same = (
            all(getattr(page, k) == v for k, v in fields.items())
            and [(b.block_type, b.value.source) for b in page.body if b.block_type == "paragraph"]
            == [(t, html) for t, html in body]
            and len(page.body) == len(body)
            and page.live
            and not page.has_unpublished_changes
        )
        if moved:
            page.move(column, pos="last-child")
            page.refresh_from_db()
        if same and not moved:
            return "unchanged", page, trail
        for key, value in fields.items():
            setattr(page, key, value)
        page.body = body
        page.save_revision(log_action=True).publish()
        return "updated", page, trail

    def column_by_path(self, url_path):
        path = urlsplit(url_path.strip()).path.strip("/")
        if not path:
            raise ImportFailure(f"--column 应是栏目的网址路径，如 /news/zwdt/bmdt/，而不是“{url_path}”")
        column = NewsIndexPage.objects.filter(url_path=f"{self.home.url_path}{path}/").first()
        if column is None:
            raise ImportFailure(f"栏目 /{path}/ 不存在")
        return column

    def column_by_breadcrumb(self, titles):
        titles = list(titles)
        if titles and titles[0] == self.home.title:
            titles = titles[1:]
        if not titles:
            raise ImportFailure("文件中没有栏目路径（“您现在所在的位置”一行）；请用 --column 指定栏目")
        parent = self.home
        for depth, title in enumerate(titles):
            column = NewsIndexPage.objects.child_of(parent).filter(title=title).first()
            if column is None:
                where = " > ".join(titles[:depth]) or self.home.title
                if not self.create_columns:
                    raise ImportFailure(
                        f"栏目“{title}”不存在（应在“{where}”之下）；加 --create-columns 自动创建，或用 --column 指定栏目"
                    )
                column = NewsIndexPage(title=title, slug=column_slug(title, parent))
                parent.add_child(instance=column)
                column.save_revision(log_action=True).publish()
                self.stdout.write(f"{'（演练）' if self.dry_run else ''}新建栏目：{where} > {title}（{column.url}）")
            parent = column
        return parent

    @staticmethod
    def add_redirect(old_path, page):
        Redirect.objects.update_or_create(
            old_path=old_path,
            site=None,
            defaults={"redirect_page": page, "redirect_link": "", "redirect_page_route_path": "", "is_permanent": True},
        )
