"""The inbox: one list of what waits for an answer, oldest first.

Four sources, one query each whatever their size (each capped at `PER_SOURCE` oldest):
questions nobody but their author has answered yet (and without an accepted answer),
posts and comments that mention the community (@its-address), comments on statuses that
ask the community something (not members' replies to one another), and moderation cases
waiting for a steward. An answer by *any* member takes
an item out: the community answers, not only its stewards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agora.conversations.models import Comment, Post
from agora.core.clock import now
from agora.moderation import selectors as moderation_selectors

from . import selectors
from .models import InboxClaim

PER_SOURCE = 200
WINDOW_DAYS = 30
KINDS = {
    "question": _("Question"),
    "mention": _("Mention"),
    "comment": _("Comment asking something"),
    "moderation": _("Moderation"),
}


@dataclass
class Item:
    kind: str
    key: str
    since: datetime
    title: str
    excerpt: str
    url: str
    author: object = None
    claim: InboxClaim | None = None
    overdue: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def kind_label(self):
        return KINDS[self.kind]

    @property
    def waiting(self) -> timedelta:
        return now() - self.since


def _visible(prefix: str = "") -> Q:
    return Q(**{f"{prefix}deleted_at__isnull": True, f"{prefix}moderation_state": "visible"})


def _answered_by_others_post():
    return Exists(
        Comment.objects.filter(post=OuterRef("pk"), deleted_at__isnull=True)
        .filter(moderation_state="visible")
        .exclude(author=OuterRef("author"))
    )


def _replied_by_others_comment():
    return Exists(
        Comment.objects.filter(parent=OuterRef("pk"), deleted_at__isnull=True)
        .filter(moderation_state="visible")
        .exclude(author=OuterRef("author"))
    )


def _post_url(community, post_id, comment_id=None):
    url = reverse("conversations:post", args=[community.slug, post_id])
    return f"{url}#c{comment_id}" if comment_id else url


def _questions(community):
    rows = (
        Post.objects.filter(_visible(), community=community, kind="question")
        .filter(accepted_answer__isnull=True)
        .exclude(_answered_by_others_post())
        .select_related("author")
        .only("id", "title", "body", "created_at", "author__handle", "author__display_name")
        .order_by("created_at")[:PER_SOURCE]
    )
    return [
        Item("question", f"post:{p.pk}", p.created_at, p.title, p.body[:200],
             reverse("workbench:inbox_answer", args=[community.slug, p.pk]), p.author)
        for p in rows
    ]  # fmt: skip


def _mentions(community, since):
    handle = f"@{community.slug}"
    posts = (
        Post.objects.filter(_visible(), community=community, created_at__gte=since)
        .exclude(kind="status")
        .filter(Q(body__icontains=handle) | Q(title__icontains=handle))
        .exclude(_answered_by_others_post())
        .select_related("author")
        .order_by("created_at")[:PER_SOURCE]
    )
    comments = (
        Comment.objects.filter(_visible(), post__community=community, created_at__gte=since)
        .filter(body__icontains=handle)
        .exclude(_replied_by_others_comment())
        .select_related("author", "post")
        .order_by("created_at")[:PER_SOURCE]
    )
    items = [
        Item("mention", f"post:{p.pk}", p.created_at, p.title, p.body[:200],
             _post_url(community, p.pk), p.author)
        for p in posts
    ]  # fmt: skip
    items += [
        Item("mention", f"comment:{c.pk}", c.created_at, c.post.title, c.body[:200],
             _post_url(community, c.post_id, c.pk), c.author)
        for c in comments
    ]  # fmt: skip
    return items


def _stewards(community):
    """The ids of the community's stewards now (a subquery)."""
    moment = now()
    return (
        community.mandates.filter(starts_at__lte=moment)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=moment))
        .values("user_id")
    )


def _asking_comments(community, since):
    """Comments on statuses that ask the community something: a question mark, on the
    status itself or in reply to a steward. A reply to another member, or a comment that
    opens on @someone, is members talking together, not a question for the community."""
    handle = f"@{community.slug}"
    rows = (
        Comment.objects.filter(_visible(), post__community=community, created_at__gte=since)
        .filter(post__kind="status", body__contains="?")
        .filter(Q(parent__isnull=True) | Q(parent__author__in=_stewards(community)))
        .exclude(body__startswith="@")
        .exclude(body__icontains=handle)  # already listed as a mention
        .exclude(_replied_by_others_comment())
        .select_related("author", "post")
        .order_by("created_at")[:PER_SOURCE]
    )
    return [
        Item("comment", f"comment:{c.pk}", c.created_at, c.post.title, c.body[:200],
             _post_url(community, c.post_id, c.pk), c.author)
        for c in rows
    ]  # fmt: skip


def _moderation(community):
    items = []
    for case in moderation_selectors.stewards_queue(community)[:PER_SOURCE]:
        title = case.article.title if case.article_id else ""
        items.append(
            Item("moderation", f"case:{case.pk}", case.opened_at, title, case.facts[:200],
                 reverse("moderation:case", args=[community.slug, case.pk]), case.author,
                 extra={"held": case.waiting_for_jurors})
        )  # fmt: skip
    return items


def inbox(community, *, kind: str = "", claimed: str = "", user=None) -> list[Item]:
    """Everything waiting, oldest first; `kind` filters by source, `claimed` by "mine",
    "others" or "unclaimed"."""
    since = now() - timedelta(days=WINDOW_DAYS)
    sources = {
        "question": lambda: _questions(community),
        "mention": lambda: _mentions(community, since),
        "comment": lambda: _asking_comments(community, since),
        "moderation": lambda: _moderation(community),
    }
    items = []
    for name, load in sources.items():
        if not kind or kind == name:
            items += load()
    claims = {
        c.item: c
        for c in InboxClaim.objects.filter(community=community, item__in=[i.key for i in items])
        .select_related("user")
    }  # fmt: skip
    target = timedelta(hours=selectors.settings_of(community).response_target_hours)
    moment = now()
    for item in items:
        item.claim = claims.get(item.key)
        item.overdue = moment - item.since > target
    if claimed == "mine":
        items = [i for i in items if i.claim and i.claim.user_id == getattr(user, "pk", None)]
    elif claimed == "others":
        items = [i for i in items if i.claim and i.claim.user_id != getattr(user, "pk", None)]
    elif claimed == "unclaimed":
        items = [i for i in items if not i.claim]
    items.sort(key=lambda i: i.since)
    return items


def answered_questions(community, *, days: int = 30) -> dict[str, int]:
    """Questions of the last `days` answered by someone else than the asker, and how many of
    them were first answered by a member who is not a steward (the community answering)."""
    since = now() - timedelta(days=days)
    stewards = _stewards(community)
    questions = Post.objects.filter(
        _visible(), community=community, kind="question", created_at__gte=since
    )
    answered = questions.filter(_answered_by_others_post())
    by_steward = answered.filter(
        Exists(
            Comment.objects.filter(post=OuterRef("pk"), author__in=stewards)
            .filter(deleted_at__isnull=True, moderation_state="visible")
        )
    )  # fmt: skip
    total = answered.count()
    return {"answered": total, "by_members": total - by_steward.count()}
