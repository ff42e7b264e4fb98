import pytest


class Quiet:
    def write(self, *args, **kwargs):
        pass


@pytest.fixture(autouse=True)
def _fresh_lexicon():
    """The lexicon and FAQ matcher live per process: start each test from the database's state."""
    from qa.retrieval import invalidate_faqs
    from qa.segment import invalidate_lexicon

    invalidate_lexicon()
    invalidate_faqs()
    yield


@pytest.fixture
def synonyms(db):
    """The demo synonym list (低保 = 最低生活保障 …), as editors keep it."""
    from qa.demo import SYNONYMS
    from qa.models import SynonymGroup
    from qa.segment import invalidate_lexicon

    SynonymGroup.objects.bulk_create([SynonymGroup(terms=terms) for terms in SYNONYMS])
    invalidate_lexicon()


@pytest.fixture
def make_faq(db):
    def factory(question, answer="<p>答复内容。</p>", alternatives="", live=True, **fields):
        from qa.models import FAQ

        faq = FAQ(question=question, answer=answer, alternatives=alternatives, live=live, **fields)
        faq.save()
        revision = faq.save_revision()
        if live:
            revision.publish()
        faq.refresh_from_db()
        return faq

    return factory


@pytest.fixture
def demo_site(home, columns, monkeypatch):
    """The demo articles (news/demo) and the demo FAQ (qa/demo), as load_demo builds them (no pictures)."""
    from news import demo as news_demo
    from qa import demo as qa_demo

    monkeypatch.setattr(news_demo, "make_demo_image", lambda *args, **kwargs: None)

    news_demo.load(home, Quiet())
    qa_demo.load(home, Quiet())
    return home
