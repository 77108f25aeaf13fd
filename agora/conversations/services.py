"""Writes for conversations. Every contribution passes the same gate: check_can_contribute."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agora.accounts.models import User
from agora.communities import selectors as community_selectors
from agora.communities.models import Community
from agora.communities.permissions import check_can_contribute, check_can_steward
from agora.core.clock import now
from agora.core.errors import AgoraError, Conflict, InvalidInput, NotAllowed, NotFound
from agora.core.markdown import find_mentions, render_markdown
from agora.media import selectors as media_selectors
from agora.media.models import MAX_ALT_LENGTH, Image, ImageState, Purpose
from agora.media.services import images as media_services
from agora.voice import alt as alt_text

from . import screening, search, signals
from .models import (
    PINS_MAX,
    Attachment,
    Comment,
    ModerationState,
    Notification,
    NotificationKind,
    Pin,
    Post,
    PostKind,
    Reaction,
    Revision,
)

POST_TITLE_MAX = 200
POST_BODY_MAX = 10000
COMMENT_BODY_MAX = 5000
MAX_MENTIONS = 20


class FoundationsMissing(AgoraError):
    """The community may not speak before its charter, identity and mindset exist."""

    status = 409

    def __init__(self, missing):
        self.missing = missing
        names = get_text_list([str(m.label) for m in missing], _("and"))
        super().__init__(
            _(
                "This community cannot publish its first status yet: it still needs %(missing)s. "
                "A community writes its charter, identity and mindset before it speaks."
            )
            % {"missing": names},
            link=missing[0].url,
            link_text=_("Write %(what)s now") % {"what": missing[0].label},
        )


def _mention_url(handle: str):
    return reverse("member", args=[handle]) if User.objects.filter(handle=handle).exists() else None


def _render(text: str) -> str:
    return render_markdown(text, mention_url=_mention_url)


def _check_text(text: str, *, limit: int, field: str = "body") -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(errors={field: [_("Please write something first.")]})
    if "\x00" in text:
        raise InvalidInput(errors={field: [_("The text contains a null character; remove it.")]})
    if len(text) > limit:
        raise InvalidInput(
            errors={field: [_("Keep it under %(limit)d characters, please.") % {"limit": limit}]}
        )
    return text


def _notify_mentions(*, text, actor, community, post, comment=None, skip=()):
    handles = list(find_mentions(text))[:MAX_MENTIONS]
    if not handles:
        return
    # Only members hear of a mention: a private community never leaks through notifications.
    recipients = User.objects.filter(
        handle__in=handles, memberships__community=community, is_active=True
    ).exclude(pk__in=[actor.pk, *skip])
    moment = now()
    recipients = list(recipients)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                actor=actor,
                kind=NotificationKind.MENTION,
                community=community,
                post=post,
                comment=comment,
                created_at=moment,
            )
            for user in recipients
        ],
        ignore_conflicts=True,
    )
    _tell(recipients, NotificationKind.MENTION, actor, community, post, comment)


def _tell(recipients, kind, actor, community, post, comment=None) -> None:
    """Let the apps above hear of it (`signals.notified`: the e-mail members asked for)."""
    if recipients:
        signals.notified.send(
            sender=Notification,
            recipients=recipients,
            kind=kind,
            actor=actor,
            community=community,
            post=post,
            comment=comment,
        )


def _screen(*, community, author, title: str = "", body: str, post=None, comment=None, staged=()):
    """The registered screens (moderation's charter rules, mutes) on a new or edited text
    and its images (`staged`: their descriptions are read like the rest of the text).

    Called before the item's transaction: a screen that rejects records its notice itself
    and raises; otherwise the screenings say whether to hold the item.
    """
    text = f"{title}\n{body}" if title else body
    alts = _alts(staged)
    text = f"{text}\n{alts}" if alts else text
    return screening.screen(
        community=community,
        author=author,
        text=text,
        post=post,
        comment=comment,
        images=[image for image, _alt in staged],
    )


def _staged_images(*, community, author, images, kept=()) -> list[tuple[Image, str]]:
    """The author's uploads named by `images` ([(key, description), ...]), checked for
    publishing: theirs, in this community, not already published, within the community's
    number per post, and described when the community requires it.

    `kept`: images the item already holds whoever uploaded them (a planned status's, which
    any of the community's stewards may have added)."""
    images = list(images or ())
    if not images:
        return []
    rules = media_selectors.settings_of(community)
    if len(images) > rules.images_per_post:
        message = ngettext(
            "At most %(count)d image per post here.",
            "At most %(count)d images per post here.",
            rules.images_per_post,
        ) % {"count": rules.images_per_post}
        raise InvalidInput(message, errors={"images": [message]})
    keys = [key for key, _alt in images]
    held = {image.key: image for image in kept}
    uploaded = media_selectors.images_in(
        [key for key in keys if key not in held], uploader=author, community=community
    )
    uploaded = {i.key: i for i in uploaded if i.purpose in (Purpose.POST, Purpose.COMMENT)}
    found = [held.get(key) or uploaded.get(key) for key in keys]
    usable = [i for i in found if i and i.state in (ImageState.PENDING, ImageState.READY)]
    if len(set(keys)) != len(keys) or len(usable) != len(keys):
        message = _("An image is no longer available: remove it and add it again.")
        raise InvalidInput(message, errors={"images": [message]})
    if Attachment.objects.filter(image__in=usable).exists():
        message = _("An image is already published elsewhere: add it again.")
        raise InvalidInput(message, errors={"images": [message]})
    staged = []
    for image, (key, alt) in zip(usable, images, strict=True):
        alt = " ".join((alt or "").split())
        if len(alt) > MAX_ALT_LENGTH:
            message = _("A description has at most %(limit)d characters.") % {
                "limit": MAX_ALT_LENGTH
            }
            raise InvalidInput(message, errors={f"alt_{key}": [message]})
        if rules.require_alt and alt_text.assess(alt) is not None:
            message = _(
                "Describe each image for people who cannot see it: this community asks for it."
            )
            raise InvalidInput(message, errors={f"alt_{key}": [message]})
        staged.append((image, alt))
    return staged


def _alts(staged) -> str:
    """The descriptions, for the charter's rules: they read them like any text."""
    return "\n".join(alt for _image, alt in staged if alt)


def check_images(*, community, author, images, kept=()) -> list[tuple[Image, str]]:
    """Images for an item published later (a planned status), checked now as publishing
    will check them: [(image, description), ...]. See `_staged_images`."""
    return _staged_images(community=community, author=author, images=images, kept=kept)


def _attach(staged, *, post, comment=None) -> None:
    """Attach the images in order; each becomes its item's (a planned status's images
    included), described as published."""
    purpose = Purpose.COMMENT if comment is not None else Purpose.POST
    for position, (image, alt) in enumerate(staged):
        Attachment.objects.create(image=image, post=post, comment=comment, position=position)
        if (image.alt, image.purpose) != (alt, purpose):
            Image.objects.filter(pk=image.pk).update(alt=alt, purpose=purpose)


# An upload left in a composer and never published is forgotten after this long.
UNPUBLISHED_IMAGES_KEPT = timedelta(days=1)


def forget_unpublished_images() -> int:
    """Delete the images uploaded for posts and comments that were never published (a
    composer closed, a photo removed before publishing): rows and files. Periodic."""
    stale = Image.objects.filter(
        purpose__in=["post", "comment"],
        attachment__isnull=True,
        created_at__lt=now() - UNPUBLISHED_IMAGES_KEPT,
    )
    return media_services.delete_images(stale[:500])


def _withhold_attached(attachments) -> None:
    media_services.withhold_images(Image.objects.filter(attachment__in=attachments))


def _create_post(
    *, community, author, kind, title, body, screenings, count=True, savepoint=True, staged=()
) -> Post:
    with transaction.atomic(savepoint=savepoint):
        held = screening.holds(screenings)
        post = Post.objects.create(
            community=community,
            author=author,
            kind=kind,
            title=title,
            body=body,
            body_html=_render(body),
            created_at=now(),
            moderation_state=ModerationState.HELD if held else ModerationState.VISIBLE,
        )
        if not held:
            if count:
                Community.objects.filter(pk=community.pk).update(post_count=F("post_count") + 1)
            _notify_mentions(text=body, actor=author, community=community, post=post)
        _attach(staged, post=post)
        search.index_post(post)
        screening.after_save(screenings, post)
    return post


def check_can_publish_status(by, community) -> None:
    """Raise unless `by` may publish a status now: a steward, who consented to the current
    charter, in a community whose charter, identity and mindset exist."""
    check_can_steward(by, community)
    missing = community_selectors.missing_foundations(community)
    if missing:
        raise FoundationsMissing(missing)
    check_can_contribute(by, community)


def publish_status(*, community, by, body: str, title: str = "", images=()) -> Post:
    """Publish a status in the community's voice, with up to 10 images ([(key, alt)]).

    Refused with FoundationsMissing until the charter, identity and mindset exist, and with
    NotAllowed unless `by` is a steward who consented to the current charter.
    """
    title, body = _status_text(title, body)
    check_can_publish_status(by, community)
    staged = _staged_images(community=community, author=by, images=images)
    return _publish_checked_status(
        community=community, by=by, title=title, body=body, staged=staged
    )


def _status_text(title, body) -> tuple[str, str]:
    body = _check_text(body, limit=POST_BODY_MAX)
    title = (title or "").strip()
    if title:
        title = _check_text(title, limit=POST_TITLE_MAX, field="title")
    return title, body


def _publish_checked_status(*, community, by, title, body, count=True, staged=()) -> Post:
    title, body = _status_text(title, body)
    screenings = _screen(community=community, author=by, title=title, body=body, staged=staged)
    return _create_post(
        community=community,
        author=by,
        kind=PostKind.STATUS,
        title=title,
        body=body,
        screenings=screenings,
        count=count,
        staged=staged,
    )


def publish_statuses(
    *, community, by, items: list[tuple[str, str, list]]
) -> list[Post | AgoraError]:
    """Publish several statuses of one steward at once (scheduled publishing), inside the
    caller's transaction: the author is checked once, the screens share their lookups, the
    posts are inserted in one statement, and the community's counter is left to the caller
    (`count_posts`), who adds it once, last, so the community row is locked for an instant.

    Each item is (title, body, images), images being [(image, description), ...] the
    planned status holds. Returns, for each, the post or the AgoraError that refused it (a
    refusal happens before anything is written).
    """
    check_can_publish_status(by, community)
    results: list[Post | AgoraError] = []
    pending: list[tuple[Post, list, list]] = []
    moment = now()
    with screening.shared_lookups():
        for title, body, images in items:
            try:
                title, body = _status_text(title, body)
                staged = _staged_images(
                    community=community,
                    author=by,
                    images=[(image.key, alt) for image, alt in images],
                    kept=[image for image, _alt in images],
                )
                screenings = _screen(
                    community=community, author=by, title=title, body=body, staged=staged
                )
            except AgoraError as error:
                results.append(error)
                continue
            held = screening.holds(screenings)
            post = Post(
                community=community, author=by, kind=PostKind.STATUS, title=title, body=body,
                body_html=_render(body), created_at=moment,
                moderation_state=ModerationState.HELD if held else ModerationState.VISIBLE,
            )  # fmt: skip
            pending.append((post, screenings, staged))
            results.append(post)
    Post.objects.bulk_create([post for post, _screenings, _staged in pending])
    for post, screenings, staged in pending:
        _attach(staged, post=post)
        if post.moderation_state == ModerationState.VISIBLE:
            _notify_mentions(text=post.body, actor=by, community=community, post=post)
        search.index_post(post)
        screening.after_save(screenings, post)
    return results


def count_posts(*, community_id: int, visible: int) -> None:
    """Add posts published in bulk (`publish_statuses`) to the community's counter."""
    if visible:
        Community.objects.filter(pk=community_id).update(post_count=F("post_count") + visible)


def write_post(
    *, community, author, title: str, body: str, is_question: bool = False, images=()
) -> Post:
    """A member's post, or a question that waits for an accepted answer; with up to 10
    images ([(key, alt)], uploaded first with `media.services.images.receive_image`)."""
    body = _check_text(body, limit=POST_BODY_MAX)
    title = _check_text(title, limit=POST_TITLE_MAX, field="title")
    if community_selectors.missing_foundations(community):
        raise NotAllowed(
            _("This community is still being set up; it opens once its charter is written.")
        )
    check_can_contribute(author, community)
    staged = _staged_images(community=community, author=author, images=images)
    kind = PostKind.QUESTION if is_question else PostKind.POST
    screenings = _screen(community=community, author=author, title=title, body=body, staged=staged)
    return _create_post(
        community=community,
        author=author,
        kind=kind,
        title=title,
        body=body,
        screenings=screenings,
        staged=staged,
    )


def _check_author(obj, user):
    if obj.author_id != user.pk:
        raise NotAllowed(_("Only the author can change this."))
    if obj.deleted_at is not None:
        raise NotFound()


def edit_post(*, post, by, body: str, title: str | None = None) -> Post:
    """Change a post's text, keeping the previous text in its history.

    The charter's rules read the new text as they read a new one: it may be refused, or
    held out of sight until a jury decides.
    """
    _check_author(post, by)
    check_can_contribute(by, post.community)
    body = _check_text(body, limit=POST_BODY_MAX)
    title = post.title if title is None else title
    if post.kind == PostKind.STATUS:
        title = title.strip()
        if title:
            title = _check_text(title, limit=POST_TITLE_MAX, field="title")
    else:
        title = _check_text(title, limit=POST_TITLE_MAX, field="title")
    if (title, body) == (post.title, post.body):
        return post
    screenings = _screen(community=post.community, author=by, title=title, body=body, post=post)
    with transaction.atomic():
        return _save_post_edit(post=post, by=by, title=title, body=body, screenings=screenings)


def _save_post_edit(*, post, by, title, body, screenings) -> Post:
    moment = now()
    Revision.objects.create(
        post=post,
        title=post.title,
        body=post.body,
        written_at=post.edited_at or post.created_at,
        replaced_at=moment,
    )
    old_mentions = find_mentions(post.body)
    post.title, post.body, post.body_html, post.edited_at = title, body, _render(body), moment
    post.save(update_fields=["title", "body", "body_html", "edited_at"])
    if screening.holds(screenings) and post.moderation_state == ModerationState.VISIBLE:
        set_moderation_state(item=post, state=ModerationState.HELD)
    search.index_post(post)
    screening.after_save(screenings, post)
    new_mentions = find_mentions(body) - old_mentions
    if new_mentions and post.is_visible:
        _notify_mentions(
            text=" ".join(f"@{h}" for h in new_mentions),
            actor=by,
            community=post.community,
            post=post,
        )
    return post


@transaction.atomic
def delete_post(*, post, by) -> Post:
    """Soft-delete: the text is hidden, the thread and its history stay."""
    _check_author(post, by)
    counted = post.moderation_state == ModerationState.VISIBLE
    post.deleted_at = now()
    post.save(update_fields=["deleted_at"])
    _withhold_attached(Attachment.objects.filter(post=post, comment__isnull=True))
    if counted:
        Community.objects.filter(pk=post.community_id).update(post_count=F("post_count") - 1)
    search.index_post(post)
    return post


def write_comment(*, post, author, body: str, parent: Comment | None = None, images=()) -> Comment:
    """A comment on a post, or a reply to a comment of the same post (up to the depth limit),
    with up to 10 images ([(key, alt)]).

    The charter's rules may refuse it or hold it out of sight until a jury decides.
    """
    body = _check_text(body, limit=COMMENT_BODY_MAX)
    if not post.is_visible:
        raise NotFound()
    check_can_contribute(author, post.community)
    depth = 0
    if parent is not None:
        if parent.post_id != post.pk:
            raise NotFound()
        if not parent.is_visible:
            raise InvalidInput(_("This comment is not shown; reply to the post instead."))
        depth = parent.depth + 1
        if depth > settings.AGORA_COMMENT_MAX_DEPTH:
            raise InvalidInput(
                _("This thread is as deep as it goes. Reply to an earlier comment instead.")
            )
    staged = _staged_images(community=post.community, author=author, images=images)
    screenings = _screen(community=post.community, author=author, body=body, staged=staged)
    with transaction.atomic():
        return _create_comment(
            post=post,
            author=author,
            body=body,
            parent=parent,
            depth=depth,
            screenings=screenings,
            staged=staged,
        )


def _create_comment(*, post, author, body, parent, depth, screenings, staged=()) -> Comment:
    held = screening.holds(screenings)
    comment = Comment.objects.create(
        post=post,
        parent=parent,
        author=author,
        depth=depth,
        body=body,
        body_html=_render(body),
        created_at=now(),
        moderation_state=ModerationState.HELD if held else ModerationState.VISIBLE,
    )
    comment.path = (parent.path + "." if parent else "") + f"{comment.pk:010d}"
    comment.save(update_fields=["path"])
    _attach(staged, post=post, comment=comment)
    screening.after_save(screenings, comment)
    if held:
        return comment
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    replied_to = parent.author if parent else post.author
    if replied_to.pk != author.pk:
        _notification, created = Notification.objects.get_or_create(
            recipient=replied_to,
            kind=NotificationKind.REPLY,
            comment=comment,
            defaults={
                "actor": author,
                "community": post.community,
                "post": post,
                "created_at": comment.created_at,
            },
        )
        if created:
            _tell([replied_to], NotificationKind.REPLY, author, post.community, post, comment)
    _notify_mentions(
        text=body,
        actor=author,
        community=post.community,
        post=post,
        comment=comment,
        skip=[replied_to.pk],
    )
    return comment


def edit_comment(*, comment, by, body: str) -> Comment:
    """Change a comment's text (kept in its history); the charter's rules read it again."""
    _check_author(comment, by)
    check_can_contribute(by, comment.post.community)
    body = _check_text(body, limit=COMMENT_BODY_MAX)
    if body == comment.body:
        return comment
    screenings = _screen(community=comment.post.community, author=by, body=body, comment=comment)
    with transaction.atomic():
        return _save_comment_edit(comment=comment, body=body, screenings=screenings)


def _save_comment_edit(*, comment, body, screenings) -> Comment:
    moment = now()
    Revision.objects.create(
        comment=comment,
        body=comment.body,
        written_at=comment.edited_at or comment.created_at,
        replaced_at=moment,
    )
    comment.body, comment.body_html, comment.edited_at = body, _render(body), moment
    comment.save(update_fields=["body", "body_html", "edited_at"])
    if screening.holds(screenings) and comment.moderation_state == ModerationState.VISIBLE:
        set_moderation_state(item=comment, state=ModerationState.HELD)
    screening.after_save(screenings, comment)
    return comment


@transaction.atomic
def delete_comment(*, comment, by) -> Comment:
    _check_author(comment, by)
    counted = comment.moderation_state == ModerationState.VISIBLE
    comment.deleted_at = now()
    comment.save(update_fields=["deleted_at"])
    _withhold_attached(Attachment.objects.filter(comment=comment))
    if counted:
        Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)
    if comment.post.accepted_answer_id == comment.pk:
        Post.objects.filter(pk=comment.post_id).update(accepted_answer=None)
    return comment


@transaction.atomic
def set_moderation_state(*, item, state: str) -> None:
    """Show, hold or hide a post or comment, keeping the stored counters and search true.

    For moderation's services only (a rule's hold, a jury's decision, an urgent action);
    they record why in the journal in the same transaction.
    """
    previous = item.moderation_state
    if previous == state:
        return
    item.moderation_state = state
    item.save(update_fields=["moderation_state"])
    if item.deleted_at is not None:
        return
    delta = (state == ModerationState.VISIBLE) - (previous == ModerationState.VISIBLE)
    if isinstance(item, Post):
        if delta:
            Community.objects.filter(pk=item.community_id).update(
                post_count=F("post_count") + delta
            )
        search.index_post(item)
    elif delta:
        Post.objects.filter(pk=item.post_id).update(comment_count=F("comment_count") + delta)
        if delta < 0 and Post.objects.filter(pk=item.post_id, accepted_answer=item).exists():
            Post.objects.filter(pk=item.post_id).update(accepted_answer=None)


@transaction.atomic
def toggle_reaction(*, user, kind: str, post: Post | None = None, comment: Comment | None = None):
    """Add the reaction if absent, remove it if present. Returns True when it was added."""
    from .models import ReactionKind

    if kind not in ReactionKind.values:
        raise InvalidInput(_("This reaction does not exist."))
    target = post if post is not None else comment
    if target is None or target.deleted_at is not None:
        raise NotFound()
    community = post.community if post is not None else comment.post.community
    check_can_contribute(user, community)
    model = Post if post is not None else Comment
    lookup = {"post": post} if post is not None else {"comment": comment}
    deleted, _detail = Reaction.objects.filter(user=user, kind=kind, **lookup).delete()
    if deleted:
        model.objects.filter(pk=target.pk).update(reaction_count=F("reaction_count") - 1)
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(user=user, kind=kind, created_at=now(), **lookup)
    except IntegrityError as exc:  # a double click raced us
        raise Conflict(_("You have already reacted this way.")) from exc
    model.objects.filter(pk=target.pk).update(reaction_count=F("reaction_count") + 1)
    return True


@transaction.atomic
def accept_answer(*, post, comment, by) -> Post:
    """The asker (or a steward) marks one comment as the accepted answer to a question."""
    if post.kind != PostKind.QUESTION:
        raise InvalidInput(_("Only a question can have an accepted answer."))
    if comment.post_id != post.pk or comment.deleted_at is not None:
        raise NotFound()
    if post.author_id != by.pk and not community_selectors.is_steward(by, post.community):
        raise NotAllowed(_("Only the person who asked, or a steward, can accept an answer."))
    check_can_contribute(by, post.community)
    post.accepted_answer = comment
    post.save(update_fields=["accepted_answer"])
    if comment.author_id != by.pk:
        _notification, created = Notification.objects.get_or_create(
            recipient=comment.author,
            kind=NotificationKind.ANSWER_ACCEPTED,
            comment=comment,
            defaults={
                "actor": by,
                "community": post.community,
                "post": post,
                "created_at": now(),
            },
        )
        if created:
            _tell(
                [comment.author],
                NotificationKind.ANSWER_ACCEPTED,
                by,
                post.community,
                post,
                comment,
            )
    return post


@transaction.atomic
def mark_notifications_read(*, user, ids: list[int] | None = None) -> int:
    """Mark some (or all) of a member's unread notifications read; returns how many.

    NotFound when an id is not one of the member's own notifications.
    """
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        if not ids or len(ids) > 200 or any(not 0 < pk < 2**63 for pk in ids):
            raise NotFound(_("These notifications do not exist."))
        if Notification.objects.filter(recipient=user, pk__in=ids).count() != len(set(ids)):
            raise NotFound(_("These notifications do not exist."))
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=now())


