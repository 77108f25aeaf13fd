"""The one place Agora asks the time, so tests can move it (`agora.testing` `clock` fixture)."""

from datetime import timedelta

from django.utils import timezone

_offset = timedelta(0)


def now():
    return timezone.now() + _offset


def advance(delta: timedelta) -> None:
    """Move Agora's clock forward (tests and demo data only; production never calls it)."""
    global _offset
    _offset += delta


def reset() -> None:
    global _offset
    _offset = timedelta(0)
