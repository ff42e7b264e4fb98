"""Site search (/search/), 智能问答 as a page (/qa/) and as JSON (/qa/ask/), suggestions, FAQ pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page

from website.params import MAX_ID, int_in_range

from . import engine, retrieval
from .models import FAQ, SearchDocument

RESULTS_PER_PAGE = 10
KIND_LABELS = {SearchDocument.KIND_FAQ: "常见问题"}  # pages are labelled by their column


def _param(request, name):
    value = request.GET.get(name, "")
    return value if isinstance(value, str) else ""


def _int_param(request, name, low, high):
    # Not str.isdigit(): '²' passes it and then int() raises (a 500), as do 5,000 digits.
    return int_in_range(_param(request, name), low, high)


def _faq_answer_ends(docs):
    """{document id: where its answer ends} for FAQ documents: their indexed text is the answer and
    then the 其他问法 (so they are found by them), which a search result must not show as its snippet."""
    faq_docs = [d for d in docs if d.kind == SearchDocument.KIND_FAQ]
    if not faq_docs:
        return {}
    faqs = {faq.pk: faq for faq in FAQ.objects.filter(pk__in=[d.object_id for d in faq_docs]).only("pk", "answer")}
    ends = {}
    for doc in faq_docs:
        faq = faqs.get(doc.object_id)
        answer = faq.answer_text() if faq is not None else ""
        if answer and doc.text.startswith(answer):
            ends[doc.pk] = len(answer)
        else:  # not re-indexed since the answer changed: everything before the first 其他问法 line
            alternatives = faq.alternative_list() if faq is not None else []
            cut = doc.text.find("\n" + alternatives[0]) if alternatives else -1
            ends[doc.pk] = cut if cut >= 0 else len(doc.text)
    return ends


def contact(request):
    """Where a citizen goes when no answer was found: 12345, the bureau's phone, a message link."""
    from website.models import SiteSettings

    try:
        site_settings = SiteSettings.for_request(request)
        phone, email = site_settings.phone, site_settings.email
    except Exception:  # no Site for this host, or the database is unavailable: still answer
        phone, email = "", ""
    message_url = getattr(settings, "QA_MESSAGE_URL", "") or (
        f"mailto:{email}?subject=%E7%BD%91%E7%AB%99%E7%95%99%E8%A8%80" if email else ""
    )
    return {"hotline": "12345", "phone": phone, "message_url": message_url}


@require_GET
def search(request):
    raw = _param(request, "q")
    q = engine.clean_query(raw)
    column_id = _int_param(request, "column", 1, MAX_ID)
    year = _int_param(request, "year", 1900, 2100)
    context = {"q": q, "too_long": len(raw) > engine.MAX_QUERY_CHARS, "column_id": column_id, "year": year}
    if not q:
        context["message"] = "请输入要搜索的关键词，例如：低保、养老服务补贴、婚姻登记。"
        return render(request, "qa/search.html", context)
    query = engine.parse(q)
    if query.is_empty:
        context["message"] = "没有可以搜索的词语，请换一个说法试试。"
        return render(request, "qa/search.html", context)
    hits = engine.run(query, mode="and")
    meta = {}
    for chunk in engine._chunks([h.doc_id for h in hits]):
        for row in SearchDocument.objects.filter(pk__in=chunk).values("pk", "year", "column_id", "path", "date"):
            meta[row["pk"]] = row
    hits = [h for h in hits if h.doc_id in meta]
    columns: dict[int, int] = {}
    years: dict[int, int] = {}
    for h in hits:
        m = meta[h.doc_id]
        if m["column_id"]:
            columns[m["column_id"]] = columns.get(m["column_id"], 0) + 1
        if m["year"]:
            years[m["year"]] = years.get(m["year"], 0) + 1
    column_path = None
    if column_id:
        column_path = Page.objects.filter(pk=column_id).values_list("path", flat=True).first()
        if column_path is None:
            column_id = None
    if column_path:
        hits = [h for h in hits if meta[h.doc_id]["path"].startswith(column_path)]
    if year:
        hits = [h for h in hits if meta[h.doc_id]["year"] == year]
    page_obj = Paginator(hits, RESULTS_PER_PAGE).get_page(_param(request, "page"))
    engine.ensure_positions(query, page_obj.object_list)
    docs = engine.load_documents([h.doc_id for h in page_obj.object_list])
    titles = dict(
        Page.objects.filter(pk__in=list(columns) + ([column_id] if column_id else [])).values_list("pk", "title")
    )
    answer_ends = _faq_answer_ends(docs.values())
    results = []
    for hit in page_obj.object_list:
        doc = docs[hit.doc_id]
        results.append(
            {
                "url": doc.url,
                "title": engine.highlight(doc.title, engine.title_spans(hit)),
                "snippet": engine.snippet(doc.text, hit, limit=answer_ends.get(doc.pk)),
                "date": doc.date,
                "kind": KIND_LABELS.get(doc.kind, ""),
                "column": titles.get(doc.column_id, ""),
            }
        )
    base = {"q": q}
    context.update(
        {
            "results": results,
            "page_obj": page_obj,
            "total": len(hits),
            "unknown_words": [query.clauses[i].token for i in query.unknown],
            "column_facets": sorted(
                (
                    {"id": cid, "title": titles.get(cid, ""), "count": n}
                    for cid, n in columns.items()
                    if titles.get(cid)
                ),
                key=lambda f: -f["count"],
            ),
            "year_facets": sorted(({"year": y, "count": n} for y, n in years.items()), key=lambda f: -f["year"]),
            "column_title": titles.get(column_id, ""),
            "extra_query": urlencode(
                {**base, **({"column": column_id} if column_id else {}), **({"year": year} if year else {})}
            ),
            "base_query": urlencode(base),
        }
    )
    return render(request, "qa/search.html", context)


@never_cache
@require_GET
def ask_page(request):
    """The no-JavaScript 智能问答: the same answers as the panel, as a page."""
    q = engine.clean_query(_param(request, "q"))
    context = {"q": q, "contact": contact(request)}
    if q:
        context["result"] = retrieval.answer(q)
    else:
        context["popular"] = FAQ.objects.filter(live=True).order_by("question")[:12]
    return render(request, "qa/ask.html", context)


@never_cache
@require_GET
def ask_json(request):
    result = retrieval.answer(_param(request, "q"))
    data = result.as_json()
    if result.kind == "none":
        data["contact"] = contact(request)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def suggest_json(request):
    items = retrieval.suggest(_param(request, "q"))
    for item in items:
        item["url"] = f"/qa/faq/{item.pop('id')}/"
    return JsonResponse({"suggestions": items}, json_dumps_params={"ensure_ascii": False})


@require_GET
def faq_detail(request, pk):
    faq = FAQ.objects.filter(pk=pk, live=True).first()
    if faq is None:
        raise Http404("没有找到这个问题")
    related = [r.page for r in faq.related_pages.select_related("page") if r.page.live]
    return render(request, "qa/faq_detail.html", {"faq": faq, "related": related, "now": timezone.now()})


@require_GET
def faq_list(request):
    return render(request, "qa/faq_list.html", {"faqs": FAQ.objects.filter(live=True).order_by("question")})
