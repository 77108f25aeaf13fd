"""What counts as working hours, who sees the summary, when the digest goes out."""

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.core.errors import InvalidInput

from ..models import HealthSettings


@transaction.atomic
def update_health_settings(
    *,
    community,
    by,
    public_summary,
    work_days,
    work_starts,
    work_ends,
    digest_enabled,
    digest_weekday,
    digest_hour,
) -> HealthSettings:
    check_can_steward(by, community)
    errors = {}
    if (
        not isinstance(work_days, list)
        or not work_days
        or any(not isinstance(d, int) or not 0 <= d <= 6 for d in work_days)
    ):
        errors["work_days"] = [_("Choose at least one working day.")]
    if not (0 <= work_starts < work_ends <= 24):
        errors["work_ends"] = [_("Working hours end after they start, by midnight at the latest.")]
    if not 0 <= digest_weekday <= 6:
        errors["digest_weekday"] = [_("Choose a day of the week.")]
    if not 0 <= digest_hour <= 23:
        errors["digest_hour"] = [_("Choose an hour between 0 and 23.")]
    if errors:
        raise InvalidInput(_("Please correct the settings below."), errors=errors)
    health, _created = HealthSettings.objects.select_for_update().get_or_create(community=community)
    health.public_summary = bool(public_summary)
    health.work_days = sorted(set(work_days))
    health.work_starts, health.work_ends = work_starts, work_ends
    health.digest_enabled = bool(digest_enabled)
    health.digest_weekday, health.digest_hour = digest_weekday, digest_hour
    health.save()
    return health
