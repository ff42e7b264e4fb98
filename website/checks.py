"""Deploy checks for settings whose wrong value fails quietly.

TRUSTED_PROXY_COUNT=0 behind nginx makes every visitor one address (127.0.0.1): five wrong
passwords lock every editor out, the sixth citizen's comment is refused and stored comment
addresses are useless to the authorities. `check --deploy` says so; at run time the first request
that arrives through a proxy while it is 0 logs a warning (website.ratelimit.client_ip).

Without EMAIL_HOST, production drops Wagtail's review notifications and password-reset mail
(website.settings.production); reviewers then learn of a submission only from the dashboard.
"""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def trusted_proxy_count(app_configs, **kwargs):
    if getattr(settings, "TRUSTED_PROXY_COUNT", 0) > 0:
        return []
    return [
        Warning(
            "TRUSTED_PROXY_COUNT 为 0：在 nginx 之后所有访问者都会被当成同一个地址"
            "（登录锁定、留言限流和留言 IP 记录都会出错）。",
            hint="部署在 nginx 之后时设置 TRUSTED_PROXY_COUNT=1（每多一层代理加 1）。",
            id="website.W001",
        )
    ]


@register(deploy=True)
def mail_server(app_configs, **kwargs):
    if getattr(settings, "EMAIL_BACKEND", "").endswith("dummy.EmailBackend"):
        return [
            Warning(
                "未设置 EMAIL_HOST：三审三校的待审通知和找回密码邮件不会发出。",
                hint="设置 EMAIL_HOST（以及 EMAIL_PORT、EMAIL_HOST_USER、EMAIL_HOST_PASSWORD、EMAIL_USE_TLS 或 "
                "EMAIL_USE_SSL、DEFAULT_FROM_EMAIL）为单位的邮件服务器。",
                id="website.W002",
            )
        ]
    return []
