"""Demo data for the site itself: the home page, the Wagtail Site and the footer settings."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage, SiteSettings


def tree_root():
    """Wagtail's root page (and root collection, for images), made again if the database was
    flushed (`manage.py flush`, or a transactional test's teardown) after the migrations made them."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(instance=Collection(name="Root"))
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def load(stdout):
    root = tree_root()
    home = HomePage.objects.first()
    if home is None:
        # Replace Wagtail's placeholder "Welcome" page with the bureau's home page.
        for placeholder in root.get_children().exclude(content_type__model="homepage"):
            if placeholder.specific_class is Page:
                Site.objects.filter(root_page=placeholder).delete()
                placeholder.delete()
        home = HomePage(
            title="网站首页",
            slug="home",
            intro="宣城市民政局门户网站：发布民政政策、办事指南和部门动态，提供社会救助、养老服务、婚姻登记等信息查询。",
            seo_title="宣城市民政局",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write("已创建网站首页")
    origin = urlsplit(settings.SITE_URL or "http://127.0.0.1:8000")
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname = origin.hostname or "127.0.0.1"
    site.port = origin.port or (443 if origin.scheme == "https" else 80)
    site.root_page = home
    site.site_name = "宣城市民政局"
    site.save()

    values = {
        "site_name": "宣城市民政局",
        "organizer": "宣城市民政局",
        "undertaker": "宣城市民政局办公室",
        "site_id_code": "3418000025",
        "icp_number": "皖ICP备05001234号",
        "police_number": "皖公网安备 34180202000123号",
        "address": "安徽省宣城市宣州区鳌峰中路（市行政中心）",
        "postcode": "242000",
        "phone": "0563-3020123",
        "default_source": "市民政局",
        "site_domain": origin.hostname or "",
        "conac_url": "https://bszs.conac.cn/sitename?method=show&id=0000000000000000",
    }
    site_settings = SiteSettings.for_site(site)
    changed = False
    for field, value in values.items():
        if not getattr(site_settings, field):
            setattr(site_settings, field, value)
            changed = True
    if changed or site_settings.pk is None:
        site_settings.save()
    return home


SECTIONS = [
    (
        "hdjl",
        "互动交流",
        "欢迎您通过智能问答、网上评论和热线电话与我们交流。",
        [
            ("智能问答", "/qa/", "输入问题，自动从已发布的政策和问答中查找答案。"),
            ("政策问答", "/search/?q=%E4%BD%8E%E4%BF%9D", "查询低保、特困、养老等常见政策。"),
            ("12345 政务服务便民热线", "tel:12345", "24 小时受理咨询、求助和投诉。"),
            ("局长信箱", "mailto:mzj@xuancheng.gov.cn", "对民政工作的意见和建议。"),
        ],
    ),
    ("ztzl", "专题专栏", "民政工作专题和地名文化专栏。", []),
]


def load_sections(home, stdout):
    """Top-level sections after the columns (so the menu reads 资讯中心, 政务公开, 互动交流, 专题专栏)."""
    from django.apps import apps

    from .models import SectionPage

    for slug, title, intro, links in SECTIONS:
        if SectionPage.objects.child_of(home).filter(slug=slug).exists():
            continue
        blocks = [("link", {"title": t, "page": None, "url": u, "description": d}) for t, u, d in links]
        if slug == "ztzl" and apps.is_installed("placenames"):
            column = apps.get_model("placenames", "PlaceNameColumnPage").objects.first()
            if column is not None:
                blocks.append(
                    (
                        "link",
                        {"title": column.title, "page": column, "url": "", "description": "忆红色地名，感峥嵘岁月"},
                    )
                )
                column.show_in_menus = False
                column.save_revision().publish()
        section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=True, links=blocks)
        home.add_child(instance=section)
        section.save_revision().publish()
        stdout.write(f"已创建{title}")
