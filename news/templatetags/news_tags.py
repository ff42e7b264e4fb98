from django import template

from news.qrcode import canonical_url, qr_svg

register = template.Library()


@register.simple_tag
def page_canonical_url(page):
    return canonical_url(page)


@register.simple_tag
def page_qr_code(page):
    return qr_svg(canonical_url(page))
