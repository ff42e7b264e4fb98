"""Story and column pages: fields, filters that combine, the county map, works on show."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from placenames.listing import county_counts
from placenames.models import PlaceNameColumnPage, PlaceStoryPage

pytestmark = pytest.mark.django_db


def area_counts(html):
    return dict(re.findall(r'aria-label="([^"：]+)：(\d+) 篇红色地名故事"', html))


def card_titles(html):
    return re.findall(r'<span class="pn-card-title">([^<]+)</span>', html)


@pytest.fixture
def stories(make_story, make_work):
    made = {
        "yunling": make_story("云岭新四军军部旧址", "泾县"),
        "lingyuan": make_story("皖南事变烈士陵园", "泾县"),
        "banqiao": make_story("板桥烈士陵园", "宁国市"),
        "chencun": make_story("陈村烈士墓", "绩溪县"),
    }
    make_work("云岭晨雾", kind="photo", story=made["yunling"])
    make_work("铁军海报", kind="poster", story=made["yunling"])
    make_work("板桥红军路", kind="photo", story=made["banqiao"])
    make_work("待审核的照片", kind="photo", story=made["chencun"], status="pending")
    make_work("被退回的海报", kind="poster", story=made["lingyuan"], status="rejected")
    return made


def test_column_page_can_live_under_the_home_page(home):
    assert PlaceNameColumnPage.can_create_at(home)
    assert "placenames.PlaceNameColumnPage" in type(home).subpage_types


def test_pinyin_is_filled_in_and_stays_editable(make_story):
    story = make_story("云岭新四军军部旧址")
    assert story.pinyin == "Yúnlǐng Xīnsìjūn Jūnbù Jiùzhǐ"
    story.pinyin = "Yunling"
    story.save()
    story.refresh_from_db()
    assert story.pinyin == "Yunling"


@pytest.mark.parametrize(
    "lat, lng, field",
    [
        (Decimal("30.6"), None, "longitude"),
        (None, Decimal("118.4"), "latitude"),
        (Decimal("39.9"), Decimal("116.4"), "latitude"),  # Beijing, not 宣城
        (Decimal("30.6"), Decimal("100.0"), "longitude"),
    ],
)
def test_coordinates_are_checked(column, lat, lng, field):
    story = PlaceStoryPage(title="t", slug="t", place_name="茂林", county="泾县", latitude=lat, longitude=lng)
    with pytest.raises(ValidationError) as info:
        story.clean()
    assert field in info.value.message_dict


def test_coordinates_inside_xuancheng_are_accepted(column):
    story = PlaceStoryPage(
        title="t", slug="t", place_name="茂林", county="泾县", latitude=Decimal("30.55"), longitude=Decimal("118.2")
    )
    story.clean()


def test_county_must_be_one_of_the_seven(column):
    story = PlaceStoryPage(title="t", slug="t", place_name="某地", county="黄山区")
    with pytest.raises(ValidationError):
        story.full_clean()


def test_column_lists_stories_as_cards_with_map(client, column, stories):
    html = client.get(column.url).content.decode()
    assert set(card_titles(html)) == {"云岭新四军军部旧址", "皖南事变烈士陵园", "板桥烈士陵园", "陈村烈士墓"}
    assert area_counts(html) == {
        "宣州区": "0",
        "郎溪县": "0",
        "广德市": "0",
        "宁国市": "1",
        "泾县": "2",
        "绩溪县": "1",
        "旌德县": "0",
    }
    # Each area links to its filter and has an accessible name and a <title>.
    assert '<a href="?county=%E6%B3%BE%E5%8E%BF"' in html
    assert "<title>泾县：2 篇</title>" in html


def test_county_filter(client, column, stories):
    html = client.get(column.url + "?county=泾县").content.decode()
    assert set(card_titles(html)) == {"云岭新四军军部旧址", "皖南事变烈士陵园"}
    assert re.search(r'<a href="\?county=%E6%B3%BE%E5%8E%BF" aria-current="true"', html)


def test_kind_filter_lists_stories_with_such_works(client, column, stories):
    html = client.get(column.url + "?kind=photo").content.decode()
    assert set(card_titles(html)) == {"云岭新四军军部旧址", "板桥烈士陵园"}  # pending photo does not count
    poster = client.get(column.url + "?kind=poster").content.decode()
    assert card_titles(poster) == ["云岭新四军军部旧址"]  # the rejected poster does not count


def test_filters_combine_and_links_keep_each_other(client, column, stories):
    html = client.get(column.url + "?county=宁国市&kind=photo").content.decode()
    assert card_titles(html) == ["板桥烈士陵园"]
    # County links keep the kind; kind links keep the county.
    assert 'href="?county=%E6%B3%BE%E5%8E%BF&amp;kind=photo"' in html
    assert 'href="?county=%E5%AE%81%E5%9B%BD%E5%B8%82&amp;kind=poster"' in html
    assert 'href="?kind=photo"' in html  # 全部区县 keeps the kind
    # Map counts follow the kind filter.
    assert area_counts(html)["泾县"] == "1" and area_counts(html)["绩溪县"] == "0"


def test_empty_filter_says_so_in_chinese(client, column, stories):
    html = client.get(column.url + "?county=郎溪县").content.decode()
    assert card_titles(html) == []
    assert "没有符合筛选条件的红色地名故事" in html
    assert "暂无符合筛选条件的市民作品" in html
    assert client.get(column.url + "?county=泾县&kind=video").status_code == 200


@pytest.mark.parametrize(
    "query", ["?county=北京", "?kind=painting", "?county=%00", "?county=" + "泾" * 500, "?page=abc", "?kind[]=x"]
)
def test_invalid_filter_values_do_not_fail(client, column, stories, query):
    response = client.get(column.url + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(card_titles(html)) == 4
    if "county=北京" in query or "painting" in query:
        assert "无效，已忽略" in html


def test_page_beyond_range_is_404(client, column, stories):
    assert client.get(column.url + "?page=99").status_code == 404


def test_county_counts_helper(column, stories):
    assert county_counts(column)["泾县"] == 2
    assert county_counts(column, kind="poster") == {**dict.fromkeys(county_counts(column), 0), "泾县": 1}


def test_column_shows_approved_works_with_credit(client, column, stories):
    html = client.get(column.url).content.decode()
    assert "《云岭晨雾》" in html and "作者：张三" in html
    assert "待审核的照片" not in html and "被退回的海报" not in html
    photos = client.get(column.url + "?kind=poster").content.decode()
    assert "《铁军海报》" in photos and "《云岭晨雾》" not in photos


def test_story_page_shows_fields_gallery_and_works(client, stories, wagtail_image):
    from placenames.models import PlaceStoryGalleryImage

    story = stories["yunling"]
    story.address = "泾县云岭镇"
    story.era = "1938—1941年 新四军军部驻地"
    story.latitude, story.longitude = Decimal("30.55"), Decimal("118.25")
    story.gallery_images.add(PlaceStoryGalleryImage(image=wagtail_image, alt="云岭山冲里的村庄", caption="云岭山冲"))
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    for text in [
        "云岭新四军军部旧址",
        "Yúnlǐng",
        "泾县",
        "泾县云岭镇",
        "1938—1941年",
        "北纬 30.5500°",
        "东经 118.2500°",
    ]:
        assert text in html
    gallery = html[html.index('id="pn-gallery-title"') :]
    assert "《云岭晨雾》" in gallery and "《铁军海报》" in gallery and "作者：张三" in gallery
    assert "云岭山冲" in gallery
    # Renditions through <picture>: AVIF/WebP sources, lazy loading, Chinese alt on every image.
    assert re.search(r'<source [^>]*type="image/webp"', gallery) and re.search(
        r'<source [^>]*type="image/avif"', gallery
    )
    assert 'loading="lazy"' in gallery
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
    assert alts and all(re.search(r"[\u4e00-\u9fff]", alt) for alt in alts), alts
    assert "data-lightbox" in gallery and "js/lightbox.js" in html
    assert "<script>" not in html.replace("<script src=", "")  # no inline scripts
    # Breadcrumb and QR block like the article page.
    assert 'class="breadcrumb"' in html and 'class="qr-block"' in html and "<svg" in html


def test_story_page_plays_approved_videos(client, story, post_video_work):
    from placenames import moderation

    work = post_video_work(story)
    moderation.approve(work, None)
    html = client.get(story.url).content.decode()
    video = re.search(r"<video [^>]*>", html).group(0)
    assert "controls" in video and 'preload="none"' in video and 'poster="/media/media_thumbnails/work-' in video
    assert '<source src="/media/media/work-' in html and 'type="video/mp4"' in html


@pytest.fixture
def post_video_work(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from placenames.submission import save_submission
    from placenames.uploads import check_mp4
    from tests.placenames.files import tiny_mp4

    def make(story):
        clip = SimpleUploadedFile("clip.mp4", tiny_mp4())
        cleaned = {
            "title": "重走红军路",
            "kind": "video",
            "story": story,
            "file": clip,
            "author_name": "王五",
            "phone": "13912345678",
            "consent": True,
        }
        return save_submission(cleaned, check_mp4(clip))

    return make


def test_pending_and_rejected_works_never_show_on_the_story(client, stories):
    html = client.get(stories["chencun"].url).content.decode()
    assert "待审核的照片" not in html
    html = client.get(stories["lingyuan"].url).content.decode()
    assert "被退回的海报" not in html
