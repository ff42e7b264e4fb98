"""Link health: find every link in published content and check that it still answers.

Broken links fail the yearly inspection of government websites. Internal links (rich-text page
and document links, and site-relative URLs) are checked against the database and the site itself
in-process; external ones with HEAD (then GET) requests, concurrently and with short timeouts.
"""

import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import TextField
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Page

HREF_RE = re.compile(r'href=\\?"([^"\\]+)\\?"')
PAGE_LINK_RE = re.compile(r'linktype=\\?"page\\?"\s+id=\\?"(\d+)\\?"|id=\\?"(\d+)\\?"\s+linktype=\\?"page\\?"')
DOC_LINK_RE = re.compile(r'linktype=\\?"document\\?"\s+id=\\?"(\d+)\\?"|id=\\?"(\d+)\\?"\s+linktype=\\?"document\\?"')
USER_AGENT = "xcmz-linkcheck/1.0 (link checker of mzj.xuancheng.gov.cn)"


@dataclass
class Link:
    page_id: int
    url: str
    kind: str  # page | document | internal | external


@dataclass
class Result:
    link: Link
    ok: bool
    status: str


def _stored_text(page):
    """The stored text of the page's text, rich-text and StreamField fields (where links live)."""
    return "\n".join(
        field.value_to_string(page) or ""
        for field in page._meta.concrete_fields
        if isinstance(field, (TextField, StreamField))
    )


def find_links(pages=None):
    pages = pages if pages is not None else Page.objects.live().specific()
    links = []
    for page in pages:
        text = _stored_text(page)
        for a, b in PAGE_LINK_RE.findall(text):
            links.append(Link(page.pk, f"page:{a or b}", "page"))
        for a, b in DOC_LINK_RE.findall(text):
            links.append(Link(page.pk, f"document:{a or b}", "document"))
        for href in HREF_RE.findall(text):
            if href.startswith(("mailto:", "tel:", "#", "javascript:")):
                continue
            parts = urlsplit(href)
            own = settings.SITE_URL and href.startswith(settings.SITE_URL)
            if not parts.scheme or own:
                links.append(
                    Link(page.pk, parts.path + (f"?{parts.query}" if parts.query else "") if own else href, "internal")
                )
            elif parts.scheme in ("http", "https"):
                links.append(Link(page.pk, href, "external"))
    return links


def _check_internal(link, client):
    if link.kind == "page":
        page = Page.objects.filter(pk=int(link.url.split(":")[1])).first()
        if page is None:
            return Result(link, False, "页面已删除")
        return Result(link, page.live, "正常" if page.live else "页面未发布")
    if link.kind == "document":
        exists = get_document_model().objects.filter(pk=int(link.url.split(":")[1])).exists()
        return Result(link, exists, "正常" if exists else "附件已删除")
    response = client.get(link.url)
    ok = response.status_code < 400
    return Result(link, ok, str(response.status_code))


def _check_external(link, timeout):
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(link.url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Result(link, response.status < 400, str(response.status))
        except urllib.error.HTTPError as e:
            if method == "HEAD" and e.code in (403, 405, 501):
                continue
            return Result(link, False, str(e.code))
        except Exception as e:  # noqa: BLE001 - any network failure is a broken link
            return Result(link, False, f"无法访问（{type(e).__name__}）")
    return Result(link, False, "无法访问")


def check(links, offline=False, timeout=5.0, workers=8):
    """Check links; external ones concurrently. Returns a Result per link (external skipped offline)."""
    client = Client(HTTP_HOST=(urlsplit(settings.SITE_URL).hostname if settings.SITE_URL else "127.0.0.1"))
    results = [_check_internal(link, client) for link in links if link.kind != "external"]
    external = [link for link in links if link.kind == "external"]
    if not offline and external:
        unique = {link.url for link in external}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            by_url = dict(
                zip(unique, pool.map(lambda u: _check_external(Link(0, u, "external"), timeout), unique), strict=True)
            )
        results += [Result(link, by_url[link.url].ok, by_url[link.url].status) for link in external]
    return results
