"""The community page shows what the apps above communities registered, in order."""

import pytest
from django.test import RequestFactory

from agora.communities import panels

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A clean registry for the test; the apps' own panels come back afterwards."""
    monkeypatch.setattr(panels, "_panels", {})
    return panels


def test_panels_render_in_order_per_slot_and_empty_ones_are_left_out(registry, the_community):
    request = RequestFactory().get("/")
    registry.register("b", lambda r, c: "second", slot="main", order=20)
    registry.register("a", lambda r, c: f"first in {c.slug}", slot="main", order=10)
    registry.register("nothing", lambda r, c: "", slot="actions")
    registry.register("link", lambda r, c: "link", slot="links")
    slots = registry.render_panels(request, the_community)
    assert slots == {
        "cover": [],
        "links": ["link"],
        "header": [],
        "actions": [],
        "main": ["first in the-community", "second"],
    }


def test_registering_again_by_name_replaces_and_an_unknown_slot_is_refused(registry):
    registry.register("x", lambda r, c: "old", slot="main")
    registry.register("x", lambda r, c: "new", slot="main")
    assert [p.render(None, None) for p in registry._panels.values()] == ["new"]
    with pytest.raises(ValueError, match="unknown slot"):
        registry.register("y", lambda r, c: "", slot="sidebar")


def test_the_page_shows_each_apps_panels_to_whom_they_concern(
    client_for, the_community, camille, member_michu, olga
):
    steward = client_for(camille).get("/c/the-community/").content.decode()
    for part in ('data-testid="calendar-link"', 'data-testid="health-link"',
                 "/c/the-community/statuses/new/", "/c/the-community/journal/",
                 "/c/the-community/governance/", 'data-testid="moderation-link"',
                 'role="search"'):  # fmt: skip
        assert part in steward, part
    member = client_for(member_michu).get("/c/the-community/").content.decode()
    assert "/c/the-community/posts/new/" in member
    assert 'data-testid="calendar-link"' not in member
    assert 'data-testid="health-link"' not in member  # the summary is not shown to members
    outsider = client_for().get("/c/the-community/").content.decode()
    assert "/c/the-community/journal/" in outsider
    assert 'data-testid="moderation-link"' not in outsider
    assert "/accounts/login/?next=" in outsider
    assert (
        "/c/the-community/posts/new/"
        not in client_for(olga).get("/c/the-community/").content.decode()
    )
