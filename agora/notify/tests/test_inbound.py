"""Replies by e-mail: a member answers the e-mail a real SMTP server received, and the reply
(a real message: quoted history, signature, HTML part, attachment) becomes exactly one
comment; forged, unknown, expired and replayed addresses, members who left or are muted, and
texts the charter refuses make no comment and a clear answer. Through the service, the
signed HTTP endpoint and `agora mail receive` in its own process."""

import subprocess
import sys
import time
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from django.test import Client

from agora.communities.services import charter as charter_services
from agora.communities.services import membership
from agora.conversations import services as conversations
from agora.conversations.models import Comment
from agora.core.errors import NotAllowed
from agora.moderation.models import ModerationSettings, Notice
from agora.moderation.services.screening import Muted, RuleRejected
from agora.moderation.tests.conftest import remove_by_jury
from agora.notify.models import InboundEmail, OutgoingEmail
from agora.notify.services import inbound, sending
from agora.notify.tokens import inbound_signature
from agora.testing.worker import worker_env

BASE_DIR = Path(__file__).resolve().parents[3]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def replies_on(settings):
    settings.AGORA_REPLY_DOMAIN = "reply.example.org"
    settings.AGORA_INBOUND_SECRET = "s3cret-for-tests"


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """The member's e-mail about a refused reply leaves after the commit."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def asker(jury_community):
    return jury_community.members[0]


@pytest.fixture
def question(jury_community, asker):
    return conversations.write_post(
        community=jury_community, author=asker, is_question=True,
        title="Quelle mouture pour une cafetière italienne ?", body="Fine ou moyenne ?",
    )  # fmt: skip


@pytest.fixture
def answer(jury_community, question):
    return conversations.write_comment(
        post=question, author=jury_community.members[1], body="Moyenne, toujours."
    )


@pytest.fixture
def received(smtp_server, answer, asker, clock):
    """The e-mail the asker received about the answer, through the real SMTP server."""
    clock.advance(minutes=6)
    assert sending.send_due() == {"sent": 1}
    [message] = smtp_server.to(asker.email)
    return message


def reply_to(message, *, sender=None, body="Merci, je teste demain matin.", html=True,
             message_id=None, sign=True) -> bytes:  # fmt: skip
    """A reply as a mail client writes it: the member's words, a signature, the quoted
    e-mail below; an HTML alternative with Gmail's quote block; a photo attached."""
    reply = EmailMessage()
    reply["From"] = sender or message["To"]
    reply["To"] = message["Reply-To"]
    reply["Subject"] = "Re: " + str(message["Subject"])
    reply["Message-ID"] = message_id or make_msgid(domain="mail.example.org")
    reply["In-Reply-To"] = message["Message-ID"]
    reply["References"] = f"{message['References']} {message['Message-ID']}"
    quoted = "\n".join(
        "> " + line for line in message.get_body(("plain",)).get_content().split("\n")
    )
    reply.set_content(
        f"{body}\n\n{'Michu' if sign else ''}\n-- \nMichu Dupont\nTorréfacteur amateur\n\n"
        f"Le lun. 7 déc. 2026 à 10:06, Agora <agora@localhost> a\nécrit :\n{quoted}\n"
    )
    if html:
        reply.add_alternative(
            f'<html><body><div dir="ltr">{body}<br><br>Michu</div><br>'
            '<div class="gmail_quote"><div class="gmail_attr">Le lun. 7 déc. 2026, Agora a '
            "écrit :</div><blockquote>Moyenne, toujours.</blockquote></div></body></html>",
            subtype="html",
        )
    reply.add_attachment(PNG, maintype="image", subtype="png", filename="moulin.png")
    return bytes(reply)


