"""Moderation: flags, cases, juries and votes, mutes, the journal and members' notices.

The charter's automatic rules are stored on articles (`communities.ArticleRule`) and matched
by the pure engine in `rules/`. Every row here is one act (one flag, one vote, one seat on a
jury) with a unique constraint, so a repeated act answers 409 rather than counting twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agora.communities.models import Article, Community
from agora.conversations.models import Attachment, Comment, Post


class ModerationSettings(models.Model):
    """A community's moderation choices, set by its charter (defaults from the brief)."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="moderation_settings"
    )
    flag_threshold = models.PositiveSmallIntegerField(_("flags that open a case"), default=3)
    jury_size = models.PositiveSmallIntegerField(_("jurors per case"), default=5)
    appeal_jury_size = models.PositiveSmallIntegerField(_("jurors on an appeal"), default=7)
    juror_min_days = models.PositiveSmallIntegerField(
        _("days of membership before sitting on a jury"), default=7
    )
    juror_rest_days = models.PositiveSmallIntegerField(
        _("days between two juries for the same member"), default=30
    )
    vote_hours = models.PositiveSmallIntegerField(_("hours a jury has to vote"), default=72)
    quorum = models.PositiveSmallIntegerField(_("votes needed at the deadline"), default=3)
    appeal_days = models.PositiveSmallIntegerField(_("days to appeal a removal"), default=14)
    mute_after_removals = models.PositiveSmallIntegerField(
        _("removals that lead to a mute (0: never)"), default=2
    )
    mute_window_days = models.PositiveSmallIntegerField(
        _("counted over this many days"), default=30
    )
    mute_days = models.PositiveSmallIntegerField(_("days muted"), default=7)
    journal_names_jurors = models.BooleanField(_("name jurors in the journal"), default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jury_size__gte=1, jury_size__lte=25),
                name="jury_size_between_1_and_25",
                violation_error_message=_("A jury has between 1 and 25 members."),
            ),
            models.CheckConstraint(
                condition=models.Q(appeal_jury_size__gt=models.F("jury_size"))
                & models.Q(appeal_jury_size__lte=31),
                name="appeal_jury_is_larger",
                violation_error_message=_(
                    "An appeal jury is larger than the first jury, and has at most 31 members."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(quorum__gte=1, quorum__lte=models.F("jury_size")),
                name="quorum_within_jury",
                violation_error_message=_("The quorum is between 1 and the size of the jury."),
            ),
            models.CheckConstraint(
                condition=models.Q(flag_threshold__gte=1),
                name="flag_threshold_positive",
                violation_error_message=_("At least one flag opens a case."),
            ),
            models.CheckConstraint(
                condition=models.Q(vote_hours__gte=1),
                name="vote_hours_positive",
                violation_error_message=_("A jury has at least one hour to vote."),
            ),
        ]

    def __str__(self):
        return f"moderation settings of {self.community}"


class Flag(models.Model):
    """A member's report that a post or comment breaks a named article."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField()
    case = models.ForeignKey(
        "Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="flags"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, comment__isnull=True)
                    | models.Q(post__isnull=True, comment__isnull=False)
                ),
                name="flag_on_post_xor_comment",
            ),
            models.UniqueConstraint(
                fields=["member", "post"],
                condition=models.Q(post__isnull=False),
                name="one_flag_per_member_and_post",
            ),
            models.UniqueConstraint(
                fields=["member", "comment"],
                condition=models.Q(comment__isnull=False),
                name="one_flag_per_member_and_comment",
            ),
        ]

    def __str__(self):
        return f"flag {self.pk}"


class CaseOrigin(models.TextChoices):
    RULE = "rule", _("an automatic rule")
    FLAGS = "flags", _("members' flags")
    STEWARD = "steward", _("a steward's urgent action")


class CaseState(models.TextChoices):
    OPEN = "open", pgettext_lazy("case state", "Open")
    DECIDED = "decided", pgettext_lazy("case state", "Decided")


class Decision(models.TextChoices):
    KEEP = "keep", pgettext_lazy("jury decision", "Keep")
    REMOVE = "remove", pgettext_lazy("jury decision", "Remove")


class Case(models.Model):
    """A moderation matter about one post or comment, decided by a jury drawn at random."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="cases")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(max_length=10, choices=CaseOrigin.choices)
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    # The facts relied on: the rule's matches, the steward's reason (never a flagger's name).
    facts = models.TextField(max_length=2000, blank=True)
    automated = models.BooleanField(default=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # the steward of an urgent action; nobody for flags and rules
    opened_at = models.DateTimeField(db_index=True)
    state = models.CharField(max_length=10, choices=CaseState.choices, default=CaseState.OPEN)
    deadline = models.DateTimeField()
    round = models.PositiveSmallIntegerField(default=1)
    jury_size = models.PositiveSmallIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    keep_votes = models.PositiveSmallIntegerField(default=0)
    remove_votes = models.PositiveSmallIntegerField(default=0)
    appeal_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="appeal"
    )  # one appeal per case, by construction
    waiting_for_jurors = models.BooleanField(default=False)  # too few eligible members left
    # An appeal's reason, for its jurors only: never in the public journal.
    appeal_reason = models.TextField(max_length=1000, blank=True)
    # A case about one image of the item (a steward hid that image alone), not the item.
    attachment = models.ForeignKey(
        Attachment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["community", "state", "opened_at"], name="case_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, comment__isnull=True)
                    | models.Q(post__isnull=True, comment__isnull=False)
                ),
                name="case_on_post_xor_comment",
            ),
            models.CheckConstraint(
                condition=models.Q(origin__in=["rule", "flags", "steward"]),
                name="case_origin_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(state="open", decision="", decided_at__isnull=True)
                    | models.Q(
                        state="decided", decision__in=["keep", "remove"], decided_at__isnull=False
                    )
                ),
                name="case_decided_iff_decision",
            ),
            # At most one open case per item: flags on an item under review join its case.
            models.UniqueConstraint(
                fields=["post"],
                condition=models.Q(state="open", post__isnull=False, attachment__isnull=True),
                name="one_open_case_per_post",
            ),
            models.UniqueConstraint(
                fields=["comment"],
                condition=models.Q(state="open", comment__isnull=False, attachment__isnull=True),
                name="one_open_case_per_comment",
            ),
            models.UniqueConstraint(
                fields=["attachment"],
                condition=models.Q(state="open", attachment__isnull=False),
                name="one_open_case_per_image",
            ),
        ]

    def __str__(self):
        return f"case {self.pk}"

    @property
    def item(self):
        return self.comment if self.comment_id else self.post

    @property
    def is_appeal(self) -> bool:
        return self.appeal_of_id is not None


