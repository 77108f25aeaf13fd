"""Joining a community is consenting to its charter; a new version asks for consent again."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput

from .. import selectors
from ..models import CharterVersion, Community, Consent, Membership
from ..permissions import check_is_verified


@transaction.atomic
def consent_to_charter(*, community, user, version_number: int) -> Consent:
    """Consent to the current charter version, joining the community on the first consent.

    version_number is the version the person read: if a newer one was published meanwhile,
    Conflict asks them to read it.
    """
    check_is_verified(user)
    current = check_current_version(community, version_number)
    consent, joined, created = _admit(community=community, user=user, version=current)
    if not created and not joined:
        raise Conflict(_("You have already consented to this version of the charter."))
    return consent


def check_current_version(community, version_number: int) -> CharterVersion:
    """The current charter version, if it is the one the person read; else Conflict."""
    current = CharterVersion.objects.filter(community=community).order_by("-number").first()
    if current is None:
        raise InvalidInput(_("This community has no charter yet, so it cannot be joined."))
    if current.number != version_number:
        raise Conflict(
            _("The charter changed while you were reading it. Please read version %(n)d.")
            % {"n": current.number}
        )
    return current


def _admit(*, community, user, version: CharterVersion, moment=None):
    """The membership (counted once) and the consent to `version`, in the caller's
    transaction: (consent, joined now, consent new)."""
    moment = moment or now()
    _membership, joined = Membership.objects.get_or_create(
        community=community, user=user, defaults={"joined_at": moment}
    )
    if joined:
        Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    consent, created = Consent.objects.get_or_create(
        user=user, charter_version=version, defaults={"consented_at": moment}
    )
    selectors.forget_access(user)
    return consent, joined, created


@transaction.atomic
def admit_on_request(*, community, user, version: CharterVersion, consented_at) -> bool:
    """Admit someone a steward approved, with the consent they gave when they asked (to the
    version they read; a newer one asks them again, as it asks every member)."""
    _consent, joined, _created = _admit(
        community=community, user=user, version=version, moment=consented_at
    )
    return joined


@transaction.atomic
def leave_community(*, community, user) -> None:
    """The member leaves: they stop being a member (their posts stay, signed), hear nothing
    more from it, and may come back by consenting again. A steward lays down their mandate
    first, so that a community is never left without its steward unknowingly."""
    if selectors.is_steward(user, community):
        raise InvalidInput(
            _("You are a steward here: lay down your mandate first, from the governance page.")
        )
    deleted, _kinds = Membership.objects.filter(community=community, user=user).delete()
    if not deleted:
        raise Conflict(_("You are not a member of this community."))
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") - 1)
    selectors.forget_access(user)
