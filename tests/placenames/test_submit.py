"""The public 作品征集 form: valid works are stored pending; bad input is answered in Chinese
next to the field, keeps what was typed and saves nothing."""

import os
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import override_settings
from wagtail.images.models import Image

from placenames.models import Work
from tests.placenames import files

pytestmark = pytest.mark.django_db
URL = "/placenames/submit/"


@pytest.fixture
def post_work(client, column, story, captcha_answer):
    def send(data=None, upload=None, answer=None):
        html = client.get(URL).content.decode()
        _key, right = captcha_answer(html)
        key = _key
        fields = {
            "title": "云岭的早晨",
            "kind": "photo",
            "story": str(story.pk),
            "place_name": "",
            "description": "雾中的军部旧址。",
            "author_name": "李华",
            "phone": "13912345678",
            "consent": "on",
            "captcha_0": key,
            "captcha_1": right if answer is None else answer,
        }
        fields.update(data or {})
        fields = {k: v for k, v in fields.items() if v is not None}
        if upload is not False:
            fields["file"] = upload or SimpleUploadedFile("photo.jpg", files.jpeg_bytes(), "image/jpeg")
        return client.post(URL, fields)

    return send


def stored_files():
    found = set()
    for root, _dirs, names in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(root, n) for n in names)
    return found


def test_form_page_is_never_cached(client, column):
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.content.decode()
    for label in [
        "作品名称",
        "作品类别",
        "摄影",
        "短视频",
        "海报",
        "作品文件",
        "作者姓名",
        "联系电话",
        "验证码",
        "同意",
    ]:
        assert label in html


def test_story_can_be_preselected(client, story):
    html = client.get(f"{URL}?story={story.pk}").content.decode()
    assert re.search(rf'<option value="{story.pk}" selected>', html)
    assert client.get(f"{URL}?story=abc").status_code == 200


def test_valid_photo_is_stored_pending(client, post_work, story):
    response = post_work()
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    work = Work.objects.get()
    assert work.status == "pending" and work.story == story and work.author_name == "李华"
    assert work.image.collection.name == "作品征集"
    assert re.fullmatch(r"original_images/work-[0-9a-f]{32}\.jpg", work.image.file.name)
    assert work.image.width == 64 and work.image.file_hash
    assert work.phone == "13912345678"
    done = client.get(response["Location"]).content.decode()
    assert "作品已提交，审核通过后展示" in done
    # Nothing is shown before approval.
    assert "云岭的早晨" not in client.get(story.url).content.decode()
    assert "云岭的早晨" not in client.get(story.get_parent().url).content.decode()
    # The submission is in the work's history.
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(object_id=str(work.pk), action="placenames.work.submit").exists()


def test_typed_place_name_instead_of_a_story(post_work):
    assert post_work({"story": "", "place_name": "绩溪县烈士陵园"}).status_code == 302
    work = Work.objects.get()
    assert work.story is None and work.place_name == "绩溪县烈士陵园" and work.place_label == "绩溪县烈士陵园"


def test_place_is_required(post_work):
    response = post_work({"story": "", "place_name": ""})
    assert "请选择作品所写的地名" in response.content.decode()
    assert not Work.objects.exists()


def test_valid_video_is_stored_as_wagtailmedia_with_poster(post_work):
    clip = SimpleUploadedFile("clip.mp4", files.tiny_mp4(), "video/mp4")
    response = post_work({"kind": "video", "title": "重走红军路"}, upload=clip)
    assert response.status_code == 302
    work = Work.objects.get()
    media = work.video
    assert media.type == "video" and media.file.name.endswith(".mp4")
    assert (media.width, media.height) == (320, 240) and media.duration == pytest.approx(5.0)
    assert media.thumbnail and media.thumbnail.read(3) == b"\xff\xd8\xff"  # a JPEG poster
    assert media.collection.name == "作品征集"
    assert work.image is None


def assert_kept_and_saved_nothing(response, before_files):
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="云岭的早晨"' in html  # typed values are kept
    assert 'value="李华"' in html
    assert "雾中的军部旧址。" in html
    assert "请重新选择" in html  # the file has to be chosen again; the page says so
    assert not Work.objects.exists()
    assert not Image.objects.exists()
    assert stored_files() == before_files
    return html


