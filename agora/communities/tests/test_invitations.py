"""Invitations, through HTTP and the services: links (expiry, uses, withdrawal), e-mails to
pasted or CSV addresses sent by the worker, and the arrival page that asks for consent.
Told with Camille (steward), Madame Michu (member), Olga (a stranger) and newcomers."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.accounts.models import User
from agora.communities import selectors
from agora.communities.models import Invitation, InvitationUse, Membership
from agora.communities.services import invitations
from agora.core.errors import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s\"<]+/invite/([\w-]+)/")


@pytest.fixture(autouse=True)
def _fresh_invitation_limit():
    """Every test opens links from 127.0.0.1: each starts with the limit's count at zero."""
    from agora.core import ratelimit

    ratelimit.reset("invitation", "127.0.0.1")


def create_link(client, community, **fields):
    data = {"action": "link", "days": 7, "max_uses": ""} | fields
    url = reverse("communities:invitations", args=[community.slug])
    response = client.post(url, data)
    assert response.status_code == 302, response.content  # to the page showing it once
    shown = client.get(response["Location"]).content.decode()
    assert client.get(url).content.decode().count("/invite/") < shown.count("/invite/")
    return LINK.search(shown).group(1)


def arrive(client, secret, community, *, consent=True):
    url = reverse("invitation", args=[secret])
    if not consent:
        return client.get(url)
    version = selectors.current_charter(community).number
    return client.post(url, {"version": version, "agree": "on"})


def test_a_link_admits_newcomers_who_consent_and_counts_them(
    the_community, camille, make_user, client_for
):
    secret = create_link(client_for(camille), the_community, max_uses=2)
    invitation = Invitation.objects.get()
    assert invitation.secret_hash == Invitation.hash(secret) and secret not in str(
        Invitation.objects.values().get()
    )  # only a fingerprint is kept

    lea = make_user("lea")
    page = arrive(client_for(lea), secret, the_community, consent=False)
    assert page.status_code == 200
    html = page.content.decode()
    assert "You are invited to join" in html and "I consent and join" in html
    assert not Membership.objects.filter(user=lea).exists()  # nobody joins by opening a link

    refused = client_for(lea).post(reverse("invitation", args=[secret]), {"version": 1})
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    assert not Membership.objects.filter(user=lea).exists()

    response = arrive(client_for(lea), secret, the_community)
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:welcome", args=[the_community.slug])
    assert selectors.is_member(lea, the_community)
    invitation.refresh_from_db()
    assert invitation.use_count == 1
    assert list(InvitationUse.objects.values_list("user__handle", flat=True)) == ["lea"]

    listing = client_for(camille).get(reverse("communities:invitations", args=[the_community.slug]))
    assert lea.display_name in listing.content.decode()


def test_a_private_community_is_joined_through_its_invitation(
    community_factory, camille, make_user, client_for
):
    private = community_factory(founder=camille, visibility="private", slug="cercle")
    secret = create_link(client_for(camille), private)
    newcomer = make_user("nadia")
    detail = reverse("communities:detail", args=[private.slug])
    assert client_for(newcomer).get(detail).status_code == 404
    assert (
        client_for(newcomer).get(reverse("communities:join", args=[private.slug])).status_code
        == 404
    )
    assert arrive(client_for(newcomer), secret, private).status_code == 302
    assert client_for(newcomer).get(detail).status_code == 200

    # The journal says nothing of who invited whom (the steward's invitations page does).
    journal = client_for(camille).get(reverse("moderation:journal", args=[private.slug]))
    assert journal.status_code == 200
    html = journal.content.decode().lower()
    assert "nadia" not in html and "invit" not in html
    page = client_for(camille).get(reverse("communities:invitations", args=[private.slug]))
    assert "nadia" in page.content.decode().lower()


@pytest.mark.parametrize("state", ["used up", "expired", "withdrawn", "forged"])
def test_a_link_that_opens_nothing_says_why_and_adds_nobody(
    state, the_community, camille, member_michu, make_user, client_for, clock
):
    secret = create_link(client_for(camille), the_community, max_uses=1)
    if state == "used up":
        assert arrive(client_for(make_user("first")), secret, the_community).status_code == 302
    elif state == "expired":
        clock.advance(days=8)
    elif state == "withdrawn":
        invitation = Invitation.objects.get()
        url = reverse("communities:invitation_revoke", args=[the_community.slug, invitation.pk])
        assert "Withdraw this invitation?" in client_for(camille).get(url).content.decode()
        assert client_for(camille).post(url).status_code == 302
    else:
        secret = secret[:-4] + "AAAA"
    late = make_user("late")
    members_before = Membership.objects.count()
    for response in (
        arrive(client_for(late), secret, the_community, consent=False),
        arrive(client_for(late), secret, the_community),
    ):
        expected = 404 if state == "forged" else 410
        assert response.status_code == expected
        message = {
            "used up": "already been used as many times as it allows",
            "expired": "This invitation has expired",
            "withdrawn": "withdrawn by the community",
            "forged": "This invitation link is not valid",
        }[state]
        assert message in response.content.decode()
    assert Membership.objects.count() == members_before
    assert not selectors.is_member(late, the_community)


