from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from .admin_views import WorkViewSet
from .moderation import APPROVE, REJECT, SUBMIT

register_snippet(WorkViewSet)


@hooks.register("register_log_actions")
def register_work_actions(actions):
    actions.register_action(SUBMIT, "作品投稿", "市民提交了作品，等待审核")

    @actions.register_action(APPROVE)
    class Approved(LogFormatter):
        label = "作品审核通过"

        def format_message(self, log_entry):
            story = (log_entry.data or {}).get("story")
            return f"作品审核通过并公开展示（关联故事：{story}）" if story else "作品审核通过并公开展示"

    @actions.register_action(REJECT)
    class Rejected(LogFormatter):
        label = "作品未通过审核"

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason", "")
            return f"作品未通过审核：{reason}" if reason else "作品未通过审核"
