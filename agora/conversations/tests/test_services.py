import pytest
from django.test import override_settings

from agora.conversations import selectors, services
from agora.conversations.models import Comment, Notification, Post, Reaction, Revision
from agora.core.errors import InvalidInput, NotAllowed, NotFound

pytestmark = pytest.mark.django_db


def test_status_refused_until_charter_identity_and_mindset(community_factory, camille):
    community = community_factory(founder=camille, charter=False, identity=False, mindset=False)
    with pytest.raises(services.FoundationsMissing) as caught:
        services.publish_status(community=community, by=camille, body="Hello")
    assert [m.key for m in caught.value.missing] == ["charter", "identity", "mindset"]
    assert caught.value.link.endswith("/setup/charter/")
    assert "charter" in str(caught.value.message)
    assert Post.objects.count() == 0


def test_status_names_only_what_is_missing(community_factory, camille):
    community = community_factory(founder=camille, mindset=False)
    with pytest.raises(services.FoundationsMissing) as caught:
        services.publish_status(community=community, by=camille, body="Hello")
    assert [m.key for m in caught.value.missing] == ["mindset"]


def test_steward_publishes_status_and_counter_moves(the_community, camille):
    post = services.publish_status(
        community=the_community, by=camille, title="Hi", body="**Bonjour** à tous"
    )
    assert post.kind == "status"
    assert "<strong>Bonjour</strong>" in post.body_html
    the_community.refresh_from_db()
    assert the_community.post_count == 1


def test_members_cannot_publish_statuses(the_community, member_michu):
    with pytest.raises(NotAllowed):
        services.publish_status(community=the_community, by=member_michu, body="I speak for all")


def test_outsider_cannot_post(the_community, olga):
    with pytest.raises(NotAllowed) as caught:
        services.write_post(community=the_community, author=olga, title="Hi", body="Me")
    assert caught.value.link.endswith("/join/")


def test_question_with_one_accepted_answer(the_community, member_michu, camille, make_user, join):
    lea = join(make_user("lea"), the_community)
    question = services.write_post(
        community=the_community, author=member_michu, title="Grind?", body="?", is_question=True
    )
    first = services.write_comment(post=question, author=lea, body="Fine")
    second = services.write_comment(post=question, author=camille, body="Medium")
    with pytest.raises(NotAllowed):
        services.accept_answer(post=question, comment=first, by=lea)
    services.accept_answer(post=question, comment=first, by=member_michu)
    services.accept_answer(post=question, comment=second, by=member_michu)
    question.refresh_from_db()
    assert question.accepted_answer == second
    assert Notification.objects.filter(recipient=camille, kind="accepted").exists()


def test_plain_post_cannot_accept_answers(the_community, member_michu):
    post = services.write_post(community=the_community, author=member_michu, title="T", body="B")
    comment = services.write_comment(post=post, author=member_michu, body="c")
    with pytest.raises(InvalidInput):
        services.accept_answer(post=post, comment=comment, by=member_michu)


@override_settings(AGORA_COMMENT_MAX_DEPTH=2)
def test_threaded_comments_stop_at_depth_limit(the_community, member_michu):
    post = services.write_post(community=the_community, author=member_michu, title="T", body="B")
    top = services.write_comment(post=post, author=member_michu, body="0")
    reply = services.write_comment(post=post, author=member_michu, body="1", parent=top)
    deepest = services.write_comment(post=post, author=member_michu, body="2", parent=reply)
    with pytest.raises(InvalidInput):
        services.write_comment(post=post, author=member_michu, body="3", parent=deepest)
    services.write_comment(post=post, author=member_michu, body="later")
    assert [c.body for c in selectors.thread(post)] == ["0", "1", "2", "later"]
    post.refresh_from_db()
    assert post.comment_count == 4


def test_reply_to_a_comment_of_another_post_is_not_found(the_community, member_michu):
    one = services.write_post(community=the_community, author=member_michu, title="1", body="1")
    two = services.write_post(community=the_community, author=member_michu, title="2", body="2")
    comment = services.write_comment(post=one, author=member_michu, body="on one")
    with pytest.raises(NotFound):
        services.write_comment(post=two, author=member_michu, body="x", parent=comment)
    assert Comment.objects.count() == 1


