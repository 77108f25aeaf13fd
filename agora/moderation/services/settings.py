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
    for name in ("flag_threshold", "vote_hours"):
        if getattr(settings, name) < 1:
            errors[name] = [_("At least 1.")]
    if errors:
        raise InvalidInput(_("Please correct the settings below."), errors=errors)
    settings.save()
    return settings
