"""Signals of communities, for the apps above it that must hear of its acts without
communities knowing them (the dependency direction runs the other way)."""

from django.dispatch import Signal

# A stewardship mandate was granted or ended. Sent inside the transaction that changed it,
# with `mandate` and `change` ("granted" or "ended"): a receiver's writes (the public
# journal, `moderation.receivers`) commit or roll back with the change itself.
mandate_changed = Signal()