def test_reaction_toggles_and_counts(the_community, member_michu, camille):
    post = services.publish_status(community=the_community, by=camille, body="Hi")
    assert services.toggle_reaction(user=member_michu, kind="like", post=post) is True
    assert services.toggle_reaction(user=member_michu, kind="love", post=post) is True
    post.refresh_from_db()
    assert post.reaction_count == 2 == Reaction.objects.filter(post=post).count()
    assert services.toggle_reaction(user=member_michu, kind="like", post=post) is False
    post.refresh_from_db()
    assert post.reaction_count == 1 == Reaction.objects.filter(post=post).count()
    with pytest.raises(InvalidInput):
        services.toggle_reaction(user=member_michu, kind="angry", post=post)


def test_mentions_notify_members_only(the_community, member_michu, camille, olga):
    post = services.write_post(
        community=the_community,
        author=member_michu,
        title="Hi",
        body="Merci @camille et @olga ! `@camille` in code is not a mention.",
    )
    assert Notification.objects.filter(recipient=camille, kind="mention", post=post).count() == 1
    assert not Notification.objects.filter(recipient=olga).exists()
    assert 'href="/members/camille/"' in post.body_html
    assert selectors.unread_count(camille) == 1
    services.mark_notifications_read(user=camille)
    assert selectors.unread_count(camille) == 0


def test_reply_notifies_the_person_replied_to(the_community, member_michu, camille):
    status = services.publish_status(community=the_community, by=camille, body="Hi")
    services.write_comment(post=status, author=member_michu, body="Hello @camille")
    notes = Notification.objects.filter(recipient=camille)
    assert [n.kind for n in notes] == ["reply"]  # one notification, not a reply and a mention


def test_edit_keeps_history_and_only_author_edits(the_community, member_michu, camille):
    post = services.write_post(community=the_community, author=member_michu, title="T", body="v1")
    services.edit_post(post=post, by=member_michu, title="T", body="v2")
    services.edit_post(post=post, by=member_michu, title="T2", body="v3")
    post.refresh_from_db()
    assert (post.title, post.body) == ("T2", "v3") and post.edited_at
    assert [r.body for r in Revision.objects.filter(post=post)] == ["v2", "v1"]
    with pytest.raises(NotAllowed):
        services.edit_post(post=post, by=camille, title="T", body="hijack")


def test_soft_delete_hides_post_from_feed_and_search(the_community, member_michu):
    post = services.write_post(
        community=the_community, author=member_michu, title="Cafetière", body="italienne"
    )
    assert [p.pk for p in selectors.search_community(the_community, "italienne")] == [post.pk]
    services.delete_post(post=post, by=member_michu)
    assert Post.objects.filter(pk=post.pk, deleted_at__isnull=False).exists()
    assert selectors.community_feed(the_community).items == []
    assert selectors.search_community(the_community, "italienne") == []
    the_community.refresh_from_db()
    assert the_community.post_count == 0


def test_search_is_scoped_to_the_community_and_accent_aware(
    the_community, community_factory, member_michu, camille
):
    other = community_factory(founder=camille)
    mine = services.write_post(
        community=the_community, author=member_michu, title="Torréfaction", body="Les cafés"
    )
    services.publish_status(community=other, by=camille, title="Torréfaction", body="ailleurs")
    found = selectors.search_community(the_community, "torréfaction")
    assert [p.pk for p in found] == [mine.pk]
    assert selectors.search_community(the_community, '"); DROP TABLE x; --') == []


def test_keyset_pagination_walks_every_post_once(the_community, camille, settings):
    settings.AGORA_PAGE_SIZE = 3
    made = [
        services.publish_status(community=the_community, by=camille, body=f"n{i}").pk
        for i in range(7)
    ]
    seen, cursor = [], None
    while True:
        page = selectors.community_feed(the_community, cursor)
        seen += [p.pk for p in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == list(reversed(made))
    assert selectors.community_feed(the_community, "garbage!!").items[0].pk == made[-1]