def test_a_reply_by_email_becomes_one_comment_on_the_answer(received, answer, asker):
    assert str(received["Reply-To"]).startswith("reply+")
    assert "reply to this e-mail" in received.get_body(("plain",)).get_content()
    raw = reply_to(received)
    outcome = inbound.receive(raw)
    assert outcome.outcome == "comment"
    comment = Comment.objects.get(pk=outcome.comment_id)
    assert comment.author == asker and comment.parent == answer
    assert comment.body == "Merci, je teste demain matin.\n\nMichu"  # no quote, no signature
    # The same message delivered again: one comment.
    again = inbound.receive(raw)
    assert (again.outcome, again.comment_id) == ("duplicate", comment.pk)
    assert Comment.objects.filter(author=asker).count() == 1


def test_an_html_only_reply_is_read_without_its_quoted_block(received, asker):
    reply = EmailMessage()
    reply["From"] = asker.email
    reply["To"] = received["Reply-To"]
    reply["Message-ID"] = make_msgid()
    reply.set_content(
        '<p>Oui, <b>moyenne</b> &amp; fraîche.</p><div class="gmail_quote">Le lun. a écrit :'
        "<blockquote>Moyenne, toujours.</blockquote></div>",
        subtype="html",
    )
    outcome = inbound.receive(bytes(reply))
    assert Comment.objects.get(pk=outcome.comment_id).body == "Oui, moyenne & fraîche."


def test_a_forged_or_unknown_address_or_another_sender_leaves_no_trace(received, asker):
    genuine = str(received["Reply-To"])
    local, domain = genuine.split("@")
    email_id, signature = local.removeprefix("reply+").split("-")
    forged = [
        f"reply+{email_id}-{'0' * 32}@{domain}",  # wrong signature
        f"reply+{int(email_id) + 1}-{signature}@{domain}",  # another e-mail's number
        f"someone@{domain}",  # no reply address at all
    ]
    for address in forged:
        raw = reply_to(received).replace(genuine.encode(), address.encode())
        with pytest.raises(inbound.UnknownAddress):
            inbound.receive(raw)
    with pytest.raises(inbound.UnknownAddress):  # the right address, from someone else
        inbound.receive(reply_to(received, sender="intruder@example.net"))
    assert not Comment.objects.filter(author=asker).exists()
    assert not InboundEmail.objects.exists()
    assert not Notice.objects.exists()


def told(smtp_server, asker) -> list[str]:
    """What the member was told about their refused replies, by the real SMTP server."""
    return [
        m.get_body(("plain",)).get_content()
        for m in smtp_server.to(asker.email)
        if "was not posted" in str(m["Subject"])
    ]


def test_an_expired_address_is_refused_and_the_member_told(
    received, asker, clock, smtp_server, commits
):
    clock.advance(days=61)
    with pytest.raises(NotAllowed, match="expired"), commits(execute=True):
        inbound.receive(reply_to(received))
    assert not Comment.objects.filter(author=asker).exists()
    [reason] = told(smtp_server, asker)
    assert "expired" in reason


def test_a_member_who_left_cannot_reply_by_email(received, asker, jury_community):
    membership.leave_community(user=asker, community=jury_community)
    assert OutgoingEmail.objects.filter(user=asker).exists()  # the e-mail stays answerable
    with pytest.raises(NotAllowed, match="Join the community"):
        inbound.receive(reply_to(received))
    assert not Comment.objects.filter(author=asker).exists()


def test_a_muted_member_cannot_reply_by_email(
    received, asker, jury_community, smtp_server, commits
):
    ModerationSettings.objects.update_or_create(
        community=jury_community, defaults={"mute_after_removals": 1}
    )
    other = conversations.write_post(
        community=jury_community, author=asker, title="Autre", body="Un autre avis."
    )
    remove_by_jury(jury_community, other)
    with pytest.raises(Muted), commits(execute=True):
        inbound.receive(reply_to(received))
    assert not Comment.objects.filter(author=asker).exists()
    [reason] = told(smtp_server, asker)
    assert "muted" in reason


