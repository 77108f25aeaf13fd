from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agora.communities.models import Community
from agora.media.models import Image


class PostKind(models.TextChoices):
    STATUS = "status", pgettext_lazy("post kind", "Status")
    POST = "post", pgettext_lazy("post kind", "Post")
    QUESTION = "question", pgettext_lazy("post kind", "Question")


class ModerationState(models.TextChoices):
    VISIBLE = "visible", pgettext_lazy("moderation state", "Visible")
    HELD = "held", pgettext_lazy("moderation state", "Held, pending review")
    HIDDEN = "hidden", pgettext_lazy("moderation state", "Removed")


class Post(models.Model):
    """A publication: a status (the community's voice), a member's post, or a question."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.CharField(max_length=10, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"), max_length=10000)
    body_html = models.TextField()
    created_at = models.DateTimeField(db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Set by moderation only (a rule's hold, a jury's removal, a steward's urgent action).
    moderation_state = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.VISIBLE
    )
    accepted_answer = models.ForeignKey(
        "Comment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Stored counters, updated with F() in the transaction that writes the rows.
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["community", "-created_at", "-id"], name="post_feed_idx"),
            models.Index(fields=["author", "-created_at", "-id"], name="post_author_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["status", "post", "question"]), name="post_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_answer__isnull=True) | models.Q(kind="question"),
                name="only_questions_accept_answers",
            ),
            models.CheckConstraint(
                condition=models.Q(moderation_state__in=["visible", "held", "hidden"]),
                name="post_moderation_state_valid",
            ),
        ]

    def __str__(self):
        return self.title or f"{self.kind} {self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.moderation_state == ModerationState.VISIBLE

    @property
    def is_question(self) -> bool:
        return self.kind == PostKind.QUESTION


class Comment(models.Model):
    """A threaded comment. `path` orders a whole thread in one query (parent path + own id)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    path = models.CharField(max_length=255, db_index=True, blank=True)
    body = models.TextField(_("text"), max_length=5000)
    body_html = models.TextField()
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    moderation_state = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.VISIBLE
    )
    reaction_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["post", "path"], name="comment_thread_idx"),
            # Periods of comments (the health figures, the inbox's last 30 days).
            models.Index(fields=["created_at"], name="comment_created_idx"),
            # An open post page asks for the comments newer than the ones it shows.
            models.Index(fields=["post", "created_at"], name="comment_live_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moderation_state__in=["visible", "held", "hidden"]),
                name="comment_moderation_state_valid",
            ),
        ]

    def __str__(self):
        return f"comment {self.pk} on {self.post_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.moderation_state == ModerationState.VISIBLE


class ReactionKind(models.TextChoices):
    LIKE = "like", "👍"
    LOVE = "love", "❤️"
    LAUGH = "laugh", "😄"
    WOW = "wow", "😮"
    THANKS = "thanks", "🙏"


REACTION_LABELS = {
    "like": _("Like"),
    "love": _("Love"),
    "laugh": _("Funny"),
    "wow": _("Surprising"),
    "thanks": _("Thank you"),
}


class Reaction(models.Model):
    """One reaction of one kind per member on a post or a comment (never both)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, comment__isnull=True)
                    | models.Q(post__isnull=True, comment__isnull=False)
                ),
                name="reaction_on_post_xor_comment",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["like", "love", "laugh", "wow", "thanks"]),
                name="reaction_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["user", "post", "kind"],
                condition=models.Q(post__isnull=False),
                name="one_reaction_per_post_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "comment", "kind"],
                condition=models.Q(comment__isnull=False),
                name="one_reaction_per_comment_kind",
            ),
        ]

    def __str__(self):
        return f"{self.kind} by {self.user_id}"


class Revision(models.Model):
    """The text a post or comment had before an edit (edit history)."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(max_length=10000)
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["-replaced_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, comment__isnull=True)
                    | models.Q(post__isnull=True, comment__isnull=False)
                ),
                name="revision_of_post_xor_comment",
            ),
        ]

    def __str__(self):
        return f"revision {self.pk}"


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("mentioned you")
    REPLY = "reply", _("replied to you")
    ANSWER_ACCEPTED = "accepted", _("accepted your answer")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "post"],
                condition=models.Q(comment__isnull=True),
                name="one_notification_per_post_event",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "comment"],
                condition=models.Q(comment__isnull=False),
                name="one_notification_per_comment_event",
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"


PINS_MAX = 3


class Pin(models.Model):
    """A post the stewards put first on the community's page, in its place (0 first). The
    members' vote can take it down (`governance`)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="pins")
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="pin")
    position = models.PositiveSmallIntegerField()
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pinned_at = models.DateTimeField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__lt=PINS_MAX), name="pin_at_most_three"
            ),
            models.UniqueConstraint(fields=["community", "position"], name="pin_one_per_place"),
        ]

    def __str__(self):
        return f"pin {self.position} of {self.community_id}"


class Attachment(models.Model):
    """An image in a post, or in one of its comments, in its place (`position`)."""

    image = models.OneToOneField(Image, on_delete=models.CASCADE, related_name="attachment")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    position = models.PositiveSmallIntegerField()
    # A steward's urgent action on this image alone; a jury confirms or overturns it.
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["post", "comment", "position"], name="attachment_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__lt=10), name="attachment_at_most_ten"
            ),
        ]

    def __str__(self):
        return f"image {self.position} of {self.comment_id or self.post_id}"