def mark_thread_read(*, user, post_id: int, kind: str) -> int:
    """Mark one group of notifications read (one thread, one kind: `notification_groups`)."""
    if kind not in NotificationKind.values:
        raise NotFound(_("These notifications do not exist."))
    return Notification.objects.filter(
        recipient=user, post_id=post_id, kind=kind, read_at__isnull=True
    ).update(read_at=now())


# --- pins -------------------------------------------------------------------------------------


def _pins(community):
    return list(Pin.objects.select_for_update().filter(community=community).order_by("position"))


@transaction.atomic
def pin_post(*, post, by) -> Pin:
    """Put a visible post first on its community's page, after the pins already there (at
    most three). A steward's choice, shown to all with its mark."""
    check_can_steward(by, post.community)
    if not post.is_visible:
        raise InvalidInput(_("Only a published post that everyone can see can be pinned."))
    pins = _pins(post.community)
    if any(pin.post_id == post.pk for pin in pins):
        raise Conflict(_("This post is already pinned."))
    if len(pins) >= PINS_MAX:
        raise Conflict(_("At most %(n)d posts are pinned: unpin one first.") % {"n": PINS_MAX})
    try:
        with transaction.atomic():
            return Pin.objects.create(
                community=post.community,
                post=post,
                position=len(pins),
                pinned_by=by,
                pinned_at=now(),
            )
    except IntegrityError as error:  # another steward pinned at the same moment
        raise Conflict(_("The pinned posts changed meanwhile: try again.")) from error


