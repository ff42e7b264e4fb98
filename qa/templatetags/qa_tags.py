from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def qa_contact(context):
    """12345, the bureau's phone and the message link (site-wide, the same for every visitor)."""
    from qa.views import contact

    request = context.get("request")
    if request is None:
        return {"hotline": "12345", "phone": "", "message_url": ""}
    return contact(request)
