"""How a community's members vote together, changed by its stewards."""

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.core.errors import InvalidInput

from ..models import GovernanceSettings

FIELDS = ("proposal_days", "proposal_quorum")


@transaction.atomic
def update_governance_settings(*, community, by, **values) -> GovernanceSettings:
    """Save the settings; InvalidInput names the field that cannot work."""
    check_can_steward(by, community)
    if set(values) - set(FIELDS):
        raise InvalidInput(_("Unknown setting."))
    errors = {}
    for name in FIELDS:
        value = values.get(name, 1)
        if not isinstance(value, int) or value < 1:
            errors[name] = [_("At least 1.")]
    if values.get("proposal_days", 1) > 90:
        errors["proposal_days"] = [_("A members' vote lasts at most 90 days.")]
    if errors:
        raise InvalidInput(_("Please correct the settings below."), errors=errors)
    settings, _created = GovernanceSettings.objects.select_for_update().get_or_create(
        community=community
    )
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings
