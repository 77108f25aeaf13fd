"""The stewards' editorial calendar, in a real browser against a real server and worker.

A steward sets a weekly ritual and finds its drafts in the calendar; plans a week of
statuses through the htmx form (no page reload), moves one with a card's Move form, adds a
photo to one in the side form; plans
one for today a few seconds ahead, marks it ready and schedules it; the worker publishes it
at its time: it appears on the community page and its card turns "published".
"""

import json
import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from agora.testing import images

from .test_moderation_journey import run_script

pytestmark = pytest.mark.e2e

PASSWORD = "fournil-horloge-5173"
SLUG = "fournil-calendrier"
ZONE = ZoneInfo("Europe/Paris")  # the community's time zone by default
PHONE = {"width": 390, "height": 844}
# After its time, the wake-up task publishes it at once; the 10-s sweep is the fallback.
PUBLISH_GRACE = timedelta(seconds=30)

# Runs inside the live server's environment: a steward of a community ready to publish.
SETUP_SCRIPT = r"""
import json, sys

import django

django.setup()

from agora.accounts.services import create_verified_account
from agora.communities.services import charter as charter_services
from agora.communities.services import communities as communities_services
from agora.communities.services import identity as identity_services

spec = json.loads(sys.argv[1])
steward = create_verified_account(email="wb_steward@example.org", handle="wb_steward",
                                  display_name="Sacha Steward", password=spec["password"],
                                  language="en")
community = communities_services.create_community(founder=steward, name="Le Fournil du Calendrier",
                                         slug=spec["slug"], description="Bread, weekly.",
                                         visibility="public")
charter_services.publish_charter_version(community=community, by=steward, articles=[
    {"title": "Bienveillance", "body": "On critique les idées, jamais les personnes."}])
identity_services.set_identity(community=community, by=steward, address_form="neutral",
                         emoji_policy="sparing", tone=["warm"], preferred_terms=[],
                         banned_terms=[], language="fr")
identity_services.set_mindset(community=community, by=steward, values=["Le pain se partage."])
print(json.dumps({"ok": True}))
"""


