"""What moderation hears from the apps below it (their signals), connected at start-up."""

from .services import journal


def journal_mandate_change(sender, *, mandate, change, **kwargs) -> None:
    """A stewardship mandate granted or ended (`communities.signals.mandate_changed`) is a
    public act: its journal entry is written in the transaction that changed it."""
    journal.record_mandate(mandate=mandate, change=change)
