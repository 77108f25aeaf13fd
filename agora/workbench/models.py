"""The stewards' workbench: objectives, the calendar of planned statuses, rituals, the
inbox's claims, the knowledge base (facts) and saved replies."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agora.communities.models import Community
from agora.conversations.models import Post
from agora.media.models import Image

PILLAR_MAX = 40


class WorkbenchSettings(models.Model):
    """A community's preparation choices (defaults from the brief)."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="workbench_settings"
    )
    # Content pillars: a short list of themes a planned status belongs to.
    pillars = models.JSONField(_("content pillars"), default=list, blank=True)
    approval_required = models.BooleanField(
        _("a second steward approves each status before it is scheduled"), default=False
    )
    response_target_hours = models.PositiveSmallIntegerField(
        _("response-time target (hours)"), default=4
    )
    fact_review_days = models.PositiveSmallIntegerField(
        _("a fact is stale when not reviewed for (days)"), default=180
    )
    saved_reply_repeat = models.PositiveSmallIntegerField(
        _("warn when a saved reply is sent unchanged this many times in 30 days"), default=3
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(response_target_hours__gte=1) & Q(response_target_hours__lte=720),
                name="workbench_response_target_range",
            ),
            models.CheckConstraint(
                condition=Q(fact_review_days__gte=1), name="workbench_fact_review_positive"
            ),
            models.CheckConstraint(
                condition=Q(saved_reply_repeat__gte=2), name="workbench_saved_reply_repeat_min"
            ),
        ]

    def __str__(self):
        return f"workbench settings of {self.community_id}"


class Objective(models.Model):
    """A communication goal for a period, measured by indicators; statuses serve it."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="objective_period_ordered"
            )
        ]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """How an objective is measured: "questions answered within 4 hours" → "90 %"."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    target = models.CharField(_("target"), max_length=60)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.name}: {self.target}"


class Ritual(models.Model):
    """A recurring planned status; its occurrences are created ahead of time as drafts."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("every week")
        MONTHLY = "monthly", _("every month")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="rituals")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text to start from"), max_length=10000, blank=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(_("day of the week"), null=True, blank=True)
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), null=True, blank=True)
    time = models.TimeField(_("time (community time zone)"))
    weeks_ahead = models.PositiveSmallIntegerField(_("weeks planned ahead"), default=4)
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pillar = models.CharField(_("content pillar"), max_length=PILLAR_MAX, blank=True)
    is_active = models.BooleanField(default=True)
    # Occurrences exist up to this day; a deleted occurrence is not created again.
    planned_until = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(frequency="weekly", weekday__gte=0, weekday__lte=6, day_of_month=None)
                    | Q(
                        frequency="monthly",
                        day_of_month__gte=1,
                        day_of_month__lte=28,
                        weekday=None,
                    )
                ),
                name="ritual_day_matches_frequency",
            ),
            models.CheckConstraint(
                condition=Q(weeks_ahead__gte=1) & Q(weeks_ahead__lte=26),
                name="ritual_weeks_ahead_range",
            ),
        ]

    def __str__(self):
        return self.title


class PlannedState(models.TextChoices):
    DRAFT = "draft", _("draft")
    READY = "ready", _("ready")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    FAILED = "failed", _("failed")


class PlannedStatus(models.Model):
    """A status in the editorial calendar, from draft to published (or failed).

    The row is the source of truth for scheduled publishing: the worker publishes it with a
    compare-and-set on `state` in the same transaction as the post, so it is published once
    whatever the number of workers, retries or crashes.
    """

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="planned_statuses"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"), max_length=10000, blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)  # UTC
    state = models.CharField(max_length=10, choices=PlannedState.choices, default="draft")
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statuses",
        verbose_name=_("objective"),
    )
    pillar = models.CharField(_("content pillar"), max_length=PILLAR_MAX, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    ritual = models.ForeignKey(
        Ritual, on_delete=models.SET_NULL, null=True, blank=True, related_name="occurrences"
    )
    occurrence = models.DateField(null=True, blank=True)  # the ritual's day
    # Set by publishing; `post` is unique, so one planned status is at most one post.
    post = models.OneToOneField(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="planned_status"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    lateness_seconds = models.FloatField(null=True, blank=True)  # published_at - publish_at
    failure_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["community", "publish_at"], name="planned_calendar_idx"),
            models.Index(
                fields=["publish_at"],
                condition=Q(state="scheduled"),
                name="planned_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "ready", "scheduled", "published", "failed"]),
                name="planned_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="scheduled") | Q(publish_at__isnull=False),
                name="scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("author")),
                name="nobody_approves_own_status",
            ),
            models.UniqueConstraint(
                fields=["ritual", "occurrence"],
                condition=Q(ritual__isnull=False),
                name="one_status_per_ritual_occurrence",
            ),
        ]

    def __str__(self):
        return self.title or f"planned status {self.pk}"


class PlannedImage(models.Model):
    """An image a planned status will carry, in its place, with its description; attached
    to the post when the status is published (the image then belongs to the post)."""

    planned = models.ForeignKey(PlannedStatus, on_delete=models.CASCADE, related_name="images")
    image = models.OneToOneField(Image, on_delete=models.CASCADE, related_name="planned")
    position = models.PositiveSmallIntegerField()
    alt = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(condition=Q(position__lt=10), name="planned_image_at_most_ten"),
            models.UniqueConstraint(
                fields=["planned", "position"], name="planned_image_one_per_place"
            ),
        ]

    def __str__(self):
        return f"image {self.position} of planned status {self.planned_id}"


class PublishWakeup(models.Model):
    """One worker wake-up per distinct publishing second, so 10,000 statuses due at once
    enqueue one task, not 10,000 (the sweep covers any wake-up that is lost)."""

    at = models.DateTimeField(unique=True)

    def __str__(self):
        return f"wake-up at {self.at}"


class CalendarFeed(models.Model):
    """A steward's secret iCalendar link; only a hash of the secret is stored."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_calendar_feed",
            )
        ]

    def __str__(self):
        return f"calendar feed of {self.user_id} in {self.community_id}"

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class InboxClaim(models.Model):
    """A steward's "I am answering this", so two stewards do not answer the same thing."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=40)  # "post:12", "comment:7", "case:3"
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "item"], name="one_claim_per_item")
        ]

    def __str__(self):
        return f"{self.item} claimed by {self.user_id}"


class Fact(models.Model):
    """A knowledge-base entry: what the brand, service or product is, with its source."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="facts")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), max_length=5000)
    answer_html = models.TextField()
    tags = models.JSONField(_("tags"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_public = models.BooleanField(_("public (shown in the FAQ)"), default=False)
    last_reviewed_on = models.DateField(_("last reviewed"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["community", "last_reviewed_on"], name="fact_review_idx")]

    def __str__(self):
        return self.question


class SavedReply(models.Model):
    """A reply a steward may start from; its uses are recorded."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="saved_replies")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    use_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class SavedReplyUse(models.Model):
    saved_reply = models.ForeignKey(SavedReply, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment_id = models.PositiveBigIntegerField(null=True, blank=True)
    unchanged = models.BooleanField()
    used_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["saved_reply", "used_at"], name="saved_reply_use_idx")]

    def __str__(self):
        return f"use of {self.saved_reply_id} by {self.user_id}"