def field(scope, label: str):
    """The form field with this label (Django's labels end with a colon)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def card(page: Page, text: str):
    return page.locator("article.planned").filter(has_text=text)


def plan(page: Page, title: str, body: str, when: datetime) -> None:
    """Plan a status through the htmx form; the grid updates in place."""
    form = page.locator("#plan-form")
    field(form, "Title (optional)").fill(title)
    field(form, "Text").fill(body)
    field(form, "Day").fill(when.date().isoformat())
    field(form, "Time").fill(when.strftime("%H:%M"))
    form.get_by_role("button", name="Add to the calendar").click()
    expect(page.get_by_role("status")).to_have_text("The draft is in the calendar.")
    day = page.locator(f'[data-day="{when.date().isoformat()}"]')
    expect(card(day, title)).to_contain_text(when.strftime("%H:%M"))


def act(page: Page, title: str, button: str, flash: str) -> None:
    """Open the card in the side form, then press one of its actions."""
    card(page, title).get_by_role("link", name=title).click()
    # The side form arrives by htmx: a button pressed in the form it replaces would send its
    # request, and htmx would drop the answer of an element no longer on the page.
    page.wait_for_load_state("networkidle")
    page.locator("#plan-panel").get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("status")).to_have_text(flash)


def test_plan_a_week_with_a_ritual_and_see_a_scheduled_status_published(new_context, agora_server):
    run_script(agora_server, SETUP_SCRIPT, json.dumps({"password": PASSWORD, "slug": SLUG}))
    page = new_context().new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("wb_steward@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name="@wb_steward")).to_be_visible()

    today = datetime.now(ZONE).date()
    monday = datetime.combine(
        today + timedelta(days=7 - today.weekday()), datetime.min.time(), ZONE
    )
    calendar = f"/c/{SLUG}/calendar/?view=week&day={monday.date().isoformat()}"

    # 1. A weekly ritual: its next Mondays wait in the calendar as drafts.
    page.goto(f"/c/{SLUG}/rituals/")
    field(page, "Title").fill("La question du lundi")
    field(page, "Text to start from (optional)").fill("Quel pain voulez-vous cette semaine ?")
    field(page, "How often").select_option(label="every week")
    field(page, "Day of the week (weekly)").select_option(label="Monday")
    field(page, "Time (community time zone)").fill("09:00")
    page.get_by_role("button", name="Create the ritual").click()
    expect(page.get_by_role("status")).to_contain_text("The ritual is set:")
    expect(page.locator("ul.rituals")).to_contain_text("La question du lundi")
    page.goto(calendar)
    expect(page.get_by_role("heading", name=f"Week of {monday.day} {monday:%B %Y}")).to_be_visible()
    ritual = card(page.locator(f'[data-day="{monday.date().isoformat()}"]'), "La question")
    expect(ritual).to_have_class(re.compile(r"\bstate-draft\b"))
    expect(ritual).to_contain_text("09:00")

    # Opening a card shows it in the side form, even while that form is folded away.
    ritual.get_by_role("link", name="La question du lundi").click()
    title_field = field(page.locator("#plan-form"), "Title (optional)")
    expect(title_field).to_have_value("La question du lundi")
    expect(title_field).to_be_focused()

    # 2. Two statuses for the coming week, planned without a page reload.
    page.goto(calendar)
    page.evaluate("window.noReload = true")
    page.locator("summary", has_text="Plan a status").click()
    # A refused plan says why, in place.
    field(page.locator("#plan-form"), "Day").fill(monday.date().isoformat())
    page.locator("#plan-form").get_by_role("button", name="Add to the calendar").click()
    expect(page.locator("#plan-panel [role=alert]")).to_contain_text(
        "Give both a day and a time, or neither."
    )
    plan(page, "Levain", "Le levain repart mardi.", monday + timedelta(days=1, hours=12))
    plan(page, "Fournée", "Grande fournée jeudi soir.", monday + timedelta(days=3, hours=18))
    # Moved to Friday with the card's own form, from the keyboard.
    friday = (monday + timedelta(days=4)).date().isoformat()
    moved = card(page, "Fournée")
    moved.locator("input[type=date]").fill(friday)
    moved.get_by_role("button", name="Move").press("Enter")
    expect(card(page.locator(f'[data-day="{friday}"]'), "Fournée")).to_contain_text("18:00")
    expect(card(page, "Fournée")).to_have_count(1)
    assert page.evaluate("window.noReload"), "the page reloaded"

    # 3. One for today, at the next minute at least 20 s away, marked ready and scheduled.
    # The time input has minute precision: 20 to 80 s from now.
    soon = (datetime.now(ZONE) + timedelta(seconds=20)).replace(second=0, microsecond=0)
    soon += timedelta(minutes=1)
    text = f"Le pain de {soon:%H:%M} sort du four."
    plan(page, "Tout chaud", text, soon)
    act(page, "Tout chaud", "Mark ready", "Marked ready.")
    expect(card(page, "Tout chaud")).to_have_class(re.compile(r"\bstate-ready\b"))
    act(page, "Tout chaud", "Schedule", "Scheduled: the worker publishes it at its time.")
    expect(card(page, "Tout chaud")).to_have_class(re.compile(r"\bstate-scheduled\b"))
    assert page.evaluate("window.noReload"), "the page reloaded"
    assert datetime.now(ZONE) < soon, "scheduling took longer than the margin"

    # 4. The worker publishes it at its time: on the community page, and in the calendar.
    posts = page.get_by_test_id("post").filter(has_text=text)
    while True:
        page.goto(f"/c/{SLUG}/")
        if posts.count():
            break
        assert datetime.now(ZONE) < soon + PUBLISH_GRACE, f"not published at {soon:%H:%M}"
        time.sleep(1)
    expect(posts).to_contain_text("Tout chaud")
    expect(page.get_by_test_id("post").filter(has_text="Le levain repart")).to_have_count(0)
    page.goto(f"/c/{SLUG}/calendar/?view=week&day={soon.date().isoformat()}")
    published = card(page, "Tout chaud")
    expect(published).to_have_class(re.compile(r"\bstate-published\b"))
    expect(published.get_by_role("link", name="Published")).to_be_visible()
    expect(published.locator("form.move")).to_have_count(0)

    # 5. A photo for the Levain status, added in the side form htmx brought in: the picker
    # works there as in any composer, and the card counts it.
    page.goto(calendar)
    card(page, "Levain").get_by_role("link", name="Levain").click()
    page.wait_for_load_state("networkidle")
    panel = page.locator("#plan-panel")
    expect(field(panel, "Title (optional)")).to_have_value("Levain")
    photo = {"name": "levain.jpg", "mimeType": "image/jpeg", "buffer": images.jpeg(640, 480)}
    panel.get_by_test_id("image-input").set_input_files(photo)
    staged = panel.get_by_test_id("staged-image")
    expect(staged.locator(".staged-preview img")).to_be_visible(timeout=30_000)
    staged.get_by_test_id("image-alt").fill("Un bocal de levain plein de bulles")
    panel.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("The status is saved.")
    expect(card(page, "Levain").get_by_test_id("planned-photos")).to_have_text("1 photo")

    # 6. Nothing overflows sideways on a phone, in the week and the month views.
    phone = new_context(storage_state=page.context.storage_state(), viewport=PHONE).new_page()
    for name, view in (("week", calendar), ("month", f"/c/{SLUG}/calendar/")):
        phone.goto(view)
        expect(phone.get_by_test_id("calendar-grid")).to_be_visible()
        shot = agora_server.tmp_dir / f"calendar-{name}-phone.png"
        phone.screenshot(path=str(shot), full_page=True)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"{view} is {width}px wide on a phone ({shot})"

    assert not new_context.server_errors, new_context.server_errors
