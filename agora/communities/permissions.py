"""can_* answers a question; check_* raises with a message a person understands."""

from django.urls import reverse
from django.utils.translation import gettext as _

from agora.core.errors import NotAllowed

from . import selectors


class ConsentRequired(NotAllowed):
    """The member has not consented to the current charter version."""


class VerificationRequired(NotAllowed):
    pass


def check_is_verified(user) -> None:
    if not user.is_authenticated:
        raise NotAllowed(_("Please log in first."), link=reverse("accounts:login"))
    if not user.is_verified:
        raise VerificationRequired(
            _("Please verify your e-mail address first: open the link we sent you."),
            link=reverse("accounts:profile"),
            link_text=_("Send the link again"),
        )


def can_steward(user, community) -> bool:
    return selectors.is_steward(user, community)


def check_can_steward(user, community) -> None:
    if not can_steward(user, community):
        raise NotAllowed(_("Only the community's stewards can do this."))


def can_contribute(user, community) -> bool:
    try:
        check_can_contribute(user, community)
    except NotAllowed:
        return False
    return True


def check_can_contribute(user, community) -> None:
    """A contribution needs a verified member who consented to the current charter version."""
    check_is_verified(user)
    if not selectors.is_member(user, community):
        raise NotAllowed(
            _("Join the community first: read its charter and consent to it."),
            link=reverse("communities:join", args=[community.slug]),
            link_text=_("Read the charter"),
        )
    if not selectors.has_consented_to_current(user, community):
        raise ConsentRequired(
            _(
                "The charter has changed since you last consented. Please read what changed "
                "and consent to the new version before your next contribution."
            ),
            link=reverse("communities:consent", args=[community.slug]),
            link_text=_("Read what changed"),
        )
