"""Hostile input for the bad-input suite (tests/badinput/test_every_input.py): strings sent to
every public form field, query parameter and URL segment, and files sent to the works form.

A string entry is text (sent as it is) or raw bytes that are not UTF-8: bytes go raw into
request bodies and %-encoded into query strings and paths, as a browser or a script would send
them. Entries with markup carry the marker MARK so a response that reflects them unescaped is
found by looking for the raw payload.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from tests.placenames.files import HTML_PAGE, bomb_png, elf_binary, jpeg_bytes, png_bytes, tiny_mp4, truncated_jpeg

MARK = "xcmzbad"


@dataclass(frozen=True)
class Bad:
    id: str
    value: str | bytes

    @property
    def is_bytes(self):
        return isinstance(self.value, bytes)

    @property
    def text(self):
        """The value as the server decodes it (invalid UTF-8 becomes U+FFFD, as Django does)."""
        return self.value.decode("utf-8", "replace") if self.is_bytes else self.value

    @property
    def raw(self):
        return self.value if self.is_bytes else self.value.encode("utf-8")

    @property
    def has_markup(self):
        return any(c in self.text for c in "<>\"'")


STRINGS = [
    # Markup and script (XSS)
    Bad("xss-script", f'<script>alert("{MARK}")</script>'),
    Bad("xss-img-onerror", f'"><img src=x onerror=alert("{MARK}")>'),
    Bad("xss-svg-onload", f"<svg/onload=alert('{MARK}')>"),
    Bad("xss-attribute", f"' autofocus onfocus='alert(\"{MARK}\")"),
    Bad("xss-javascript-url", f"javascript:alert('{MARK}')"),
    Bad("xss-closing-textarea", f"</textarea></title><script>{MARK}</script>"),
    Bad("template-injection", "{{ 7*7 }}{% debug %}${7*7}"),
    # SQL and LIKE patterns
    Bad("sql-or", "' OR 1=1--"),
    Bad("sql-union", "1 UNION SELECT password FROM auth_user--"),
    Bad("sql-drop", "1; DROP TABLE comments_comment;--"),
    Bad("like-wildcards", "%_%\\"),
    # Control characters
    Bad("nul-inside", "低保\x00标准"),
    Bad("nul-only", "\x00"),
    Bad("nul-in-token", "0123456789abcdef\x000123456789abcdef"),  # long enough to pass as a key
    Bad("control-chars", "\x1b[31m\x07\x08\x7f"),
    Bad("crlf-header", f"a\r\nSet-Cookie: {MARK}=1\r\nX-Injected: 1"),
    Bad("crlf-location", "/\r\nLocation: http://evil.example/"),
    # Unicode oddities
    Bad("rtl-override", "\u202egpj.exe\u202c低保"),
    Bad("zero-width", "低\u200b保\u200d\ufeff\u2060"),
    Bad("emoji", "👍🏻👨‍👩‍👧‍👦🇨🇳"),
    Bad("combining-marks", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324" * 20),
    Bad("non-characters", "\uffff\ufffe\U0010ffff"),
    Bad("whitespace-only", " \t\n\u3000\u00a0 "),
    Bad("empty", ""),
    # Sizes
    Bad("overlong-100k", "长" * 100_000),
    Bad("overlong-digits", "9" * 5000),
    # Numbers
    Bad("huge-int", "99999999999999999999"),
    Bad("int64-overflow", str(2**63)),
    Bad("int32-overflow", "2147483648"),
    Bad("negative", "-1"),
    Bad("negative-huge", "-99999999999999999999"),
    Bad("zero", "0"),
    Bad("float-inf", "1e309"),
    Bad("full-width-digits", "１２３４"),
    Bad("superscript-digits", "²³"),  # str.isdigit() is true, int() refuses them
    # Invalid UTF-8 (raw bytes)
    Bad("lone-surrogate", b"\xed\xa0\x80" + MARK.encode()),
    Bad("invalid-utf8", b"\xff\xfe\xc3(" + MARK.encode()),
    Bad("overlong-utf8-slash", b"\xc0\xaf\xc0\xae\xc0\xae"),
    # Paths and URLs
    Bad("path-traversal", "../../../etc/passwd"),
    Bad("percent-encoded", "%00%0d%0a%3Cscript%3E"),
    Bad("open-redirect", "//evil.example/%2f.."),
]


@dataclass(frozen=True)
class BadFile:
    id: str
    name: str
    content: bytes
    content_type: str
    kind: str = "photo"  # the works form's 作品类别 it is sent with
    acceptable: bool = False  # a real picture under a strange name: may be stored (renamed, cleaned)


def _jpeg_header_only(width, height):
    """A JPEG start declaring width×height pixels and nothing after the frame header."""
    sof = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return (
        b"\xff\xd8\xff\xe0"
        + struct.pack(">H", 16)
        + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + (b"\xff\xc0" + struct.pack(">H", 2 + len(sof)) + sof)
    )


def _zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


def _png_with_huge_zlib_stream():
    """A valid 100×100 PNG header whose IDAT inflates to 50 MB (a decompression bomb in the data)."""
    header = struct.pack(">IIBBBBB", 100, 100, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * (50 * 1024 * 1024), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def files():
    """Built when asked (some take a moment to make)."""
    return [
        BadFile("empty-jpeg", "empty.jpg", b"", "image/jpeg"),
        BadFile("bomb-png-header", "bomb.png", bomb_png(), "image/png"),
        # Pillow inflates only the 100×101 bytes the header asks for: stored as a clean 100×100 picture.
        BadFile("bomb-png-zlib", "inflate.png", _png_with_huge_zlib_stream(), "image/png", acceptable=True),
        BadFile("zip-bomb", "photos.zip", _zip_bomb(), "application/zip"),
        BadFile("truncated-jpeg", "cut.jpg", truncated_jpeg(), "image/jpeg"),
        BadFile("huge-dimension-jpeg", "huge.jpg", _jpeg_header_only(65_000, 65_000), "image/jpeg"),
        BadFile("polyglot-gif-html", "pic.gif", b"GIF89a/*\x01\x00\x01\x00*/=1;" + HTML_PAGE, "image/gif"),
        BadFile(
            "svg-with-script",
            "map.svg",
            f'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("{MARK}")</script></svg>'.encode(),
            "image/svg+xml",
        ),
        BadFile("html-named-jpeg", "photo.jpg", HTML_PAGE, "image/jpeg"),
        BadFile("exe-named-pdf", "通知.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200 + b"PE\x00\x00", "application/pdf"),
        BadFile("elf-named-jpeg", "photo.jpg", elf_binary(), "image/jpeg"),
        BadFile("zero-byte-video", "video.mp4", b"", "video/mp4", kind="video"),
        BadFile("jpeg-as-video", "clip.mp4", jpeg_bytes(), "video/mp4", kind="video"),
        BadFile("huge-dimension-mp4", "big.mp4", tiny_mp4(width=65535, height=65535), "video/mp4", kind="video"),
        BadFile("png-named-jpeg", "photo.jpg", png_bytes(), "image/jpeg", acceptable=True),
        BadFile("traversal-name", "../../../../tmp/x.jpg", jpeg_bytes(), "image/jpeg", acceptable=True),
        BadFile("overlong-name", "长" * 300 + ".jpg", jpeg_bytes(), "image/jpeg", acceptable=True),
        BadFile("script-name", f'"><script>{MARK}</script>.jpg', jpeg_bytes(), "image/jpeg", acceptable=True),
    ]
