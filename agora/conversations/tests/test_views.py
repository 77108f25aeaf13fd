import pytest

from agora.conversations import selectors, services
from agora.conversations.models import Comment, Notification, Post, Reaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def status(the_community, camille):
    return services.publish_status(community=the_community, by=camille, title="Hi", body="Hello")


def test_member_writes_a_question_and_the_asker_accepts_an_answer(
    client_for, the_community, member_michu, camille
):
    client = client_for(member_michu)
    response = client.post(
        "/c/the-community/posts/new/",
        {"title": "Mouture ?", "body": "Fine or coarse?", "is_question": "on"},
    )
    assert response.status_code == 302
    question = Post.objects.get(title="Mouture ?")
    assert question.kind == "question"
    answer = services.write_comment(post=question, author=camille, body="Medium")
    response = client.post(f"/c/the-community/p/{question.pk}/c/{answer.pk}/accept/")
    assert response.status_code == 302
    page = client.get(f"/c/the-community/p/{question.pk}/").content.decode()
    assert 'data-testid="accepted-answer"' in page


def test_reaction_by_htmx_returns_the_fragment(client_for, status, member_michu):
    client = client_for(member_michu)
    response = client.post(
        f"/c/the-community/p/{status.pk}/react/", {"kind": "like"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="reactions"')
    assert "<html" not in html
    assert 'aria-pressed="true"' in html
    assert "HX-Request" in response["Vary"]
    assert Reaction.objects.filter(user=member_michu, post=status, kind="like").exists()


def test_reaction_without_htmx_redirects(client_for, status, member_michu):
    response = client_for(member_michu).post(
        f"/c/the-community/p/{status.pk}/react/", {"kind": "love"}
    )
    assert response.status_code == 302


def test_threaded_reply_through_the_form(client_for, status, member_michu):
    client = client_for(member_michu)
    client.post(f"/c/the-community/p/{status.pk}/comments/", {"body": "Top"})
    top = Comment.objects.get(body="Top")
    page = client.get(f"/c/the-community/p/{status.pk}/?reply={top.pk}").content.decode()
    assert f'name="parent" value="{top.pk}"' in page
    client.post(f"/c/the-community/p/{status.pk}/comments/", {"body": "Reply", "parent": top.pk})
    assert Comment.objects.get(body="Reply").parent == top


def test_edit_and_history_pages(client_for, the_community, member_michu):
    post = services.write_post(community=the_community, author=member_michu, title="T", body="v1")
    client = client_for(member_michu)
    response = client.post(f"/c/the-community/p/{post.pk}/edit/", {"title": "T", "body": "v2"})
    assert response.status_code == 302
    history = client.get(f"/c/the-community/p/{post.pk}/history/").content.decode()
    assert "v1" in history


def test_only_the_author_sees_edit_and_delete(client_for, the_community, member_michu, camille):
    post = services.write_post(community=the_community, author=member_michu, title="T", body="B")
    other = client_for(camille)
    assert other.get(f"/c/the-community/p/{post.pk}/edit/").status_code == 404
    assert other.post(f"/c/the-community/p/{post.pk}/delete/").status_code == 403
    assert Post.objects.get(pk=post.pk).deleted_at is None


def test_delete_asks_for_confirmation_then_soft_deletes(client_for, the_community, member_michu):
    post = services.write_post(community=the_community, author=member_michu, title="T", body="B")
    client = client_for(member_michu)
    confirm = client.get(f"/c/the-community/p/{post.pk}/delete/")
    assert confirm.status_code == 200 and "Yes, delete it" in confirm.content.decode()
    assert client.post(f"/c/the-community/p/{post.pk}/delete/").status_code == 302
    post.refresh_from_db()
    assert post.deleted_at is not None
    page = client.get(f"/c/the-community/p/{post.pk}/").content.decode()
    assert "deleted by its author" in page and ">B<" not in page


def test_notifications_unread_count_list_and_mark_read(client_for, status, member_michu, camille):
    services.write_comment(post=status, author=member_michu, body="Merci @camille")
    client = client_for(camille)
    home = client.get("/").content.decode()
    assert 'data-testid="unread-count">1<' in home
    page = client.get("/notifications/").content.decode()
    label = selectors.post_label(status)
    assert f"Madame Michu replied to « {label} »" in page
    client.post("/notifications/read/")
    assert Notification.objects.filter(recipient=camille, read_at__isnull=True).count() == 0
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()


def test_member_page_shows_only_what_the_viewer_may_see(
    client_for, community_factory, camille, member_michu, join, olga
):
    private = community_factory(founder=camille, slug="inner", visibility="private")
    join(member_michu, private)
    services.write_post(community=private, author=member_michu, title="Secret plan", body="hush")
    services.write_post(
        community=member_michu.memberships.first().community,
        author=member_michu,
        title="Public thought",
        body="hello",
    )
    outsider_view = client_for(olga).get("/members/michu/").content.decode()
    assert "Public thought" in outsider_view and "Secret plan" not in outsider_view
    insider_view = client_for(camille).get("/members/michu/").content.decode()
    assert "Secret plan" in insider_view


def test_search_page(client, the_community, member_michu):
    services.write_post(
        community=the_community, author=member_michu, title="Cafetière italienne", body="..."
    )
    page = client.get("/c/the-community/search/?q=cafetiere").content.decode()
    assert "Cafetière italienne" in page
    empty = client.get("/c/the-community/search/?q=zzzz").content.decode()
    assert "Nothing matches" in empty


def test_the_feed_shows_an_author_their_held_post_under_review_and_nobody_else(
    client_for, the_community, member_michu, camille, status
):
    post = services.write_post(community=the_community, author=member_michu, title="T", body="B")
    services.set_moderation_state(item=post, state="held")
    own = client_for(member_michu).get("/c/the-community/").content.decode()
    assert f"/c/the-community/p/{post.pk}/" in own
    assert own.count('data-testid="under-review"') == 1
    for viewer in (camille, None):
        page = client_for(viewer).get("/c/the-community/").content.decode()
        assert f"/c/the-community/p/{post.pk}/" not in page
        assert 'data-testid="under-review"' not in page
        assert f"/c/the-community/p/{status.pk}/" in page


def test_older_publications_come_as_a_fragment_and_without_htmx_as_the_page(
    client_for, the_community, camille, settings
):
    settings.AGORA_PAGE_SIZE = 2
    for n in range(3):
        services.publish_status(community=the_community, by=camille, title=f"S{n}", body="x")
    client = client_for()
    page = client.get("/c/the-community/").content.decode()
    assert "/c/the-community/feed/?after=" in page
    cursor = page.split("/c/the-community/feed/?after=")[1].split('"')[0]
    fragment = client.get(f"/c/the-community/feed/?after={cursor}", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html and ">S0<" in html and ">S2<" not in html
    assert "HX-Request" in fragment["Vary"]
    plain = client.get(f"/c/the-community/feed/?after={cursor}")
    assert plain.status_code == 302
    assert plain["Location"] == f"/c/the-community/?after={cursor}"


def test_a_removed_comment_alone_leaves_no_placeholder_under_zero_comments(
    client_for, the_community, member_michu, camille, status
):
    alone = services.write_comment(post=status, author=member_michu, body="Seul et retiré")
    services.set_moderation_state(item=alone, state="hidden")
    page = client_for(camille).get(f"/c/the-community/p/{status.pk}/").content.decode()
    assert "0 comments" in page
    assert "removed after a moderation decision" not in page
    assert "No comment yet." in page
    # Its author still sees it, and why.
    own = client_for(member_michu).get(f"/c/the-community/p/{status.pk}/").content.decode()
    assert "Seul et retiré" in own and 'data-testid="removed-banner"' in own


def test_a_removed_comment_with_replies_stays_as_a_placeholder_for_them(
    client_for, the_community, member_michu, camille, status
):
    parent = services.write_comment(post=status, author=member_michu, body="Parent retiré")
    services.write_comment(post=status, author=camille, body="Une réponse", parent=parent)
    services.set_moderation_state(item=parent, state="hidden")
    page = client_for(None).get(f"/c/the-community/p/{status.pk}/").content.decode()
    assert "1 comment" in page and "Une réponse" in page
    assert page.count("removed after a moderation decision") == 1
    assert "Parent retiré" not in page