def test_a_stranger_must_log_in_before_consenting(the_community, camille, client_for):
    secret = create_link(client_for(camille), the_community)
    page = arrive(client_for(), secret, the_community, consent=False)
    assert page.status_code == 200 and "log in or create your account" in page.content.decode()
    response = arrive(client_for(), secret, the_community)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Invitation.objects.get().use_count == 0


def test_only_stewards_invite_unless_the_community_lets_members(
    the_community, camille, member_michu, olga, client_for
):
    url = reverse("communities:invitations", args=[the_community.slug])
    assert client_for(member_michu).get(url).status_code == 403
    assert client_for(olga).get(url).status_code == 403
    settings_url = reverse("communities:invitations_settings", args=[the_community.slug])
    assert client_for(member_michu).post(settings_url, {"members_invite": "on"}).status_code == 403
    assert client_for(camille).post(settings_url, {"members_invite": "on"}).status_code == 302
    create_link(client_for(member_michu), the_community)
    page = client_for(member_michu).get(url).content.decode()
    assert "Your invitations" in page and "Who may invite" not in page
    assert client_for(olga).get(url).status_code == 403  # not a member: still no


def test_bad_link_settings_are_clear_errors(the_community, camille, client_for):
    url = reverse("communities:invitations", args=[the_community.slug])
    for days, uses in ((0, ""), (91, ""), ("x", ""), (7, 0), (7, 10_001)):
        response = client_for(camille).post(url, {"action": "link", "days": days, "max_uses": uses})
        assert response.status_code == 400
    assert not Invitation.objects.exists()
    with pytest.raises(InvalidInput):
        invitations.create_link(community=the_community, by=camille, days=200)


