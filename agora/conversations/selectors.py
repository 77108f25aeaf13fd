"""Reads for conversations: feeds (keyset-paginated), threads, reactions, notifications."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from agora.communities.models import Membership
from agora.communities.selectors import filter_communities_visible_to, stewards_of
from agora.core.errors import NotFound
from agora.core.pagination import Page, keyset_page
from agora.voice import Identity as VoiceIdentity
from agora.voice import analyse

from . import search
from .models import (
    Attachment,
    Comment,
    ModerationState,
    Notification,
    Pin,
    Post,
    Reaction,
    ReactionKind,
    Revision,
)


def _shown_images() -> Prefetch:
    """The images posts show, in order, with their files, in one query for a page (the
    same number of queries with or without images)."""
    attachments = Attachment.objects.filter(
        comment__isnull=True, hidden_at__isnull=True
    ).select_related("image")
    return Prefetch("attachments", queryset=attachments, to_attr="shown_images")


def _shown_of(post_ref):
    return Attachment.objects.filter(post=post_ref, comment__isnull=True, hidden_at__isnull=True)


def _lead_images() -> Prefetch:
    """A feed card's image: each post's first shown image only (with `image_count`
    annotated on the posts, the card says how many more)."""
    first = _shown_of(OuterRef("post")).order_by("position").values("position")[:1]
    attachments = Attachment.objects.filter(
        comment__isnull=True, hidden_at__isnull=True, position=Subquery(first)
    ).select_related("image")
    return Prefetch("attachments", queryset=attachments, to_attr="shown_images")


def _image_count():
    count = _shown_of(OuterRef("pk")).values("post").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(count), 0)


def _place_images(post, comments) -> None:
    """The images of a post and of its comments, in one query (`shown_images` on each)."""
    by_comment = defaultdict(list)
    for attachment in Attachment.objects.filter(post=post, hidden_at__isnull=True).select_related(
        "image"
    ):
        by_comment[attachment.comment_id].append(attachment)
    post.shown_images = by_comment[None]
    for comment in comments:
        comment.shown_images = by_comment[comment.pk]


def _waiting_for_images():
    """Posts whose images are still being prepared: they wait, out of the feed."""
    return Exists(
        Attachment.objects.filter(post=OuterRef("pk"), comment__isnull=True, image__state="pending")
    )


def _posts():
    return Post.objects.filter(deleted_at__isnull=True, moderation_state="visible").select_related(
        "author", "community", "author__avatar__image"
    )


def community_feed(
    community, cursor: str | None = None, *, viewer=None, all_images: bool = False
) -> Page:
    """The community's publications, newest first. A viewer also sees their own posts held
    for review (the page marks them), which nobody else sees until a jury decides."""
    shown = Q(moderation_state=ModerationState.VISIBLE) & ~Q(_waiting_for_images())
    if viewer is not None and viewer.is_authenticated:
        shown = (shown & ~Q(author=viewer)) | Q(
            moderation_state__in=[ModerationState.VISIBLE, ModerationState.HELD], author=viewer
        )
    posts = Post.objects.filter(
        shown, community=community, deleted_at__isnull=True, pin__isnull=True
    )
    posts = posts.select_related("author", "community", "author__avatar__image")
    if all_images:
        page = keyset_page(posts, cursor)
        prefetch_related_objects(page.items, _shown_images())
    else:  # a card shows its first image and how many there are
        page = keyset_page(posts.annotate(image_count=_image_count()), cursor)
        prefetch_related_objects(page.items, _lead_images())
    return page


def pinned_posts(community) -> list[Post]:
    """The posts the stewards pinned, in their order, that everyone may see (the feed shows
    them first and leaves them out of its pages)."""
    posts = list(
        _posts()
        .filter(community=community, pin__isnull=False)
        .exclude(_waiting_for_images())
        .annotate(image_count=_image_count())
        .order_by("pin__position")
    )
    prefetch_related_objects(posts, _lead_images())
    return posts


def questions_waiting(community, *, exclude_author=None, limit: int = 1) -> list[Post]:
    """Visible questions with no accepted answer, oldest first (someone may answer them)."""
    questions = _posts().filter(community=community, kind="question", accepted_answer__isnull=True)
    if exclude_author is not None and exclude_author.is_authenticated:
        questions = questions.exclude(author=exclude_author)
    return list(questions.order_by("created_at", "id")[:limit])


def a_member_answered(community) -> bool:
    """Has a member who is not a steward answered (commented) yet? The launch's last step:
    the community talks with its members, not only to them."""
    stewards = [mandate.user_id for mandate in stewards_of(community)]
    return (
        Comment.objects.filter(
            post__community=community, deleted_at__isnull=True, moderation_state="visible"
        )
        .exclude(author__in=stewards)
        .exists()
    )


def is_pinned(post) -> bool:
    return Pin.objects.filter(post=post).exists()


def welcome_status(community) -> Post | None:
    """The community's welcome: its first pinned status."""
    return next((post for post in pinned_posts(community) if post.kind == "status"), None)


