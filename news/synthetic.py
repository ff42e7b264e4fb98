"""Realistic synthetic articles for scale tests and benchmarks (`generate_articles`).

Pages are written in bulk straight into Wagtail's tables (one INSERT per batch for the page
rows and one for the article rows) with tree paths computed the way treebeard would, so 100,000
articles take minutes, not hours. They have no revisions: they are benchmark data, not content.
"""

import json
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page

from .models import ArticlePage, NewsIndexPage

COUNTIES = ["宣州区", "郎溪县", "广德市", "宁国市", "泾县", "绩溪县", "旌德县"]
TOPICS = [
    ("最低生活保障", "低保对象", "低保标准"),
    ("特困人员救助供养", "特困供养对象", "基本生活标准"),
    ("临时救助", "困难群众", "救助金"),
    ("养老服务", "高龄老人", "养老服务补贴"),
    ("居家适老化改造", "失能老人", "改造项目"),
    ("未成年人保护", "留守儿童", "关爱服务"),
    ("残疾人两项补贴", "重度残疾人", "护理补贴"),
    ("婚姻登记", "新人", "登记服务"),
    ("地名文化", "老地名", "地名标志"),
    ("社会组织", "社区社会组织", "年度报告"),
    ("慈善事业", "慈善组织", "募捐活动"),
    ("殡葬改革", "群众", "基本殡葬服务"),
]
ACTIONS = ["扎实推进", "全面开展", "持续深化", "召开会议部署", "专项检查", "提质扩面", "完成年度", "集中宣传"]
SENTENCES = [
    "{county}民政局{action}{topic}工作，对辖区{people}逐户走访，核实家庭经济状况。",
    "今年以来，{county}共发放{thing}{money}万元，惠及{people}{n}人。",
    "工作人员深入乡镇（街道）和村（社区），面对面宣传{topic}政策，解答群众关心的问题。",
    "下一步，{county}将继续完善{topic}工作机制，确保政策落实落细。",
    "{county}把{topic}作为民生实事，建立台账、定期调度，推动问题整改到位。",
    "活动现场，工作人员为{people}发放宣传资料{n}份，提供咨询服务。",
]


def _text(rng):
    county = rng.choice(COUNTIES)
    topic, people, thing = rng.choice(TOPICS)
    action = rng.choice(ACTIONS)
    title = f"{county}{action}{topic}工作"
    values = {
        "county": county,
        "topic": topic,
        "people": people,
        "thing": thing,
        "action": action,
        "money": rng.randint(10, 900),
        "n": rng.randint(20, 5000),
    }
    paragraphs = ["".join(s.format(**values) for s in rng.sample(SENTENCES, 3)) for _ in range(rng.randint(2, 4))]
    return title, paragraphs


def _insert_article_rows(pages, values):
    """INSERT the ArticlePage rows of `pages` in one statement; fields not given take their default,
    so new fields on ArticlePage need no change here."""
    fields = [f for f in ArticlePage._meta.local_concrete_fields if f.column != "page_ptr_id"]
    columns = ["page_ptr_id"] + [f.column for f in fields]
    rows = []
    for page, given in zip(pages, values, strict=True):
        row = [page.pk]
        for field in fields:
            value = given[field.attname] if field.attname in given else field.get_default()
            row.append(value if field.attname == "body" else field.get_db_prep_save(value, connection))
        rows.append(row)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        ArticlePage._meta.db_table, ", ".join(columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def leaf_columns():
    return [c for c in NewsIndexPage.objects.order_by("path") if not c.get_children().type(NewsIndexPage).exists()]


def generate(count, columns=None, batch_size=2000, seed=1, progress=None):
    """Create `count` published articles spread over `columns` (default: every leaf column)."""
    rng = random.Random(seed)
    columns = columns or leaf_columns()
    if not columns:
        raise ValueError("没有可用的栏目，请先运行 load_demo")
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        with transaction.atomic():
            # Lock-free is fine: generation is a one-off, single-process job.
            parents = {c.pk: Page.objects.get(pk=c.pk) for c in columns}
            pages, extras = [], []
            for i in range(size):
                column = parents[columns[(made + i) % len(columns)].pk]
                column.numchild += 1
                step = column.numchild
                title, paragraphs = _text(rng)
                slug = f"g{uuid.uuid4().hex[:12]}"
                published = now - timezone.timedelta(minutes=rng.randint(1, 60 * 24 * 365 * 5))
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        path=Page._get_path(column.path, column.depth + 1, step),
                        depth=column.depth + 1,
                        numchild=0,
                        url_path=f"{column.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=published,
                        last_published_at=published,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
                body = [{"type": "paragraph", "value": f"<p>{p}</p>", "id": str(uuid.uuid4())} for p in paragraphs]
                extras.append(
                    {
                        "publish_at": published,
                        "source": "市民政局",
                        "summary": paragraphs[0][:120],
                        "body": json.dumps(body, ensure_ascii=False),
                    }
                )
            created = Page.objects.bulk_create(pages)
            _insert_article_rows(created, extras)
            for column in parents.values():
                Page.objects.filter(pk=column.pk).update(numchild=column.numchild)
        made += size
        if progress:
            progress(made, count)
    Page.objects.filter(pk__in=[c.pk for c in columns]).update(numchild=F("numchild"))
    # Fresh statistics after a bulk load: without them PostgreSQL plans a column's "newest 20" as
    # if the column were empty and reads every article of it (1.3 s instead of 1 ms at 100,000).
    with connection.cursor() as cursor:
        for table in ("wagtailcore_page", "news_articlepage"):
            cursor.execute(f"ANALYZE {table}")
    return made
