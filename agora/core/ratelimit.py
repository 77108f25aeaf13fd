"""Fixed-window rate limits counted in the cache.

With Redis (REDIS_URL) the count is shared by every process; with the embedded local-memory
cache each process counts on its own, so a limit of N is N per web worker (README says so).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from .errors import TooManyRequests


def _limit(scope: str) -> tuple[int, int]:
    count, seconds = settings.AGORA_RATE_LIMITS[scope].split("/")
    return int(count), int(seconds)


def _key(scope: str, key: str) -> str:
    digest = hashlib.sha256(key.lower().encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


def hit(scope: str, key: str) -> int:
    """Count one attempt and return how many the window holds now (atomic increment)."""
    _count, seconds = _limit(scope)
    cache_key = _key(scope, key)
    cache.add(cache_key, 0, timeout=seconds)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        return 1


def is_exceeded(scope: str, key: str) -> bool:
    count, _seconds = _limit(scope)
    return (cache.get(_key(scope, key)) or 0) >= count


def check_and_hit(scope: str, *keys: str, message=None) -> None:
    """Raise TooManyRequests when any key is already at its limit; else count one attempt."""
    if any(is_exceeded(scope, key) for key in keys if key):
        raise TooManyRequests(message)
    for key in keys:
        if key:
            hit(scope, key)


def reset(scope: str, key: str) -> None:
    cache.delete(_key(scope, key))


def client_ip(request) -> str:
    """The client's address as this server sees it (a proxy must set REMOTE_ADDR right)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
