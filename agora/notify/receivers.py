"""What notify does when conversations notifies members (`conversations.signals.notified`)."""

from .services import outbox


def queue_for_notified(sender, *, recipients, kind, actor, community, post, comment, **kwargs):
    outbox.queue(
        recipients=recipients, kind=kind, actor=actor, community=community, post=post,
        comment=comment,
    )  # fmt: skip
