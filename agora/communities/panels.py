"""Parts of a community's page that the apps above communities provide.

The community page belongs to communities, the lowest app that knows what a community is;
most of what fills it (the feed, the calendar's and the health dashboard's links, the
journal) belongs to apps above it, which communities may not import. So each of those apps
registers its panels here when Django starts (`AppConfig.ready`), the way moderation
registers its screen with `conversations.screening`, and the page shows whatever is
registered, in order.

A panel is a function `(request, community) -> str`: the HTML it renders with its own
template (`render_to_string` returns it marked safe), or "" when it has nothing to show this
person. It reads through its app's selectors and checks its own permissions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html

# Where a panel goes on the page: its cover above everything, links under its name, a form
# in its header (search), buttons, then the page's body.
PAGE_SLOTS = ("cover", "links", "header", "actions", "main")
# The welcome page a newcomer sees once they consented: the community's welcome status, and
# things worth doing there (each a list item, or ""; the page shows the first three).
WELCOME_SLOTS = ("welcome", "todo")
SLOTS = PAGE_SLOTS + WELCOME_SLOTS


@dataclass(frozen=True)
class Panel:
    name: str
    slot: str
    render: Callable[..., str]
    order: int = 50


_panels: dict[str, Panel] = {}


def register(name: str, render: Callable[..., str], *, slot: str, order: int = 50) -> None:
    """Add (or replace, by name) a panel; `order` sorts the panels of a slot."""
    if slot not in SLOTS:
        raise ValueError(f"unknown slot {slot!r}; choose one of {SLOTS}")
    _panels[name] = Panel(name, slot, render, order)


def render_panels(request, community, slots=PAGE_SLOTS) -> dict[str, list[str]]:
    """The non-empty panels of these slots for this request, in order."""
    rendered: dict[str, list[str]] = {slot: [] for slot in slots}
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.name)):
        if panel.slot not in rendered:
            continue
        html = panel.render(request, community)
        if html:
            rendered[panel.slot].append(html)
    return rendered


def todo_item(url: str, title: str, why: str, testid: str = "todo") -> str:
    """One thing worth doing, for the welcome page's `todo` slot."""
    return format_html(
        '<li data-testid="{}"><a href="{}">{}</a> <span class="hint">{}</span></li>',
        testid,
        url,
        title,
        why,
    )
