"""Short ASCII URL slugs for new articles and columns (issue 11.2). See docs/routing.md.

Wagtail derives a page's slug from its title, and with unicode slugs allowed a Chinese title
becomes a percent-encoded URL of up to 200 characters, unusable in a QR code, a chat message or
print. When the editor leaves the slug empty, or it is only what the admin's JavaScript copied
from a Chinese title, a page that has never been published gets a short one instead:

* an article: ``YYYYMMDD-NNNNNN`` like the legacy importer's (``20210624-569193``): its 发布时间
  (or today, Beijing time) and six random digits;
* a column: the pinyin initials of its title (部门动态 → ``bmdt``), like import_legacy's columns.

Both are made unique among the page's siblings. A slug the editor typed is kept, and so is the
slug of a page that has been published: changing it would break links already handed out.
"""

import re
import secrets
import unicodedata

from django.utils import timezone
from pypinyin import Style, lazy_pinyin

MAX_ATTEMPTS = 50


def _letters(text):
    """Letters and digits only, folded (full-width forms, case): what both Django's slugify and
    the admin's JavaScript keep of a title, whatever they do with spaces and punctuation."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text or "").casefold())


def is_derived_from_title(slug, title):
    """True if the slug is empty or only the title slugified (by Django, or by Wagtail's admin
    JavaScript with or without unicode), for a title that is not plain ASCII."""
    if not slug:
        return True
    if not title or title.isascii():
        return False  # an English title's slug is short and readable enough
    letters = _letters(title)
    return _letters(slug) in (letters, re.sub(r"[^0-9a-z]", "", letters))


def never_published(page):
    return page.pk is None or (page.first_published_at is None and not page.live)


def _available(page, parent, slug):
    return type(page)._slug_is_available(slug, parent, page)


def article_slug(page, parent):
    when = timezone.localtime(page.publish_at or timezone.now())
    for _ in range(MAX_ATTEMPTS):
        slug = f"{when:%Y%m%d}-{secrets.randbelow(10**6):06d}"
        if _available(page, parent, slug):
            return slug
    raise RuntimeError(f"no free article slug for {when:%Y-%m-%d} under {parent.url_path}")


def column_slug(title, parent, page=None):
    """Pinyin initials of the title (部门动态 → bmdt), with -2, -3 … if a sibling has them."""
    base = "".join(lazy_pinyin(title, style=Style.FIRST_LETTER, errors="ignore")).lower()
    base = "".join(c for c in base if c.isascii() and c.isalnum())[:40] or "column"
    slug, n = base, 1
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    while siblings.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def known_parent(page):
    """The parent page if it can be known yet (Wagtail's own test, `_set_core_field_defaults`)."""
    parent = getattr(page, "_cached_parent_obj", None)
    if parent is None and page.path:
        parent = page.get_parent()
    return parent


class ShortSlugMixin:
    """For Page models: fill in an empty slug with a short one before Wagtail's own fallback
    (the title) applies.

    Wagtail fills an empty slug in `full_clean` (live pages, revisions) and `minimal_clean`
    (drafts), once the parent is known; both are covered here.
    """

    def make_short_slug(self, parent):
        raise NotImplementedError

    def _fill_short_slug(self):
        if self.slug:
            return  # a slug given in code is kept; the admin form empties one copied from the title
        if self.pk:
            # An edit posted with the slug empty (a draft autosaved by Wagtail 8 before the field
            # was filled in, or an editor clearing it) keeps the page's slug: a published page's
            # address never moves by itself, a draft's short one is not drawn again.
            stored = type(self).objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if stored and not (never_published(self) and is_derived_from_title(stored, self.title)):
                self.slug = stored
                return
        parent = known_parent(self)
        if parent is not None:
            self.slug = self.make_short_slug(parent)

    def full_clean(self, *args, **kwargs):
        self._fill_short_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._fill_short_slug()
        super().minimal_clean()


class ShortSlugFormMixin:
    """For the admin page form: the slug may be left empty, and while the page has never been
    published the slug field no longer copies Chinese characters from the title (Wagtail's
    `w-slug` controller, told not to allow unicode on this form only: editing the Chinese slug of
    an older page keeps working). A slug that is only the title copied is emptied before the
    sibling check, so the model fills in the short one when the page is saved."""

    short_slug_hint = "留空则自动生成简短网址。"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is None:
            return
        slug.required = False
        # Wagtail's own help text: not editorial.forms' "留空则根据标题自动生成", no longer true.
        slug.help_text = f"{self.instance._meta.get_field('slug').help_text} {self.short_slug_hint}".strip()
        if never_published(self.instance):
            slug.widget.attrs["data-w-slug-allow-unicode-value"] = "false"

    def clean(self):
        slug, title = self.cleaned_data.get("slug"), self.cleaned_data.get("title")
        if slug and never_published(self.instance) and is_derived_from_title(slug, title):
            self.cleaned_data["slug"] = ""
        return super().clean()
