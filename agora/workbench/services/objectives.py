"""Objectives: what the community's communication aims at, and how it is measured."""

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.core.clock import now
from agora.core.errors import InvalidInput, NotFound

from ..models import Indicator, Objective

INDICATOR_MAX, TARGET_MAX = 200, 60  # the Indicator model's max_length


def parse_indicators(text: str) -> list[tuple[str, str]]:
    """ "Questions answered within 4 hours: 90 %" per line → [(name, target)]."""
    pairs = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, sep, target = line.rpartition(":")
        if not sep or not name.strip() or not target.strip():
            raise InvalidInput(
                _("Write each indicator as “indicator: target”, e.g. “Replies within 4 h: 90 %”."),
                errors={"indicators": [_("“%(line)s” has no target.") % {"line": line.strip()}]},
            )
        pairs.append((name.strip()[:INDICATOR_MAX], target.strip()[:TARGET_MAX]))
    return pairs


@transaction.atomic
def set_objective(
    *, community, by, title, description, starts_on, ends_on, indicators, objective=None
) -> Objective:
    """Create an objective, or replace an existing one's fields and indicators."""
    check_can_steward(by, community)
    errors = {}
    title = (title or "").strip()
    if not title or len(title) > 120:
        errors["title"] = [_("Give the objective a title of 1 to 120 characters.")]
    if starts_on is None:
        errors["starts_on"] = [_("Choose the day the objective starts.")]
    if ends_on is None:
        errors["ends_on"] = [_("Choose the day the objective ends.")]
    elif starts_on and ends_on < starts_on:
        errors["ends_on"] = [_("The period ends after it starts.")]
    if not isinstance(indicators, list) or not indicators:
        errors["indicators"] = [_("Give at least one indicator with its target.")]
    elif len(indicators) > 10:
        errors["indicators"] = [_("At most 10 indicators.")]
    elif any(
        not name or not target or len(name) > INDICATOR_MAX or len(target) > TARGET_MAX
        for name, target in indicators
    ):
        errors["indicators"] = [
            _("Each indicator has a name of 1 to %(name)d characters, a target of 1 to %(target)d.")
            % {"name": INDICATOR_MAX, "target": TARGET_MAX}
        ]
    if errors:
        raise InvalidInput(_("Please correct the fields below."), errors=errors)
    if objective is None:
        objective = Objective(community=community, created_by=by, created_at=now())
    elif objective.community_id != community.pk:
        raise NotFound(_("This objective is not one of this community's."))
    objective.title = title
    objective.description = (description or "").strip()[:2000]
    objective.starts_on, objective.ends_on = starts_on, ends_on
    objective.save()
    objective.indicators.all().delete()
    Indicator.objects.bulk_create(
        Indicator(objective=objective, name=name, target=target) for name, target in indicators
    )
    return objective
