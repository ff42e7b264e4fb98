"""Answer time of 智能问答 and site search at 10,000 and 100,000 synthetic articles.

    .venv/bin/python bench/qa_speed.py [--sizes 10000,100000]

Articles are made from sentences of the demo content shuffled with place names and numbers, and
bulk-inserted straight into the qa index (bench/_work/speed.sqlite3, or BENCH_DATABASE_URL).
Reports median and p95 time of retrieval.answer() and of the search engine, against two
references measured in the same run (segmenting the query, and a plain dict lookup), plus memory.
Writes its section of bench/RESULTS.md.
"""

import argparse
import os
import random
import re
import resource
import statistics
import time
import tracemalloc

from common import WORK, setup_django, stamp, update_section

parser = argparse.ArgumentParser()
parser.add_argument("--sizes", default="10000,100000")
parser.add_argument("--reuse", action="store_true", help="measure the index already built (one size)")
args = parser.parse_args()
sizes = [int(s) for s in args.sizes.split(",")]

setup_django("speed.sqlite3")

from django.db import connection, transaction  # noqa: E402

from news.demo.articles import ARTICLES  # noqa: E402
from qa import engine, indexer, retrieval  # noqa: E402
from qa.demo import FAQS  # noqa: E402
from qa.models import Posting, SearchDocument, Term  # noqa: E402
from qa.segment import get_lexicon  # noqa: E402
from tests.qa.questions import QUESTIONS  # noqa: E402

rng = random.Random(20260701)
PLACES = ["宣州区", "郎溪县", "广德市", "宁国市", "泾县", "绩溪县", "旌德县", "水阳镇", "云岭镇", "敬亭山"]
sentences = []
for entry in ARTICLES:
    for paragraph in [entry["title"], entry["summary"], *entry["paragraphs"]]:
        sentences += [s for s in re.split(r"(?<=[。；！？])", paragraph) if len(s) > 6]
for _, _alternatives, paragraphs, _, _ in FAQS:
    sentences += [s for p in paragraphs for s in re.split(r"(?<=[。；！？])", p) if len(s) > 6]


def synthetic(n):
    place = rng.choice(PLACES)
    title = f"{place}{rng.choice(sentences)[:18].rstrip('，。；')}"
    body = "\n".join(
        f"{rng.choice(PLACES)}{rng.choice(sentences)}{rng.randint(2, 999)}户。" for _ in range(rng.randint(3, 6))
    )
    return title, body


def clear_index():
    with transaction.atomic():
        Posting.objects.all().delete()
        SearchDocument.objects.all().delete()
        Term.objects.all().delete()


def add_articles(start, count):
    """Bulk insert documents and postings, then recount document frequencies."""
    batch = 2000
    for offset in range(start, start + count, batch):
        n = min(batch, start + count - offset)
        texts = [synthetic(i) for i in range(n)]
        with transaction.atomic():
            docs = SearchDocument.objects.bulk_create(
                [
                    SearchDocument(
                        key=f"page:{offset + i + 1_000_000}",
                        kind="page",
                        object_id=offset + i + 1_000_000,
                        title=title,
                        url=f"/bench/{offset + i}/",
                        text=body,
                        length=len(body),
                        year=2026,
                    )
                    for i, (title, body) in enumerate(texts)
                ]
            )
            rows = []
            for doc, (title, body) in zip(docs, texts, strict=True):
                for term, (weight, positions) in indexer.build_postings(title, body).items():
                    rows.append((term, doc.pk, weight, positions))
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO qa_posting (term, document_id, weight, positions) VALUES (%s, %s, %s, %s)", rows
                )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM qa_term")
        cursor.execute("INSERT INTO qa_term (term, df) SELECT term, COUNT(*) FROM qa_posting GROUP BY term")
    indexer._doc_count["at"] = 0.0


