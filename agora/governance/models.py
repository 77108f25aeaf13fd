"""Members' votes: charter amendments and stewardship mandates (grant or revoke).

One ballot per member and proposal (a database constraint). A proposal closes once, at its
deadline: adopted with a majority of the ballots cast and the community's quorum.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agora.communities.models import CharterVersion, Community, StewardMandate
from agora.conversations.models import Post


class GovernanceSettings(models.Model):
    """How a community's members vote together (defaults from the brief)."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="governance_settings"
    )
    proposal_days = models.PositiveSmallIntegerField(_("days a members' vote lasts"), default=7)
    proposal_quorum = models.PositiveSmallIntegerField(
        _("ballots needed for a members' vote to count"), default=3
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal_days__gte=1, proposal_quorum__gte=1),
                name="governance_vote_positive",
                violation_error_message=_(
                    "A members' vote lasts at least a day and needs a ballot."
                ),
            ),
        ]

    def __str__(self):
        return f"governance settings of {self.community}"


class ProposalKind(models.TextChoices):
    AMENDMENT = "amendment", _("Charter amendment")
    GRANT = "grant", _("Stewardship mandate")
    REVOKE = "revoke", _("Revocation of a mandate")
    UNPIN = "unpin", _("Unpinning a post")


class ProposalState(models.TextChoices):
    OPEN = "open", pgettext_lazy("proposal state", "Open for votes")
    ADOPTED = "adopted", pgettext_lazy("proposal state", "Adopted")
    REJECTED = "rejected", pgettext_lazy("proposal state", "Rejected")
    NO_QUORUM = "no_quorum", pgettext_lazy("proposal state", "Not enough ballots")
    OUTDATED = "outdated", pgettext_lazy("proposal state", "Overtaken by another change")


class Proposal(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=10, choices=ProposalKind.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why"), max_length=2000)
    created_at = models.DateTimeField(db_index=True)
    closes_at = models.DateTimeField()
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    yes_votes = models.PositiveIntegerField(default=0)
    no_votes = models.PositiveIntegerField(default=0)
    # An amendment: the whole proposed charter, and the version it amends.
    articles = models.JSONField(default=list, blank=True)
    base_version = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_version = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A mandate: who, until when (optional); a revocation: which mandate.
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mandate_ends_at = models.DateTimeField(null=True, blank=True)
    mandate = models.ForeignKey(
        StewardMandate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Unpinning: the pinned post the members would take down.
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["community", "state", "closes_at"], name="proposal_open_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["amendment", "grant", "revoke", "unpin"]),
                name="proposal_kind_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="amendment", base_version__isnull=False)
                    | models.Q(kind="grant", candidate__isnull=False)
                    | models.Q(kind="revoke", mandate__isnull=False)
                    | models.Q(kind="unpin", post__isnull=False)
                ),
                name="proposal_has_its_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("created_at")),
                name="proposal_closes_after_creation",
            ),
        ]

    def __str__(self):
        return f"proposal {self.pk} ({self.kind})"


class Ballot(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    yes = models.BooleanField()
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "voter"], name="one_ballot_per_member")
        ]

    def __str__(self):
        return f"ballot of {self.voter_id} on {self.proposal_id}"
