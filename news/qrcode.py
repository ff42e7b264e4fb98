"""QR codes that carry a page to a phone.

The encoded address is the canonical one (SITE_URL, else the Wagtail Site's root URL), never
the request's Host header, which a visitor controls.
"""

import io
import re

import segno
from django.conf import settings
from django.core.cache import cache
from django.utils.encoding import iri_to_uri
from django.utils.safestring import mark_safe


def canonical_url(page):
    """The page's public address on the canonical origin."""
    site_id, root_url, relative = page.get_url_parts()
    if settings.SITE_URL:
        return iri_to_uri(settings.SITE_URL + relative)
    return iri_to_uri(root_url + relative)


def qr_svg(url):
    """An inline SVG QR code for `url`, cached since the same URL always gives the same image."""
    key = "qr:v2:" + url
    svg = cache.get(key)
    if svg is None:
        buffer = io.BytesIO()
        segno.make(url, error="m", micro=False).save(
            buffer,
            kind="svg",
            scale=4,
            border=4,  # the quiet zone the QR standard asks for; scanners need it
            xmldecl=False,
            svgns=True,
            title="当前页面二维码",
            svgclass="qr-code",
            lineclass=None,
        )
        svg = buffer.getvalue().decode("utf-8")
        # A viewBox lets CSS scale the whole code (quiet zone included) to any square box instead of
        # cropping it; width/height stay as the size without CSS.
        size = re.search(r'width="(\d+)"', svg).group(1)
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="当前页面二维码" viewBox="0 0 {size} {size}" ', 1)
        cache.set(key, svg, 24 * 3600)
    return mark_safe(svg)
