"""Closing the launch checklist: once every step is done, or when a steward dismisses it."""

from django.db import transaction

from agora.core.clock import now

from .. import launch
from ..models import Community
from ..permissions import check_can_steward


@transaction.atomic
def dismiss_launch(*, community, by) -> None:
    check_can_steward(by, community)
    _close(community)


def open_steps(community) -> list[launch.Step]:
    """The checklist while it is open; [] once closed. A checklist found complete is closed
    for good (a later change does not bring it back)."""
    if community.launch_closed_at is not None:
        return []
    steps = launch.steps_for(community)
    if all(step.done for step in steps):
        _close(community)
        return []
    return steps


def _close(community) -> None:
    moment = now()
    Community.objects.filter(pk=community.pk, launch_closed_at__isnull=True).update(
        launch_closed_at=moment
    )
    community.launch_closed_at = community.launch_closed_at or moment