def test_email_invitations_each_address_once_sent_by_the_worker(
    the_community, camille, member_michu, client_for, django_capture_on_commit_callbacks
):
    url = reverse("communities:invitations", args=[the_community.slug])
    paste = (
        "Lea@Example.org, paul@example.org\nlea@example.org; pas-une-adresse@; michu@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(camille).post(url, {"action": "email", "addresses": paste})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 invitations will be sent." in html
    assert "1 address belongs to a member already." in html
    assert "pas-une-adresse@" in html
    assert sorted(m.to[0] for m in mail.outbox) == ["lea@example.org", "paul@example.org"]
    message = mail.outbox[0]
    assert the_community.name in message.subject
    secret = LINK.search(message.body).group(1)
    invitation = Invitation.objects.get(email=message.to[0])
    assert invitation.secret_hash == Invitation.hash(secret) and invitation.sent_at

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client_for(camille).post(url, {"action": "email", "addresses": "lea@example.org"})
    assert "1 address was already invited and was left alone." in again.content.decode()
    assert mail.outbox == [] and Invitation.objects.count() == 2


def test_an_emailed_invitation_admits_its_own_address_only(
    the_community, camille, make_user, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_by_email(
            community=the_community, by=camille, addresses=["lea@example.org"]
        )
    secret = LINK.search(mail.outbox[0].body).group(1)
    other = make_user("other")
    response = arrive(client_for(other), secret, the_community)
    assert response.status_code == 403
    assert "sent to another e-mail address" in response.content.decode()
    lea = make_user("lea")
    assert arrive(client_for(lea), secret, the_community).status_code == 302
    assert selectors.is_member(lea, the_community)
    late = arrive(client_for(lea), secret, the_community, consent=False)
    assert late.status_code == 302  # already a member: to the community


def test_a_csv_of_a_thousand_addresses_is_sent_in_batches_within_the_daily_limit(
    the_community, camille, client_for, django_capture_on_commit_callbacks
):
    rows = "name,email\n" + "".join(f"Fan {n},fan{n}@example.org\n" for n in range(1000))
    upload = SimpleUploadedFile("fans.csv", rows.encode(), content_type="text/csv")
    url = reverse("communities:invitations", args=[the_community.slug])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(camille).post(url, {"action": "email", "csv": upload})
    assert response.status_code == 200
    assert "1000 invitations will be sent." in response.content.decode()
    assert len(callbacks) == 10  # ten tasks of 100 for the worker
    assert len(mail.outbox) == 1000 and len({m.to[0] for m in mail.outbox}) == 1000

    over = client_for(camille).post(url, {"action": "email", "addresses": "one.more@example.org"})
    assert over.status_code == 400
    assert "may send 1000 invitations a day; 0 more can leave today" in over.content.decode()
    assert Invitation.objects.count() == 1000


def test_a_csv_that_is_not_text_is_refused_and_writes_nothing(the_community, camille, client_for):
    url = reverse("communities:invitations", args=[the_community.slug])
    upload = SimpleUploadedFile("fans.csv", b"\xff\xfe\x00bad", content_type="text/csv")
    response = client_for(camille).post(url, {"action": "email", "csv": upload})
    assert response.status_code == 400 and "is not UTF-8 text" in response.content.decode()
    empty = client_for(camille).post(url, {"action": "email", "addresses": "nobody here"})
    assert empty.status_code == 400 and "at least one e-mail address" in empty.content.decode()
    assert not Invitation.objects.exists()


def test_only_the_sender_or_a_steward_withdraws(the_community, camille, member_michu, client_for):
    invitation, _secret = invitations.create_link(community=the_community, by=camille)
    url = reverse("communities:invitation_revoke", args=[the_community.slug, invitation.pk])
    assert client_for(member_michu).post(url).status_code == 404
    with pytest.raises(NotAllowed):
        invitations.revoke(invitation=invitation, by=member_michu)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_opening_invitations_is_rate_limited_per_address(settings, client_for):
    settings.AGORA_RATE_LIMITS = settings.AGORA_RATE_LIMITS | {"invitation": "3/900"}
    client = client_for()
    for _n in range(3):
        assert client.get(reverse("invitation", args=["guess" * 5])).status_code == 404
    response = client.get(reverse("invitation", args=["guess" * 5]))
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()


def test_the_community_page_offers_inviting_to_who_may(
    the_community, camille, member_michu, client_for
):
    detail = reverse("communities:detail", args=[the_community.slug])
    assert 'data-testid="invite-link"' in client_for(camille).get(detail).content.decode()
    assert 'data-testid="invite-link"' not in client_for(member_michu).get(detail).content.decode()
    assert 'data-testid="invite-link"' not in client_for().get(detail).content.decode()
    invitations.set_members_invite(community=the_community, by=camille, allowed=True)
    assert 'data-testid="invite-link"' in client_for(member_michu).get(detail).content.decode()


def test_an_invitation_expires_after_its_days(the_community, camille, make_user, clock):
    invitation, secret = invitations.create_link(community=the_community, by=camille, days=1)
    clock.advance(hours=23)
    invitations.check_open(invitation)
    clock.advance(hours=2)
    with pytest.raises(invitations.InvitationClosed):
        invitations.check_open(invitation)
    assert invitation.expires_at == invitation.created_at + timedelta(days=1)


def test_a_link_that_asks_for_approval_admits_once_a_steward_approves(
    community_factory, camille, make_user, client_for, django_capture_on_commit_callbacks
):
    private = community_factory(founder=camille, visibility="private", slug="atelier")
    secret = create_link(client_for(camille), private, needs_approval="on")
    nadia, yann = make_user("nadia", language="fr"), make_user("yann")
    page = arrive(client_for(nadia), secret, private, consent=False).content.decode()
    assert "Un animateur approuve ensuite votre arrivée." in page  # in her language
    response = arrive(client_for(nadia), secret, private)
    assert response.status_code == 201
    assert 'data-testid="request-waiting"' in response.content.decode()
    assert not selectors.is_member(nadia, private)
    again = arrive(client_for(nadia), secret, private, consent=False)
    assert 'data-testid="request-waiting"' in again.content.decode()  # no second request
    assert arrive(client_for(yann), secret, private).status_code == 201
    detail = reverse("communities:detail", args=[private.slug])
    assert client_for(nadia).get(detail).status_code == 404  # still invisible while waiting

    listing = client_for(camille).get(reverse("communities:invitations", args=[private.slug]))
    assert 'data-testid="join-requests"' in listing.content.decode()
    requests = list(selectors.pending_requests(private))
    assert [r.user.handle for r in requests] == ["nadia", "yann"]

    def decide(join_request, decision):
        url = reverse(
            "communities:join_request_decide", args=[private.slug, join_request.pk, decision]
        )
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(camille).post(url)

    assert decide(requests[0], "approve").status_code == 302
    assert decide(requests[1], "decline").status_code == 302
    nadia, yann = (User.objects.get(pk=person.pk) for person in (nadia, yann))  # uncached
    assert selectors.is_member(nadia, private) and not selectors.is_member(yann, private)
    assert client_for(nadia).get(detail).status_code == 200
    assert selectors.has_consented_to_current(nadia, private)  # the consent she gave asking
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        nadia.email: f"Vous êtes membre de {private.name}",  # in her language
        yann.email: f"Your request to join {private.name}",
    }
    assert decide(requests[0], "approve").status_code == 404  # answered already


def test_only_stewards_answer_requests(community_factory, camille, make_user, join, client_for):
    private = community_factory(founder=camille, visibility="private", slug="atelier")
    member = join(make_user("membre"), private)
    invitation, _secret = invitations.create_link(
        community=private, by=camille, needs_approval=True
    )
    asker = make_user("asker")
    version = selectors.current_charter(private).number
    join_request = invitations.accept_invitation(
        invitation=invitation, user=asker, version_number=version
    )
    url = reverse(
        "communities:join_request_decide", args=[private.slug, join_request.pk, "approve"]
    )
    assert client_for(member).post(url).status_code == 403
    with pytest.raises(NotAllowed):
        invitations.decide_join_request(join_request=join_request, by=member, approve=True)
    assert not selectors.is_member(asker, private)
