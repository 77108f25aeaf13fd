"""The voice coach in the composer, in a real browser: type, see, apply, publish."""

from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from agora.demo.story import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

BOSSY_DRAFT = "Merci à nos clients ! Arrêtez de vous plaindre, dernier avertissement."
# How long to wait for the coach's answer: far more than any check takes, even on a busy
# machine, so that a slow machine is reported by the timing assertion below, not a timeout.
COACH_TIMEOUT_MS = 60_000
# The server warms the coach before it answers anyone (config/gunicorn.py), so the first
# check of a short draft takes milliseconds; a cold coach takes 4 to 15 s to load first.
WARM_CHECK_SECONDS = 3.0


def coach_reads(page, draft: str):
    """Wait for the coach's answer to exactly this draft (the panel shows it next)."""

    def is_check_of_draft(response) -> bool:
        request = response.request
        return (
            request.method == "POST"
            and request.url.endswith("/c/brulerie/voice/")
            and parse_qs(request.post_data or "").get("body") == [draft]
        )

    return page.expect_response(is_check_of_draft, timeout=COACH_TIMEOUT_MS)


def server_seconds(response) -> float:
    """From the request sent to the first byte of the answer, as the browser timed it."""
    timing = response.request.timing
    return (timing["responseStart"] - timing["requestStart"]) / 1000


def test_steward_sees_findings_applies_a_suggestion_and_publishes(demo, new_context):
    page = new_context(locale="fr-FR").new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("camille@demo.agora.local")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto("/c/brulerie/statuses/new/")

    body = page.locator("textarea[name=body]")
    body.click()
    with coach_reads(page, BOSSY_DRAFT) as first_check:
        body.press_sequentially(BOSSY_DRAFT, delay=5)
    assert first_check.value.ok
    # Warm from the start: milliseconds, not the seconds of loading the models.
    assert server_seconds(first_check.value) < WARM_CHECK_SECONDS, first_check.value.request.timing

    coach = page.get_by_test_id("coach")
    expect(coach.locator('[data-kind="boss"]')).to_have_count(1)
    preferred = coach.locator('[data-kind="preferred_term"]')
    expect(preferred).to_have_count(1)
    expect(preferred).to_contain_text("membres")

    with coach_reads(page, BOSSY_DRAFT.replace("clients", "membres")):
        preferred.get_by_test_id("apply-suggestion").click()
    expect(body).to_have_value(BOSSY_DRAFT.replace("clients", "membres"))
    # The coach reads the draft again: the preferred-term finding is gone, the boss one stays.
    expect(coach.locator('[data-kind="preferred_term"]')).to_have_count(0)
    expect(coach.locator('[data-kind="boss"]')).to_have_count(1)

    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("post-body")).to_contain_text("Merci à nos membres !")
