"""Pinned posts: stewards put up to three first on the community's page, in order, marked;
the members' vote can take one down (`governance`). Through HTTP and the services."""

import re

import pytest
from django.urls import reverse

from agora.conversations import selectors, services
from agora.conversations.models import Pin
from agora.core.errors import Conflict, InvalidInput, NotAllowed
from agora.governance.models import Proposal
from agora.governance.services import proposals
from agora.governance.tests.conftest import vote_all

pytestmark = pytest.mark.django_db


def status(community, by, title):
    return services.publish_status(community=community, by=by, title=title, body=f"{title}.")


def pin_url(post, action="pin"):
    return reverse("conversations:pin", args=[post.community.slug, post.pk, action])


def page_order(client, community) -> tuple[list[str], list[str]]:
    """(pinned titles, feed titles) as the community page shows them."""
    html = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
    pinned_block = re.search(r'data-testid="pinned-posts">(.*?)</ol>', html, re.S)
    pinned = (
        re.findall(r'class="post-link"[^>]*>([^<]+)<', pinned_block.group(1))
        if pinned_block
        else []
    )
    feed_block = re.search(r'id="feed">(.*?)</ol>', html, re.S)
    feed = re.findall(r'class="post-link"[^>]*>([^<]+)<', feed_block.group(1)) if feed_block else []
    return pinned, feed


def test_a_pinned_post_comes_first_marked_and_leaves_the_feed(
    the_community, camille, member_michu, client_for
):
    welcome = status(the_community, camille, "Bienvenue")
    status(the_community, camille, "Nouveautés")
    response = client_for(camille).post(pin_url(welcome))
    assert response.status_code == 302
    pinned, feed = page_order(client_for(member_michu), the_community)
    assert pinned == ["Bienvenue"] and feed == ["Nouveautés"]
    html = client_for().get(reverse("communities:detail", args=[the_community.slug])).content
    assert html.count(b'data-testid="pinned-mark"') == 1  # the feed's own posts are not
    assert html.count(b'data-testid="post"') == 1
    assert b"Unpin" not in html  # the controls are the stewards'
    steward_page = client_for(camille).get(reverse("communities:detail", args=[the_community.slug]))
    assert steward_page.content.count(b"Unpin") == 1  # on the pinned post alone

    assert client_for(camille).post(pin_url(welcome, "unpin")).status_code == 302
    assert page_order(client_for(member_michu), the_community) == ([], ["Nouveautés", "Bienvenue"])


def test_at_most_three_in_order_moved_up_and_down(the_community, camille, client_for):
    posts = [status(the_community, camille, name) for name in ("Un", "Deux", "Trois", "Quatre")]
    for post in posts[:3]:
        assert client_for(camille).post(pin_url(post)).status_code == 302
    refused = client_for(camille).post(pin_url(posts[3]))
    assert refused.status_code == 409
    assert "At most 3 posts are pinned: unpin one first." in refused.content.decode()
    with pytest.raises(Conflict):
        services.pin_post(post=posts[0], by=camille)  # already pinned

    assert client_for(camille).post(pin_url(posts[2], "up")).status_code == 302
    assert [p.title for p in selectors.pinned_posts(the_community)] == ["Un", "Trois", "Deux"]
    client_for(camille).post(pin_url(posts[0], "down"))
    assert [p.title for p in selectors.pinned_posts(the_community)] == ["Trois", "Un", "Deux"]
    services.unpin_post(post=posts[1], by=camille)  # "Deux" moves up
    assert list(Pin.objects.values_list("position", "post__title")) == [(0, "Trois"), (1, "Un")]
    assert client_for(camille).post(pin_url(posts[3])).status_code == 302  # room again


def test_only_stewards_pin_and_only_what_everyone_sees(
    the_community, camille, member_michu, client_for
):
    post = services.write_post(
        community=the_community, author=member_michu, title="Ma recette", body="Un latte."
    )
    assert client_for(member_michu).post(pin_url(post)).status_code == 403
    with pytest.raises(NotAllowed):
        services.pin_post(post=post, by=member_michu)
    services.delete_post(post=post, by=member_michu)
    post.refresh_from_db()
    with pytest.raises(InvalidInput):
        services.pin_post(post=post, by=camille)
    assert not Pin.objects.exists()
    assert client_for(camille).post(pin_url(post, "sideways")).status_code == 404


def test_a_pinned_post_that_is_later_deleted_disappears_from_the_top(
    the_community, camille, member_michu, client_for
):
    post = services.write_post(
        community=the_community, author=member_michu, title="Le guide", body="Tout savoir."
    )
    services.pin_post(post=post, by=camille)
    assert page_order(client_for(), the_community)[0] == ["Le guide"]
    services.delete_post(post=post, by=member_michu)
    assert page_order(client_for(), the_community) == ([], [])


def test_the_members_vote_can_unpin(jury_community, camille, client_for, clock):
    post = status(jury_community, camille, "Règlement du concours")
    services.pin_post(post=post, by=camille)
    proposer, *voters = jury_community.members
    url = reverse("governance:unpin", args=[jury_community.slug, post.pk])
    index = client_for(proposer).get(reverse("governance:index", args=[jury_community.slug]))
    assert url in index.content.decode()
    response = client_for(proposer).post(url, {"reason": "Le concours est fini depuis un mois."})
    assert response.status_code == 302
    proposal = Proposal.objects.get(kind="unpin")
    assert proposal.post == post
    again = client_for(voters[0]).post(url, {"reason": "Oui, il faut l'enlever."})
    assert again.status_code == 409
    vote_all(proposal, voters, yes_count=4, no_count=1)
    clock.advance(days=8)
    assert proposals.close_if_due(proposal=proposal) == "adopted"
    assert not selectors.is_pinned(post)
    assert client_for(proposer).get(url).status_code == 404  # nothing left to unpin
