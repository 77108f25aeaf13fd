"""The voice coach beside the composer: htmx fragment, permissions, offsets for the browser."""

import pytest

from agora.communities.services.identity import set_identity

# The coach's models load once per process (7 to 10 s): one xdist worker runs every test
# that needs them (`--dist loadgroup`), instead of each worker loading its own.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("voice-models")]


def _rewrite_identity(community, steward, **changes):
    values = {
        "address_form": "vous",
        "emoji_policy": "free",
        "tone": [],
        "preferred_terms": [],
        "banned_terms": [],
    }
    set_identity(community=community, by=steward, **(values | changes))


def _check(client, body, slug="the-community", kind="status"):
    return client.post(
        f"/c/{slug}/voice/", {"body": body, "coach_kind": kind}, HTTP_HX_REQUEST="true"
    )


def test_steward_sees_findings_with_suggestions(client_for, the_community, camille):
    response = _check(
        client_for(camille), "Tu viens ? Supprimez ce commentaire ou vous serez banni."
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('data-kind="address_form"') == 1
    assert html.count('data-kind="boss"') == 1
    assert 'data-kind="boss"' in html and 'data-kind="address_form"' in html
    assert 'data-suggestion="Vous"' in html
    assert "guide, il ne règne pas" in html or "guides, they do not rule" in html


def test_clean_draft_says_so(client_for, the_community, camille):
    html = _check(client_for(camille), "Partagez vos photos !").content.decode()
    assert 'data-testid="coach-clear"' in html


def test_offsets_are_utf16_for_the_browser(client_for, the_community, camille):
    # "🎉" is one Python character but two UTF-16 units in the browser's textarea.
    html = _check(client_for(camille), "🎉 Tu viens ?").content.decode()
    assert 'data-start="3" data-end="5"' in html


def test_too_long_draft_gets_a_message(client_for, the_community, camille):
    html = _check(client_for(camille), "x" * 20_001).content.decode()
    assert "too long" in html


def test_members_need_the_community_to_turn_the_coach_on(
    client_for, the_community, camille, member_michu
):
    client = client_for(member_michu)
    assert _check(client, "Tu viens ?", kind="post").status_code == 403
    page = client.get("/c/the-community/posts/new/").content.decode()
    assert "/c/the-community/voice/" not in page
    _rewrite_identity(the_community, camille, coach_for_members=True)
    assert _check(client, "Tu viens ?", kind="post").status_code == 200
    page = client.get("/c/the-community/posts/new/").content.decode()
    assert 'hx-post="/c/the-community/voice/"' in page


def test_the_coach_panel_listens_to_the_composers_textarea(client_for, the_community, camille):
    page = client_for(camille).get("/c/the-community/statuses/new/").content.decode()
    assert 'id="id_body"' in page  # the textarea the panel names
    assert 'data-coach-for="id_body"' in page
    assert 'hx-post="/c/the-community/voice/"' in page
    assert 'hx-trigger="input changed delay:500ms from:#id_body, focus once from:#id_body"' in page
    assert 'hx-include="#id_body"' in page
    assert """hx-vals='{"coach_kind": "status"}'""" in page
    assert 'id="coach"' in page


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/c/the-community/posts/new/", "post"),
        ("/c/the-community/p/{post}/", "comment"),
        ("/c/the-community/p/{post}/edit/", "post"),
        ("/c/the-community/inbox/questions/{question}/", "comment"),
    ],
)
def test_every_composer_of_a_steward_has_the_coach(client_for, the_community, camille, path, kind):
    from agora.conversations.services import write_post

    post = write_post(community=the_community, author=camille, title="Café", body="Du café.")
    question = write_post(
        community=the_community, author=camille, title="Quand ?", body="Quand ?", is_question=True
    )
    page = client_for(camille).get(path.format(post=post.pk, question=question.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-coach-for="id_body"' in html
    assert f"""hx-vals='{{"coach_kind": "{kind}"}}'""" in html


def test_signature_only_checked_on_statuses(client_for, the_community, camille):
    _rewrite_identity(the_community, camille, signature="— Camille", signature_required=True)
    client = client_for(camille)
    assert (
        'data-kind="signature"' in _check(client, "Bonjour à vous", kind="status").content.decode()
    )
    assert 'data-kind="signature"' not in _check(client, "Bonjour", kind="comment").content.decode()


def test_private_community_coach_is_404_for_outsiders(client_for, community_factory, olga):
    community_factory(slug="hidden", visibility="private")
    assert _check(client_for(olga), "Tu viens ?", slug="hidden").status_code == 404


def test_repetition_uses_the_stewards_recent_texts(client_for, the_community, camille):
    from agora.conversations.services import publish_status

    publish_status(
        community=the_community,
        by=camille,
        body="Merci pour votre patience, notre équipe revient vers vous sous 48 heures.",
    )
    html = _check(
        client_for(camille),
        "Merci pour votre patience, notre équipe revient vers vous sous 24 heures.",
    ).content.decode()
    assert 'data-kind="repetition"' in html and "48 heures" in html


def test_api_gives_findings_and_refuses_bad_input(client_for, the_community, camille, michu):
    import json

    client = client_for(camille)
    response = client.post(
        "/api/communities/the-community/voice",
        json.dumps({"text": "Stop complaining!!", "kind": "comment"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    kinds = [f["kind"] for f in response.json()["findings"]]
    assert "shouting" in kinds
    too_long = client.post(
        "/api/communities/the-community/voice",
        json.dumps({"text": "x" * 20_001}),
        content_type="application/json",
    )
    assert too_long.status_code == 422
    assert too_long["Content-Type"] == "application/problem+json"
    outsider = client_for(michu).post(
        "/api/communities/the-community/voice",
        json.dumps({"text": "Hi"}),
        content_type="application/json",
    )
    assert outsider.status_code == 403
