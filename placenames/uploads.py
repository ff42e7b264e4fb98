"""Checks on files citizens send in, and cleaning them before they are stored.

Nothing a visitor uploads is trusted by its name or its browser-declared type. Pictures are
opened with Pillow (header check, `verify()`, then a full decode) so a decompression bomb, a
truncated file or an HTML page or program renamed `.jpg` is refused; all of that happens in a
separate process with its own memory and time limits (`placenames/imagecheck.py`), never in the
request worker. The picture that is stored
is a fresh re-encoding with the camera's rotation applied and every metadata block (EXIF with its
GPS position, XMP, comments) dropped. Videos are checked by their MP4 box structure: an `ftyp`
box with a known brand first, a `moov` box, and an H.264 (`avc1`/`avc3`) video track.
"""

import json
import logging
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

logger = logging.getLogger(__name__)

MB = 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4VP",
    b"mmp4",
    b"MSNV",
    b"dash",
    b"qt  ",
}
H264_ENTRIES = {b"avc1", b"avc3"}
MAX_MOOV_BYTES = 32 * MB
MAX_VIDEO_SIDE = 8192  # 8K is 7680×4320; a larger declared frame is a crafted file


def image_max_bytes():
    return getattr(settings, "WORKS_IMAGE_MAX_BYTES", 10 * MB)


def video_max_bytes():
    return getattr(settings, "WORKS_VIDEO_MAX_BYTES", 100 * MB)


def image_max_pixels():
    return getattr(settings, "WORKS_IMAGE_MAX_PIXELS", 40_000_000)


def bound_pillow():
    """Pillow's own decompression-bomb limit, for every decode in the process (renditions, posters,
    imports): it warns above this and raises DecompressionBombError above twice this. Upload
    checks test the header's width x height against the same number before decoding."""
    Image.MAX_IMAGE_PIXELS = max(image_max_pixels(), getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 0) or 0)


def pixels_text(pixels):
    """40_000_000 -> "4000 万"; the way a Chinese reader counts megapixels."""
    wan = pixels / 10_000
    return f"{wan:.0f} 万" if wan >= 1 else str(pixels)


def too_many_pixels(width, height, max_pixels):
    return ValidationError(
        f"图片像素过大（{width}×{height}，最大 {pixels_text(max_pixels)}像素），"
        "请缩小尺寸（例如 8000×5000 以内）后再上传。",
        code="too_many_pixels",
    )


