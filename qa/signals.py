"""Keep the index and the 智能问答 matcher in step with publishing: the handlers queue the work
(qa/tasks.py) for the background worker; the tests run it at once."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from . import indexer, registry, tasks
from .models import FAQ, SynonymGroup


def _page_changed(sender, instance, **kwargs):
    if registry.is_indexed(instance):
        tasks.index_page.enqueue(instance.pk)


def _page_removed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        indexer.remove(indexer.page_key(instance.pk))  # at once: the row it points to is going


def _page_moved(sender, instance, **kwargs):
    if registry.indexed_models():
        tasks.index_subtree.enqueue(instance.pk)


def _faq_changed(sender, instance, update_fields=None, **kwargs):
    # Saving a draft only touches the revision pointers: the live entry is unchanged.
    if update_fields and not ({"live", "question", "alternatives", "answer", "column"} & set(update_fields)):
        return
    tasks.index_faq.enqueue(instance.pk)


def _faq_removed(sender, instance, **kwargs):
    from .retrieval import invalidate_faqs

    indexer.remove(indexer.faq_key(instance.pk))
    invalidate_faqs()


def _synonyms_changed(sender, instance, **kwargs):
    """Rebuild the segmenter at once (every process notices), then queue the re-index of the
    documents that contain any word of the group."""
    from .segment import invalidate_lexicon

    invalidate_lexicon()
    tasks.reindex_terms.enqueue(instance.variants())


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
