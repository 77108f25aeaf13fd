"""E-mail members asked for, handed to a real SMTP server (aiosmtpd, `smtp_server`): what is
sent and to whom, its two parts and headers (one-click unsubscribe, threading), in the
member's language; nothing for what was read in the app or after unsubscribing; summaries
grouped by community and thread; and the bounce path (the server answers 550)."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from agora.conversations import services as conversations
from agora.notify.models import EmailPreference, OutgoingEmail, Suppression
from agora.notify.services import preferences, sending

pytestmark = pytest.mark.django_db

WAIT = timedelta(minutes=6)  # past AGORA_EMAIL_WAIT_SECONDS (5 minutes)


@pytest.fixture
def question(the_community, member_michu):
    return conversations.write_post(
        community=the_community, author=member_michu, is_question=True,
        title="Quelle mouture pour une cafetière italienne ?", body="Fine ou moyenne ?",
    )  # fmt: skip


@pytest.fixture
def lea(the_community, make_user, join):
    return join(make_user("lea", name="Léa"), the_community)


def subject(message) -> str:
    """The subject as a reader sees it (the header's folding and French spacing aside)."""
    return " ".join(str(message["Subject"]).split())


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_a_reply_is_emailed_in_two_parts_threaded_with_a_one_click_stop(
    smtp_server, question, member_michu, lea, clock
):
    first = conversations.write_comment(post=question, author=lea, body="Moyenne, toujours.")
    assert sending.send_due() == {}  # it waits: the member may read it in the app first
    clock.advance(minutes=6)
    assert sending.send_due() == {"sent": 1}

    [message] = smtp_server.to("michu@example.org")
    assert subject(message) == "Léa replied to « Quelle mouture pour une cafetière italienne ? »"
    text, html = parts(message)
    assert "Moyenne, toujours." in text and "Moyenne, toujours." in html
    assert f"/p/{question.pk}/#comment-{first.pk}" in text
    thread = f"<agora.post.{question.pk}@"
    assert message["In-Reply-To"].startswith(thread) and message["References"].startswith(thread)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop_url = re.search(r"<(https?://[^>]+)>", str(message["List-Unsubscribe"])).group(1)
    assert stop_url in text

    # A second reply threads with the first in the mail client.
    conversations.write_comment(post=question, author=lea, body="Ou un peu plus fine en été.")
    clock.advance(minutes=6)
    sending.send_due()
    second = smtp_server.to("michu@example.org")[1]
    assert second["References"] == message["References"]
    assert second["Message-ID"] != message["Message-ID"]

    # One click, from the mail client: no session, no CSRF token.
    path = stop_url.split("://", 1)[1].split("/", 1)[1]
    assert Client(enforce_csrf_checks=True).post(f"/{path}").status_code == 200
    conversations.write_comment(post=question, author=lea, body="Dernier conseil.")
    clock.advance(minutes=6)
    assert sending.send_due() == {"unsubscribed": 1}
    assert len(smtp_server.to("michu@example.org")) == 2


def test_the_email_speaks_the_members_language(
    smtp_server, the_community, make_user, join, lea, clock
):
    amelie = join(make_user("amelie", language="fr", name="Amélie"), the_community)
    post = conversations.write_post(
        community=the_community, author=amelie, title="Mon premier latte", body="Un cœur !"
    )
    conversations.write_comment(post=post, author=lea, body="Bravo !")
    clock.advance(minutes=6)
    sending.send_due()
    [message] = smtp_server.to("amelie@example.org")
    assert subject(message) == "Léa a répondu à « Mon premier latte »"
    text, _html = parts(message)
    assert "Lire et répondre" in text


def test_nothing_is_sent_for_what_was_read_in_the_app(
    smtp_server, question, member_michu, lea, clock
):
    conversations.write_comment(post=question, author=lea, body="Moyenne.")
    conversations.mark_notifications_read(user=member_michu)
    clock.advance(minutes=6)
    assert sending.send_due() == {"read": 1}
    assert smtp_server.messages == []


def test_summaries_group_by_community_and_leave_out_what_was_read(
    smtp_server, question, the_community, member_michu, lea, make_user, join, clock
):
    preferences.set_preferences(user=member_michu, choices={(None, "reply"): "daily"})
    other = conversations.write_post(
        community=the_community, author=member_michu, title="Ma balance", body="Précise ?"
    )
    paul = join(make_user("paul", name="Paul"), the_community)
    conversations.write_comment(post=question, author=lea, body="Moyenne.")
    conversations.write_comment(post=question, author=paul, body="Fine.")
    read_one = conversations.write_comment(post=other, author=paul, body="Oui, au gramme.")
    clock.advance(minutes=6)
    assert sending.send_due() == {"summary": 3}
    assert sending.send_summaries() == {}  # not a day yet
    conversations.mark_thread_read(user=member_michu, post_id=other.pk, kind="reply")
    clock.advance(days=1)
    assert sending.send_summaries() == {"sent": 1}
    [message] = smtp_server.messages
    assert subject(message) == "Your day on Agora: 2 things for you"
    text, html = parts(message)
    assert the_community.name in text and "Léa replied to" in text and "Paul replied to" in text
    assert "Ma balance" not in text  # read in the app meanwhile
    assert OutgoingEmail.objects.get(comment=read_one).dropped == "read"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sending.send_summaries() == {}  # once


def test_a_refused_address_stops_mail_and_its_member_is_told(
    smtp_server, the_community, make_user, join, lea, client_for, clock
):
    bouncer = join(make_user("bounce_me", name="Bob"), the_community)
    post = conversations.write_post(
        community=the_community, author=bouncer, title="Bonjour", body="Je suis nouveau."
    )
    conversations.write_comment(post=post, author=lea, body="Bienvenue !")
    clock.advance(minutes=6)
    assert sending.send_due() == {"refused": 1}
    assert smtp_server.refused == ["bounce_me@example.org"]
    assert Suppression.objects.get().reason.startswith("550")

    conversations.write_comment(post=post, author=lea, body="Tu es là ?")
    clock.advance(minutes=6)
    assert sending.send_due() == {"refused": 1}
    assert smtp_server.refused == ["bounce_me@example.org"]  # not even tried again
    page = client_for(bouncer).get("/").content.decode()
    assert 'data-testid="refused-address"' in page and "bounce_me@example.org" in page


def test_the_preferences_page_sets_defaults_and_community_choices(
    the_community, member_michu, client_for
):
    client = client_for(member_michu)
    url = reverse("notify:preferences")
    page = client.get(url).content.decode()
    assert 'data-testid="email-preferences"' in page and the_community.name in page
    response = client.post(url, {"default-vote": "never", f"c{the_community.pk}-reply": "weekly"})
    assert response.status_code == 302
    chosen = set(EmailPreference.objects.values_list("community_id", "kind", "frequency"))
    assert chosen == {(None, "vote", "never"), (the_community.pk, "reply", "weekly")}
    bad = client.post(url, {"default-reply": "hourly"})
    assert bad.status_code == 400
    assert client_for().get(url).status_code == 302  # log in first


def test_a_forged_stop_link_finds_nothing(client_for):
    assert client_for().post("/e/stop/not-a-token/").status_code == 404
