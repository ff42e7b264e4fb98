"""Upload checks on real files made in the test: pictures opened with Pillow, MP4 by its boxes."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from placenames import uploads
from tests.placenames import files


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refused(check, data, name="photo.jpg"):
    with pytest.raises(ValidationError) as info:
        check(upload(data, name))
    message = " ".join(info.value.messages)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message  # said in Chinese
    return info.value.code, message


@pytest.mark.parametrize(
    "maker, extension",
    [(lambda: files.jpeg_bytes(), "jpg"), (lambda: files.png_bytes(), "png"), (lambda: files.webp_bytes(), "webp")],
)
def test_good_pictures_pass_and_are_reencoded(maker, extension):
    cleaned = uploads.check_image(upload(maker(), f"x.{extension}"))
    assert cleaned.extension == extension
    with Image.open(io.BytesIO(cleaned.content)) as im:
        im.load()
        assert im.size == (cleaned.width, cleaned.height)


def test_decompression_bomb_png_is_refused():
    data = files.bomb_png()
    assert len(data) < 1000  # tiny file, huge declared size
    code, message = refused(uploads.check_image, data, "bomb.png")
    assert code in {"bomb", "too_many_pixels"}
    assert "尺寸" in message


@override_settings(WORKS_IMAGE_MAX_PIXELS=1_000_000)
def test_picture_over_our_pixel_limit_is_refused_before_decoding():
    code, message = refused(uploads.check_image, files.bomb_png(2000, 2000), "big.png")
    assert code == "too_many_pixels" and "2000×2000" in message


def test_truncated_jpeg_is_refused():
    code, message = refused(uploads.check_image, files.truncated_jpeg())
    assert code == "broken"
    assert "不完整" in message or "损坏" in message


def test_html_named_jpg_is_refused():
    code, message = refused(uploads.check_image, files.HTML_PAGE, "photo.jpg")
    assert code == "not_image" and "网页" in message


def test_executable_named_png_is_refused():
    code, message = refused(uploads.check_image, files.elf_binary(), "poster.png")
    assert code == "not_image" and "可执行程序" in message


def test_unsupported_picture_format_is_refused():
    code, message = refused(uploads.check_image, files.gif_bytes(), "anim.jpg")
    assert code == "bad_format" and "GIF" in message


def test_random_bytes_are_refused():
    code, _ = refused(uploads.check_image, b"\x00\x01\x02garbage" * 50)
    assert code == "not_image"


def test_empty_file_is_refused():
    code, _ = refused(uploads.check_image, b"")
    assert code == "empty"


@override_settings(WORKS_IMAGE_MAX_BYTES=10 * 1024 * 1024)
def test_picture_over_10_mb_is_refused():
    data = files.jpeg_bytes() + b"\x00" * (10 * 1024 * 1024)
    code, message = refused(uploads.check_image, data)
    assert code == "too_large" and "10 MB" in message


def test_exif_gps_is_stripped_and_orientation_applied():
    data = files.jpeg_bytes(size=(80, 40), exif=files.exif_with_gps(orientation=6))
    with Image.open(io.BytesIO(data)) as original:  # the test file really carries a position
        assert original.getexif().get_ifd(0x8825)
    cleaned = uploads.check_image(upload(data))
    with Image.open(io.BytesIO(cleaned.content)) as im:
        exif = im.getexif()
        assert not exif.get_ifd(0x8825)
        assert 0x8825 not in exif and 0x0112 not in exif
        assert im.size == (40, 80)  # rotated upright, so no viewer rotates it again
    assert b"GPS" not in cleaned.content and b"TestCam" not in cleaned.content


def test_png_text_metadata_is_dropped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "30.6,118.3")
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "PNG", pnginfo=info)
    cleaned = uploads.check_image(upload(buffer.getvalue(), "a.png"))
    assert b"118.3" not in cleaned.content


# --- MP4 ---


def test_valid_tiny_mp4_passes():
    info = uploads.check_mp4(upload(files.tiny_mp4(), "clip.mp4", "video/mp4"))
    assert info.codec == "avc1" and (info.width, info.height) == (320, 240)
    assert info.duration == pytest.approx(5.0)


def test_mp4_with_wrong_signature_is_refused():
    code, message = refused(uploads.check_mp4, b"\x00\x00\x00\x18abcd" + b"\x00" * 100, "clip.mp4")
    assert code == "not_mp4" and "MP4" in message


def test_html_named_mp4_is_refused():
    code, message = refused(uploads.check_mp4, files.HTML_PAGE, "clip.mp4")
    assert code == "not_mp4" and "网页" in message


def test_mp4_with_unknown_brand_is_refused():
    code, _ = refused(
        uploads.check_mp4, files.tiny_mp4(brand=b"zzzz").replace(b"isomiso2avc1mp41", b"zzzzzzzzzzzzzzzz"), "c.mp4"
    )
    assert code == "bad_brand"


def test_hevc_mp4_is_refused_as_not_h264():
    code, message = refused(uploads.check_mp4, files.tiny_mp4(codec=b"hvc1"), "c.mp4")
    assert code == "not_h264" and "H.264" in message


def test_mp4_declaring_a_huge_frame_is_refused():
    code, message = refused(uploads.check_mp4, files.tiny_mp4(width=65535, height=65535), "c.mp4")
    assert code == "too_many_pixels" and "65535×65535" in message
    assert uploads.check_mp4(upload(files.tiny_mp4(width=7680, height=4320), "c.mp4", "video/mp4")).width == 7680


def test_mp4_without_moov_is_refused():
    code, _ = refused(uploads.check_mp4, files.tiny_mp4(with_moov=False), "c.mp4")
    assert code == "no_moov"


def test_mp4_with_box_overflowing_the_file_is_refused():
    data = files.tiny_mp4()
    code, _ = refused(uploads.check_mp4, data[:-10], "c.mp4")
    assert code == "broken"


@override_settings(WORKS_VIDEO_MAX_BYTES=1000)
def test_video_over_limit_is_refused():
    code, message = refused(uploads.check_mp4, files.tiny_mp4() + b"\x00" * 2000, "c.mp4")
    assert code == "too_large"
