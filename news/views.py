"""Per-visitor endpoints of the news pages, kept out of the cached page HTML."""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from website import ratelimit
from website.params import MAX_ID

from .models import ArticlePage
from .viewcount import current_views, is_bot, record_view

REPEAT_COOKIE = "xcmz_seen"


def _seen_ids(request):
    raw = request.COOKIES.get(REPEAT_COOKIE, "")
    return [part for part in raw.split(".") if part.isdigit()][-30:]


@csrf_exempt  # a counter with no side effect beyond +1; the page that sends it may be cached
@never_cache
@require_http_methods(["GET", "POST"])
def page_views(request, page_id):
    """POST counts one view of a live article and returns the total; GET only reads it. Only
    articles are counted (never the tree root, the home page or a column), and an address
    counts at most VIEW_COUNT_RATE_LIMIT views per window; beyond that it only reads."""
    # An id beyond the database's integer (99999999999999999999) used to be a 500 in the lookup.
    if page_id > MAX_ID or not ArticlePage.objects.live().public().filter(pk=page_id, depth__gt=1).exists():
        return JsonResponse({"error": "页面不存在或未发布"}, status=404)
    seen = _seen_ids(request)
    counted = False
    limit, window = settings.VIEW_COUNT_RATE_LIMIT
    if (
        request.method == "POST"
        and str(page_id) not in seen
        and not is_bot(request.headers.get("User-Agent", ""))
        and not ratelimit.hit("page-views", request, limit, window)
    ):
        total = record_view(page_id)
        counted = True
    else:
        total = current_views(page_id)
    response = JsonResponse({"count": total, "counted": counted})
    if counted:
        response.set_cookie(
            REPEAT_COOKIE,
            ".".join(seen + [str(page_id)]),
            max_age=settings.VIEW_COUNT_REPEAT_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
