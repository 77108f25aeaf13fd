"""The community's moderation settings, changed by its stewards."""

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.core.errors import InvalidInput

from ..models import ModerationSettings

FIELDS = (
    "flag_threshold", "jury_size", "appeal_jury_size", "juror_min_days", "juror_rest_days",
    "vote_hours", "quorum", "appeal_days", "mute_after_removals", "mute_window_days",
    "mute_days", "journal_names_jurors",
)  # fmt: skip


# Whole numbers a setting may take (beyond the jury's own rules above).
RANGES = {
    "flag_threshold": (1, 1000),
    "juror_min_days": (0, 3650),
    "juror_rest_days": (0, 3650),
    "vote_hours": (1, 24 * 365),
    "appeal_days": (0, 365),
    "mute_after_removals": (0, 100),
    "mute_window_days": (1, 3650),
    "mute_days": (1, 3650),
}


@transaction.atomic
def update_moderation_settings(*, community, by, **values) -> ModerationSettings:
    """Save the settings; InvalidInput says which combination cannot work."""
    check_can_steward(by, community)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown setting."))
    settings, _created = ModerationSettings.objects.select_for_update().get_or_create(
        community=community
    )
    for name, value in values.items():
        setattr(settings, name, value)
    errors = {}
    if not 1 <= settings.jury_size <= 25:
        errors["jury_size"] = [_("A jury has between 1 and 25 members.")]
    if not settings.jury_size < settings.appeal_jury_size <= 31:
        errors["appeal_jury_size"] = [
            _("An appeal jury is larger than the first jury, and has at most 31 members.")
        ]
    if not 1 <= settings.quorum <= settings.jury_size:
        errors["quorum"] = [_("The quorum is between 1 and the size of the jury.")]
    for name, (lowest, highest) in RANGES.items():
        value = getattr(settings, name)
        if name not in errors and not (isinstance(value, int) and lowest <= value <= highest):
            errors[name] = [
                _("Between %(lowest)d and %(highest)d.") % {"lowest": lowest, "highest": highest}
            ]
    if errors:
        raise InvalidInput(_("Please correct the settings below."), errors=errors)
    settings.save()
    return settings
