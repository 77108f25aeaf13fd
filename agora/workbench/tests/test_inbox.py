"""The inbox, the knowledge base, the FAQ and saved replies through HTTP."""

from datetime import timedelta

import pytest
from django.urls import reverse

from agora.conversations import services as conversations
from agora.workbench.models import Fact, InboxClaim, SavedReplyUse
from agora.workbench.services import facts, replies


def url(community, name, *args):
    return reverse(f"workbench:{name}", args=[community.slug, *args])


@pytest.fixture
def question(the_community, member_michu):
    return conversations.write_post(
        community=the_community,
        author=member_michu,
        title="Livraison en Belgique ?",
        body="Est-ce que vous livrez le café en Belgique, et en combien de jours ?",
        is_question=True,
    )


def inbox_keys(client, community, **params):
    page = client.get(url(community, "inbox"), params).content.decode()
    return [part.split('"')[0] for part in page.split('data-key="')[1:]]


def test_the_inbox_lists_what_waits_oldest_first(
    client_for, the_community, camille, member_michu, make_user, join, clock, question
):
    status = conversations.publish_status(community=the_community, by=camille, body="Nouveauté")
    clock.advance(hours=1)
    asking = conversations.write_comment(
        post=status, author=member_michu, body="C'est disponible quand ?"
    )
    thanks = conversations.write_comment(post=status, author=member_michu, body="Merci !")
    mention = conversations.write_comment(
        post=status, author=member_michu, body="@the-community vous êtes là ?"
    )
    keys = inbox_keys(client_for(camille), the_community)
    assert keys == [f"post:{question.pk}", f"comment:{asking.pk}", f"comment:{mention.pk}"]
    assert f"comment:{thanks.pk}" not in keys  # says nothing that waits for an answer


def test_members_talking_together_under_a_status_are_not_questions_for_the_community(
    client_for, the_community, camille, member_michu, make_user, join
):
    lea = join(make_user("lea"), the_community)
    status = conversations.publish_status(
        community=the_community, by=camille, body="Quel café buvez-vous ce matin ?"
    )
    first = conversations.write_comment(post=status, author=member_michu, body="Un éthiopien.")
    to_michu = conversations.write_comment(
        post=status, author=lea, parent=first, body="@michu le Yirgacheffe ? Il est superbe."
    )
    addressed = conversations.write_comment(
        post=status, author=lea, body="@michu tu le mouds comment ?"
    )
    steward_reply = conversations.write_comment(
        post=status, author=camille, parent=first, body="Bon choix !"
    )
    to_the_steward = conversations.write_comment(
        post=status, author=lea, parent=steward_reply, body="Vous en avez encore en stock ?"
    )
    keys = inbox_keys(client_for(camille), the_community)
    assert f"comment:{to_michu.pk}" not in keys  # a reply to a member
    assert f"comment:{addressed.pk}" not in keys  # opens on @someone
    assert f"comment:{to_the_steward.pk}" in keys  # asks the community's steward


def test_an_answer_by_any_member_takes_a_question_out(
    client_for, the_community, camille, make_user, join, question
):
    helper = join(make_user("helper"), the_community)
    conversations.write_comment(post=question, author=question.author, body="Je précise : Liège.")
    client = client_for(camille)
    assert f"post:{question.pk}" in inbox_keys(client, the_community)
    conversations.write_comment(post=question, author=helper, body="Oui, en 3 jours.")
    page = client.get(url(the_community, "inbox")).content.decode()
    assert f"post:{question.pk}" not in page
    assert "1 questions answered, 1 of them by members" in page


def test_overdue_items_are_marked_against_the_target(
    client_for, the_community, camille, clock, question
):
    client = client_for(camille)
    assert "overdue" not in client.get(url(the_community, "inbox")).content.decode()
    clock.advance(hours=5)  # the default target is 4 hours
    page = client.get(url(the_community, "inbox")).content.decode()
    assert "1 item is overdue" in page and 'class="inbox-item overdue"' in page


def test_a_claim_keeps_two_stewards_from_answering_the_same_thing(
    client_for, the_community, camille, make_user, join, question
):
    from agora.communities.models import StewardMandate
    from agora.core.clock import now

    other = join(make_user("sacha"), the_community)
    StewardMandate.objects.create(
        community=the_community, user=other, starts_at=now() - timedelta(days=1), reason="vote"
    )
    key = f"post:{question.pk}"
    assert (
        client_for(camille).post(url(the_community, "inbox_claim"), {"item": key}).status_code
        == 302
    )
    refused = client_for(other).post(url(the_community, "inbox_claim"), {"item": key})
    assert refused.status_code == 409 and "Camille" in refused.content.decode()
    release = client_for(other).post(
        url(the_community, "inbox_claim"), {"item": key, "action": "release"}
    )
    assert release.status_code == 403
    assert InboxClaim.objects.get(item=key).user == camille
    mine = inbox_keys(client_for(camille), the_community, claimed="mine")
    assert mine == [key]
    assert inbox_keys(client_for(other), the_community, claimed="unclaimed") == []


@pytest.mark.parametrize(
    ("item", "status"),
    [("", 400), ("post:abc", 400), ("user:1", 400), ("post:1;drop", 400), ("post:999999", 404)],
)
def test_a_bad_claim_is_a_clear_4xx(client_for, the_community, camille, item, status):
    """A malformed item is a 400; a well-formed one that is not in the community, a 404."""
    response = client_for(camille).post(url(the_community, "inbox_claim"), {"item": item})
    assert response.status_code == status
    assert not InboxClaim.objects.exists()


def test_the_inbox_is_for_stewards(client_for, the_community, member_michu):
    assert client_for(member_michu).get(url(the_community, "inbox")).status_code == 403


def test_opening_a_question_suggests_facts_and_answering_records_the_saved_reply(
    client_for, the_community, camille, question, django_capture_on_commit_callbacks
):
    facts.save_fact(
        community=the_community, by=camille, question="Livrez-vous hors de France ?",
        answer="Oui : Belgique et Suisse, en 3 à 5 jours ouvrés.", tags="livraison",
    )  # fmt: skip
    facts.save_fact(
        community=the_community, by=camille, question="Horaires de la boutique",
        answer="Du mardi au samedi, 9 h – 19 h.",
    )  # fmt: skip
    saved = replies.save_reply(
        community=the_community, by=camille, title="Merci", body="Merci pour votre question !"
    )
    client = client_for(camille)
    page = client.get(url(the_community, "inbox_answer", question.pk)).content.decode()
    assert page.count('data-testid="suggested-fact"') == 1
    assert "Belgique et Suisse" in page and "Horaires" not in page
    response = client.post(
        url(the_community, "inbox_answer", question.pk),
        {"body": "Merci pour votre question !", "saved_reply": saved.pk},
    )
    assert response.status_code == 302
    use = SavedReplyUse.objects.get()
    assert use.unchanged and use.comment_id and use.user == camille
    saved.refresh_from_db()
    assert saved.use_count == 1
    assert question.comments.get().body == "Merci pour votre question !"


@pytest.mark.xdist_group("voice-models")  # it asks the coach: with the other coach tests
def test_a_saved_reply_sent_unchanged_too_often_is_flagged(
    client_for, the_community, camille, member_michu
):
    saved = replies.save_reply(
        community=the_community, by=camille, title="Merci", body="Merci pour votre message !"
    )
    client = client_for(camille)
    for n in range(3):
        post = conversations.write_post(
            community=the_community, author=member_michu, title=f"Q{n}", body="?",
            is_question=True,
        )  # fmt: skip
        client.post(
            url(the_community, "inbox_answer", post.pk),
            {"body": saved.body, "saved_reply": saved.pk},
        )
    page = client.get(url(the_community, "saved_replies")).content.decode()
    assert "3 times word for word in 30 days" in page
    # The voice coach reads the next identical reply as a repetition of the steward's own.
    coach = client.post(
        reverse("conversations:voice_check", args=[the_community.slug]),
        {"body": saved.body, "coach_kind": "comment"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "finding-repetition" in coach


def test_an_empty_answer_is_refused_and_nothing_is_written(
    client_for, the_community, camille, question
):
    response = client_for(camille).post(
        url(the_community, "inbox_answer", question.pk), {"body": "", "saved_reply": "x"}
    )
    assert response.status_code == 400
    assert not question.comments.exists() and not SavedReplyUse.objects.exists()


def test_facts_search_stale_and_faq(client_for, the_community, camille, member_michu, clock):
    public = facts.save_fact(
        community=the_community, by=camille, question="Quelle mouture pour une cafetière ?",
        answer="Une mouture **moyenne**.", is_public=True,
    )  # fmt: skip
    internal = facts.save_fact(
        community=the_community, by=camille, question="Marge sur le moka",
        answer="Interne : 40 %.",
    )  # fmt: skip
    client = client_for(camille)
    found = client.get(url(the_community, "facts"), {"q": "cafetiere"}).content.decode()
    assert f"fact-{public.pk}" in found and f"fact-{internal.pk}" not in found  # accents folded
    faq = client_for(member_michu).get(url(the_community, "faq")).content.decode()
    assert "Une mouture <strong>moyenne</strong>." in faq and "Marge" not in faq

    clock.advance(days=181)
    stale = client.get(url(the_community, "facts"), {"stale": "1"}).content.decode()
    assert "2 facts not reviewed for 180 days" in stale
    client.post(url(the_community, "fact_reviewed", internal.pk))
    internal.refresh_from_db()
    assert internal.last_reviewed_on == clock.now().date()


def test_a_private_community_s_faq_is_invisible(client_for, community_factory, michu):
    private = community_factory(visibility="private")
    assert client_for(michu).get(url(private, "faq")).status_code == 404


def test_a_fact_with_bad_input_is_refused(client_for, the_community, camille):
    response = client_for(camille).post(
        url(the_community, "fact_new"),
        {"question": "", "answer": "x" * 6000, "tags": ",".join(["t"] * 20)},
    )
    assert response.status_code == 400
    assert not Fact.objects.exists()


def test_hostile_markdown_in_a_fact_is_inert(client_for, the_community, camille, member_michu):
    facts.save_fact(
        community=the_community, by=camille, question="<script>alert(1)</script>",
        answer="[x](javascript:alert(1)) <img src=x onerror=alert(1)>", is_public=True,
    )  # fmt: skip
    page = client_for(member_michu).get(url(the_community, "faq")).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page and "<img" not in page


@pytest.mark.parametrize("count", [3, 40])
def test_the_inbox_s_queries_do_not_grow_with_its_items(
    client_for, the_community, camille, member_michu, django_assert_max_num_queries, count
):
    status = conversations.publish_status(community=the_community, by=camille, body="Nouveauté")
    for n in range(count):
        post = conversations.write_post(
            community=the_community, author=member_michu, title=f"Q{n}", body="?",
            is_question=True,
        )  # fmt: skip
        conversations.write_comment(post=status, author=member_michu, body=f"Et {n} ?")
        InboxClaim.objects.create(
            community=the_community, item=f"post:{post.pk}", user=camille,
            claimed_at=post.created_at,
        )  # fmt: skip
    client = client_for(camille)
    with django_assert_max_num_queries(16):
        response = client.get(url(the_community, "inbox"))
    assert response.content.decode().count('class="inbox-item') == min(2 * count, 50)
