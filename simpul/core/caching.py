"""The cache as a shortcut, never as a dependency.

Nothing kept in the cache is the only copy of anything, so a cache server that is down or
unreachable (Redis restarted, a network split between machines) must cost a re-render, not
the page: `cached()` logs the failure and builds the value as if the cache were empty.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

logger = logging.getLogger(__name__)

T = TypeVar("T")


def cached(key: str, build: Callable[[], T], timeout: int) -> T:
    """The value under `key`, built and stored when missing or when the cache fails."""
    try:
        value = cache.get(key)
    except Exception:  # any backend error: the cache is only a shortcut
        logger.warning("cache tidak dapat dibaca; halaman dirender tanpa cache", exc_info=True)
        return build()
    if value is not None:
        return value
    value = build()
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("cache tidak dapat ditulis; halaman tetap dikirim", exc_info=True)
    return value