def _read_all(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def sniff(head):
    """A short Chinese description of what a non-picture file really is, from its first bytes."""
    stripped = head.lstrip()[:64].lower()
    if stripped.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml")):
        return "网页或脚本文件（HTML/SVG）"
    if head.startswith(b"\x7fELF") or head.startswith(b"MZ") or head[:4] in (b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        return "可执行程序"
    if head.startswith(b"#!"):
        return "脚本文件"
    if head.startswith(b"PK\x03\x04"):
        return "压缩包或办公文档"
    if head.startswith(b"%PDF"):
        return "PDF 文档"
    if head[4:8] == b"ftyp":
        return "视频文件"
    return None


@dataclass
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int


def image_decode_memory():
    """Address space (RLIMIT_AS) of the process that decodes one picture: a 40 M pixel RGBA
    picture is 160 MB decoded, plus the interpreter, Pillow and the encoder's buffers."""
    return getattr(settings, "WORKS_IMAGE_DECODE_MEMORY", 512 * MB)


def image_decode_timeout():
    """Wall-clock seconds the decoding process may take (a 40 M pixel PNG takes about 3 s)."""
    return getattr(settings, "WORKS_IMAGE_DECODE_TIMEOUT", 20)


CHILD = Path(__file__).with_name("imagecheck.py")


def _decode_in_child(data, max_pixels):
    """Run placenames/imagecheck.py on `data`: (header dict, re-encoded bytes).

    `-I` keeps the child free of PYTHON* variables and the working directory; it imports only
    Pillow, caps its own address space and CPU time before doing so, and is killed after the
    timeout. Nothing is decoded in the request worker, so its resident memory does not grow with
    the picture (a worker's freed memory is not returned to the system)."""
    timeout = image_decode_timeout()
    command = [sys.executable, "-I", str(CHILD), str(max_pixels), str(image_decode_memory()), str(int(timeout) + 1)]
    try:
        result = subprocess.run(command, input=data, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as e:
        logger.warning("checking an uploaded picture took over %s s; stopped", timeout)
        raise ValidationError(
            f"图片处理超时（超过 {timeout:g} 秒），可能尺寸过大或文件异常。请缩小尺寸或重新导出后上传。",
            code="timeout",
        ) from e
    except OSError as e:
        logger.exception("could not start the picture check")
        raise ValidationError("服务器暂时无法检查图片，请稍后再试。", code="unchecked") from e
    line, _, content = result.stdout.partition(b"\n")
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if result.returncode != 0 or not isinstance(header, dict):
        # Killed by its memory or CPU limit (SIGKILL, SIGXCPU, an abort inside a decoder).
        logger.warning("the picture check ended with %s: %s", result.returncode, result.stderr[-500:])
        header = {"error": "memory"}
    return header, content


def check_image(upload):
    """Return the picture re-encoded without metadata, or raise ValidationError in Chinese.

    The size and the first bytes are checked here; everything Pillow does (header, `verify()`,
    the full decode and the re-encoding) happens in a separate process bounded in memory and time
    (`_decode_in_child`, `placenames/imagecheck.py`)."""
    limit = image_max_bytes()
    if upload.size > limit:
        raise ValidationError(f"图片不能超过 {limit // MB} MB（当前约 {upload.size / MB:.1f} MB）。", code="too_large")
    data = _read_all(upload)
    if not data:
        raise ValidationError("文件是空的，请重新选择。", code="empty")
    what = sniff(data[:512])
    if what:
        raise ValidationError(f"这个文件是{what}，不是图片。请上传 JPEG、PNG 或 WebP 格式的图片。", code="not_image")
    max_pixels = image_max_pixels()
    header, content = _decode_in_child(data, max_pixels)
    error = header.get("error")
    if error == "bad_format":
        raise ValidationError(
            f"不支持 {header.get('format', '')} 格式。请上传 JPEG、PNG 或 WebP 格式的图片。", code="bad_format"
        )
    if error == "too_many_pixels":
        raise too_many_pixels(header["width"], header["height"], max_pixels)
    if error == "bomb":
        raise ValidationError(
            f"图片声明的尺寸异常巨大（最大 {pixels_text(max_pixels)}像素），可能是恶意文件，已拒绝。", code="bomb"
        )
    if error == "not_image":
        raise ValidationError("无法识别这个文件，请上传 JPEG、PNG 或 WebP 格式的图片。", code="not_image")
    if error == "broken":
        raise ValidationError("图片文件不完整或已损坏，请重新导出后上传。", code="broken")
    if error or header.get("format") not in IMAGE_FORMATS:
        raise ValidationError(
            f"图片过大或过于复杂，超出了服务器处理一张图片的内存限制（{image_decode_memory() // MB} MB）。"
            "请缩小尺寸或重新导出后上传。",
            code="too_heavy",
        )
    return CleanImage(content, IMAGE_FORMATS[header["format"]], header["width"], header["height"])


# --- MP4 ---------------------------------------------------------------------------------------


@dataclass
class VideoInfo:
    brand: str
    codec: str
    width: int | None = None
    height: int | None = None
    duration: float = 0.0


def _boxes(data, start=0, end=None):
    """Yield (type, payload_start, box_end) for the boxes in data[start:end]; raise ValueError when
    a box's size does not fit."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise ValueError("short largesize")
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ValueError("box overflows")
        yield kind, pos + header, pos + size
        pos += size
    if pos != end and end - pos >= 1 and start == 0:
        raise ValueError("trailing bytes")


def _top_level_boxes(upload, total):
    """Top-level boxes read by seeking, so a 100 MB `mdat` is never read into memory. Returns a
    list of (type, offset, size, header size)."""
    found = []
    pos = 0
    while pos < total:
        upload.seek(pos)
        head = upload.read(16)
        if len(head) < 8:
            raise ValueError("short box header")
        size, kind = struct.unpack(">I4s", head[:8])
        header = 8
        if size == 1:
            if len(head) < 16:
                raise ValueError("short largesize")
            size = struct.unpack(">Q", head[8:16])[0]
            header = 16
        elif size == 0:
            size = total - pos
        if size < header or pos + size > total:
            raise ValueError("box overflows the file")
        found.append((kind, pos, size, header))
        pos += size
        if len(found) > 10_000:
            raise ValueError("too many boxes")
    return found


def _find_path(data, start, end, path):
    """Payload ranges of every box reached by following `path` (a list of box types)."""
    if not path:
        return [(start, end)]
    hits = []
    for kind, payload, box_end in _boxes(data, start, end):
        if kind == path[0]:
            hits.extend(_find_path(data, payload, box_end, path[1:]))
    return hits


def _parse_moov(moov):
    """(codec four-cc of the first video track, width, height, duration in seconds)."""
    duration = 0.0
    for start, _end in _find_path(moov, 0, len(moov), [b"mvhd"]):
        version = moov[start]
        if version == 1:
            timescale, length = struct.unpack(">IQ", moov[start + 20 : start + 32])
        else:
            timescale, length = struct.unpack(">II", moov[start + 12 : start + 20])
        if timescale:
            duration = length / timescale
    video_codecs = []
    for trak_start, trak_end in _find_path(moov, 0, len(moov), [b"trak"]):
        handlers = _find_path(moov, trak_start, trak_end, [b"mdia", b"hdlr"])
        is_video = any(moov[s + 8 : s + 12] == b"vide" for s, _e in handlers)
        for s, e in _find_path(moov, trak_start, trak_end, [b"mdia", b"minf", b"stbl", b"stsd"]):
            entries = s + 8  # version/flags, entry count
            for kind, payload, _box_end in _boxes(moov, entries, e):
                if is_video or kind in H264_ENTRIES:
                    width = height = None
                    if payload + 28 <= e:
                        width, height = struct.unpack(">HH", moov[payload + 24 : payload + 28])
                    video_codecs.append((kind, width, height))
    if not video_codecs:
        return None, None, None, duration
    kind, width, height = next((v for v in video_codecs if v[0] in H264_ENTRIES), video_codecs[0])
    return kind, width, height, duration


def check_mp4(upload):
    """Return VideoInfo for an MP4 with an H.264 video track, or raise ValidationError in Chinese."""
    limit = video_max_bytes()
    if upload.size > limit:
        raise ValidationError(f"视频不能超过 {limit // MB} MB（当前约 {upload.size / MB:.1f} MB）。", code="too_large")
    if not upload.size:
        raise ValidationError("文件是空的，请重新选择。", code="empty")
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if len(head) < 16 or head[4:8] != b"ftyp":
        what = sniff(head)
        detail = f"这个文件是{what}，" if what and what != "视频文件" else "这个文件"
        raise ValidationError(f"{detail}不是 MP4 视频。请上传 H.264 编码的 MP4 文件。", code="not_mp4")
    try:
        boxes = _top_level_boxes(upload, upload.size)
        kind, offset, size, header = boxes[0]
        upload.seek(offset + header)
        ftyp = upload.read(size - header)
        brands = {ftyp[0:4]} | {ftyp[i : i + 4] for i in range(8, len(ftyp) - 3, 4)}
        if not brands & MP4_BRANDS:
            raise ValidationError("视频格式不受支持，请上传 MP4 文件。", code="bad_brand")
        moov_boxes = [b for b in boxes if b[0] == b"moov"]
        if not moov_boxes:
            raise ValidationError("视频文件不完整（缺少索引信息），请重新导出后上传。", code="no_moov")
        _kind, offset, size, header = moov_boxes[0]
        if size > MAX_MOOV_BYTES:
            raise ValidationError("视频索引信息异常，无法检查，请重新导出后上传。", code="moov_too_large")
        upload.seek(offset + header)
        moov = upload.read(size - header)
        codec, width, height, duration = _parse_moov(moov)
    except ValidationError:
        raise
    except (ValueError, struct.error, IndexError) as e:
        raise ValidationError("视频文件结构损坏，请重新导出后上传。", code="broken") from e
    finally:
        upload.seek(0)
    if codec is None:
        raise ValidationError("视频中没有画面轨道，请上传 H.264 编码的 MP4 视频。", code="no_video")
    if codec not in H264_ENTRIES:
        name = codec.decode("latin-1").strip()
        raise ValidationError(
            f"视频编码为 {name}，网站只接受 H.264 编码的 MP4（多数手机“兼容格式/最兼容”选项即为 H.264）。",
            code="not_h264",
        )
    if (width or 0) > MAX_VIDEO_SIDE or (height or 0) > MAX_VIDEO_SIDE:
        # The poster is decoded from the first frame: a frame of 65535×65535 would be 12 GB.
        raise ValidationError(
            f"视频声明的画面尺寸异常（{width}×{height}），超过 {MAX_VIDEO_SIDE} 像素，可能是恶意文件，已拒绝。",
            code="too_many_pixels",
        )
    return VideoInfo(
        brand=ftyp[0:4].decode("latin-1"), codec=codec.decode(), width=width, height=height, duration=duration
    )
