"""Uploaded pictures are decoded outside the request worker (issue 12.6).

`placenames/uploads.py` hands the file to `placenames/imagecheck.py`, a separate process that caps
its own address space (`WORKS_IMAGE_DECODE_MEMORY`, 512 MB) and is killed after
`WORKS_IMAGE_DECODE_TIMEOUT` (20 s). Over a limit, or if the process dies, the form says so in
Chinese next to the file field, keeps what was typed and saves nothing. The worker itself never
decodes: four 7000×7000 PNGs (accepted, the pixel limit raised for the test) and four bombs grow
its peak resident memory (VmHWM, reset first through /proc/self/clear_refs) by less than
MAX_PARENT_RSS_GROWTH_MB.
"""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from placenames import uploads
from placenames.models import Work
from tests.placenames import files
from tests.placenames.test_submit import post_work, stored_files  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
# Peak-RSS growth of the worker allowed for four 7000×7000 PNGs decoded and re-encoded (in the
# child) plus four decompression bombs. Measured 0 MB; decoding in the worker raised it by 187 MB.
MAX_PARENT_RSS_GROWTH_MB = 30


@pytest.fixture(scope="module")
def big_png():
    """7000×7000 = 49 M pixels, one colour, RGB: ~156 KB on disk, 147 MB once decoded."""
    out = io.BytesIO()
    Image.new("RGB", (7000, 7000), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_the_worker_never_opens_the_picture(monkeypatch):
    """Pillow in the request process is out of bounds: the check still works, in the child."""

    def forbidden(*args, **kwargs):
        raise AssertionError("a picture was opened in the request worker")

    monkeypatch.setattr(Image, "open", forbidden)
    data = files.jpeg_bytes(size=(80, 40), exif=files.exif_with_gps(orientation=6))
    cleaned = uploads.check_image(upload(data))
    monkeypatch.undo()
    assert cleaned.extension == "jpg" and (cleaned.width, cleaned.height) == (40, 80)  # upright
    with Image.open(io.BytesIO(cleaned.content)) as im:
        im.load()
        assert im.format == "JPEG" and im.size == (40, 80)
        assert not im.getexif()  # re-encoded: no GPS, no camera, no orientation
    assert b"GPS" not in cleaned.content and b"TestCam" not in cleaned.content


@override_settings(WORKS_IMAGE_MAX_PIXELS=60_000_000, WORKS_IMAGE_DECODE_MEMORY=128 * uploads.MB)
def test_a_picture_over_the_memory_limit_is_refused_in_chinese(big_png):
    with pytest.raises(ValidationError) as info:
        uploads.check_image(upload(big_png, "big.png"))
    assert info.value.code == "too_heavy"
    assert "内存限制（128 MB）" in " ".join(info.value.messages)


@override_settings(WORKS_IMAGE_MAX_PIXELS=60_000_000)
def test_the_same_picture_is_processed_in_the_child_within_the_default_limit(big_png):
    cleaned = uploads.check_image(upload(big_png, "big.png"))
    assert (cleaned.extension, cleaned.width, cleaned.height) == ("png", 7000, 7000)
    assert cleaned.content.startswith(b"\x89PNG")


@override_settings(WORKS_IMAGE_DECODE_TIMEOUT=0.001)
def test_a_check_over_the_time_limit_is_stopped_and_refused_in_chinese():
    with pytest.raises(ValidationError) as info:
        uploads.check_image(upload(files.jpeg_bytes()))
    assert info.value.code == "timeout"
    assert "图片处理超时" in " ".join(info.value.messages)


def test_a_child_that_dies_is_a_refusal_not_an_error(monkeypatch, tmp_path):
    dying = tmp_path / "dying.py"
    dying.write_text("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    monkeypatch.setattr(uploads, "CHILD", dying)
    with pytest.raises(ValidationError) as info:
        uploads.check_image(upload(files.jpeg_bytes()))
    assert info.value.code == "too_heavy"


def test_a_child_that_cannot_start_is_a_refusal_not_an_error(monkeypatch):
    monkeypatch.setattr(uploads.sys, "executable", "/nonexistent/python")
    with pytest.raises(ValidationError) as info:
        uploads.check_image(upload(files.jpeg_bytes()))
    assert info.value.code == "unchecked"


@pytest.mark.django_db
@override_settings(WORKS_IMAGE_MAX_PIXELS=60_000_000, WORKS_IMAGE_DECODE_MEMORY=128 * uploads.MB)
def test_the_form_says_so_next_to_the_field_keeps_the_typing_and_saves_nothing(post_work, big_png):  # noqa: F811
    from wagtail.images.models import Image as WagtailImage

    before = stored_files()
    response = post_work({"kind": "poster"}, upload=SimpleUploadedFile("big.png", big_png))
    html = response.content.decode()
    assert response.status_code == 200
    error = re.search(r'<div class="field-error" id="id_file-error">(.*?)</div>', html, re.S)
    assert error and "内存限制" in error.group(1) and "请缩小尺寸" in error.group(1)
    assert 'value="云岭的早晨"' in html and 'value="李华"' in html and "雾中的军部旧址。" in html
    assert not Work.objects.exists() and not WagtailImage.objects.exists()
    assert stored_files() == before


@pytest.mark.django_db
def test_a_normal_photo_is_still_stored_re_encoded(post_work):  # noqa: F811
    data = files.jpeg_bytes(size=(80, 40), exif=files.exif_with_gps(orientation=6))
    response = post_work(upload=SimpleUploadedFile("photo.jpg", data, "image/jpeg"))
    assert response.status_code == 302
    image = Work.objects.get().image
    assert (image.width, image.height) == (40, 80)
    with image.open_file() as stored:
        content = stored.read()
    assert content != data and b"GPS" not in content and b"TestCam" not in content


MEASURE = r"""
import sys
import django
django.setup()
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from placenames import uploads
settings.WORKS_IMAGE_MAX_PIXELS = 60_000_000  # so the 7000x7000 PNG is decoded, not refused
uploads.bound_pillow()  # as at startup with that setting
big, bomb, warm = (open(p, "rb").read() for p in sys.argv[1:4])
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
uploads.check_image(SimpleUploadedFile("warm.jpg", warm))  # first-call imports
try:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # resets VmHWM (peak RSS) to the current RSS: Django's start-up peak is higher
except OSError:
    print("noclear")
    sys.exit(0)
rss = status("VmRSS")
accepted = refused = 0
for _ in range(4):
    accepted += uploads.check_image(SimpleUploadedFile("big.png", big)).width == 7000
    try:
        uploads.check_image(SimpleUploadedFile("bomb.png", bomb))
    except ValidationError:
        refused += 1
print(accepted, refused, status("VmHWM") - rss, status("VmRSS") - rss)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/status and clear_refs are Linux's")
def test_the_workers_resident_memory_stays_bounded(big_png, tmp_path):
    (tmp_path / "big.png").write_bytes(big_png)
    (tmp_path / "bomb.png").write_bytes(files.bomb_png())
    (tmp_path / "warm.jpg").write_bytes(files.jpeg_bytes())
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *(str(tmp_path / n) for n in ("big.png", "bomb.png", "warm.jpg"))],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    if result.stdout.split()[-1] == "noclear":
        pytest.skip("/proc/self/clear_refs is not writable here, so the peak cannot be reset")
    accepted, refused, peak_mb, rss_mb = result.stdout.split()[-4:]
    assert (int(accepted), int(refused)) == (4, 4)
    assert float(peak_mb) < MAX_PARENT_RSS_GROWTH_MB, f"peak RSS rose by {float(peak_mb):.0f} MB during the checks"
    assert float(rss_mb) < MAX_PARENT_RSS_GROWTH_MB, f"RSS grew by {float(rss_mb):.0f} MB"


@pytest.mark.django_db
def test_storing_a_work_decodes_nothing_in_the_worker(post_work, monkeypatch):  # noqa: F811
    """Wagtail asks Willow for an image's size on every assignment and save, and Willow decodes the
    whole picture for it; website/image_dimensions.py reads the header instead."""
    from PIL import ImageFile

    def forbidden(self):
        raise AssertionError("a picture was decoded in the request worker")

    monkeypatch.setattr(ImageFile.ImageFile, "load", forbidden)
    poster = SimpleUploadedFile("poster.png", files.png_bytes(size=(300, 200)), "image/png")
    response = post_work({"kind": "poster"}, upload=poster)
    monkeypatch.undo()
    assert response.status_code == 302
    image = Work.objects.get().image
    assert (image.width, image.height) == (300, 200)


@pytest.mark.parametrize(
    "data",
    [files.jpeg_bytes((64, 48)), files.png_bytes((40, 30)), files.webp_bytes((40, 30))],
    ids=["jpeg", "png", "webp"],
)
def test_header_dimensions_agree_with_wagtails(data, tmp_path):
    from django.core.files.storage import FileSystemStorage
    from wagtail.images.models import Image as WagtailImage

    from website import image_dimensions

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("picture", io.BytesIO(data))
    field = WagtailImage._meta.get_field("file")
    file = field.attr_class(WagtailImage(collection_id=1), field, name)
    file.storage = storage
    assert image_dimensions.header_dimensions(file) == image_dimensions._wagtail_dimensions(file)


def test_pictures_pillow_cannot_read_go_to_wagtail(monkeypatch, tmp_path):
    from django.core.files.storage import FileSystemStorage
    from wagtail.images.models import Image as WagtailImage

    from website import image_dimensions

    monkeypatch.setattr(image_dimensions, "_wagtail_dimensions", lambda file: (123, 45))
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("drawing.svg", io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg" width="123" height="45"/>'))
    field = WagtailImage._meta.get_field("file")
    file = field.attr_class(WagtailImage(collection_id=1), field, name)
    file.storage = storage
    assert image_dimensions.header_dimensions(file) == (123, 45)


@pytest.mark.django_db
def test_the_admin_refuses_a_big_picture_from_its_header(admin_client, big_png, monkeypatch):
    """Wagtail's upload field asked Willow for the size, which decodes the whole picture first."""
    from PIL import ImageFile
    from wagtail.images.models import Image as WagtailImage

    def forbidden(self):
        raise AssertionError("a picture was decoded in the request worker")

    monkeypatch.setattr(ImageFile.ImageFile, "load", forbidden)
    response = admin_client.post(
        "/admin/images/add/", {"title": "大图", "file": SimpleUploadedFile("big.png", big_png), "tags": ""}
    )
    monkeypatch.undo()
    assert response.status_code == 200
    html = response.content.decode()
    assert "图片像素过大" in html and "49000000" in html and "40000000" in html
    assert not WagtailImage.objects.exists()
