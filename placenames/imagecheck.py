"""Decode, verify and re-encode one uploaded picture in a separate, bounded process (issue 12.6).

Run by `placenames.uploads.check_image` as `python -I imagecheck.py MAX_PIXELS MEMORY_BYTES CPU_SECONDS`
with the file on stdin. Before Pillow is even imported the process caps its own address space
(RLIMIT_AS) and CPU time (RLIMIT_CPU), so a picture that needs more memory than allowed fails here
with MemoryError (or the process dies) instead of growing a request worker that never returns the
memory to the system. The parent also kills it after a wall-clock timeout.

Output on stdout: one line of JSON, then (when accepted) the re-encoded file's bytes.
  {"ok": true, "format": "PNG", "width": 7000, "height": 7000}\n<bytes>
  {"error": "too_many_pixels", "width": …, "height": …}   (or bad_format with "format",
                                                            bomb, not_image, broken, memory)
This module imports nothing from Django or the project: messages (in Chinese) are made by the parent.
"""

import io
import json
import resource
import struct
import sys
import warnings

IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")


def _limit(kind, value):
    _soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, hard))


def reencode(picture, fmt, Image, ImageOps):
    """The picture upright (EXIF orientation applied) with no EXIF/GPS, XMP or comments kept.
    Only one decoded copy is held: rotation in place, a mode conversion replaces the original."""
    icc = picture.info.get("icc_profile")
    picture.load()  # a truncated file fails here
    ImageOps.exif_transpose(picture, in_place=True)
    fresh = picture
    if fmt == "JPEG" and fresh.mode not in ("RGB", "L", "CMYK"):
        fresh = fresh.convert("RGB")
    if fmt == "WEBP" and fresh.mode not in ("RGB", "RGBA"):
        fresh = fresh.convert("RGBA" if "A" in fresh.mode else "RGB")
    if fresh is not picture:
        picture.close()
    fresh.info = {}  # never carry exif/xmp/comment through to the saved file
    options = {}
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        options.update(quality=90, optimize=True)
    elif fmt == "WEBP":
        options.update(quality=90)
    elif fmt == "PNG":
        options.update(optimize=True)
    out = io.BytesIO()
    fresh.save(out, fmt, **options)
    size = fresh.size
    fresh.close()
    return out.getvalue(), size


def check(data, max_pixels):
    """(header dict, re-encoded bytes or b"")."""
    from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        # Opening reads the header only; Pillow's own bomb check is off for it so that our check
        # below (which names the limit) sees every declared size.
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            if fmt not in IMAGE_FORMATS:
                return {"error": "bad_format", "format": str(fmt)}, b""
            if width * height > max_pixels:  # from the header, before anything is decoded
                return {"error": "too_many_pixels", "width": width, "height": height}, b""
            probe.verify()
        Image.MAX_IMAGE_PIXELS = max_pixels  # a second line: Pillow warns above this, raises above twice
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                content, (width, height) = reencode(picture, fmt, Image, ImageOps)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return {"error": "bomb"}, b""
    except UnidentifiedImageError:
        return {"error": "not_image"}, b""
    except MemoryError:
        return {"error": "memory"}, b""
    except (OSError, SyntaxError, ValueError, struct.error, EOFError):
        return {"error": "broken"}, b""
    return {"ok": True, "format": fmt, "width": width, "height": height}, content


def main(argv):
    max_pixels, memory, cpu = (int(a) for a in argv[1:4])
    _limit(resource.RLIMIT_AS, memory)
    _limit(resource.RLIMIT_CPU, cpu)
    data = sys.stdin.buffer.read()
    try:
        header, content = check(data, max_pixels)
    except MemoryError:
        header, content = {"error": "memory"}, b""
    del data
    out = sys.stdout.buffer
    out.write(json.dumps(header).encode() + b"\n")
    out.write(content)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
