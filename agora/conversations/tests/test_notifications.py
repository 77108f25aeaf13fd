"""Notifications with context: one line per thread and kind, naming the people, the post
and its community, newest first; read per thread; in the member's language."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.conversations import selectors, services
from agora.conversations.models import Notification

pytestmark = pytest.mark.django_db


def lines(client, url="/notifications/") -> list[str]:
    html = client.get(url).content.decode()
    found = re.findall(r'data-testid="notification-text">(.*?)</a>', html, re.S)
    return [" ".join(text.split()) for text in found]


@pytest.fixture
def question(the_community, member_michu):
    return services.write_post(
        community=the_community, author=member_michu, is_question=True,
        title="Quelle mouture pour une cafetière italienne ?", body="Fine ou moyenne ?",
    )  # fmt: skip


def test_replies_in_one_thread_are_one_line_naming_the_people_and_the_post(
    the_community, question, member_michu, make_user, join, client_for
):
    people = [join(make_user(h, name=n), the_community) for h, n in
              (("lea", "Léa"), ("paul", "Paul"), ("karim", "Karim"))]  # fmt: skip
    comments = [
        services.write_comment(post=question, author=person, body=f"Moyenne, dit {person.handle}.")
        for person in people
    ]
    services.write_comment(post=question, author=people[0], body="Et un peu plus fine en été.")
    status = services.publish_status(
        community=the_community, by=the_community.created_by, body="Merci @michu pour la photo !"
    )
    client = client_for(member_michu)
    assert lines(client) == [
        f"Camille Martin mentioned you in « {selectors.post_label(status)} »",
        "Léa and 2 others replied to « Quelle mouture pour une cafetière italienne ? »",
    ]
    html = client.get("/notifications/").content.decode()
    assert f"#comment-{comments[-1].pk + 1}" in html  # to the newest reply
    assert the_community.name in html and "4 notifications" in html

    client.post("/notifications/read/", {"thread": f"{question.pk}:reply"})
    unread = Notification.objects.filter(recipient=member_michu, read_at__isnull=True)
    assert list(unread.values_list("kind", flat=True)) == ["mention"]


def test_the_lines_speak_the_members_language(the_community, camille, make_user, join, client_for):
    camille.language = "fr"
    camille.save(update_fields=["language"])
    status = services.publish_status(
        community=the_community, by=camille, body="Un premier essai de latte art, ce matin."
    )  # no title: the line names its first words
    for handle in ("lea", "paul"):
        services.write_comment(
            post=status, author=join(make_user(handle), the_community), body="Joli !"
        )
    assert lines(client_for(camille)) == [
        "Paul et 1 autre ont répondu à « Un premier essai de latte art, ce matin. »"
    ]


def test_the_list_costs_the_same_queries_for_few_or_many_notifications(
    the_community, question, member_michu, make_user, join, client_for
):
    client = client_for(member_michu)
    author = join(make_user("lea"), the_community)
    services.write_comment(post=question, author=author, body="Une première réponse.")
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/")
    for n in range(30):
        post = services.write_post(
            community=the_community, author=member_michu, title=f"Post {n}", body="Texte."
        )
        services.write_comment(post=post, author=author, body="Réponse.")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/notifications/").content.decode()
    assert len(many) == len(few)
    assert page.count('data-testid="notification"') == 20 and "?page=2" in page
    second = client.get("/notifications/?page=2").content.decode()
    assert second.count('data-testid="notification"') == 11 and "?page=1" in second
    assert client.get("/notifications/?page=zero").status_code == 400
