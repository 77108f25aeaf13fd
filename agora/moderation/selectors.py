"""Reads for moderation; the ones that answer "may this person see it?" enforce it."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from agora.communities.selectors import is_steward
from agora.conversations.models import Attachment, Comment
from agora.core import per_community
from agora.core.clock import now
from agora.core.errors import NotFound
from agora.core.pagination import Page, keyset_page

from .models import (
    Case,
    CaseState,
    Flag,
    JournalEntry,
    Juror,
    ModerationSettings,
    Mute,
    Notice,
    Vote,
)


def settings_of(community) -> ModerationSettings:
    """The community's moderation settings; the defaults when none were saved (no write)."""
    return per_community.settings_of(ModerationSettings, community)


def active_mute(user, community) -> Mute | None:
    """The mute in force for this member now, if any (read on every contribution)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Mute.objects.filter(community=community, user=user, ends_at__gt=now())
        .order_by("-ends_at")
        .first()
    )


def open_case_for(*, post=None, comment=None, attachment=None) -> Case | None:
    """The open case on an item (its text), or on one of its images (`attachment`)."""
    if attachment is not None:
        return Case.objects.filter(state=CaseState.OPEN, attachment=attachment).first()
    filters = {"comment": comment} if comment is not None else {"post": post}
    return Case.objects.filter(state=CaseState.OPEN, attachment__isnull=True, **filters).first()


def case_in(community, case_id) -> Case:
    case = (
        Case.objects.filter(community=community, pk=case_id)
        .select_related("article", "article__charter_version", "post", "comment", "author")
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def seat_of(user, case) -> Juror | None:
    """The user's current seat on this case's jury (not released), if any."""
    if user is None or not user.is_authenticated:
        return None
    return Juror.objects.filter(case=case, user=user, released_at__isnull=True).first()


def cases_for_juror(user, community):
    """Open cases where this member sits on the jury, oldest deadline first."""
    return (
        Case.objects.filter(
            community=community,
            state=CaseState.OPEN,
            jurors__user=user,
            jurors__released_at__isnull=True,
        )
        .select_related("article")
        .order_by("deadline")
    )


def open_seats_count(user) -> int:
    """Juries this member sits on that still wait for their vote."""
    return (
        Juror.objects.filter(user=user, released_at__isnull=True, case__state=CaseState.OPEN)
        .exclude(case__votes__juror=user)
        .count()
    )


def badge_counts(user) -> dict[str, int]:
    """Open jury seats waiting for the user's vote, and unread notices, in one query.

    Every page a member opens asks for these (the header's badges): plain SQL, because
    building the same question with the ORM took longer than the rest of a simple page.
    """
    juror, case, vote, notice = (model._meta.db_table for model in (Juror, Case, Vote, Notice))
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {juror} j JOIN {case} c ON c.id = j.case_id "  # noqa: S608
        f"WHERE j.user_id = %s AND j.released_at IS NULL AND c.state = %s "
        f"AND NOT EXISTS (SELECT 1 FROM {vote} v WHERE v.case_id = j.case_id "
        f"AND v.juror_id = %s)), "
        f"(SELECT COUNT(*) FROM {notice} n WHERE n.recipient_id = %s AND n.read_at IS NULL)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, CaseState.OPEN, user.pk, user.pk])
        seats, unread = cursor.fetchone()
    return {"seats": seats, "unread": unread}


def my_open_seats(user):
    return (
        Case.objects.filter(
            state=CaseState.OPEN, jurors__user=user, jurors__released_at__isnull=True
        )
        .exclude(votes__juror=user)
        .select_related("community")
        .order_by("deadline")
    )


def stewards_queue(community):
    """Open cases (held content first) oldest first, so nothing waits unseen."""
    return (
        Case.objects.filter(community=community, state=CaseState.OPEN)
        .select_related("article", "author", "post", "comment")
        .order_by("-waiting_for_jurors", "opened_at")
    )


def journal_page(community, cursor: str | None = None) -> Page:
    """The community's public journal, newest first."""
    return keyset_page(JournalEntry.objects.filter(community=community), cursor)


def notices_page(user, cursor: str | None = None) -> Page:
    """The member's own notices (statements of reasons), newest first."""
    notices = Notice.objects.filter(recipient=user).select_related("community", "entry")
    return keyset_page(notices, cursor)


def vote_of(user, case) -> Vote | None:
    """This person's vote on the case, if they cast one."""
    if user is None or not user.is_authenticated:
        return None
    return Vote.objects.filter(case=case, juror=user).first()


def flags_of(case):
    """The flags that opened (or joined) a case, oldest first, with their article; for its
    jurors, stewards and author, never naming the flaggers on the page."""
    return Flag.objects.filter(case=case).select_related("article").order_by("created_at")


def removals_of(user, community, since) -> int:
    """Removals decided against this member's content since a moment (mutes count them)."""
    return (
        Case.objects.filter(
            community=community,
            author=user,
            state=CaseState.DECIDED,
            decision="remove",
            decided_at__gte=since,
            appeal_of__isnull=True,
        )
        .filter(Q(appeal__isnull=True) | Q(appeal__decision="remove"))
        .count()
    )


RULE_TEST_POSTS = 500


def test_rules(community, *, terms: list[str], patterns: list[str], sample: str = ""):
    """What a rule set would catch: in a sample text, and among the community's last 500
    posts (how many, and which). Raises RuleError for a pattern RE2 cannot use."""
    from agora.conversations.models import Post
    from agora.rules import Matcher

    matcher = Matcher(terms, patterns)
    sample_matches = matcher.find(sample) if sample else []
    recent = (
        Post.objects.filter(community=community, deleted_at__isnull=True)
        .only("pk", "title", "body", "created_at", "community_id")
        .order_by("-created_at", "-pk")[:RULE_TEST_POSTS]
    )
    recent = list(recent)
    caught = []
    for post in recent:
        found = matcher.find(f"{post.title}\n{post.body}" if post.title else post.body)
        if found:
            caught.append((post, found))
    return {
        "sample": sample,
        "sample_matches": sample_matches,
        "checked": len(recent),
        "caught": caught,
    }


def case_images(case) -> list:
    """The images a case is about: its one image, or every image of its item, hidden ones
    too (the jurors judge what others may not see)."""
    if case.attachment_id is not None:
        attachments = Attachment.objects.filter(pk=case.attachment_id)
    elif case.comment_id is not None:
        attachments = Attachment.objects.filter(comment_id=case.comment_id)
    else:
        attachments = Attachment.objects.filter(post_id=case.post_id, comment__isnull=True)
    return list(attachments.select_related("image").order_by("position"))


def item_images(item) -> list:
    """The images a post or comment shows (for the flag and urgent-action pages)."""
    if isinstance(item, Comment):
        attachments = Attachment.objects.filter(comment=item)
    else:
        attachments = Attachment.objects.filter(post=item, comment__isnull=True)
    return list(attachments.filter(hidden_at__isnull=True).select_related("image"))


def reviews_image(user, image) -> bool:
    """May this person see an image withheld from others? The community's stewards, and
    the seated jurors of any case on its item or on the image itself."""
    attachment = Attachment.objects.filter(image=image).select_related("post__community").first()
    if attachment is None:
        return False
    if is_steward(user, attachment.post.community):
        return True
    if attachment.comment_id is not None:
        about = Q(comment_id=attachment.comment_id, attachment__isnull=True)
    else:
        about = Q(post_id=attachment.post_id, attachment__isnull=True)
    cases = Case.objects.filter(about | Q(attachment=attachment))
    return Juror.objects.filter(case__in=cases, user=user, released_at__isnull=True).exists()


def attachment_in(post, attachment_id):
    """One image of a post (or of its comments)."""
    attachment = (
        Attachment.objects.filter(post=post, pk=attachment_id).select_related("image").first()
    )
    if attachment is None:
        raise NotFound()
    return attachment
