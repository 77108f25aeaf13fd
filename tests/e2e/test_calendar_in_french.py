"""The editorial calendar in French, in a real browser against a real server and worker.

A French-speaking steward, in a browser set to French, opens a scheduled status from the
calendar, changes its text and saves it: it keeps its day and time and stays scheduled.
Then a day's « + » opens the plan form with that day filled in, and a draft is planned
there. (In French, Django used to write days as 16/12/2026, which `<input type="date">`
drops: the save was refused and the « + » filled in nothing.)
"""

import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from .test_moderation_journey import run_script

pytestmark = pytest.mark.e2e

PASSWORD = "fournil-horloge-5174"
SLUG = "fournil-en-francais"
ZONE = ZoneInfo("Europe/Paris")  # the community's time zone by default
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]  # fmt: skip

# Runs inside the live server's environment: a French-speaking steward, a community ready to
# publish, a status scheduled for a day ahead at 18:30 and a draft planned the day before.
SETUP_SCRIPT = r"""
import json, sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import django

django.setup()

from agora.accounts.services import create_verified_account
from agora.communities.services import charter, communities, identity
from agora.workbench.services import calendar

spec = json.loads(sys.argv[1])
steward = create_verified_account(email="fr_steward@example.org", handle="fr_steward",
                                  display_name="Solène Steward", password=spec["password"],
                                  language="fr")
community = communities.create_community(founder=steward, name="Le Fournil en français",
                                         slug=spec["slug"], description="Du pain, chaque semaine.",
                                         visibility="public")
charter.publish_charter_version(community=community, by=steward, articles=[
    {"title": "Bienveillance", "body": "On critique les idées, jamais les personnes."}])
identity.set_identity(community=community, by=steward, address_form="vous",
                         emoji_policy="sparing", tone=["warm"], preferred_terms=[],
                         banned_terms=[], language="fr")
identity.set_mindset(community=community, by=steward, values=["Le pain se partage."])
day = date.fromisoformat(spec["day"])
paris = lambda d, t: datetime.combine(d, t, tzinfo=ZoneInfo("Europe/Paris")).astimezone(UTC)
scheduled = calendar.plan_status(
    community=community, by=steward, title="Fournée de Noël",
    body="La fournée de Noël sort jeudi.",
    publish_at=paris(day, time(18, 30)))
calendar.schedule(planned=scheduled, by=steward)
calendar.plan_status(
    community=community, by=steward, title="Levain", body="Le levain repart.",
    publish_at=paris(day - timedelta(days=1), time(9, 15)))
print(json.dumps({"scheduled": scheduled.pk}))
"""


def field(scope, label: str):
    """The form field with this label (Django's labels end with a colon; French puts a
    no-break space before it)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}\s*:?$"))


def card(page: Page, text: str):
    return page.locator("article.planned").filter(has_text=text)


def day_label(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def test_edit_a_scheduled_status_and_plan_from_a_day_s_plus_in_french(new_context, agora_server):
    today = datetime.now(ZONE).date()
    # Thursday of the week after next: the status and the draft the day before share a week.
    thursday = today + timedelta(days=14 - today.weekday() + 3)
    run_script(
        agora_server,
        SETUP_SCRIPT,
        json.dumps({"password": PASSWORD, "slug": SLUG, "day": thursday.isoformat()}),
    )
    page = new_context(locale="fr-FR").new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("fr_steward@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name="@fr_steward")).to_be_visible()

    page.goto(f"/c/{SLUG}/calendar/?view=week&day={thursday.isoformat()}")
    expect(page.get_by_role("heading", name="Calendrier éditorial")).to_be_visible()
    in_thursday = page.locator(f'[data-day="{thursday.isoformat()}"]')
    scheduled = card(in_thursday, "Fournée de Noël")
    expect(scheduled).to_have_class(re.compile(r"\bstate-scheduled\b"))
    expect(scheduled).to_contain_text("18:30")

    # 1. The scheduled status opens in the side form with its day and time, in ISO.
    page.evaluate("window.noReload = true")
    scheduled.get_by_role("link", name="Fournée de Noël").click()
    form = page.locator("#plan-form")
    expect(field(form, "Titre (facultatif)")).to_have_value("Fournée de Noël")
    expect(field(form, "Jour")).to_have_value(thursday.isoformat())
    expect(field(form, "Heure")).to_have_value("18:30")

    # 2. Its text changed and saved: the same day and time, still scheduled.
    field(form, "Texte").fill("La fournée de Noël sort jeudi, avec du pain d'épices.")
    form.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Le statut est enregistré.")
    expect(page.locator("#plan-panel [role=alert]")).to_have_count(0)
    scheduled = card(page.locator(f'[data-day="{thursday.isoformat()}"]'), "Fournée de Noël")
    expect(scheduled).to_have_class(re.compile(r"\bstate-scheduled\b"))
    expect(scheduled).to_contain_text("18:30")
    expect(field(page.locator("#plan-form"), "Texte")).to_have_value(
        "La fournée de Noël sort jeudi, avec du pain d'épices."
    )
    expect(field(page.locator("#plan-form"), "Jour")).to_have_value(thursday.isoformat())
    assert page.evaluate("window.noReload"), "the page reloaded"

    # The draft of the day before is edited the same way and keeps its day too.
    wednesday = thursday - timedelta(days=1)
    card(page, "Levain").get_by_role("link", name="Levain").click()
    expect(field(page.locator("#plan-form"), "Jour")).to_have_value(wednesday.isoformat())
    field(page.locator("#plan-form"), "Texte").fill("Le levain repart mercredi.")
    page.locator("#plan-form").get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Le statut est enregistré.")
    expect(card(page.locator(f'[data-day="{wednesday.isoformat()}"]'), "Levain")).to_contain_text(
        "09:15"
    )

    # 3. Saturday's « + »: the plan form opens with Saturday filled in.
    saturday = thursday + timedelta(days=2)
    page.goto(f"/c/{SLUG}/calendar/?view=week&day={thursday.isoformat()}")
    plus = page.get_by_role("link", name=f"Planifier un statut le {day_label(saturday)}")
    plus.click()
    expect(page).to_have_url(re.compile(rf"new={saturday.isoformat()}"))
    form = page.locator("#plan-form")
    expect(form).to_be_visible()
    expect(field(form, "Jour")).to_have_value(saturday.isoformat())
    field(form, "Titre (facultatif)").fill("Marché du samedi")
    field(form, "Texte").fill("On vous attend au marché.")
    field(form, "Heure").fill("08:00")
    form.get_by_role("button", name="Ajouter au calendrier").click()
    expect(page.get_by_role("status")).to_have_text("Le brouillon est dans le calendrier.")
    market = card(page.locator(f'[data-day="{saturday.isoformat()}"]'), "Marché du samedi")
    expect(market).to_contain_text("08:00")
    expect(market).to_have_class(re.compile(r"\bstate-draft\b"))

    assert not new_context.server_errors, new_context.server_errors
