"""The workbench settings of a community (and its time zone, which every app reads)."""

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.communities.services import communities
from agora.core import zones
from agora.core.errors import InvalidInput

from ..models import PILLAR_MAX, WorkbenchSettings

FIELDS = (
    "time_zone",
    "pillars",
    "approval_required",
    "response_target_hours",
    "fact_review_days",
    "saved_reply_repeat",
)


@transaction.atomic
def update_workbench_settings(*, community, by, **values) -> WorkbenchSettings:
    """Save the preparation choices; the time zone, a fact about the community, is saved on
    the community (`communities.set_time_zone`) in the same transaction."""
    check_can_steward(by, community)
    if set(values) - set(FIELDS):
        raise InvalidInput(_("Unknown setting."))
    errors = {}
    if "time_zone" in values:
        try:
            zones.valid_zone(values["time_zone"])
        except InvalidInput as error:
            errors.update(error.errors)
    pillars = values.get("pillars", [])
    if not isinstance(pillars, list) or len(pillars) > 12:
        errors["pillars"] = [_("At most 12 content pillars.")]
    elif any(not isinstance(p, str) or not p.strip() or len(p) > PILLAR_MAX for p in pillars):
        errors["pillars"] = [_("Each pillar has 1 to %(n)d characters.") % {"n": PILLAR_MAX}]
    elif len({p.casefold() for p in pillars}) != len(pillars):
        errors["pillars"] = [_("Each pillar appears once.")]
    if not 1 <= values.get("response_target_hours", 4) <= 720:
        errors["response_target_hours"] = [_("Between 1 and 720 hours (30 days).")]
    if values.get("fact_review_days", 180) < 1:
        errors["fact_review_days"] = [_("At least 1.")]
    if values.get("saved_reply_repeat", 3) < 2:
        errors["saved_reply_repeat"] = [_("At least 2.")]
    if errors:
        raise InvalidInput(_("Please correct the settings below."), errors=errors)
    time_zone = values.pop("time_zone", None)
    if time_zone is not None and time_zone != community.time_zone:
        communities.set_time_zone(community=community, by=by, time_zone=time_zone)
    settings, _created = WorkbenchSettings.objects.select_for_update().get_or_create(
        community=community
    )
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings
