"""Issue 12.8: with Redis dead or hung a page costs no more than without a cache: one short timeout
per breaker period, one warning, no tracebacks."""

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from tests.cache_faults import cache_down, cache_hung
from website import cache_breaker

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fault", [cache_down, cache_hung], ids=["down", "hung"])
def test_a_failed_cache_is_skipped_after_the_first_timeout(fault, caplog):
    caplog.set_level(logging.WARNING)
    with fault():
        started = time.monotonic()
        for i in range(40):
            assert cache.get(f"k{i}") is None
            cache.set(f"k{i}", i)
        elapsed = time.monotonic() - started
    # Without the breaker: 80 calls × 0.5 s socket timeout when hung.
    assert elapsed < 2.0, elapsed
    warnings = [r for r in caplog.records if r.name == "website.cache"]
    assert len(warnings) == 1 and "not used for" in warnings[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)


def test_pages_stay_fast_with_a_hung_cache(article, caplog):
    with override_settings(PAGE_CACHE_ENABLED=True), cache_hung():
        Client().get(article.url)  # the one call that waits for the timeout
        started = time.monotonic()
        for _ in range(5):
            assert Client().get(article.url).status_code == 200
        elapsed = time.monotonic() - started
    assert elapsed < 5 * 0.5, elapsed  # each view would wait ≥ 0.5 s per cache call without it


def test_the_breaker_closes_again(monkeypatch):
    monkeypatch.setattr(cache_breaker, "BREAK_SECONDS", 0.2)
    cache_breaker.trip("srv", "ConnectionError")
    assert cache_breaker.is_open("srv")
    time.sleep(0.3)
    assert not cache_breaker.is_open("srv")
