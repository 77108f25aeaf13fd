"""The launch checklist: what a prepared launch needs, ticked from the community's own data.

Communities knows the first steps (charter, identity, mindset, people invited); the apps
above it know the rest (a welcome status pinned, facts in the knowledge base, a first week
in the calendar, a first ritual, a member who is not a steward answered), so each registers
its steps here when Django starts, the way they register their panels. A step is a function
`(community) -> Step`. The checklist shows on the community page to its stewards until every
step is done or a steward dismisses it (`services.launch`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    url: str


_checks: dict[str, tuple[int, Callable[..., Step]]] = {}


def register(key: str, check: Callable[..., Step], *, order: int = 50) -> None:
    """Add (or replace, by key) a step; `order` sorts the checklist."""
    _checks[key] = (order, check)


def steps_for(community) -> list[Step]:
    return [check(community) for _order, check in sorted(_checks.values(), key=lambda c: c[0])]


def _foundation_steps() -> None:
    from . import selectors

    def foundation(key: str, label: str, url_name: str):
        def check(community) -> Step:
            missing = {m.key for m in selectors.missing_foundations(community)}
            return Step(key, label, key not in missing, reverse(url_name, args=[community.slug]))

        return check

    register(
        "charter", foundation("charter", _("Write the charter"), "communities:setup_charter"),
        order=10,
    )  # fmt: skip
    register(
        "identity",
        foundation("identity", _("Describe the community's voice"), "communities:setup_identity"),
        order=11,
    )
    register(
        "mindset", foundation("mindset", _("Write its mindset"), "communities:setup_mindset"),
        order=12,
    )  # fmt: skip

    def invited(community) -> Step:
        return Step(
            "invited",
            _("Invite five people"),
            selectors.people_invited(community) >= INVITED,
            reverse("communities:invitations", args=[community.slug]),
        )

    register("invited", invited, order=70)


INVITED = 5


def register_own_steps() -> None:
    """The steps communities itself knows (its AppConfig calls this)."""
    _foundation_steps()
