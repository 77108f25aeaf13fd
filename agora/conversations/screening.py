"""Screening of new and edited contributions, before they are stored.

Conversations must not know moderation (the dependency direction runs the other way), so
moderation registers its screen here at start-up (`ModerationConfig.ready`). A screen either
raises an `AgoraError` (a rule that rejects the text, a muted member) or returns a
`Screening`: whether to hold the item out of sight, and what to do once it is saved (open a
case, record the hold), in the same transaction as the item.

Screens run outside the item's transaction so that a rejection can still be recorded (the
member's notice and the journal entry) although nothing else is written.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Screening:
    hold: bool = False
    after_save: Callable[[object], None] | None = None  # called with the saved post or comment


_screens: list[Callable[..., Screening | None]] = []


def register(screen: Callable[..., Screening | None]) -> None:
    if screen not in _screens:
        _screens.append(screen)


def screen(*, community, author, text: str, post=None, comment=None, images=()) -> list[Screening]:
    """Ask every registered screen about a text and its images (`media.Image` rows);
    `post`/`comment` is the item being edited."""
    results = []
    for run in _screens:
        result = run(
            community=community,
            author=author,
            text=text,
            post=post,
            comment=comment,
            images=list(images),
        )
        if result is not None:
            results.append(result)
    return results


def holds(screenings: list[Screening]) -> bool:
    return any(s.hold for s in screenings)


def after_save(screenings: list[Screening], item) -> None:
    for screening in screenings:
        if screening.after_save is not None:
            screening.after_save(item)


_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "screening_shared", default=None
)


@contextlib.contextmanager
def shared_lookups():
    """Within this block, screens may reuse what they looked up for the same author and
    community (a mute, the current charter, the membership): scheduled publishing screens a
    batch of one author's statuses in one transaction, where none of these can change."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def memo(key, load):
    """`load()`, or its value from earlier in the same `shared_lookups()` block."""
    shared = _shared.get()
    if shared is None:
        return load()
    if key not in shared:
        shared[key] = load()
    return shared[key]