def test_the_charters_rules_apply_to_a_reply_by_email(
    received, asker, jury_community, camille, join, smtp_server, commits
):
    charter_services.publish_charter_version(
        community=jury_community, by=camille, articles=[{
            "title": "Respect", "body": "No insults.",
            "rules": [{"kind": "terms", "action": "reject", "terms": ["abruti"]}],
        }],
    )  # fmt: skip
    for member in jury_community.members:
        join(member, jury_community)
    raw = reply_to(received, body="Quel abruti ce vendeur.", message_id="<same@mail.example.org>")
    with pytest.raises(RuleRejected, match="Respect"), commits(execute=True):
        inbound.receive(raw)
    assert not Comment.objects.filter(author=asker).exists()
    [reason] = told(smtp_server, asker)  # told why
    assert "Respect" in reason
    # The same message again is no second refusal, nor a second e-mail to the member.
    with commits(execute=True):
        assert inbound.receive(raw).outcome == "duplicate"
    assert len(told(smtp_server, asker)) == 1


def test_an_automatic_reply_is_dropped_without_an_answer(received, asker):
    raw = reply_to(received, body="Je suis en congés jusqu'au 4 janvier.")
    raw = b"Auto-Submitted: auto-replied\r\n" + raw
    assert inbound.receive(raw).outcome == "ignored"
    assert not Comment.objects.filter(author=asker).exists()


def test_the_signed_endpoint_takes_a_providers_post(received, asker, settings):
    raw = reply_to(received)
    client = Client(enforce_csrf_checks=True)

    def post(body, *, secret=settings.AGORA_INBOUND_SECRET, at=None, **headers):
        stamp = str(int(at or time.time()))
        return client.post(
            "/e/inbound/", body, content_type="message/rfc822",
            headers={"X-Agora-Timestamp": stamp,
                     "X-Agora-Signature": inbound_signature(secret, stamp, body), **headers},
        )  # fmt: skip

    assert post(raw, secret="wrong").status_code == 403
    stale = post(raw, at=time.time() - 3600)  # a captured request replayed an hour later
    assert stale.status_code == 403 and "too old" in stale.json()["detail"]
    assert post(b"").status_code == 400
    forged = raw.replace(b"reply+", b"reply+9")
    assert post(forged).json()["outcome"] == "unknown address"
    done = post(raw)
    assert done.status_code == 200 and done.json()["outcome"] == "comment"
    assert post(raw).json() == {"outcome": "duplicate", "comment": done.json()["comment"]}
    assert Comment.objects.filter(author=asker).count() == 1
    settings.AGORA_INBOUND_SECRET = ""
    assert post(raw).status_code == 404  # off until a secret is set


def test_no_reply_address_without_a_reply_domain(smtp_server, answer, asker, clock, settings):
    settings.AGORA_REPLY_DOMAIN = ""
    clock.advance(minutes=6)
    sending.send_due()
    [message] = smtp_server.to(asker.email)
    assert message["Reply-To"] is None
    assert "reply to this e-mail" not in message.get_body(("plain",)).get_content()


@pytest.mark.process
@pytest.mark.django_db(transaction=True)
def test_agora_mail_receive_reads_standard_input_like_an_mta(received, asker, tmp_path):
    """The real command, in its own process, as Postfix's pipe transport runs it."""

    def receive(raw: bytes, *args):
        return subprocess.run(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "agora.cli", "mail", "receive", *args],
            input=raw, cwd=BASE_DIR, env=worker_env(mail_dir=tmp_path),
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip

    raw = reply_to(received)
    first = receive(raw, "--recipient", str(received["Reply-To"]))
    assert first.returncode == 0, first.stderr.decode()
    comment_id = int(first.stdout.decode().split()[-1])
    assert Comment.objects.get(pk=comment_id).author == asker
    second = receive(raw)
    assert second.returncode == 0 and b"already received" in second.stdout
    forged = receive(raw.replace(b"reply+", b"reply+7"))
    assert forged.returncode == 67 and b"No such reply address" in forged.stderr
    assert receive(b"").returncode == 2
    assert receive(b"\x00\x01 not mail at all").returncode == 2
    refused = receive(
        reply_to(received, body="", sign=False)
    )  # nothing but the quote and signature
    assert refused.returncode == 77 and b"empty" in refused.stderr
    assert Comment.objects.filter(author=asker).count() == 1
    assert OutgoingEmail.objects.filter(user=asker).count() == 1