@pytest.mark.parametrize(
    "name, data, kind, expected",
    [
        ("photo.jpg", files.HTML_PAGE, "photo", "网页"),
        ("photo.png", files.elf_binary(), "poster", "可执行程序"),
        ("photo.jpg", files.truncated_jpeg(), "photo", "损坏"),
        ("bomb.png", files.bomb_png(), "photo", "尺寸"),
        ("clip.mp4", b"\x00" * 300, "video", "不是 MP4"),
        ("photo.jpg", files.jpeg_bytes(), "video", "所选类别为短视频"),
        ("clip.mp4", files.tiny_mp4(), "photo", "所选类别为摄影"),
    ],
)
def test_bad_files_are_refused_next_to_the_field(post_work, name, data, kind, expected):
    before = stored_files()
    response = post_work({"kind": kind}, upload=SimpleUploadedFile(name, data))
    html = assert_kept_and_saved_nothing(response, before)
    error = re.search(r'<div class="field-error" id="id_file-error">(.*?)</div>', html, re.S)
    assert error and expected in error.group(1)
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    "data, field, expected",
    [
        ({"phone": "12345"}, "phone", "手机号码"),
        ({"consent": None}, "consent", "请勾选同意"),
        ({"author_name": ""}, "author_name", "请填写作者姓名"),
        ({"kind": "painting"}, "kind", "请选择摄影、短视频或海报"),
        ({"story": "999999"}, "story", "所选地名不存在"),
        ({"title": "长" * 61}, "title", "60"),
    ],
)
def test_bad_fields_are_refused_in_chinese(post_work, data, field, expected):
    response = post_work(data)
    html = response.content.decode()
    error = re.search(rf'<div class="field-error" id="id_{field}-error">(.*?)</div>', html, re.S)
    assert error and expected in error.group(1), html[:200]
    assert not Work.objects.exists() and not Image.objects.exists()


def test_wrong_captcha_keeps_input_and_saves_nothing(post_work):
    before = stored_files()
    response = post_work(answer="0000x")
    html = assert_kept_and_saved_nothing(response, before)
    assert "验证码不正确" in html


def test_replayed_form_is_refused(client, post_work, captcha_answer):
    first = post_work()
    assert first.status_code == 302
    # The same captcha cannot be used twice.
    html = client.get(URL).content.decode()
    key, answer = captcha_answer(html)
    data = {
        "title": "重放",
        "kind": "photo",
        "place_name": "茂林",
        "author_name": "李华",
        "phone": "13912345678",
        "consent": "on",
        "captcha_0": key,
        "captcha_1": answer,
        "file": SimpleUploadedFile("a.jpg", files.jpeg_bytes()),
    }
    assert client.post(URL, data).status_code == 302
    data["file"] = SimpleUploadedFile("a.jpg", files.jpeg_bytes())
    again = client.post(URL, data)
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()
    assert Work.objects.count() == 2


@override_settings(WORKS_IMAGE_MAX_BYTES=2000, WORKS_VIDEO_MAX_BYTES=3000)
def test_upload_over_the_hard_limit_is_dropped_while_reading(post_work):
    big = SimpleUploadedFile("big.jpg", files.jpeg_bytes(size=(400, 300), noise=True))
    assert big.size > 3000
    before = stored_files()
    response = post_work(upload=big)
    html = assert_kept_and_saved_nothing(response, before)
    assert "文件太大" in html


@override_settings(WORKS_IMAGE_MAX_BYTES=2000, WORKS_VIDEO_MAX_BYTES=100_000)
def test_picture_over_the_picture_limit_is_refused(post_work):
    big = SimpleUploadedFile("big.jpg", files.jpeg_bytes(size=(200, 150), noise=True))
    assert 2000 < big.size < 100_000
    response = post_work(upload=big)
    assert "图片不能超过" in response.content.decode()
    assert not Work.objects.exists()


def test_failure_while_saving_leaves_no_files_or_rows(post_work, monkeypatch):
    before = stored_files()

    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Work, "save", broken_save)
    response = post_work()
    assert response.status_code == 503
    assert "作品未保存" in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files() == before


