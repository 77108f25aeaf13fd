"""Every row of every model people write to, to prove a refused request wrote nothing."""

from agora.accounts.models import User
from agora.communities.models import (
    Article,
    ArticleRule,
    CharterVersion,
    Community,
    Consent,
    Identity,
    Membership,
    Mindset,
    StewardMandate,
)
from agora.conversations.models import Comment, Notification, Post, Reaction, Revision
from agora.governance.models import Ballot, Proposal
from agora.health.models import Digest, HealthSettings, HealthSnapshot
from agora.moderation.models import (
    Case,
    Draw,
    Flag,
    JournalEntry,
    Juror,
    ModerationSettings,
    Mute,
    Notice,
    Vote,
)
from agora.workbench.models import (
    CalendarFeed,
    Fact,
    InboxClaim,
    Indicator,
    Objective,
    PlannedStatus,
    Ritual,
    SavedReply,
    SavedReplyUse,
    WorkbenchSettings,
)

WRITABLE_MODELS = [
    User, Community, StewardMandate, Membership, CharterVersion, Article, ArticleRule, Consent,
    Identity, Mindset, Post, Comment, Reaction, Revision, Notification, ModerationSettings, Flag,
    Case, Draw, Juror, Vote, Mute, JournalEntry, Notice, Proposal, Ballot, WorkbenchSettings,
    Objective, Indicator, Ritual, PlannedStatus, CalendarFeed, InboxClaim, Fact, SavedReply,
    SavedReplyUse, HealthSettings, HealthSnapshot, Digest,
]  # fmt: skip


def snapshot() -> dict:
    """Every row of every model, field by field: an update counts as a write too."""
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in WRITABLE_MODELS
    }
