"""What the workbench adds to a community's page (`communities.panels`): the stewards' way
to the editorial calendar."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from agora.communities import launch
from agora.communities import panels as community_panels
from agora.communities.permissions import can_steward

from . import selectors


def calendar_link(request, community) -> str:
    if not can_steward(request.user, community):
        return ""
    return format_html(
        '<a class="button secondary" href="{}" data-testid="calendar-link">{}</a>',
        reverse("workbench:calendar", args=[community.slug]),
        _("Editorial calendar"),
    )


def read_the_faq(request, community) -> str:
    if not selectors.public_facts(community).exists():
        return ""
    return community_panels.todo_item(
        reverse("workbench:faq", args=[community.slug]),
        _("Read the FAQ"),
        _("What the stewards answer most often, in one page."),
        "todo-faq",
    )


FACTS_AT_LAUNCH = 3
PLANNED_AT_LAUNCH = 3


def facts_step(community) -> launch.Step:
    return launch.Step(
        "facts",
        _("Put three facts in the knowledge base"),
        selectors.facts_of(community).count() >= FACTS_AT_LAUNCH,
        reverse("workbench:facts", args=[community.slug]),
    )


def week_step(community) -> launch.Step:
    return launch.Step(
        "week",
        _("Plan a first week: three statuses in the calendar"),
        selectors.planned_count(community) >= PLANNED_AT_LAUNCH,
        reverse("workbench:calendar", args=[community.slug]),
    )


def ritual_step(community) -> launch.Step:
    return launch.Step(
        "ritual",
        _("Set a first ritual"),
        selectors.rituals_of(community).exists(),
        reverse("workbench:rituals", args=[community.slug]),
    )


def register() -> None:
    launch.register("facts", facts_step, order=30)
    launch.register("week", week_step, order=40)
    launch.register("ritual", ritual_step, order=50)
    community_panels.register("workbench.calendar", calendar_link, slot="actions", order=20)
    community_panels.register("workbench.faq", read_the_faq, slot="todo", order=30)
