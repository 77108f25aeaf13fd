"""Every row of every model people write to, to prove a refused request wrote nothing."""

from django.db import connection

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
    """Every row of every model, column by column: an update counts as a write too.

    Read with plain SQL, one query per table: the ORM's compiling and converting cost as much
    as the rest of a refused-request test, and the rows only need comparing."""
    rows = {}
    with connection.cursor() as cursor:
        for model in WRITABLE_MODELS:
            meta = model._meta
            table = connection.ops.quote_name(meta.db_table)
            pk = connection.ops.quote_name(meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608 - model names
            rows[model.__name__] = cursor.fetchall()
    return rows
