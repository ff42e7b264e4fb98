"""`manage.py import_legacy`: old-site article dumps into published ArticlePages."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageLogEntry, Revision

from news.models import ArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "legacy"
# A page of the old site as saved from a browser (the shape every import file has).
SEED = FIXTURES / "legacy-article-page.txt"


def run(*args):
    """Run the command; return (stdout, stderr, error or None)."""
    out, err = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("import_legacy", *[str(a) for a in args], stdout=out, stderr=err)
    except CommandError as e:
        error = e
    return out.getvalue(), err.getvalue(), error


def fixture(name):
    return FIXTURES / name


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


def test_good_file_is_published_in_its_column_with_the_original_date(client, columns):
    out, err, error = run(fixture("good.txt"))
    assert error is None, err
    page = ArticlePage.objects.get(title="郎溪县开展冬春救助摸底排查 确保困难群众温暖过冬")
    assert page.get_parent().pk == columns["bmdt"].pk
    assert page.live and not page.has_unpublished_changes
    assert local(page.publish_at) == "2020-12-08 09:15"
    assert page.source == "郎溪县民政局" and page.author == "周立新"
    assert [b.block_type for b in page.body] == ["paragraph"] * 3
    # Published through a revision, with history in the admin.
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions
    assert "新建：" in out and "部门动态" in out and "2020-12-08 09:15" in out
    assert "共 1 个文件：新建 1 篇" in out

    html = client.get(page.url).content.decode()
    assert "发布时间: <time" in html and "2020-12-08 09:15" in html
    assert "来源: 郎溪县民政局" in html and "（周立新）" in html
    assert "扫一扫在手机打开当前页" in html  # our own QR block, once
    assert html.count("扫一扫在手机打开当前页") == 1
    body = html.split('class="article-body"')[1].split('class="qr-block"')[0]
    assert "验证码" not in body and "captcha" not in body and "暂无网友评论" not in body and "智能问答" not in body
    assert page.title in client.get(columns["bmdt"].url).content.decode()


def test_crlf_fullwidth_file_and_missing_author(columns):
    out, err, error = run(fixture("crlf_fullwidth.txt"), fixture("no_author.txt"))
    assert error is None, err
    notice = ArticlePage.objects.get(title="关于开展2021年度养老机构等级评定工作的通知")
    assert notice.get_parent().pk == columns["tzgg"].pk
    assert local(notice.publish_at) == "2021-03-02 14:40"
    assert notice.source == "养老服务科" and notice.author == "陈晓燕"
    rules = ArticlePage.objects.get(title__startswith="宣城市困难残疾人生活补贴")
    assert rules.get_parent().pk == columns["zcwj"].pk
    assert rules.author == ""
    assert "新建 2 篇" in out


def test_broken_files_are_reported_and_the_rest_imported(columns):
    files = [
        fixture("broken_no_date.txt"),
        fixture("good.txt"),
        fixture("broken_no_title.txt"),
        fixture("no_author.txt"),
        FIXTURES / "missing.txt",
    ]
    out, err, error = run(*files)
    assert error is not None  # non-zero exit from manage.py
    assert "3 个文件导入失败" in str(error)
    assert f"{fixture('broken_no_date.txt')}：缺少“发布时间”一行" in err
    assert f"{fixture('broken_no_title.txt')}：缺少标题" in err
    assert f"{FIXTURES / 'missing.txt'}：文件不存在" in err
    assert ArticlePage.objects.filter(legacy_key__gt="").count() == 2
    assert "共 5 个文件：新建 2 篇，更新 0 篇，无变化 0 篇，失败 3 个。" in out


def test_unknown_column_fails_without_create_columns(columns):
    before = NewsIndexPage.objects.count()
    out, err, error = run(fixture("new_column.txt"))
    assert error is not None
    assert "栏目“县区动态”不存在" in err and "--create-columns" in err
    assert NewsIndexPage.objects.count() == before
    assert not ArticlePage.objects.filter(title__startswith="宣州区建成").exists()


def test_create_columns_builds_the_missing_branch_once(client, columns):
    out, err, error = run("--create-columns", fixture("new_column.txt"))
    assert error is None, err
    county = NewsIndexPage.objects.child_of(columns["news"]).get(title="县区动态")
    district = NewsIndexPage.objects.child_of(county).get(title="宣州区")
    assert county.live and district.live
    assert (county.slug, district.slug) == ("xqdt", "xzq")
    page = ArticlePage.objects.get(title="宣州区建成首批农村互助养老服务点")
    assert page.get_parent().pk == district.pk
    assert "新建栏目" in out
    assert client.get("/news/xqdt/xzq/").status_code == 200

    count = NewsIndexPage.objects.count()
    out, err, error = run("--create-columns", fixture("new_column.txt"))
    assert error is None and "无变化" in out and "新建栏目" not in out
    assert NewsIndexPage.objects.count() == count


def test_column_option_overrides_the_breadcrumb(columns):
    out, err, error = run("--column", "/news/zwdt/zcwj/", fixture("good.txt"), fixture("new_column.txt"))
    assert error is None, err
    assert ArticlePage.objects.child_of(columns["zcwj"]).count() == 2
    out, err, error = run("--column", "/news/nowhere/", fixture("good.txt"))
    assert error is not None and "栏目 /news/nowhere/ 不存在" in err


def test_dry_run_saves_nothing(columns):
    counts = (ArticlePage.objects.count(), NewsIndexPage.objects.count(), Revision.objects.count())
    out, err, error = run(
        "--dry-run",
        "--create-columns",
        "--old-url",
        "http://www.xuancheng.gov.cn/News/show/9.html",
        fixture("new_column.txt"),
    )
    assert error is None, err
    assert "（演练）新建：" in out and "（演练）新建栏目" in out and "未保存任何内容" in out
    assert (ArticlePage.objects.count(), NewsIndexPage.objects.count(), Revision.objects.count()) == counts
    assert not Redirect.objects.exists()


def test_rerun_updates_the_same_page_and_never_duplicates(tmp_path, columns):
    path = tmp_path / "article.txt"
    shutil.copy(fixture("good.txt"), path)
    run(path)
    page = ArticlePage.objects.get(legacy_key__gt="")
    out, err, error = run(path)
    assert error is None and "无变化：" in out
    assert ArticlePage.objects.filter(legacy_key__gt="").count() == 1
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1

    path.write_text(path.read_text().replace("发放棉被", "发放棉被、米面油"), encoding="utf-8")
    out, err, error = run(path)
    assert error is None and "更新：" in out
    assert ArticlePage.objects.filter(legacy_key__gt="").count() == 1
    page.refresh_from_db()
    assert "米面油" in str(page.body)
    assert local(page.publish_at) == "2020-12-08 09:15"  # the original date, not the re-import
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 2


def test_old_url_redirects_to_the_new_page(client, columns):
    out, err, error = run("--old-url", "http://www.xuancheng.gov.cn/News/show/1234.html", fixture("good.txt"))
    assert error is None, err
    page = ArticlePage.objects.get(legacy_key__gt="")
    response = client.get("/News/show/1234.html")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith(page.url)
    assert client.get(response["Location"]).status_code == 200
    # A re-run points the same redirect at the same page.
    run("--old-url", "http://www.xuancheng.gov.cn/News/show/1234.html", fixture("good.txt"))
    assert Redirect.objects.count() == 1


def test_old_url_needs_exactly_one_file(columns):
    with pytest.raises(CommandError, match="只能与一个文件"):
        call_command("import_legacy", "--old-url", "/a.html", fixture("good.txt"), fixture("no_author.txt"))


def test_binary_and_gbk_files(tmp_path, columns):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(fixture("no_author.txt").read_text(encoding="utf-8").encode("gbk"))
    image = tmp_path / "photo.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    out, err, error = run(gbk, image)
    assert error is not None and f"{image}：不是文本文件" in err
    assert ArticlePage.objects.filter(title__startswith="宣城市困难残疾人生活补贴").exists()


def test_html_in_a_dump_is_text_not_markup(tmp_path, client, columns):
    path = tmp_path / "xss.txt"
    path.write_text(
        "您现在所在的位置: 网站首页 > 资讯中心 > 政务动态 > 部门动态\n标题<script>alert(1)</script>\n"
        "发布时间:2021-01-02 10:00 来源:市民政局\n正文<img src=x onerror=alert(1)>。\n",
        encoding="utf-8",
    )
    out, err, error = run(path)
    assert error is None, err
    html = client.get(ArticlePage.objects.get(legacy_key__gt="").url).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html


def test_seed_file_smoke(columns):
    out, err, error = run(SEED)
    assert error is None, err
    page = ArticlePage.objects.get(legacy_key__gt="")
    assert page.get_parent().pk == columns["bmdt"].pk
    assert local(page.publish_at) == "2021-06-24 08:32"
    assert page.author == "肖昆" and page.source == "市民政局"
    assert len(page.body) == 6
