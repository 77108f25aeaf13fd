"""Pages do a bounded number of queries whatever the number of posts or comments.

The hundreds of posts and comments are written once per module and shared by the viewers
(module_db): each test only reads, and what one writes is rolled back."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.communities.models import Community
from agora.communities.services import launch as launch_services
from agora.conversations import services
from agora.conversations.models import Comment, Post, Reaction
from agora.core.clock import now

# The shared data takes longer to write than all the tests take to read it: one xdist worker
# runs them (`--dist loadgroup`), so it is written once per run.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("query-counts")]


def _fill_post(post, authors, count):
    """`count` comments on the post (every third comment gets a reply, every fifth a
    reaction, so threads and their authors vary), written in bulk: these tests measure the
    page that reads them, and a thousand service calls would only make them slow."""
    moment = now()
    rows = Comment.objects.bulk_create(
        Comment(post=post, author=authors[i % len(authors)], body=f"comment {i}",
                body_html=f"<p>comment {i}</p>", created_at=moment)
        for i in range(count)
    )  # fmt: skip
    parent = None
    for i, comment in enumerate(rows):
        comment.parent = parent
        comment.depth = parent.depth + 1 if parent else 0
        comment.path = (parent.path + "." if parent else "") + f"{comment.pk:010d}"
        parent = comment if i % 3 == 0 else None
    Comment.objects.bulk_update(rows, ["parent", "depth", "path"])
    reactions = [
        Reaction(user=authors[(i + 1) % len(authors)], comment=comment, kind="like",
                 created_at=moment)
        for i, comment in enumerate(rows) if i % 5 == 0
    ]  # fmt: skip
    Reaction.objects.bulk_create(reactions)
    Comment.objects.filter(pk__in=[r.comment_id for r in reactions]).update(reaction_count=1)
    Post.objects.filter(pk=post.pk).update(comment_count=count)


def _fill_community(community, author, count):
    """`count` statuses in the community, in bulk (see `_fill_post`)."""
    moment = now()
    Post.objects.bulk_create(
        Post(community=community, author=author, kind="status", body=f"status {i}",
             body_html=f"<p>status {i}</p>", created_at=moment)
        for i in range(count)
    )  # fmt: skip
    Community.objects.filter(pk=community.pk).update(post_count=count)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture(scope="module")
def authors(shared_personas):
    """Camille and six members of the community, shared by the module's tests (module_db)."""
    community, make_user, join = (
        shared_personas["the_community"],
        shared_personas["make_user"],
        shared_personas["join"],
    )
    return [shared_personas["camille"]] + [
        join(make_user(f"author{i}"), community) for i in range(6)
    ]


@pytest.fixture(scope="module")
def threads(shared_personas, authors):
    """A status with 20 comments and one with 500, built once for every viewer."""
    community, camille = shared_personas["the_community"], shared_personas["camille"]
    small = services.publish_status(community=community, by=camille, body="small")
    large = services.publish_status(community=community, by=camille, body="large")
    _fill_post(small, authors, 20)
    _fill_post(large, authors, 500)
    return small, large


@pytest.fixture(scope="module")
def feeds(shared_personas):
    """A community with 20 statuses and one with 500, and a member of both, built once."""
    camille, make_community, join = (
        shared_personas["camille"],
        shared_personas["community_factory"],
        shared_personas["join"],
    )
    small = make_community(founder=camille, slug="small")
    large = make_community(founder=camille, slug="large")
    member = shared_personas["make_user"]("reader")
    for community, count in ((small, 20), (large, 500)):
        join(member, community)
        _fill_community(community, camille, count)
        # Established communities: their launch checklist is closed (it has its own budget).
        launch_services.dismiss_launch(community=community, by=camille)
    return member


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_post_page_queries_do_not_grow_with_comments(client_for, authors, threads, viewer):
    small, large = threads
    client = client_for(authors[1] if viewer == "member" else None)
    url = "/c/the-community/p/{}/"
    with_20 = _queries(client, url.format(small.pk))
    with_500 = _queries(client, url.format(large.pk))
    assert with_20 == with_500
    # 12, one for the header's jury and notice badge, one for the post's and comments' images,
    # one for a refused e-mail address (a member's)
    assert with_500 <= 15


@pytest.mark.parametrize("viewer", ["anonymous", "member", "steward"])
def test_community_page_queries_do_not_grow_with_posts(client_for, shared_personas, feeds, viewer):
    user = {"anonymous": None, "member": feeds, "steward": shared_personas["camille"]}[viewer]
    client = client_for(user)
    with_20 = _queries(client, "/c/small/")
    with_500 = _queries(client, "/c/large/")
    assert with_20 == with_500
    # 12, one for the header's jury and notice badge, one for the posts' images, one for
    # the community's cover and logo, one for the pinned posts, one for a refused e-mail
    # address (a member's)
    assert with_500 <= 17


def test_member_page_and_notifications_are_bounded(client_for, shared_personas, authors):
    community, camille = shared_personas["the_community"], shared_personas["camille"]
    for i in range(30):
        services.write_post(
            community=community, author=authors[1], title=f"t{i}", body=f"@camille {i}"
        )
    client = client_for(camille)
    assert _queries(client, f"/members/{authors[1].handle}/") <= 10
    assert _queries(client, "/notifications/") <= 10
