"""Perspective (recul): the health figures of a community, its choices about them, and the
stewards' weekly digests.

The figures are computed by the task worker into snapshots (one JSON document per community
and period), so the dashboard reads one row whatever the size of the community.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agora.communities.models import Community


def default_work_days():
    return [0, 1, 2, 3, 4]


class HealthSettings(models.Model):
    """What counts as working hours, who sees a summary, when the digest goes out."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="health_settings"
    )
    public_summary = models.BooleanField(
        _("members see a summary (self-management and responsiveness, no names)"), default=False
    )
    work_days = models.JSONField(_("working days"), default=default_work_days)  # 0 = Monday
    work_starts = models.PositiveSmallIntegerField(_("working hours start at"), default=9)
    work_ends = models.PositiveSmallIntegerField(_("working hours end at"), default=18)
    digest_enabled = models.BooleanField(_("send the stewards a weekly digest"), default=True)
    digest_weekday = models.PositiveSmallIntegerField(_("digest day"), default=0)
    digest_hour = models.PositiveSmallIntegerField(_("digest hour"), default=8)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(work_starts__lt=models.F("work_ends")) & Q(work_ends__lte=24),
                name="health_work_hours_ordered",
                violation_error_message=_(
                    "Working hours end after they start, by midnight at the latest."
                ),
            ),
            models.CheckConstraint(
                condition=Q(digest_weekday__lte=6) & Q(digest_hour__lte=23),
                name="health_digest_time_valid",
                violation_error_message=_("The digest goes out on a day of the week, at an hour."),
            ),
        ]

    def __str__(self):
        return f"health settings of {self.community_id}"


class HealthSnapshot(models.Model):
    """The dashboard's figures for one period, as the worker last computed them.

    `period_days` is 7, 30 or 90 for the presets (refreshed by the worker) and 0 for a
    custom period (computed when first asked for, kept for a while).
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    period_days = models.PositiveSmallIntegerField()
    first_day = models.DateField()  # local days, both included
    last_day = models.DateField()
    computed_at = models.DateTimeField()
    figures = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "period_days", "first_day", "last_day"],
                name="one_snapshot_per_period",
            ),
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="snapshot_period_ordered"
            ),
        ]

    def __str__(self):
        return f"health of {self.community_id} {self.first_day}–{self.last_day}"


class Digest(models.Model):
    """One weekly digest of a community for its stewards: the week's figures and the three
    things most worth attention (structured, so each reader gets them in their language)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    week_of = models.DateField()  # the local day it was due
    sent_at = models.DateTimeField()
    figures = models.JSONField()
    attention = models.JSONField(default=list)

    class Meta:
        ordering = ["-week_of"]
        constraints = [
            models.UniqueConstraint(fields=["community", "week_of"], name="one_digest_per_week")
        ]

    def __str__(self):
        return f"digest of {self.community_id} for {self.week_of}"