def member_posts(member, viewer, cursor: str | None = None) -> Page:
    """A member's posts in the communities the viewer may see, and nowhere else."""
    visible = filter_communities_visible_to(viewer).values("pk")
    page = keyset_page(
        _posts().filter(author=member, community__in=visible).exclude(_waiting_for_images()),
        cursor,
    )
    prefetch_related_objects(page.items, _shown_images())
    return page


def post_in(community, post_id) -> Post:
    post = (
        Post.objects.filter(community=community, pk=post_id)
        .select_related("author", "accepted_answer", "accepted_answer__author", "pin")
        .first()
    )
    if post is None:
        raise NotFound()
    return post


def comment_in(post, comment_id) -> Comment:
    comment = Comment.objects.filter(post=post, pk=comment_id).select_related("author").first()
    if comment is None:
        raise NotFound()
    return comment


def thread(post, viewer=None) -> list[Comment]:
    """The comments of a post this viewer reads, in reading order (by path), in one query.

    Shown: visible comments, and the viewer's own held or removed ones (the page tells
    them why). A comment deleted, held or removed that the viewer may not read is kept only
    as a placeholder for the replies under it that they do read: alone, it would only say
    "removed" under a count of comments that leaves it out.
    """
    comments = list(
        Comment.objects.filter(post=post)
        .select_related("author", "author__avatar__image")
        .order_by("path")
    )
    _place_images(post, comments)
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None

    def readable(comment) -> bool:
        if comment.deleted_at is not None:
            return False
        return comment.moderation_state == ModerationState.VISIBLE or (
            comment.author_id == viewer_id
        )

    needed = set()  # paths of the placeholders some readable reply hangs from
    for comment in comments:
        if readable(comment):
            parts = comment.path.split(".")
            needed.update(".".join(parts[:end]) for end in range(1, len(parts)))
    return [c for c in comments if readable(c) or c.path in needed]


def reactions_summary(*, post, comments, viewer) -> dict:
    """{("post"|"comment", id): [(kind, emoji, count, mine)]} in two queries whatever the size.

    The post's reactions and its comments' reactions are read separately: one OR across
    both would scan the whole reaction table.
    """
    counts = defaultdict(dict)
    mine = set()
    mine_filter = Q(user=viewer) if viewer.is_authenticated else Q(pk__in=[])
    for field, rows in (
        ("post", Reaction.objects.filter(post=post)),
        ("comment", Reaction.objects.filter(comment__post=post)),
    ):
        column = f"{field}_id"
        grouped = rows.values(column, "kind").annotate(
            n=Count("id"), mine=Count("id", filter=mine_filter)
        )
        for row in grouped:
            key = (field, row[column])
            counts[key][row["kind"]] = row["n"]
            if row["mine"]:
                mine.add((key, row["kind"]))
    summary = {}
    for key in [("post", post.pk)] + [("comment", c.pk) for c in comments]:
        summary[key] = [
            (kind, emoji, counts[key].get(kind, 0), (key, kind) in mine)
            for kind, emoji in ReactionKind.choices
        ]
    return summary


def revisions_of_post(post):
    return Revision.objects.filter(post=post).order_by("-replaced_at")


def revisions_of_comment(comment):
    return Revision.objects.filter(comment=comment).order_by("-replaced_at")


def search_community(community, query: str) -> list[Post]:
    results = list(search.search_posts(_posts(), community, query))
    prefetch_related_objects(results, _shown_images())
    return results


def _visible_notifications(user):
    # A notification from a community the member has left (or never joined) is not shown.
    member_of = Membership.objects.filter(user=user).values("community_id")
    return Notification.objects.filter(recipient=user, community_id__in=member_of)


def notifications_for(user, cursor: str | None = None) -> Page:
    return keyset_page(
        _visible_notifications(user).select_related("actor", "community", "post", "comment"),
        cursor,
    )


@dataclass
class NotificationGroup:
    """What happened in one thread for one member, in one line: « Léa and 3 others replied
    to « Quelle mouture… » » — the latest actor, how many others, the post, its community."""

    post: Post
    kind: str
    actor: object
    others: int
    count: int
    unread: int
    latest_at: datetime
    comment_id: int | None

    @property
    def community(self):
        return self.post.community

    @property
    def title(self) -> str:
        return post_label(self.post)


def post_label(post: Post, words: int = 8) -> str:
    """A post named in one line: its title, or its first words."""
    from django.utils.text import Truncator

    return post.title or Truncator(" ".join(post.body.split())).words(words, truncate="…")


