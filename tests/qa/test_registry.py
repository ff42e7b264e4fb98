"""Page types join the index through a setting; a missing app (placenames not installed) is skipped."""

from qa import engine, registry
from qa.models import SearchDocument


def test_missing_models_are_skipped(settings):
    settings.QA_INDEXED_PAGE_MODELS = ["news.ArticlePage", "placenames.PlaceStoryPage", "nonsense"]
    names = [m.__name__ for m in registry.indexed_models()]
    assert "ArticlePage" in names and "nonsense" not in names


def test_another_page_type_joins_by_setting(settings, home):
    from news.models import NewsIndexPage

    settings.QA_INDEXED_PAGE_MODELS = ["news.ArticlePage", "news.NewsIndexPage"]
    column = NewsIndexPage(title="红色地名", slug="hsdm", intro="讲述云岭等红色地名背后的故事。")
    home.add_child(instance=column)
    column.save_revision().publish()
    doc = SearchDocument.objects.get(key=f"page:{column.pk}")
    assert doc.title == "红色地名" and doc.url == column.url  # text: what its search_fields declare
    hits = engine.run(engine.parse("红色地名"))
    assert [h.doc_id for h in hits] == [doc.pk]
