"""Top-1 accuracy of 智能问答 on citizens' questions about the demo content (bench/qa_quality.py reports it).

One test on purpose: building the demo site is the expensive part.
"""

from qa import demo, retrieval
from qa.models import FAQ

from .questions import QUESTIONS, evaluate


def test_demo_content_answers_and_searches(client, demo_site):
    from news.models import ArticlePage

    # At least 40 citizen questions, at least 85% answered from the expected source.
    assert len(QUESTIONS) >= 40
    correct, total, failures = evaluate(retrieval.answer)
    assert correct / total >= 0.85, failures

    # At least 30 FAQ entries; load_demo is idempotent.
    assert FAQ.objects.filter(live=True).count() >= 30
    before = FAQ.objects.count()
    demo.load(demo_site, type("Quiet", (), {"write": lambda *a: None})())
    assert FAQ.objects.count() == before

    # Site search over the demo: the right pages, not unrelated ones.
    dibao = ArticlePage.objects.get(slug="dibao-standard-raised-2026").url
    marriage = ArticlePage.objects.get(slug="marriage-registration-holiday-notice").url
    for q in ["低保", "最低生活保障", "生活保障", "特困", "低保 标准"]:
        urls = [r["url"] for r in client.get("/search/", {"q": q}).context["results"]]
        assert dibao in urls[:6], q
        assert marriage not in urls, q
    urls = [r["url"] for r in client.get("/search/", {"q": "云岭"}).context["results"]]
    assert ArticlePage.objects.get(slug="red-place-names-call-launch").url in urls
