"""Poster frames for works videos, for `<video poster=...>`.

With ffmpeg on the server the frame at one second is taken from the video; without it (the
default install has none) a placeholder is drawn: a dark red card with a play sign and the title.
"""

import io
import shutil
import subprocess
import tempfile

from PIL import Image, ImageDraw, ImageFont

FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
]


def _font(size):
    for path in FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def ffmpeg_path():
    return shutil.which("ffmpeg")


def frame_from_video(upload):
    """JPEG bytes of a frame near the start, or None if ffmpeg is missing or fails."""
    binary = ffmpeg_path()
    if not binary:
        return None
    try:
        path = upload.temporary_file_path()
        cleanup = None
    except AttributeError:
        cleanup = tempfile.NamedTemporaryFile(suffix=".mp4")
        upload.seek(0)
        shutil.copyfileobj(upload, cleanup)
        cleanup.flush()
        path = cleanup.name
    try:
        result = subprocess.run(
            [
                binary,
                "-v",
                "error",
                "-ss",
                "1",
                "-i",
                path,
                "-frames:v",
                "1",
                "-vf",
                "scale=1280:-2",
                "-f",
                "image2",
                "-c:v",
                "mjpeg",
                "pipe:1",
            ],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        upload.seek(0)
        if cleanup is not None:
            cleanup.close()
    if result.returncode != 0 or not result.stdout.startswith(b"\xff\xd8"):
        return None
    return result.stdout


def placeholder(title, width=1280, height=720):
    picture = Image.new("RGB", (width, height), (90, 0, 8))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        shade = int(40 * y / height)
        draw.line([(0, y), (width, y)], fill=(125 - shade, 10, 20))
    cx, cy, r = width // 2, height // 2 - 40, 90
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(255, 255, 255), width=8)
    draw.polygon([(cx - 30, cy - 45), (cx - 30, cy + 45), (cx + 50, cy)], fill=(255, 255, 255))
    draw.text((width // 2, height - 140), (title or "短视频")[:24], fill=(255, 255, 255), font=_font(52), anchor="mm")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def poster_for(upload, title):
    return frame_from_video(upload) or placeholder(title)
