"""The public journal and the members' notices, written by one helper, `record()`.

Every restriction (an automatic reject or hold, a jury's removal, a steward's urgent action,
a mute) writes a journal entry with its statement of reasons — what was decided, which
content (a reference, never the removed text), which article, the facts relied on, whether
automated means were used, how it was decided with the vote count, the date and how to
appeal (the fields of the EU Digital Services Act, Art. 17) — and a notice to the member it
affects, in the same transaction as the decision. Flaggers are never named; jurors only if
the community chose so.
"""

from __future__ import annotations

from agora.conversations.models import Comment
from agora.core.clock import now

from ..models import EntryKind, JournalEntry, Notice


def item_kwargs(item) -> dict:
    """`post=` or `comment=`, for the services and `record` that take either."""
    return {"comment": item} if isinstance(item, Comment) else {"post": item}


def record(
    *,
    community,
    kind: str,
    recipient=None,
    case=None,
    post=None,
    comment=None,
    article=None,
    facts: str = "",
    automated: bool = False,
    votes: tuple[int, int] | None = None,
    jury_size: int | None = None,
    jurors: list[str] | None = None,
    appeal_days: int | None = None,
    until=None,
) -> JournalEntry:
    """Write one journal entry and, when someone is affected, their notice."""
    moment = now()
    if comment is not None:
        post_ref, comment_ref = comment.post_id, comment.pk
    else:
        post_ref, comment_ref = (post.pk if post is not None else None), None
    entry = JournalEntry.objects.create(
        community=community,
        kind=kind,
        case=case,
        post_ref=post_ref,
        comment_ref=comment_ref,
        article_number=article.number if article else None,
        article_title=article.title if article else "",
        charter_version=article.charter_version.number if article else None,
        facts=facts[:2000],
        automated=automated,
        keep_votes=votes[0] if votes else None,
        remove_votes=votes[1] if votes else None,
        jury_size=jury_size,
        jurors=jurors or [],
        appeal_days=appeal_days,
        until=until,
        created_at=moment,
    )
    if recipient is not None:
        Notice.objects.create(
            recipient=recipient, community=community, entry=entry, created_at=moment
        )
    return entry


MANDATE_KINDS = {"granted": EntryKind.MANDATE_GRANTED, "ended": EntryKind.MANDATE_ENDED}


def record_mandate(*, mandate, change: str) -> JournalEntry:
    """The journal entry of a mandate granted (with its end date, if any) or ended."""
    return record(
        community=mandate.community,
        kind=MANDATE_KINDS[change],
        facts=f"@{mandate.user.handle} (mandate #{mandate.pk})",
        until=mandate.ends_at if change == "granted" else None,
    )
