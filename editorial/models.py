"""The editor-kept list of wrong expressions, the editorial permissions and the 三审三校 review step."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
from wagtail.admin.panels import FieldPanel
from wagtail.models import GroupApprovalTask, TaskState
from wagtail.snippets.models import register_snippet


@register_snippet
class WrongExpression(models.Model):
    """规范用语: a wrong form editors often write, and the correct form to use instead."""

    wrong = models.CharField("错误写法", max_length=100, unique=True)
    correct = models.CharField("正确写法", max_length=200)
    note = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)

    panels = [FieldPanel("wrong"), FieldPanel("correct"), FieldPanel("note"), FieldPanel("active")]

    class Meta:
        verbose_name = "规范用语"
        verbose_name_plural = "规范用语"
        ordering = ["wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.correct}"


class EditorialPermission(models.Model):
    """Holds permissions that belong to no table: who may change 发布时间, who may read statistics."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = "编辑权限"
        permissions = [
            ("change_publish_date", "可修改发布时间"),
            ("view_statistics", "可查看阅读统计"),
        ]


class ReviewTask(GroupApprovalTask):
    """One step of 三审三校 (初审, 复审, 终审): a group approval with separation of duties.

    Whoever submitted the page, and whoever already approved another step of the same round of
    review, is offered no 通过 (approve) for this step, and an approval they post anyway is refused.
    They keep 请求修改 (reject). Superusers are bound too; they can still publish directly.
    """

    class Meta:
        verbose_name = "三审三校审核步骤"
        verbose_name_plural = "三审三校审核步骤"

    def excluded_reason(self, obj, user):
        """Why `user` may not approve this step of `obj`'s current review, or None."""
        state = getattr(obj, "current_workflow_state", None)
        if state is None or not user.is_authenticated:
            return None
        if state.requested_by_id == user.pk:
            return f"您是本稿件的提交人，不能审核自己提交的稿件（{self.name}）。"
        first = state.task_states.order_by("pk").select_related("revision").first()
        if first is not None and first.revision.user_id == user.pk and self.pk == first.task_id:
            return f"您是本稿件的作者，不能审核自己撰写的稿件（{self.name}）。"
        earlier = (
            state.task_states.filter(status=TaskState.STATUS_APPROVED, finished_by=user)
            .exclude(task_id=self.pk)
            .select_related("task")
            .first()
        )
        if earlier is not None:
            return f"您已通过本稿件的{earlier.task.name}，同一人不能审核两个环节（{self.name}）。"
        return None

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self.excluded_reason(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            reason = self.excluded_reason(task_state.workflow_state.content_object, user)
            if reason:
                raise PermissionDenied(reason)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        approved_elsewhere = TaskState.objects.filter(
            workflow_state=OuterRef("workflow_state"), status=TaskState.STATUS_APPROVED, finished_by=user
        ).exclude(task_id=self.pk)
        return states.exclude(workflow_state__requested_by=user).exclude(Exists(approved_elsewhere))
