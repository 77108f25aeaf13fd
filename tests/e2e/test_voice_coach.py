"""The voice coach in the composer, in a real browser: type, see, apply, publish."""

import pytest
from playwright.sync_api import expect

from agora.demo.story import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

BOSSY_DRAFT = "Merci à nos clients ! Arrêtez de vous plaindre, dernier avertissement."


def test_steward_sees_findings_applies_a_suggestion_and_publishes(demo, new_context):
    page = new_context(locale="fr-FR").new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("camille@demo.agora.local")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto("/c/brulerie/statuses/new/")

    body = page.locator("textarea[name=body]")
    body.click()
    body.press_sequentially(BOSSY_DRAFT, delay=5)

    coach = page.get_by_test_id("coach")
    expect(coach.locator('[data-kind="boss"]')).to_have_count(1)
    preferred = coach.locator('[data-kind="preferred_term"]')
    expect(preferred).to_have_count(1)
    expect(preferred).to_contain_text("membres")

    preferred.get_by_test_id("apply-suggestion").click()
    expect(body).to_have_value(BOSSY_DRAFT.replace("clients", "membres"))
    # The coach reads the draft again: the preferred-term finding is gone, the boss one stays.
    expect(coach.locator('[data-kind="preferred_term"]')).to_have_count(0)
    expect(coach.locator('[data-kind="boss"]')).to_have_count(1)

    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("post-body")).to_contain_text("Merci à nos membres !")