def notification_groups(user, page: int = 1, per_page: int = 20):
    """The member's notifications grouped per thread and kind, newest first: (groups, has
    a next page). Two queries whatever the number of notifications."""
    start = (page - 1) * per_page
    rows = list(
        _visible_notifications(user)
        .values("post_id", "kind")
        .annotate(
            latest_at=Max("created_at"),
            last_id=Max("id"),
            count=Count("id"),
            unread=Count("id", filter=Q(read_at__isnull=True)),
            actors=Count("actor_id", distinct=True),
        )
        .order_by("-latest_at", "-last_id")[start : start + per_page + 1]
    )
    shown = rows[:per_page]
    latest = Notification.objects.filter(pk__in=[row["last_id"] for row in shown]).select_related(
        "actor", "post", "post__community"
    )
    latest = {n.pk: n for n in latest}
    groups = [
        NotificationGroup(
            post=latest[row["last_id"]].post,
            kind=row["kind"],
            actor=latest[row["last_id"]].actor,
            others=row["actors"] - 1,
            count=row["count"],
            unread=row["unread"],
            latest_at=row["latest_at"],
            comment_id=latest[row["last_id"]].comment_id,
        )
        for row in shown
    ]
    return groups, len(rows) > per_page


NEW_POSTS_SHOWN = 99  # "99+ new posts": counting further costs and says nothing more


def live_counts(*, user_id: int, community_id: int, post_id: int = 0, since):
    """(new visible posts in the community since `since`, unread notifications, new visible
    comments on the post since `since`) for an open page: one query of three indexed
    subqueries (the feed's index by community and date, the notifications' by recipient and
    read state, the comments' by post and date). 0 for what the token does not name."""
    from agora.media.models import Image

    post, attachment, image = (
        Post._meta.db_table,
        Attachment._meta.db_table,
        Image._meta.db_table,
    )
    notification, membership = Notification._meta.db_table, Membership._meta.db_table
    comment = Comment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM {post} p "  # noqa: S608
            f"WHERE p.community_id = %s AND p.created_at > %s AND p.deleted_at IS NULL "
            f"AND p.moderation_state = 'visible' AND NOT EXISTS (SELECT 1 FROM {attachment} a "
            f"JOIN {image} i ON i.id = a.image_id WHERE a.post_id = p.id "
            f"AND a.comment_id IS NULL AND i.state = 'pending') LIMIT %s) AS fresh), "
            f"(SELECT COUNT(*) FROM {notification} n WHERE n.recipient_id = %s "
            f"AND n.read_at IS NULL AND n.community_id IN "
            f"(SELECT m.community_id FROM {membership} m WHERE m.user_id = %s)), "
            f"(SELECT COUNT(*) FROM (SELECT 1 FROM {comment} c WHERE c.post_id = %s "
            f"AND c.created_at > %s AND c.deleted_at IS NULL AND c.moderation_state = 'visible' "
            f"LIMIT %s) AS replies)",
            [community_id, since, NEW_POSTS_SHOWN + 1, user_id, user_id, post_id, since,
             NEW_POSTS_SHOWN + 1],
        )  # fmt: skip
        fresh, unread, replies = cursor.fetchone()
    return fresh, unread, replies


def unread_count(user) -> int:
    """Unread notifications from the member's communities (the header's count, on every
    page a member opens: plain SQL, as the ORM took longer to build it than to run it)."""
    notification, membership = Notification._meta.db_table, Membership._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {notification} n WHERE n.recipient_id = %s "  # noqa: S608
            f"AND n.read_at IS NULL AND n.community_id IN "
            f"(SELECT m.community_id FROM {membership} m WHERE m.user_id = %s)",
            [user.pk, user.pk],
        )
        return cursor.fetchone()[0]


def voice_identity(community) -> VoiceIdentity:
    """The community's identity as the voice coach reads it (neutral when none is written)."""
    identity = getattr(community, "identity", None)
    if identity is None:
        return VoiceIdentity()
    return VoiceIdentity.from_dict(
        {
            "address_form": identity.address_form,
            "emoji_policy": identity.emoji_policy,
            "banned_terms": identity.banned_terms,
            "preferred_terms": identity.preferred_terms,
            "signature": identity.signature,
            "signature_required": identity.signature_required,
            "preferred_length": identity.preferred_length,
        }
    )


def recent_texts_by(user, community, limit: int = 30) -> list[str]:
    """What this person wrote lately in the community: the coach's memory for repetition."""
    comments = Comment.objects.filter(
        author=user, post__community=community, deleted_at__isnull=True
    ).order_by("-created_at")
    posts = Post.objects.filter(author=user, community=community, deleted_at__isnull=True)
    texts = list(comments.values_list("body", flat=True)[:limit])
    texts += list(posts.order_by("-created_at").values_list("body", flat=True)[:limit])
    return texts


def coach_findings(*, community, user, text: str, ui_lang: str, is_status: bool = False):
    """The voice coach's findings on a draft, read against the community's identity.

    The signature rule applies to statuses only. Raises VoiceError for text it cannot read.
    """
    identity = voice_identity(community)
    if not is_status and identity.signature_required:
        from dataclasses import replace

        identity = replace(identity, signature_required=False)
    language = getattr(getattr(community, "identity", None), "language", "fr")
    return analyse(
        text,
        identity,
        lang=language,
        history=recent_texts_by(user, community),
        ui_lang=ui_lang,
    )


def with_images(post: Post) -> Post:
    """The post with `shown_images`, as pages and the API show it."""
    prefetch_related_objects([post], _shown_images())
    return post
