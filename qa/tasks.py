"""Index work done by the background worker (docs/background-work.md): segmenting and indexing a
page costs the editor's request tens of milliseconds per page, a moved column or a changed synonym
group can touch hundreds. The signal handlers (qa/signals.py) only queue these by id."""

from django_tasks import task
from wagtail.models import Page

from . import indexer, registry


@task()
def index_page(page_id):
    """Index the page as it is now (live and public, or out of the index)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        indexer.remove(indexer.page_key(page_id))
    elif page.specific_class and registry.is_indexed(page.specific_class):
        indexer.index_page(page)


@task()
def index_subtree(page_id):
    """A moved page (or column) changes the URLs and paths of everything under it."""
    models = registry.indexed_models()
    root = Page.objects.filter(pk=page_id).first()
    if not models or root is None:
        return
    for page in Page.objects.descendant_of(root, inclusive=True).live().type(*models).specific():
        indexer.index_page(page)


@task()
def index_faq(faq_id):
    from .models import FAQ
    from .retrieval import invalidate_faqs

    faq = FAQ.objects.filter(pk=faq_id).first()
    if faq is None:
        indexer.remove(indexer.faq_key(faq_id))
    else:
        indexer.index_faq(faq)
    invalidate_faqs()


@task()
def reindex_terms(variants):
    """Re-index the documents that contain any word of a changed synonym group."""
    from .models import FAQ, Posting
    from .retrieval import invalidate_faqs
    from .segment import SYNONYM_PREFIX

    terms = list(variants) + [SYNONYM_PREFIX + v for v in variants]
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
    invalidate_faqs()