@override_settings(WORKS_RATE_LIMIT=(2, 600))
def test_rate_limit_answers_429_in_chinese(post_work):
    assert post_work().status_code == 302
    assert post_work().status_code == 302
    response = post_work({"title": "第三次"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "提交过于频繁" in html and 'value="第三次"' in html
    assert Work.objects.count() == 2


def test_no_column_means_404(client, db, home):
    assert client.get(URL).status_code == 404


def test_disk_full_while_writing_leaves_no_half_written_file(post_work, monkeypatch):
    """The disk fills up after the first chunk of the picture is written: a clear Chinese error,
    no rows, and no partial file left in the media folder."""
    import errno

    from django.core.files.base import File

    before = stored_files()
    real_chunks = File.chunks

    def chunks_then_disk_full(self, chunk_size=None):
        for i, chunk in enumerate(real_chunks(self, chunk_size=64)):
            if i == 1:
                raise OSError(errno.ENOSPC, "No space left on device")
            yield chunk

    monkeypatch.setattr(File, "chunks", chunks_then_disk_full)
    response = post_work()
    assert response.status_code == 503
    assert "作品未保存" in response.content.decode()
    assert not Work.objects.exists() and not Image.objects.exists()
    assert stored_files() == before


def _file_field(html):
    field = re.search(r'<div class="form-field[^"]*field-file">(.*?)</div>\s*<div class="form-field', html, re.S)
    assert field, html[:300]
    return field.group(1)


def _held_token(html):
    found = re.search(r'<input type="hidden" name="held_file" value="([^"]+)">', html)
    return found.group(1) if found else None


def test_wrong_captcha_keeps_the_file_server_side(client, post_work, captcha_answer):
    response = post_work(answer="0000x")
    html = response.content.decode()
    assert "已保留您上次选择的文件“photo.jpg”" in _file_field(html)
    for kept in ('value="云岭的早晨"', 'value="李华"', 'value="13912345678"', "雾中的军部旧址。"):
        assert kept in html, kept
    token = _held_token(html)
    assert token
    assert not Work.objects.exists()

    # Resubmitted without choosing the file again: the kept file is checked and saved.
    key, answer = captcha_answer(client.get(URL).content.decode())
    data = {
        "title": "云岭的早晨",
        "kind": "photo",
        "place_name": "云岭",
        "author_name": "李华",
        "phone": "13912345678",
        "consent": "on",
        "captcha_0": key,
        "captcha_1": answer,
        "held_file": token,
    }
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:500]
    work = Work.objects.get()
    assert work.image.file.read(3) == b"\xff\xd8\xff"
    # Used once: the same token brings nothing back.
    from placenames import held

    assert held.take(token) is None


def test_a_forged_or_unknown_held_token_is_ignored(client, post_work, captcha_answer):
    from django.core import signing

    from placenames import held

    forged = signing.dumps({"n": "../../etc/passwd", "f": "x.jpg"}, salt=held.SALT)
    unknown = signing.dumps({"n": "0" * 32, "f": "x.jpg"}, salt=held.SALT)
    for token in ("junk", forged, unknown):
        response = post_work({"held_file": token}, upload=False)
        html = response.content.decode()
        assert "请选择要上传的作品文件" in html
        assert _held_token(html) is None
    assert not Work.objects.exists()


def test_wrong_captcha_with_a_bad_file_says_to_choose_the_file_again(post_work):
    response = post_work(answer="0000x", upload=SimpleUploadedFile("photo.jpg", files.truncated_jpeg()))
    html = response.content.decode()
    assert "验证码错误，为安全起见请重新选择要上传的文件" in _file_field(html)
    assert _held_token(html) is None
    assert 'value="云岭的早晨"' in html and 'value="李华"' in html
    # Any other error: the file has to be chosen again too, without blaming the captcha.
    html = post_work(
        {"author_name": ""}, upload=SimpleUploadedFile("photo.jpg", files.truncated_jpeg())
    ).content.decode()
    assert "请重新选择要上传的文件" in html and "验证码错误，为安全起见" not in html
