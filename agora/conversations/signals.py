"""Signals of conversations, for the apps above it that act on what happens here without
conversations knowing them (the dependency direction runs the other way)."""

from django.dispatch import Signal

# Members were notified (a reply, a mention, an accepted answer). Sent inside the
# transaction that notified them, with `recipients` (users), `kind`, `actor`, `community`,
# `post` and `comment` (or None): the e-mail they asked for (`notify`) is queued with it.
notified = Signal()
