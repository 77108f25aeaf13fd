"""The data migrations of the layers issue keep what an existing database holds: each
community's time zone, its members' vote settings, and which mandates' ends were recorded.

Migrated back to before them with real rows written through the historical models, then
forward again, on SQLite and PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("communities", "0003_article_rules"),
    ("workbench", "0002_fact_search"),
    ("governance", "0001_initial"),
    ("moderation", "0003_settings_messages"),
]
AFTER = [
    ("communities", "0005_mandate_end_recorded_at"),
    ("workbench", "0003_community_time_zone"),
    ("governance", "0002_governance_settings"),
    ("moderation", "0004_vote_settings_move_to_governance"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_time_zones_vote_settings_and_ended_mandates_survive_the_move():
    old = migrate(BEFORE)
    User = old.get_model("accounts", "User")
    Community = old.get_model("communities", "Community")
    StewardMandate = old.get_model("communities", "StewardMandate")
    WorkbenchSettings = old.get_model("workbench", "WorkbenchSettings")
    ModerationSettings = old.get_model("moderation", "ModerationSettings")
    founder = User.objects.create(email="f@example.org", handle="founder", display_name="F")
    montreal = Community.objects.create(name="M", slug="montreal", created_by=founder)
    paris = Community.objects.create(name="P", slug="paris", created_by=founder)
    WorkbenchSettings.objects.create(community=montreal, time_zone="America/Montreal")
    ModerationSettings.objects.create(community=montreal, proposal_days=3, proposal_quorum=9)
    moment = timezone.now()
    ended = StewardMandate.objects.create(
        community=montreal, user=founder, starts_at=moment - timedelta(days=9),
        ends_at=moment - timedelta(days=1), reason="founder",
    )  # fmt: skip
    running = StewardMandate.objects.create(
        community=paris, user=founder, starts_at=moment, ends_at=moment + timedelta(days=9),
        reason="founder",
    )  # fmt: skip

    new = migrate(AFTER)
    Community = new.get_model("communities", "Community")
    assert Community.objects.get(slug="montreal").time_zone == "America/Montreal"
    assert Community.objects.get(slug="paris").time_zone == "Europe/Paris"  # the default
    GovernanceSettings = new.get_model("governance", "GovernanceSettings")
    votes = GovernanceSettings.objects.get(community__slug="montreal")
    assert (votes.proposal_days, votes.proposal_quorum) == (3, 9)
    assert not GovernanceSettings.objects.filter(community__slug="paris").exists()
    StewardMandate = new.get_model("communities", "StewardMandate")
    assert StewardMandate.objects.get(pk=ended.pk).end_recorded_at == ended.ends_at
    assert StewardMandate.objects.get(pk=running.pk).end_recorded_at is None

    migrate(migrate_leaves())  # the rest of the tree, as the other tests expect it


def migrate_leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
