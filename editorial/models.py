"""The editor-kept list of wrong expressions and the editorial permissions."""

from django.db import models
from wagtail.admin.panels import FieldPanel
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
