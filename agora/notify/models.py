"""E-mail members asked for: their choices per kind and community, what waits to be sent,
and the addresses that refuse mail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agora.communities.models import Community
from agora.conversations.models import Comment, Post


class EmailKind(models.TextChoices):
    REPLY = "reply", _("Replies to me and answers to my questions")
    MENTION = "mention", _("Mentions of me")
    ACCEPTED = "accepted", _("My answer accepted")
    JURY = "jury", _("Jury duty")
    VOTE = "vote", _("Votes opening")
    NOTICE = "notice", _("Notices to me")


class Frequency(models.TextChoices):
    IMMEDIATELY = "now", _("Immediately")
    DAILY = "daily", _("In a daily summary")
    WEEKLY = "weekly", _("In a weekly summary")
    NEVER = "never", _("Never")


# What a member gets before choosing: what concerns them directly at once, votes weekly.
DEFAULTS = {
    EmailKind.REPLY: Frequency.IMMEDIATELY,
    EmailKind.MENTION: Frequency.IMMEDIATELY,
    EmailKind.ACCEPTED: Frequency.IMMEDIATELY,
    EmailKind.JURY: Frequency.IMMEDIATELY,
    EmailKind.VOTE: Frequency.WEEKLY,
    EmailKind.NOTICE: Frequency.IMMEDIATELY,
}


class EmailPreference(models.Model):
    """A member's choice for one kind of e-mail, in one community or (community empty) as
    their default everywhere."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, null=True, blank=True)
    kind = models.CharField(max_length=10, choices=EmailKind.choices)
    frequency = models.CharField(max_length=6, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community", "kind"],
                condition=Q(community__isnull=False),
                name="one_preference_per_kind_and_community",
            ),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(community__isnull=True),
                name="one_default_preference_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in EmailKind]), name="preference_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=[f.value for f in Frequency]),
                name="preference_frequency_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.frequency} for {self.user_id}"


class OutgoingEmail(models.Model):
    """One thing a member may hear of by e-mail, waiting for its moment: sent alone when due
    (a short wait, so what they read in the app meanwhile is not sent), or in a summary, or
    dropped (read, unsubscribed, refused address) — with the reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=EmailKind.choices)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, related_name="+")
    # What the apps above conversations tell of (a jury seat, a vote, a notice), which notify
    # cannot point to: a stable key for once-only, and what the e-mail says and links to,
    # written in the member's language when it was queued.
    topic = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=500, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    # Waiting for the member's daily or weekly summary.
    in_summary = models.CharField(max_length=6, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    dropped = models.CharField(max_length=20, blank=True)
    # Which worker's round holds the row while it sends it (`dropped` is "sending").
    claim = models.CharField(max_length=12, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(dropped="sending"), name="outgoing_claimed_idx"
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(sent_at__isnull=True, dropped="", in_summary=""),
                name="outgoing_due_idx",
            ),
            models.Index(
                fields=["user", "created_at"],
                condition=Q(sent_at__isnull=True, dropped="") & ~Q(in_summary=""),
                name="outgoing_summary_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "comment"],
                condition=Q(comment__isnull=False),
                name="one_email_per_comment_event",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "post"],
                condition=Q(comment__isnull=True, post__isnull=False),
                name="one_email_per_post_event",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "topic"],
                condition=~Q(topic=""),
                name="one_email_per_topic",
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.user_id}"


class Suppression(models.Model):
    """An address the mail server refused (a bounce): nothing more is sent to it, and its
    member is told on their next visit."""

    email = models.EmailField(unique=True)  # lower-cased
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    told_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"refused: {self.email}"


class InboundOutcome(models.TextChoices):
    PENDING = "pending", _("Being handled")
    COMMENT = "comment", _("Became a comment")
    REFUSED = "refused", _("Refused")


class InboundEmail(models.Model):
    """A reply received by e-mail, once: its Message-ID (or the hash of its bytes) is unique,
    so the same message delivered twice makes one comment."""

    key = models.CharField(max_length=255, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(OutgoingEmail, on_delete=models.SET_NULL, null=True, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, related_name="+")
    outcome = models.CharField(max_length=10, choices=InboundOutcome.choices)
    reason = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField()

    def __str__(self):
        return f"{self.outcome}: {self.key}"