def _unpin(post) -> bool:
    pins = _pins(post.community)
    kept = [pin for pin in pins if pin.post_id != post.pk]
    if len(kept) == len(pins):
        return False
    _rewrite_pins(post.community, kept)
    return True


@transaction.atomic
def unpin_post(*, post, by) -> bool:
    """A steward takes a post down from the top; the others move up."""
    check_can_steward(by, post.community)
    return _unpin(post)


@transaction.atomic
def unpin_by_vote(*, post) -> bool:
    """The members' vote takes a post down (`governance` applies an adopted proposal)."""
    return _unpin(post)


@transaction.atomic
def move_pin(*, post, by, up: bool) -> None:
    """Move a pinned post one place up or down."""
    check_can_steward(by, post.community)
    pins = _pins(post.community)
    index = next((i for i, pin in enumerate(pins) if pin.post_id == post.pk), None)
    if index is None:
        raise InvalidInput(_("This post is not pinned."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(pins):
        return
    pins[index], pins[other] = pins[other], pins[index]
    _rewrite_pins(post.community, pins)


def _rewrite_pins(community, pins) -> None:
    """The community's pins again, in this order (positions are unique: rewrite them all)."""
    Pin.objects.filter(community=community).delete()
    Pin.objects.bulk_create(
        [
            Pin(
                community=community,
                post_id=pin.post_id,
                position=place,
                pinned_by_id=pin.pinned_by_id,
                pinned_at=pin.pinned_at,
            )
            for place, pin in enumerate(pins)
        ]
    )
