"""Times as people say them: "2 minutes ago" / « il y a 2 minutes », the full date on hover,
machine-readable for the browser; on the feed and in a thread."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from agora.conversations import services as conversations

pytestmark = pytest.mark.django_db


def said(value) -> str:
    return Template("{% load agora %}{% moment value %}").render(Context({"value": value}))


def test_relative_in_each_language_absolute_on_hover(clock):
    then = clock.now() - timedelta(minutes=2, seconds=5)
    with translation.override("en"):
        english = said(then)
    with translation.override("fr"):
        french = said(then)
    assert ">2\xa0minutes ago</time>" in english
    assert ">il y a 2\xa0minutes</time>" in french
    assert f'datetime="{then.isoformat()}"' in english
    assert f'title="{then.year}' not in french  # a French date in full, never ISO
    assert ">just now<" in said(clock.now())


def test_posts_and_comments_say_how_long_ago(the_community, member_michu, client_for, clock):
    post = conversations.write_post(
        community=the_community, author=member_michu, title="Mouture", body="Fine ?"
    )
    conversations.write_comment(post=post, author=member_michu, body="Moyenne.")
    clock.advance(hours=3)
    feed = client_for(member_michu).get(f"/c/{the_community.slug}/").content.decode()
    thread = client_for(member_michu).get(f"/c/{the_community.slug}/p/{post.pk}/").content.decode()
    assert "3\xa0hours ago</time>" in feed
    assert thread.count("3\xa0hours ago</time>") >= 2  # the post and its comment
