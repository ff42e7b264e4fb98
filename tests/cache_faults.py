"""Caches that are down or hung, met with the production cache settings (issues 12.2, 12.8)."""

import contextlib
import socket
import threading

from django.test import override_settings

OPTIONS = {
    "CLIENT_CLASS": "website.cache_breaker.BreakerClient",
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
}


def _redis_caches(url):
    return {
        alias: {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "OPTIONS": OPTIONS}
        for alias in ("default", "renditions")
    }


@contextlib.contextmanager
def cache_down():
    """Production cache settings pointed at a port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with override_settings(CACHES=_redis_caches(f"redis://127.0.0.1:{port}/0")):
        yield


@contextlib.contextmanager
def cache_hung():
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        with override_settings(CACHES=_redis_caches(f"redis://127.0.0.1:{server.getsockname()[1]}/0")):
            yield
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()