class Draw(models.Model):
    """One random draw of jurors: the seed and the eligible list, so anyone can re-run it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="draws")
    round = models.PositiveSmallIntegerField()
    seed = models.CharField(max_length=64)
    eligible = models.JSONField()  # sorted user ids at the moment of the draw
    drawn = models.JSONField()  # user ids, in draw order
    size = models.PositiveSmallIntegerField()
    drawn_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "round"], name="one_draw_per_round")]

    def __str__(self):
        return f"draw {self.round} of case {self.case_id}"


class Juror(models.Model):
    """A member's seat on a case's jury."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField()
    seated_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)  # replaced after a missed deadline

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_seat_per_case")]
        indexes = [models.Index(fields=["user", "seated_at"], name="juror_recent_idx")]

    def __str__(self):
        return f"juror {self.user_id} on case {self.case_id}"


class Vote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="votes")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "juror"], name="one_vote_per_juror"),
            models.CheckConstraint(
                condition=models.Q(choice__in=["keep", "remove"]), name="vote_choice_valid"
            ),
        ]

    def __str__(self):
        return f"vote of {self.juror_id} on case {self.case_id}"


class Mute(models.Model):
    """A temporary mute set by the charter's consequences: no posting until `ends_at`."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    removals = models.PositiveSmallIntegerField()  # removals counted when it was set
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["community", "user", "ends_at"], name="mute_active_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="mute_ends_after_start"
            ),
            models.UniqueConstraint(fields=["case"], name="one_mute_per_case"),
        ]

    def __str__(self):
        return f"mute of {self.user_id} until {self.ends_at}"


class EntryKind(models.TextChoices):
    """What was decided; the journal and notices phrase it in each reader's language."""

    REJECTED = "rejected", _("Refused by an automatic rule")
    HELD = "held", _("Held by an automatic rule, pending a jury")
    FLAGGED = "flagged", _("Sent to a jury by an automatic rule")
    CASE_OPENED = "opened", _("Sent to a jury by members' flags")
    URGENT = "urgent", _("Hidden by a steward's urgent action, pending a jury")
    KEPT = "kept", _("Kept by a jury")
    REMOVED = "removed", _("Removed by a jury")
    APPEALED = "appealed", _("Appealed by the author, a new jury decides")
    APPEAL_KEPT = "appeal_kept", _("Restored on appeal")
    APPEAL_REMOVED = "appeal_removed", _("Removal confirmed on appeal")
    MUTED = "muted", _("Member muted")
    MANDATE_GRANTED = "mandate_granted", _("Stewardship mandate granted")
    MANDATE_ENDED = "mandate_ended", _("Stewardship mandate ended")


class JournalEntry(models.Model):
    """One decision in the public journal, with its statement of reasons (DSA Art. 17).

    Structured, not prose, so each reader gets it in their language. It names content by
    reference (never the removed text) and never names flaggers; jurors only if the
    community chose so.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="journal")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post_ref = models.PositiveBigIntegerField(null=True, blank=True)  # ids only: a reference
    comment_ref = models.PositiveBigIntegerField(null=True, blank=True)
    article_number = models.PositiveIntegerField(null=True, blank=True)
    article_title = models.CharField(max_length=120, blank=True)
    charter_version = models.PositiveIntegerField(null=True, blank=True)
    facts = models.TextField(max_length=2000, blank=True)  # what was relied on
    automated = models.BooleanField(default=False)
    keep_votes = models.PositiveSmallIntegerField(null=True, blank=True)
    remove_votes = models.PositiveSmallIntegerField(null=True, blank=True)
    jury_size = models.PositiveSmallIntegerField(null=True, blank=True)
    jurors = models.JSONField(default=list, blank=True)  # handles, only if the community chose so
    appeal_days = models.PositiveSmallIntegerField(null=True, blank=True)  # None: final
    until = models.DateTimeField(null=True, blank=True)  # a mute's or a mandate's end
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["community", "-created_at", "-id"], name="journal_idx")]

    def __str__(self):
        return f"journal entry {self.pk}"


class Notice(models.Model):
    """A statement of reasons sent to the member a restriction affects (its journal entry)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_notices"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["recipient", "-created_at", "-id"], name="notice_list_idx")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "entry"], name="one_notice_per_entry")
        ]

    def __str__(self):
        return f"notice {self.pk} to {self.recipient_id}"


class RemovedImage(models.Model):
    """An image a jury removed, remembered by its perceptual hash: a near-identical
    re-upload in the same community is held for review, citing that decision."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    phash = models.CharField(max_length=16)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="removed_images")
    removed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["community", "removed_at"], name="removed_image_idx")]
        constraints = [
            models.UniqueConstraint(fields=["case", "phash"], name="removed_image_once_per_case")
        ]

    def __str__(self):
        return f"removed image {self.phash} (case {self.case_id})"
