"""Top-1 accuracy of 智能问答 on citizens' questions about the demo content (bench/qa_quality.py reports it)."""

from qa import retrieval

from .questions import QUESTIONS, evaluate


def test_at_least_40_questions_and_85_percent_top1(demo_site):
    assert len(QUESTIONS) >= 40
    correct, total, failures = evaluate(retrieval.answer)
    assert correct / total >= 0.85, failures


def test_demo_has_30_faq_entries_and_is_idempotent(demo_site):
    from qa import demo
    from qa.models import FAQ

    assert FAQ.objects.filter(live=True).count() >= 30
    before = FAQ.objects.count()
    demo.load(demo_site, type("Quiet", (), {"write": lambda *a: None})())
    assert FAQ.objects.count() == before


def test_demo_search_queries(client, demo_site):
    from news.models import ArticlePage

    dibao = ArticlePage.objects.get(slug="dibao-standard-raised-2026").url
    marriage = ArticlePage.objects.get(slug="marriage-registration-holiday-notice").url
    for q in ["低保", "最低生活保障", "生活保障", "低保 标准"]:
        urls = [r["url"] for r in client.get("/search/", {"q": q}).context["results"]]
        assert dibao in urls[:5], q
        assert marriage not in urls, q
    urls = [r["url"] for r in client.get("/search/", {"q": "云岭"}).context["results"]]
    assert ArticlePage.objects.get(slug="red-place-names-call-launch").url in urls
