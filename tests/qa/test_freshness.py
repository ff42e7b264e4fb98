"""Publishing, editing, unpublishing and deleting a page or an FAQ entry update search and answers at once."""

from qa import engine, retrieval
from qa.models import SearchDocument


def found(q):
    hits = engine.run(engine.parse(q))
    keys = set(SearchDocument.objects.filter(pk__in=[h.doc_id for h in hits]).values_list("key", flat=True))
    return keys


def test_publish_makes_a_page_findable(make_article):
    article = make_article("敬亭山风景区开展志愿服务", paragraphs=["志愿者在敬亭山清理垃圾。"])
    assert f"page:{article.pk}" in found("敬亭山")


def test_draft_is_not_indexed_until_published(make_article):
    article = make_article("水阳江防汛物资储备到位", publish=False)
    assert f"page:{article.pk}" not in found("水阳江")
    article.save_revision().publish()
    assert f"page:{article.pk}" in found("水阳江")


def test_edit_and_republish_replaces_the_words(make_article):
    article = make_article("旌德县开展养老机构安全检查", paragraphs=["检查消防设施。"])
    article.title = "绩溪县开展养老机构安全检查"
    article.save_revision().publish()
    assert f"page:{article.pk}" in found("绩溪县")
    assert f"page:{article.pk}" not in found("旌德县")


def test_unpublish_removes_the_page(make_article):
    article = make_article("郎溪县婚姻登记处搬迁公告")
    assert f"page:{article.pk}" in found("郎溪县")
    article.unpublish()
    assert f"page:{article.pk}" not in found("郎溪县")


def test_delete_removes_the_page(make_article):
    article = make_article("宁国市社区养老服务中心开业")
    key = f"page:{article.pk}"
    assert key in found("宁国市")
    article.delete()
    assert key not in found("宁国市")
    assert not SearchDocument.objects.filter(key=key).exists()


def test_faq_publish_edit_unpublish_delete(make_faq):
    faq = make_faq("火化证明怎么开？", answer="<p>由殡仪馆出具火化证明。</p>")
    assert retrieval.answer("火化证明怎么开", record=False).faq == faq
    assert f"faq:{faq.pk}" in found("火化证明")

    faq.question = "骨灰寄存证明怎么开？"
    faq.answer = "<p>凭寄存凭证到骨灰堂窗口办理。</p>"
    faq.save_revision().publish()
    assert f"faq:{faq.pk}" in found("骨灰寄存")
    assert f"faq:{faq.pk}" not in found("火化")
    assert retrieval.answer("骨灰寄存证明怎么开", record=False).faq == faq

    faq.unpublish()
    assert f"faq:{faq.pk}" not in found("骨灰寄存")
    assert retrieval.answer("骨灰寄存证明怎么开", record=False).kind == "none"

    faq.save_revision().publish()
    assert f"faq:{faq.pk}" in found("骨灰寄存")
    faq.delete()
    assert f"faq:{faq.pk}" not in found("骨灰寄存")
    assert retrieval.answer("骨灰寄存证明怎么开", record=False).kind == "none"


def test_saving_a_faq_draft_keeps_the_live_answer(make_faq):
    faq = make_faq("高龄津贴怎么领？", answer="<p>年满80周岁的老年人可申请高龄津贴。</p>")
    faq.question = "草稿里的新问题"
    faq.save_revision()  # a draft: the live entry must not change
    assert f"faq:{faq.pk}" in found("高龄津贴")
    assert f"faq:{faq.pk}" not in found("草稿")


def test_document_frequencies_follow_changes(make_article):
    from qa.models import Term

    a = make_article("广德市开展慈善募捐", slug="gd-1")
    make_article("广德市开展地名普查", slug="gd-2")
    assert Term.objects.get(term="广德市").df == 2
    a.delete()
    assert Term.objects.get(term="广德市").df == 1
