"""Keep the index and the 智能问答 matcher in step with publishing, at once (no queue, no cron)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from . import indexer, registry
from .models import FAQ, SynonymGroup


def _page_changed(sender, instance, **kwargs):
    if registry.is_indexed(instance):
        indexer.index_page(instance)


def _page_removed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        indexer.remove(indexer.page_key(instance.pk))


def _page_moved(sender, instance, **kwargs):
    """A moved page (or column) changes the URLs and paths of everything under it."""
    models = registry.indexed_models()
    if not models:
        return
    for page in Page.objects.descendant_of(instance, inclusive=True).live().type(*models).specific():
        indexer.index_page(page)


def _faq_changed(sender, instance, update_fields=None, **kwargs):
    from .retrieval import invalidate_faqs

    # Saving a draft only touches the revision pointers: the live entry is unchanged.
    if update_fields and not ({"live", "question", "alternatives", "answer", "column"} & set(update_fields)):
        return
    faq = FAQ.objects.filter(pk=instance.pk).first()
    if faq is None:
        indexer.remove(indexer.faq_key(instance.pk))
    else:
        indexer.index_faq(faq)
    invalidate_faqs()


def _faq_removed(sender, instance, **kwargs):
    from .retrieval import invalidate_faqs

    indexer.remove(indexer.faq_key(instance.pk))
    invalidate_faqs()


def _synonyms_changed(sender, instance, **kwargs):
    """Rebuild the segmenter, then re-index the documents that contain any word of the group."""
    from .models import Posting
    from .segment import SYNONYM_PREFIX, invalidate_lexicon

    invalidate_lexicon()
    variants = instance.variants()
    terms = variants + [SYNONYM_PREFIX + v for v in variants]
    keys = set(Posting.objects.filter(term__in=terms).values_list("document__key", flat=True))
    for key in keys:
        kind, _, pk = key.partition(":")
        if kind == "faq":
            faq = FAQ.objects.filter(pk=pk).first()
            if faq:
                indexer.index_faq(faq)
        else:
            page = Page.objects.filter(pk=pk).first()
            if page:
                indexer.index_page(page)
    from .retrieval import invalidate_faqs

    invalidate_faqs()


def connect():
    page_published.connect(_page_changed, dispatch_uid="qa_page_published")
    page_unpublished.connect(_page_changed, dispatch_uid="qa_page_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="qa_page_moved")
    post_delete.connect(_page_removed, dispatch_uid="qa_page_deleted")
    post_save.connect(_faq_changed, sender=FAQ, dispatch_uid="qa_faq_saved")
    published.connect(_faq_changed, sender=FAQ, dispatch_uid="qa_faq_published")
    unpublished.connect(_faq_changed, sender=FAQ, dispatch_uid="qa_faq_unpublished")
    post_delete.connect(_faq_removed, sender=FAQ, dispatch_uid="qa_faq_deleted")
    post_save.connect(_synonyms_changed, sender=SynonymGroup, dispatch_uid="qa_synonyms_saved")
    post_delete.connect(_synonyms_changed, sender=SynonymGroup, dispatch_uid="qa_synonyms_deleted")
