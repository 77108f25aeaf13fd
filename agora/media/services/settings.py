"""A community's rules for images, set by its stewards."""

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.core.errors import InvalidInput

from ..models import MediaSettings

# The ranges the database constraints hold (models.MediaSettings).
RANGES = {
    "max_megabytes": (1, 50),
    "max_megapixels": (1, 100),
    "images_per_post": (1, 10),
    "images_per_hour": (1, 1000),
}


@transaction.atomic
def update_media_settings(*, community, by, **values) -> MediaSettings:
    check_can_steward(by, community)
    errors = {}
    for field, (low, high) in RANGES.items():
        value = values.get(field)
        if value is not None and not (isinstance(value, int) and low <= value <= high):
            errors[field] = [
                _("Choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
            ]
    if errors:
        raise InvalidInput(errors=errors)
    rules, _created = MediaSettings.objects.select_for_update().get_or_create(community=community)
    for field in RANGES:
        if values.get(field) is not None:
            setattr(rules, field, values[field])
    if "require_alt" in values:
        rules.require_alt = bool(values["require_alt"])
    rules.save()
    return rules
