"""Pixel bounds on uploaded pictures (issue 12.6).

A 156 KB PNG of 7000×7000 decodes to 147 MB (RGB); before the bound, checking it on the works form
grew a worker's peak memory by ~560 MB (three decoded copies plus the PNG encoder), four uploads
pushing a worker past 2 GB. Pictures are now bounded at 40 M pixels (8000×5000) on the works form
and the Wagtail admin, checked from the header before anything is decoded, and Pillow's own
decompression-bomb limit is set to the same number for every decode in the process.
"""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from placenames import uploads
from placenames.models import Work
from tests.placenames.test_submit import URL, post_work, stored_files  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
# Peak-RSS growth allowed for four checks of the 7000×7000 PNG in a fresh process. Refused from
# the header, the check decodes nothing: measured 0.6 MB (before the bound: 562 MB).
MAX_RSS_GROWTH_MB = 100


@pytest.fixture(scope="module")
def big_png():
    """7000×7000 = 49 M pixels, one colour, RGB: ~156 KB on disk, 147 MB once decoded."""
    out = io.BytesIO()
    Image.new("RGB", (7000, 7000), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_limits_are_forty_million_pixels_everywhere():
    assert settings.WORKS_IMAGE_MAX_PIXELS == 40_000_000
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert Image.MAX_IMAGE_PIXELS == 40_000_000  # placenames.apps -> uploads.bound_pillow()


def test_a_forty_eight_megapixel_photo_is_within_twice_pillows_limit():
    # A phone's 48 MP mode (8000×6000) is refused by our check with a message, not by a bare
    # DecompressionBombError: Pillow only raises above 2 × MAX_IMAGE_PIXELS.
    assert 8000 * 6000 < 2 * Image.MAX_IMAGE_PIXELS


def test_big_png_is_refused_by_the_check_naming_the_limit(big_png):
    assert len(big_png) < 300_000
    with pytest.raises(ValidationError) as info:
        uploads.check_image(SimpleUploadedFile("big.png", big_png, content_type="image/png"))
    assert info.value.code == "too_many_pixels"
    message = " ".join(info.value.messages)
    assert "图片像素过大" in message and "7000×7000" in message and "最大 4000 万像素" in message


@pytest.mark.django_db
def test_big_png_is_refused_next_to_the_field_and_nothing_is_saved(post_work, big_png):  # noqa: F811
    before = stored_files()
    response = post_work({"kind": "photo"}, upload=SimpleUploadedFile("big.png", big_png))
    html = response.content.decode()
    assert response.status_code == 200
    error = re.search(r'<div class="field-error" id="id_file-error">(.*?)</div>', html, re.S)
    assert error and "图片像素过大" in error.group(1) and "4000 万像素" in error.group(1)
    assert not Work.objects.exists()
    from wagtail.images.models import Image as WagtailImage

    assert not WagtailImage.objects.exists()
    assert stored_files() == before


def test_wagtail_image_field_refuses_it_in_chinese(big_png):
    from django.utils import translation
    from wagtail.images.fields import WagtailImageField

    with translation.override("zh-hans"):
        field = WagtailImageField()
        with pytest.raises(ValidationError) as info:
            field.clean(SimpleUploadedFile("big.png", big_png, content_type="image/png"))
    assert info.value.code == "file_too_many_pixels"
    message = " ".join(info.value.messages)
    assert "图片像素过大" in message and "49000000" in message and "40000000" in message


@pytest.mark.django_db
def test_admin_image_upload_refuses_it_and_saves_nothing(admin_client, big_png):
    from wagtail.images.models import Image as WagtailImage

    before = stored_files()
    response = admin_client.post(
        "/admin/images/add/", {"title": "大图", "file": SimpleUploadedFile("big.png", big_png), "tags": ""}
    )
    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert "图片像素过大" in html and "40000000" in html
    assert not WagtailImage.objects.exists()
    assert stored_files() == before


MEASURE = r"""
import os, resource, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from placenames import uploads
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
refused = 0
for _ in range(4):
    try:
        uploads.check_image(SimpleUploadedFile("big.png", data, content_type="image/png"))
    except ValidationError:
        refused += 1
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(refused, (after - before) / 1024)  # ru_maxrss is in KB on Linux
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in KB on Linux only")
def test_worker_peak_memory_stays_bounded_after_four_big_uploads(big_png, tmp_path):
    path = tmp_path / "big.png"
    path.write_bytes(big_png)  # made here, so the child's baseline does not include making it
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    refused, growth_mb = result.stdout.split()[-2:]
    assert int(refused) == 4
    assert float(growth_mb) < MAX_RSS_GROWTH_MB, f"peak RSS grew by {growth_mb} MB"
