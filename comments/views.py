"""Per-visitor comment endpoints, never cached, kept apart from the (cacheable) article HTML.

GET  /comments/<page_id>/          JSON: list fragment, count, CSRF and one-time form tokens.
GET  /comments/<page_id>/post/     full page with the form (no JavaScript) and all comments.
POST /comments/<page_id>/post/     store a comment; JSON for the script, a page otherwise.
POST /comments/report/<id>/        举报 an approved comment.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from website import ratelimit

from . import moderation, posting
from .forms import CommentForm, new_captcha_key, new_form_token
from .listing import commentable_page, list_context
from .models import Comment

NOT_FOUND = "要评论的文章不存在或已撤下。"


def wants_json(request):
    return request.headers.get("X-Requested-With") in ("fetch", "XMLHttpRequest") or (
        "application/json" in request.headers.get("Accept", "")
    )


@never_cache
@require_GET
def comments_state(request, page_id):
    """What the script needs for one page: fresh list and count, and tokens for the form."""
    page = commentable_page(page_id)
    if page is None:
        return JsonResponse({"ok": False, "message": NOT_FOUND}, status=404)
    # The list sent to the script carries CSRF tokens for its 举报 forms (the cached article HTML
    # does not: a token there would be another visitor's).
    context = {**list_context(page, request.GET.get("page", 1)), "report_csrf": True}
    return JsonResponse(
        {
            "ok": True,
            "count": context["comment_count"],
            "html": render_to_string("comments/_list.html", context, request),
            "open": page.comments_open,
            "csrf_token": get_token(request),
            "form_token": new_form_token(page.pk) if page.comments_open else "",
        }
    )


def render_post_page(request, page, form, message="", status=200, submitted=False):
    context = {
        "page": page,
        "article": page,
        "form": form,
        "message": message,
        "submitted": submitted,
        "captcha_key": new_captcha_key() if page.comments_open else "",
        "form_token": new_form_token(page.pk),
        **list_context(page, request.GET.get("page", 1)),
        "report_csrf": True,
    }
    return render(request, "comments/post_page.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def post_comment(request, page_id):
    """The comment form's target. CSRF protection stays on (Django's middleware)."""
    page = commentable_page(page_id)
    if page is None:
        if wants_json(request):
            return JsonResponse({"ok": False, "message": NOT_FOUND}, status=404)
        return render(request, "comments/not_found.html", {"message": NOT_FOUND}, status=404)

    if request.method == "GET":
        submitted = request.GET.get("submitted") == "1"
        return render_post_page(
            request, page, CommentForm(page_id=page.pk), posting.SUBMITTED if submitted else "", submitted=submitted
        )

    if "refresh_captcha" in request.POST and not wants_json(request):
        # 换一张 without JavaScript: the same form again with a new captcha, nothing checked or saved.
        form = CommentForm(request.POST, page_id=page.pk)
        return render_post_page(request, page, form)

    outcome = posting.submit(request, page)
    if wants_json(request):
        data = {"ok": outcome.ok, "message": outcome.message, "errors": outcome.errors}
        if outcome.ok:
            data["form_token"] = new_form_token(page.pk)
        return JsonResponse(data, status=outcome.status)
    if outcome.ok:
        # Post/Redirect/Get: reloading the result page does not post again.
        return redirect(reverse("comments:post", args=[page.pk]) + "?submitted=1#comment-form", permanent=False)
    return render_post_page(request, page, outcome.form, outcome.message, status=outcome.status)


REPORTED = "举报已收到，管理员将尽快核查。感谢您的监督！"
REPORTED_BEFORE = "您已举报过这条评论，管理员将尽快核查。"
REPORT_GONE = "该评论不存在或未公开显示。"


@never_cache
@require_POST
def report_comment(request, comment_id):
    """举报: flag an approved comment for the moderators again."""
    comment = Comment.objects.approved().filter(pk=comment_id).first()
    if comment is None:
        status, message = 404, REPORT_GONE
    else:
        limit, window = settings.COMMENTS_REPORT_RATE_LIMIT
        seen_key = f"comments:reported:{comment.pk}:{ratelimit.client_ip(request)}"
        if cache.get(seen_key):
            status, message = 200, REPORTED_BEFORE
        elif ratelimit.hit("comment-reports", request, limit, window):
            status, message = 429, "举报过于频繁，请稍后再试。"
        else:
            moderation.report(comment)
            cache.set(seen_key, 1, 24 * 3600)
            status, message = 200, REPORTED
    if wants_json(request):
        return JsonResponse({"ok": status == 200, "message": message}, status=status)
    back = comment.page.url if comment is not None else "/"
    return render(request, "comments/report_done.html", {"message": message, "back": back}, status=status)
