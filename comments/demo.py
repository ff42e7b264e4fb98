"""Demo comments for `load_demo`: a few approved comments (one with the bureau's reply) and one
waiting for moderation, on the low-income standard article. Idempotent: found again by text."""

import datetime

from django.utils import timezone

from .models import Comment

ARTICLE_SLUG = "dibao-standard-raised-2026"

# (nickname, text, hours ago, status, official reply)
COMMENTS = [
    (
        "宣州区居民",
        "标准又提高了，家里老人每个月能多拿几十块钱，感谢民政部门！",
        30,
        Comment.Status.APPROVED,
        "",
    ),
    (
        "",
        "请问在外地打工的，低保申请能不能在网上办？需要本人回户籍地吗？",
        20,
        Comment.Status.APPROVED,
        "您好！可以通过“皖事通”线上提交申请，由户籍所在地乡镇（街道）受理审核，一般不需要本人往返。"
        "如有疑问，可拨打当地民政部门电话咨询。",
    ),
    ("郎溪老周", "渐退期的政策很好，找到工作也不用担心马上断了保障。", 8, Comment.Status.APPROVED, ""),
    ("", "希望补发的钱能早点到账。", 2, Comment.Status.PENDING, ""),
]


def load(home, stdout):
    from news.models import ArticlePage

    article = ArticlePage.objects.filter(slug=ARTICLE_SLUG).first()
    if article is None:
        stdout.write("评论：未找到演示文章，跳过")
        return
    now = timezone.now()
    created = 0
    for nickname, text, hours_ago, status, reply in COMMENTS:
        if Comment.objects.filter(page=article, text=text).exists():
            continue
        when = now - datetime.timedelta(hours=hours_ago)
        Comment.objects.create(
            page=article,
            text=text,
            nickname=nickname,
            status=status,
            created_at=when,
            moderated_at=when + datetime.timedelta(hours=1) if status == Comment.Status.APPROVED else None,
            reply=reply,
            reply_at=when + datetime.timedelta(hours=2) if reply else None,
        )
        created += 1
    stdout.write(f"评论：新建 {created} 条演示评论")
