"""Factory fixtures and named personas, so tests read like stories.

- camille: the founding steward of "the community" (public, with charter, identity, mindset)
- michu: Madame Michu, a member who consented to the current charter
- olga: an outsider with a verified account, member of nothing
"""

import itertools

import pytest
from django.test import Client

from agora.accounts.services import create_verified_account
from agora.communities import services as communities

PASSWORD = "correct horse battery staple"  # noqa: S105

_counter = itertools.count(1)

CHARTER = [
    {"title": "Kindness", "body": "Criticise ideas, never people."},
    {"title": "No spam", "body": "Announce commercial links as such."},
]


@pytest.fixture
def make_user(db):
    def make(handle=None, *, verified=True, language="", name=None):
        handle = handle or f"user{next(_counter)}"
        user = create_verified_account(
            email=f"{handle}@example.org",
            handle=handle,
            display_name=name or handle.capitalize(),
            password=PASSWORD,
            language=language,
        )
        if not verified:
            user.email_verified_at = None
            user.save(update_fields=["email_verified_at"])
        return user

    return make


@pytest.fixture
def community_factory(db, make_user):
    def make(
        *,
        founder=None,
        slug=None,
        name=None,
        visibility="public",
        charter=True,
        identity=True,
        mindset=True,
        description="A community for tests.",
    ):
        founder = founder or make_user()
        number = next(_counter)
        community = communities.create_community(
            founder=founder,
            name=name or f"Community {number}",
            slug=slug or f"community-{number}",
            description=description,
            visibility=visibility,
        )
        if charter:
            communities.publish_charter_version(community=community, by=founder, articles=CHARTER)
        if identity:
            communities.set_identity(
                community=community,
                by=founder,
                address_form="vous",
                emoji_policy="sparing",
                tone=["warm"],
                preferred_terms=[{"term": "clients", "replacement": "members"}],
                banned_terms=["forbidden"],
            )
        if mindset:
            communities.set_mindset(
                community=community, by=founder, values=["Nobody outranks anybody."]
            )
        community.refresh_from_db()
        return community

    return make


@pytest.fixture
def join(db):
    def do(user, community):
        version = community.charter_versions.order_by("-number").first()
        communities.consent_to_charter(
            community=community, user=user, version_number=version.number
        )
        return user

    return do


@pytest.fixture
def camille(make_user):
    return make_user("camille", name="Camille Martin")


@pytest.fixture
def michu(make_user):
    return make_user("michu", name="Madame Michu")


@pytest.fixture
def olga(make_user):
    return make_user("olga", name="Olga Outsider")


@pytest.fixture
def the_community(community_factory, camille):
    return community_factory(founder=camille, slug="the-community", name="The Community")


@pytest.fixture
def member_michu(michu, the_community, join):
    return join(michu, the_community)


@pytest.fixture
def client_for(db):
    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


class Clock:
    """Agora's clock in a test: `clock.advance(days=8)` moves every `now()` forward."""

    def advance(self, **kwargs):
        from datetime import timedelta

        from agora.core import clock

        clock.advance(timedelta(**kwargs))

    def now(self):
        from agora.core.clock import now

        return now()


@pytest.fixture
def clock():
    from agora.core import clock as agora_clock

    agora_clock.reset()
    yield Clock()
    agora_clock.reset()


@pytest.fixture
def jury_community(community_factory, camille, make_user, join, clock):
    """The community with its steward and eight members who joined ten days ago (so they
    may sit on juries), in `community.members`."""
    community = community_factory(founder=camille, slug="jury-town", name="Jury Town")
    community.members = [join(make_user(f"juror{n}"), community) for n in range(1, 9)]
    clock.advance(days=10)
    return community


@pytest.fixture
def rq_tasks(settings):
    """Tasks go to RQ, in this test and in the workers it starts (`rq_tasks.start_worker`):
    a Redis database of the test's own, named by AGORA_TEST_REDIS_URL, emptied before and
    after. Skips when the variable is unset; fails when Redis does not answer."""
    from agora.testing.worker import RQ, rq_task_settings

    rq = RQ.for_test()
    rq.empty()
    rq_task_settings(settings, rq)
    yield rq
    rq.empty()
