"""Small corrections so the Wagtail admin reads as Chinese (issue 11.9, docs/admin-translations.md).

Applied once from WebsiteConfig.ready(); the missing translations themselves live in locale/.
"""

import re

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def chinese_full_name(user):
    """张 + 编辑 → "张编辑": family name first, no space, when either part is Chinese.

    Wagtail shows user names through user.get_full_name() (wagtail.admin.utils.get_user_display_name,
    the audit log, the users listing); Django's own version is "first last" with a space, which
    turns 张编辑 into "编辑 张". Latin names keep Django's order.
    """
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if CJK.search(first) or CJK.search(last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def install():
    from django.contrib.auth.models import AbstractUser
    from wagtail.admin.views.pages.search import SearchView
    from wagtail.models import Page

    AbstractUser.get_full_name = chinese_full_name
    # The page search view names no model, so its "1-1 of 1 {model_name}" header read "1-1 of 1 None".
    if not SearchView.verbose_name:
        SearchView.verbose_name = Page._meta.verbose_name
        SearchView.verbose_name_plural = Page._meta.verbose_name_plural
