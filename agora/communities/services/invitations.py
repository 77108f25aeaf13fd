"""Invitations: links with an expiry and a number of uses, and e-mails to pasted addresses.

An invitation only opens the door: the newcomer reads the charter and consents on arrival
(`accept_invitation` → `consent_to_charter`). Only a hash of each secret is stored; an
e-mail invitation's secret is drawn by the worker that sends it, so no secret waits in the
task queue. Who invited whom is on the inviters' page, never in the journal.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agora.core import mail
from agora.core.clock import now
from agora.core.errors import AgoraError, Conflict, InvalidInput, NotAllowed

from .. import selectors
from ..models import Community, Invitation, InvitationKind, InvitationUse, JoinRequest
from ..permissions import check_can_contribute, check_can_steward, check_is_verified
from .membership import admit_on_request, check_current_version, consent_to_charter

log = logging.getLogger(__name__)

LINK_DAYS = (1, 90)  # a link lives 1 to 90 days
LINK_USES_MAX = 10_000
EMAIL_DAYS = 30  # an e-mailed invitation lives a month
# E-mail invitations one community may send in 24 hours (whoever sends them).
EMAILS_PER_DAY = 1000
# A paste or a CSV holds at most this many addresses.
ADDRESSES_MAX = 5000
SEND_BATCH = 100


class InvitationClosed(AgoraError):
    """The invitation exists but no longer opens the door (expired, used up, revoked)."""

    status = 410


def can_invite(user, community) -> bool:
    try:
        check_can_invite(user, community)
    except NotAllowed:
        return False
    return True


def check_can_invite(user, community) -> None:
    """Stewards invite; members too when the community allows it."""
    if selectors.is_steward(user, community):
        return
    check_can_contribute(user, community)
    if not community.members_invite:
        raise NotAllowed(_("In this community, only the stewards invite."))


@transaction.atomic
def set_members_invite(*, community, by, allowed: bool) -> None:
    check_can_steward(by, community)
    Community.objects.filter(pk=community.pk).update(members_invite=bool(allowed))
    community.members_invite = bool(allowed)


def create_link(
    *, community, by, days: int = 7, max_uses: int | None = None, needs_approval: bool = False
):
    """A new invitation link; returns (invitation, secret). The secret is shown once. With
    `needs_approval`, arriving makes a request a steward approves (`decide_join_request`)."""
    check_can_invite(by, community)
    errors = {}
    if not LINK_DAYS[0] <= int(days) <= LINK_DAYS[1]:
        errors["days"] = [
            _("Between %(low)d and %(high)d days.") % {"low": LINK_DAYS[0], "high": LINK_DAYS[1]}
        ]
    if max_uses is not None and not 1 <= int(max_uses) <= LINK_USES_MAX:
        errors["max_uses"] = [
            _("Between 1 and %(n)d uses, or leave it empty.") % {"n": LINK_USES_MAX}
        ]
    if errors:
        raise InvalidInput(_("Please correct the fields below."), errors=errors)
    secret = Invitation.new_secret()
    moment = now()
    invitation = Invitation.objects.create(
        community=community,
        kind=InvitationKind.LINK,
        created_by=by,
        secret_hash=Invitation.hash(secret),
        max_uses=max_uses,
        needs_approval=bool(needs_approval),
        created_at=moment,
        expires_at=moment + timedelta(days=int(days)),
    )
    return invitation, secret


SEPARATORS = re.compile(r"[\s,;]+")


def parse_addresses(text: str = "", csv_data: bytes = b"") -> tuple[list[str], list[str]]:
    """The addresses in a paste and a CSV file (any word or cell holding an « @ »),
    lower-cased and each once, in order; and those that are not addresses after all.
    Words without « @ » (names, a CSV's header) are not addresses and are skipped."""
    chunks = [text or ""]
    if csv_data:
        try:
            decoded = csv_data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            message = _("The CSV file is not UTF-8 text: export it again as CSV (UTF-8).")
            raise InvalidInput(message, errors={"csv": [message]}) from error
        try:
            rows = list(csv.reader(io.StringIO(decoded)))
        except csv.Error as error:
            message = _("The CSV file could not be read: export it again as CSV.")
            raise InvalidInput(message, errors={"csv": [message]}) from error
        chunks.extend(cell for row in rows for cell in row)
    valid, invalid, seen = [], [], set()
    for word in SEPARATORS.split("\n".join(chunks)):
        candidate = word.strip("<>\"'().:[]")
        if "@" not in candidate:
            continue
        address = candidate.lower()
        if address in seen:
            continue
        seen.add(address)
        try:
            validate_email(address)
        except ValidationError:
            invalid.append(candidate[:254])
            continue
        valid.append(address)
    if len(valid) > ADDRESSES_MAX:
        message = _("At most %(n)d addresses at once.") % {"n": ADDRESSES_MAX}
        raise InvalidInput(message, errors={"addresses": [message]})
    return valid, invalid


@dataclass
class EmailInvitations:
    """What inviting a list did: who will get an e-mail, and who was left out and why."""

    invited: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


@transaction.atomic
def invite_by_email(*, community, by, addresses: list[str], invalid=()) -> EmailInvitations:
    """Invite each address once; the worker sends the e-mails (in batches) after commit.

    Refused whole, with nothing written, when it would pass the community's e-mails per day.
    """
    check_can_invite(by, community)
    outcome = EmailInvitations(invalid=list(invalid))
    if not addresses:
        message = _("Paste at least one e-mail address, or choose a CSV file.")
        raise InvalidInput(message, errors={"addresses": [message]})
    # Lock the community row so two pastes at once count each other (PostgreSQL).
    Community.objects.select_for_update().filter(pk=community.pk).first()
    known = set(
        Invitation.objects.filter(
            community=community, kind=InvitationKind.EMAIL, email__in=addresses
        ).values_list("email", flat=True)
    )
    members = set(selectors.member_emails(community, addresses))
    for address in addresses:
        if address in members:
            outcome.members.append(address)
        elif address in known:
            outcome.already_invited.append(address)
        else:
            outcome.invited.append(address)
    moment = now()
    sent_today = Invitation.objects.filter(
        community=community, kind=InvitationKind.EMAIL, created_at__gte=moment - timedelta(days=1)
    ).count()
    room = max(EMAILS_PER_DAY - sent_today, 0)
    if len(outcome.invited) > room:
        message = ngettext(
            "This community may send %(limit)d invitations a day; %(room)d more can leave "
            "today, and this list holds %(count)d new address.",
            "This community may send %(limit)d invitations a day; %(room)d more can leave "
            "today, and this list holds %(count)d new addresses.",
            len(outcome.invited),
        ) % {"limit": EMAILS_PER_DAY, "room": room, "count": len(outcome.invited)}
        raise InvalidInput(message, errors={"addresses": [message]})
    rows = Invitation.objects.bulk_create(
        [
            Invitation(
                community=community,
                kind=InvitationKind.EMAIL,
                created_by=by,
                email=address,
                # Unusable until the worker draws the secret it sends.
                secret_hash=Invitation.hash(Invitation.new_secret()),
                max_uses=1,
                created_at=moment,
                expires_at=moment + timedelta(days=EMAIL_DAYS),
            )
            for address in outcome.invited
        ]
    )
    ids = (
        [row.pk for row in rows]
        if rows and rows[0].pk
        else list(
            Invitation.objects.filter(
                community=community, kind=InvitationKind.EMAIL, email__in=outcome.invited
            ).values_list("pk", flat=True)
        )
    )
    _schedule_sending(ids)
    return outcome


def _schedule_sending(ids: list[int]) -> None:
    from ..tasks import send_invitations  # the task module imports these services

    for start in range(0, len(ids), SEND_BATCH):
        batch = ids[start : start + SEND_BATCH]
        transaction.on_commit(lambda batch=batch: send_invitations.enqueue(ids=batch))


def send_invitation_emails(ids: list[int]) -> int:
    """Send the e-mails of these invitations not sent yet (the worker). Each secret is drawn
    here and its hash stored in the same update that claims the row, so two workers never
    send one invitation twice; a failed hand-over releases the row for the next try."""
    sent = 0
    for invitation in Invitation.objects.filter(pk__in=ids, sent_at__isnull=True).select_related(
        "community", "created_by"
    ):
        secret = Invitation.new_secret()
        claimed = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
            secret_hash=Invitation.hash(secret), sent_at=now()
        )
        if not claimed:
            continue
        try:
            _send_one(invitation, secret)
        except Exception:
            Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)
            raise
        sent += 1
    return sent


