"""Real files, good and bad, made in the tests: no fixtures on disk."""

import io
import struct
import zlib

from PIL import Image


def jpeg_bytes(size=(64, 48), color=(180, 20, 30), exif=None, noise=False):
    picture = Image.new("RGB", size, color)
    if noise:
        picture = Image.effect_noise(size, 80).convert("RGB")
    buffer = io.BytesIO()
    options = {"quality": 90}
    if exif is not None:
        options["exif"] = exif
    picture.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def png_bytes(size=(40, 30), mode="RGBA"):
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 40, 128) if mode == "RGBA" else (10, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def webp_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 200, 0)).save(buffer, "WEBP")
    return buffer.getvalue()


def gif_bytes():
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(width=100_000, height=100_000):
    """A few hundred bytes declaring a picture of width×height pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    body = zlib.compress(b"\x00" * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def truncated_jpeg():
    whole = jpeg_bytes(size=(400, 300), noise=True)
    return whole[: len(whole) // 2]


HTML_PAGE = b"<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>"


def elf_binary():
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def exif_with_gps(orientation=6):
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0112] = orientation  # Orientation: 6 = rotate 90° clockwise to view
    gps = {1: "N", 2: (30.0, 36.0, 7.2), 3: "E", 4: (118.0, 18.0, 39.6)}
    exif[0x8825] = gps
    return exif


def _box(kind, payload):
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def tiny_mp4(codec=b"avc1", brand=b"isom", width=320, height=240, with_moov=True):
    """The box structure of an MP4 with one video track (no real frames): ftyp, moov, mdat."""
    ftyp = _box(b"ftyp", brand + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41")
    mvhd = _box(b"mvhd", b"\x00" * 4 + b"\x00" * 8 + struct.pack(">II", 1000, 5000) + b"\x00" * 80)
    hdlr = _box(b"hdlr", b"\x00" * 8 + b"vide" + b"\x00" * 12 + b"VideoHandler\x00")
    entry = _box(codec, b"\x00" * 6 + b"\x00\x01" + b"\x00" * 16 + struct.pack(">HH", width, height) + b"\x00" * 50)
    stsd = _box(b"stsd", b"\x00" * 4 + struct.pack(">I", 1) + entry)
    trak = _box(b"trak", _box(b"mdia", hdlr + _box(b"minf", _box(b"stbl", stsd))))
    moov = _box(b"moov", mvhd + trak) if with_moov else b""
    mdat = _box(b"mdat", b"\x00" * 64)
    return ftyp + moov + mdat
