from django import template
from django.urls import reverse

from ..listing import list_context

register = template.Library()


@register.simple_tag
def comments_for(page):
    """The comment area's context for the article HTML (the same for every visitor)."""
    context = list_context(page, 1)
    context["comments_open"] = getattr(page, "comments_open", False)
    context["post_url"] = reverse("comments:post", args=[page.pk])
    context["state_url"] = reverse("comments:state", args=[page.pk])
    return context