def _send_one(invitation: Invitation, secret: str) -> None:
    community = invitation.community
    identity = getattr(community, "identity", None)
    language = (
        (identity.language if identity else "")
        or (invitation.created_by.language if invitation.created_by else "")
        or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        context = {
            "community": community,
            "inviter": invitation.created_by,
            "url": settings.BASE_URL + reverse("invitation", args=[secret]),
            "expires_at": invitation.expires_at,
        }
        subject = render_to_string("communities/email/invitation_subject.txt", context).strip()
        body = render_to_string("communities/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def sweep_unsent() -> int:
    """Send what a lost task left (periodic)."""
    ids = list(
        Invitation.objects.filter(
            kind=InvitationKind.EMAIL,
            sent_at__isnull=True,
            revoked_at__isnull=True,
            created_at__lt=now() - timedelta(minutes=5),
            expires_at__gt=now(),
        ).values_list("pk", flat=True)[:SEND_BATCH]
    )
    return send_invitation_emails(ids) if ids else 0


@transaction.atomic
def revoke(*, invitation: Invitation, by) -> Invitation:
    """Close an invitation: its link opens nothing from now on. The steward, or its sender."""
    if invitation.created_by_id != by.pk:
        check_can_steward(by, invitation.community)
    if invitation.revoked_at is None:
        invitation.revoked_at = now()
        Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
            revoked_at=invitation.revoked_at
        )
    return invitation


def check_open(invitation: Invitation) -> None:
    """Raise InvitationClosed, saying why, unless the invitation still opens the door."""
    if invitation.revoked_at is not None:
        raise InvitationClosed(_("This invitation was withdrawn by the community."))
    if invitation.expires_at <= now():
        raise InvitationClosed(_("This invitation has expired."))
    if invitation.max_uses is not None and invitation.use_count >= invitation.max_uses:
        raise InvitationClosed(
            _("This invitation has already been used as many times as it allows.")
        )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user, version_number: int):
    """Come in through an invitation: counted once per person, then the charter's consent
    (which makes the membership). An e-mail invitation admits only its own address."""
    check_open(invitation)
    community = invitation.community
    if invitation.kind == InvitationKind.EMAIL and user.email.lower() != invitation.email:
        raise NotAllowed(
            _(
                "This invitation was sent to another e-mail address. Log in with that "
                "address, or ask for an invitation of your own."
            )
        )
    if selectors.is_member(user, community):
        raise Conflict(_("You are already a member of this community."))
    counted = Invitation.objects.filter(
        Q(max_uses__isnull=True) | Q(use_count__lt=F("max_uses")),
        pk=invitation.pk,
        revoked_at__isnull=True,
        expires_at__gt=now(),
    ).update(use_count=F("use_count") + 1)
    if not counted:
        raise InvitationClosed(
            _("This invitation has already been used as many times as it allows.")
        )
    InvitationUse.objects.create(invitation=invitation, user=user, used_at=now())
    if invitation.needs_approval:
        return _ask_to_join(invitation=invitation, user=user, version_number=version_number)
    return consent_to_charter(community=community, user=user, version_number=version_number)