QUERIES = [q for q, _ in QUESTIONS] + [
    "低保",
    "最低生活保障",
    "生活保障",
    "特困",
    "低保 标准",
    "云岭",
    "婚姻登记",
    "养老服务补贴",
]


def timed(fn, rounds=3):
    """(median, p95) of wall-clock ms, then (median, p95) of CPU ms (fair on a busy machine)."""
    wall, cpu = [], []
    for _ in range(rounds):
        for q in QUERIES:
            t, c = time.perf_counter(), time.process_time()
            fn(q)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    wall.sort()
    cpu.sort()
    p95 = int(len(wall) * 0.95) - 1
    return statistics.median(wall), wall[p95], statistics.median(cpu), cpu[p95]


def measure(size):
    lexicon = get_lexicon()
    for q in QUERIES:  # warm caches and the lexicon
        retrieval.answer(q, record=False)
    lookup = {w: i for i, w in enumerate(sentences)}
    ref_dict = timed(lambda q: lookup.get(q))
    ref_segment = timed(lambda q: lexicon.clauses(q))
    tracemalloc.start()
    answer = timed(lambda q: retrieval.answer(q, record=False))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    search = timed(lambda q: engine.run(engine.parse(q), mode="and"))
    postings = Posting.objects.count()
    db_size = sum(p.stat().st_size for p in WORK.glob("speed.sqlite3*")) if connection.vendor == "sqlite" else 0
    return {
        "size": size,
        "postings": postings,
        "answer": answer,
        "search": search,
        "segment": ref_segment,
        "dict": ref_dict,
        "peak_kb": peak / 1024,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_mb": db_size / 1024 / 1024,
    }


results, built = [], 0
if args.reuse:
    built = SearchDocument.objects.count()
else:
    clear_index()
for size in sizes:
    started = time.perf_counter()
    if size > built:
        add_articles(built, size - built)
        built = size
    print(f"indexed {size} articles in {time.perf_counter() - started:.0f} s", flush=True)
    results.append(measure(size))
    print(results[-1], flush=True)

lines = [
    "## 智能问答 and search speed (bench/qa_speed.py)",
    "",
    f"{len(QUERIES)} queries (the citizen question set plus search keywords) × 3 rounds, one process, SQLite file;",
    "synthetic articles bulk-inserted into the qa index. Times in milliseconds.",
    "",
    "Wall-clock and CPU time are both given: CPU time is what a query costs on an idle core, wall-clock",
    f"includes waiting for the CPU (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end of the run).",
    "",
    "| articles | postings | answer median / p95 (wall) | answer median / p95 (CPU) | search median / p95 (wall) | search median / p95 (CPU) | segment query (ref, CPU) | dict lookup (ref, CPU) | peak Python alloc while answering | max RSS | index DB |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]
for r in results:
    a, s_, g, d = r["answer"], r["search"], r["segment"], r["dict"]
    lines.append(
        f"| {r['size']:,} | {r['postings']:,} | {a[0]:.1f} / {a[1]:.1f} | {a[2]:.1f} / {a[3]:.1f} | {s_[0]:.1f} / {s_[1]:.1f} | "
        f"{s_[2]:.1f} / {s_[3]:.1f} | {g[2]:.3f} | {d[2]:.4f} | {r['peak_kb']:.0f} KB | {r['rss_mb']:.0f} MB | {r['db_mb']:.0f} MB |"
    )
if len(results) >= 2:
    a, b = results[0], results[-1]
    growth = b["size"] / a["size"]
    lines += [
        "",
        f"Corpus ×{growth:.0f}: answer CPU p95 ×{b['answer'][3] / a['answer'][3]:.2f}, "
        f"search CPU p95 ×{b['search'][3] / a['search'][3]:.2f}; answer CPU median = "
        f"{a['answer'][2] / a['segment'][2]:.0f}× / {b['answer'][2] / b['segment'][2]:.0f}× the cost of segmenting the query.",
    ]
report = "\n".join(lines)
print(report)
update_section("qa-speed", report + "\n\n" + stamp())
