"""作品征集: the public form for sending in a work. Never cached (it carries a captcha and the
visitor's own input), rate-limited per address, answered in Chinese."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from website.params import int_in_range
from website.ratelimit import hit

from . import held, uploads
from .forms import WorkSubmissionForm
from .models import PlaceNameColumnPage, PlaceStoryPage
from .submission import save_submission
from .uploadhandler import FileSizeLimitHandler

logger = logging.getLogger(__name__)
SENT_MESSAGE = "作品已提交，审核通过后展示"
KEEP_FIELDS = ("title", "kind", "story", "place_name", "description", "author_name", "phone", "consent")


def hard_upload_limit():
    return max(uploads.image_max_bytes(), uploads.video_max_bytes())


@csrf_exempt
@never_cache
def submit_work(request):
    # Upload handlers must be changed before anything reads request.POST, hence csrf_exempt here
    # and csrf_protect on the inner view (Django's documented pattern).
    if request.method == "POST":
        request.upload_handlers.insert(0, FileSizeLimitHandler(request, hard_upload_limit()))
    return _submit_work(request)


@csrf_protect
def _submit_work(request):
    column = PlaceNameColumnPage.objects.live().first()
    if column is None:
        raise Http404("栏目不存在")
    context = {"column": column, "breadcrumb": list(column.get_ancestors().filter(depth__gt=1).specific()) + [column]}
    status = 200
    if request.method == "POST":
        limit, window = getattr(settings, "WORKS_RATE_LIMIT", (5, 600))
        if hit("works", request, limit, window):
            initial = {k: request.POST.get(k) for k in KEEP_FIELDS if request.POST.get(k)}
            context.update(form=WorkSubmissionForm(column=column, initial=initial), rate_limited=True)
            context["rate_limit_message"] = (
                f"提交过于频繁：同一网络 {window // 60} 分钟内最多提交 {limit} 次，请稍后再试。"
            )
            return TemplateResponse(request, "placenames/work_submit.html", context, status=429)
        files, held_upload = request.FILES, None  # reading the body first sets upload_too_large
        too_large = getattr(request, "upload_too_large", False)
        token = request.POST.get("held_file", "")
        if "file" not in request.FILES and not too_large and token:
            # The file kept from the last try (placenames.held): checked again like a new upload.
            held_upload = held.take(token)
            if held_upload is not None:
                files = MultiValueDict({"file": [held_upload]})
        form = WorkSubmissionForm(request.POST, files, column=column, upload_too_large=too_large)
        if form.is_valid():
            try:
                save_submission(form.cleaned_data, form.checked)
            except (DatabaseError, OSError):
                logger.exception("saving a submitted work failed")
                form.add_error(None, "保存作品时出现问题，作品未保存。请稍后重新提交。")
                status = 503
            else:
                held.discard(token)
                return redirect(f"{request.path}?sent=1")
        upload = form.cleaned_data.get("file") if "file" not in form.errors else None
        if upload is not None and held_upload is None:
            held.discard(token)  # a newly chosen file replaces the kept one
            try:
                token = held.hold(upload)
            except OSError:
                logger.exception("keeping an upload for the next try failed")
                token = ""
        elif upload is None:
            held.discard(token)
            token = ""
        if token and upload is not None:
            context.update(held_token=token, held_filename=held.filename(token))
        else:
            # Browsers never refill a file input: say so whenever the form comes back, next to the field.
            context["file_needs_reselect"] = True
            context["captcha_failed"] = "captcha" in form.errors
    else:
        initial = {}
        story_id = int_in_range(request.GET.get("story", ""))  # anything else is ignored
        if story_id is not None:
            story = PlaceStoryPage.objects.live().filter(pk=story_id).first()
            if story is not None:
                initial["story"] = story.pk
        form = WorkSubmissionForm(column=column, initial=initial)
        context["sent"] = request.GET.get("sent") == "1"
    context.update(
        form=form,
        sent_message=SENT_MESSAGE,
        image_max_mb=uploads.image_max_bytes() // uploads.MB,
        video_max_mb=uploads.video_max_bytes() // uploads.MB,
    )
    return TemplateResponse(request, "placenames/work_submit.html", context, status=status)
