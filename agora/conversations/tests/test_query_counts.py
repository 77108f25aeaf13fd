"""Pages do a bounded number of queries whatever the number of posts or comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.conversations import services

pytestmark = pytest.mark.django_db


def _fill_post(post, authors, count):
    parent = None
    for i in range(count):
        # Every third comment is a reply, so threads and their authors vary.
        comment = services.write_comment(
            post=post, author=authors[i % len(authors)], body=f"comment {i}", parent=parent
        )
        parent = comment if i % 3 == 0 else None
        if i % 5 == 0:
            services.toggle_reaction(
                user=authors[(i + 1) % len(authors)], kind="like", comment=comment
            )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def authors(the_community, make_user, join, camille):
    return [camille] + [join(make_user(f"author{i}"), the_community) for i in range(6)]


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_post_page_queries_do_not_grow_with_comments(
    client_for, the_community, camille, authors, viewer
):
    small = services.publish_status(community=the_community, by=camille, body="small")
    large = services.publish_status(community=the_community, by=camille, body="large")
    _fill_post(small, authors, 20)
    _fill_post(large, authors, 500)
    client = client_for(authors[1] if viewer == "member" else None)
    url = "/c/the-community/p/{}/"
    with_20 = _queries(client, url.format(small.pk))
    with_500 = _queries(client, url.format(large.pk))
    assert with_20 == with_500
    assert with_500 <= 13  # 12, and one for the header's jury and notice badge


@pytest.mark.parametrize("viewer", ["anonymous", "member", "steward"])
def test_community_page_queries_do_not_grow_with_posts(
    client_for, community_factory, camille, authors, viewer, make_user, join
):
    small = community_factory(founder=camille, slug="small")
    large = community_factory(founder=camille, slug="large")
    member = make_user("reader")
    for community, count in ((small, 20), (large, 500)):
        join(member, community)
        for i in range(count):
            services.publish_status(community=community, by=camille, body=f"status {i}")
    user = {"anonymous": None, "member": member, "steward": camille}[viewer]
    client = client_for(user)
    with_20 = _queries(client, "/c/small/")
    with_500 = _queries(client, "/c/large/")
    assert with_20 == with_500
    assert with_500 <= 13  # 12, and one for the header's jury and notice badge


def test_member_page_and_notifications_are_bounded(client_for, the_community, camille, authors):
    for i in range(30):
        services.write_post(
            community=the_community, author=authors[1], title=f"t{i}", body=f"@camille {i}"
        )
    client = client_for(camille)
    assert _queries(client, f"/members/{authors[1].handle}/") <= 10
    assert _queries(client, "/notifications/") <= 10
