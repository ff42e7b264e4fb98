"""A circuit breaker in front of Redis, so a dead or hung cache costs no more than a missing one.

django-redis with IGNORE_EXCEPTIONS turns a failed call into a miss, but every call still waits
for its socket timeout (a hung Redis made pages take 4–47 s: dozens of calls × 0.5 s) and logs a
traceback (76 MB of log a minute). Here the first failure opens the breaker: for BREAK_SECONDS
every call fails at once without touching the network (django-redis then answers its default),
after which one call tries Redis again. One warning per opening, no tracebacks.

Used as django-redis' CLIENT_CLASS (website/settings/base.py).
"""

import logging
import threading
import time

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("website.cache")
BREAK_SECONDS = 15.0
_open_until = {}
_lock = threading.Lock()

GUARDED = (
    "set", "add", "get", "get_many", "set_many", "delete", "delete_many", "delete_pattern", "clear",
    "incr", "decr", "incr_version", "has_key", "touch", "ttl", "expire", "persist", "keys", "iter_keys",
)  # fmt: skip


def is_open(server):
    return _open_until.get(server, 0.0) > time.monotonic()


def trip(server, error):
    with _lock:
        already_open = is_open(server)
        _open_until[server] = time.monotonic() + BREAK_SECONDS
    if not already_open:
        logger.warning("cache unavailable (%s); not used for %d s", error, BREAK_SECONDS)


def _guard(method):
    def guarded(self, *args, **kwargs):
        server = str(self._server)
        if is_open(server):
            raise ConnectionInterrupted(connection=None) from ConnectionError("cache circuit open")
        try:
            return method(self, *args, **kwargs)
        except ConnectionInterrupted as error:
            trip(server, type(error.__cause__).__name__)
            raise

    guarded.__name__ = method.__name__
    guarded.__doc__ = method.__doc__
    return guarded


class BreakerClient(DefaultClient):
    pass


for _name in GUARDED:
    setattr(BreakerClient, _name, _guard(getattr(DefaultClient, _name)))