def _ask_to_join(*, invitation, user, version_number) -> JoinRequest:
    check_is_verified(user)
    version = check_current_version(invitation.community, version_number)
    if JoinRequest.objects.filter(
        community=invitation.community, user=user, state=JoinRequest.State.PENDING
    ).exists():
        raise Conflict(_("Your request is already with the stewards."))
    return JoinRequest.objects.create(
        community=invitation.community,
        user=user,
        invitation=invitation,
        charter_version=version,
        created_at=now(),
    )


@transaction.atomic
def decide_join_request(*, join_request: JoinRequest, by, approve: bool) -> JoinRequest:
    """A steward admits the person (with the consent they gave when asking) or declines;
    either way they get an e-mail in their language."""
    check_can_steward(by, join_request.community)
    decided = JoinRequest.objects.filter(
        pk=join_request.pk, state=JoinRequest.State.PENDING
    ).update(
        state=JoinRequest.State.APPROVED if approve else JoinRequest.State.DECLINED,
        decided_at=now(),
        decided_by=by,
    )
    if not decided:
        raise Conflict(_("Another steward has already answered this request."))
    join_request.refresh_from_db()
    community = join_request.community
    if approve:
        admit_on_request(
            community=community,
            user=join_request.user,
            version=join_request.charter_version,
            consented_at=join_request.created_at,
        )
    url = settings.BASE_URL + reverse("communities:welcome", args=[community.slug])
    template = "join_approved" if approve else "join_declined"
    mail.send_templated(
        recipient=join_request.user,
        template=f"communities/email/{template}",
        context={"community": community, "url": url},
    )
    return join_request
