"""Citizens' questions about the demo content, with the source the top answer must come from.

("faq", <FAQ question>) or ("page", <article slug>). Colloquial phrasing, abbreviations and
one-character typos (marked "typo") on purpose. Used by tests/qa/test_quality.py and
bench/qa_quality.py.
"""

QUESTIONS = [
    ("低保咋申请", ("faq", "低保怎么申请？")),
    ("我想吃低保去哪办", ("faq", "低保怎么申请？")),
    ("低保怎么申情", ("faq", "低保怎么申请？")),  # typo
    ("网上能申请低保不", ("faq", "低保怎么申请？")),
    ("家里穷能不能办低保，有啥条件", ("faq", "申请低保需要满足什么条件？")),
    ("低保户的条件是什么", ("faq", "申请低保需要满足什么条件？")),
    ("现在低保一个月给多少钱", ("faq", "我市现在的低保标准是多少？")),
    ("城乡低保标准涨了吗", ("faq", "我市现在的低保标准是多少？")),
    ("低保标准是多少钱", ("faq", "我市现在的低保标准是多少？")),
    ("低保申请了多久能批", ("faq", "低保审核要多长时间？")),
    ("儿子上班了低保还能领吗", ("faq", "家里有人找到工作了，低保会马上停吗？")),
    ("低保渐退期多长", ("faq", "家里有人找到工作了，低保会马上停吗？")),
    ("重残的人可以单独吃低保吗", ("faq", "重病重残的人能单独纳入低保吗？")),
    ("无儿无女的老人能申请五保吗", ("faq", "什么人可以申请特困人员救助供养？")),
    ("特困供养要什么条件", ("faq", "什么人可以申请特困人员救助供养？")),
    ("五保户每个月领多少", ("faq", "特困人员的基本生活标准是多少？")),
    ("特困老人能住敬老院不", ("faq", "特困人员可以去敬老院集中供养吗？")),
    ("残疾人有啥补贴", ("faq", "残疾人两项补贴是什么？")),
    ("两项补贴是哪两项", ("faq", "残疾人两项补贴是什么？")),
    ("一级残疾一年补贴多少钱", ("faq", "困难残疾人生活补贴标准是多少？")),
    ("重度残疾护理补帖一个月多少", ("faq", "重度残疾人护理补贴每月多少钱？")),  # typo
    ("办残疾人补贴要带啥材料", ("faq", "残疾人补贴怎么申请，要带什么材料？")),
    ("人在外省能申请残疾补贴吗", ("faq", "户籍在宣城、人在外省，残疾人补贴能异地申请吗？")),
    ("老人养老补贴能上门做饭吗", ("faq", "低收入老年人养老服务补贴有哪些服务？")),
    ("养老服务补贴啥时候复核", ("faq", "养老服务补贴每年要复核吗？")),
    ("老人家里装扶手要自己出钱吗", ("faq", "特殊困难老年人家庭适老化改造包括什么？")),
    ("领结婚证带什么东西", ("faq", "结婚登记需要带哪些材料？")),
    ("结婚登记要几张照片", ("faq", "结婚登记需要带哪些材料？")),
    ("外地户口能在宣城领证吗", ("faq", "外地户口可以在宣城办结婚登记吗？")),
    ("国庆节婚姻登记处上班吗", ("faq", "国庆节可以办理结婚登记吗？")),
    ("婚姻登记处电话多少", ("faq", "婚姻登记处的咨询电话是多少？")),
    ("看到小孩被打了打什么电话", ("faq", "发现孩子被虐待或流浪该找谁？")),
    ("未成年人保户热线", ("faq", "发现孩子被虐待或流浪该找谁？")),  # typo
    ("家里突然出事没钱生活怎么办", ("faq", "遇到突发困难，怎么申请临时救助？")),
    ("临时救助最多给多少", ("faq", "临时救助最多能给多少钱？")),
    ("火化要不要钱", ("faq", "基本殡葬服务免费包括哪些项目？")),
    ("丧葬费要先垫付吗", ("faq", "免除的殡葬费用需要先垫付吗？")),
    ("社团年报什么时候截止", ("faq", "社会组织年度工作报告什么时候报？")),
    ("社会组织没交年报会咋样", ("faq", "社会组织不按时报送年报会怎样？")),
    ("红色地名作品怎么投稿", ("faq", "红色地名作品征集怎么投稿？")),
    ("小区名字怎么申报", ("faq", "申请地名命名或更名找哪个部门？")),
    ("民政局电话是多少", ("faq", "市民政局的联系电话和地址是什么？")),
    ("省界联检一共检查了多少颗界桩", ("page", "place-name-border-joint-inspection")),
    ("微心愿活动收集了多少个心愿", ("page", "charity-micro-wishes")),
    ("社会救助体系包括哪几类救助", ("page", "social-assistance-reform-plan")),
    ("低保标准调整惠及多少低保对象", ("page", "dibao-standard-raised-2026")),
    ("适老化改造户均花了多少钱", ("page", "elderly-home-renovation")),
]


def evaluate(answer_fn):
    """Run every question through `answer_fn` (retrieval.answer); return (correct, total, failures)."""
    from news.models import ArticlePage

    correct, failures = 0, []
    for question, (kind, target) in QUESTIONS:
        result = answer_fn(question, record=False)
        if kind == "faq":
            ok = result.kind == "faq" and result.faq.question == target
        else:
            url = ArticlePage.objects.get(slug=target).url
            ok = result.kind == "passage" and bool(result.sources) and result.sources[0]["url"] == url
        if ok:
            correct += 1
        else:
            got = result.faq.question if result.kind == "faq" else [s["title"] for s in result.sources[:1]]
            failures.append((question, target, result.kind, got))
    return correct, len(QUESTIONS), failures
