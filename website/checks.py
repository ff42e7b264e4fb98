"""Deploy checks for settings whose wrong value fails quietly.

TRUSTED_PROXY_COUNT=0 behind nginx makes every visitor one address (127.0.0.1): five wrong
passwords lock every editor out, the sixth citizen's comment is refused and stored comment
addresses are useless to the authorities. `check --deploy` says so; at run time the first request
that arrives through a proxy while it is 0 logs a warning (website.ratelimit.client_ip).
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
