"""The health dashboard of the demo community, in a real browser against a real server and worker.

A steward opens the dashboard of La Brûlerie (two months of backdated demo activity): the
last 30 days by default, server-drawn SVG charts each followed by its table. She switches to
7 days from the keyboard, then to days she chooses; follows two figures to the items behind
them; downloads a table and a list as CSV; the page fits a phone. A member sees only the
public summary, and the lists behind per-person figures do not exist for her.
"""

import csv
import io
import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from agora.demo.story import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

SLUG = "brulerie"
DASHBOARD = f"/c/{SLUG}/health/"
ZONE = ZoneInfo("Europe/Paris")  # the demo community's time zone
PHONE = {"width": 390, "height": 844}
STEWARD = ("camille@demo.agora.local", "camille")
MEMBER = ("michu@demo.agora.local", "michu")
SECTIONS = (
    "#self-management",
    "#responsiveness",
    "#moderation",
    "#preparation",
    "#workload",
    "#objectives",
)
# The empty state of an items list, in English or in French (the demo people read French).
EMPTY_LIST = re.compile(
    r"Nothing in this list for the period\.|Rien dans cette liste pour cette période\."
)


def log_in(new_context, email: str, handle: str, **options) -> Page:
    """A fresh browser context (its own cookies) where this demo person logged in."""
    page = new_context(**options).new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name=f"@{handle}")).to_be_visible()
    return page


def today() -> date:
    return datetime.now(ZONE).date()


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def expect_first_day(page: Page, days: int, before: date) -> None:
    """The period shown starts `days - 1` days before today (today read around the load)."""
    shown = page.get_by_test_id("period-shown")
    expect(shown).to_be_visible()
    text = shown.inner_text()
    firsts = {(d - timedelta(days=days - 1)).isoformat() for d in (before, today())}
    assert any(first in text for first in firsts), f"expected {firsts} in {text!r}"
    assert today().isoformat() in text or before.isoformat() in text, text


def download(page: Page, test_id: str, tmp_dir, name: str) -> list[list[str]]:
    """Click a CSV link, keep the file, return its rows."""
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    target = tmp_dir / name
    info.value.save_as(target)
    return list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))


def test_steward_reads_the_health_dashboard_and_a_member_the_summary(demo, new_context):
    page = log_in(new_context, *STEWARD)

    # 1. The dashboard opens on the last 30 days, every section there, charts with tables.
    before = today()
    page.goto(DASHBOARD)
    expect_first_day(page, 30, before)
    expect(page.get_by_test_id("period")).to_have_value("30")
    for section in SECTIONS:
        expect(page.locator(section)).to_be_visible()
    charts = page.locator("main svg.chart")
    assert charts.count() >= 3, f"{charts.count()} charts on the dashboard"
    for i in range(charts.count()):
        chart = charts.nth(i)
        expect(chart).to_be_visible()
        # The table right after the chart (the daily one folds its table in a <details>).
        after = chart.locator("xpath=following-sibling::*[1]")
        expect(after.locator("xpath=self::table | self::details[.//table]")).to_have_count(1)

    # 2. Seven days, chosen and shown from the keyboard.
    form = page.get_by_test_id("period-form")
    page.get_by_test_id("period").select_option("7")
    before = today()
    form.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]period=7(&|$)"))
    expect(page.get_by_test_id("period")).to_have_value("7")
    expect_first_day(page, 7, before)

    # 3. Days of her own choosing.
    first, last = today() - timedelta(days=40), today() - timedelta(days=12)
    page.get_by_test_id("period").select_option("custom")
    form.locator("input[name=first]").fill(first.isoformat())
    form.locator("input[name=last]").fill(last.isoformat())
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]period=custom(&|$)"))
    assert query_of(page)["first"] == [first.isoformat()], page.url
    assert query_of(page)["last"] == [last.isoformat()], page.url
    expect(page.get_by_test_id("period")).to_have_value("custom")
    shown = page.get_by_test_id("period-shown")
    expect(shown).to_contain_text(first.isoformat())
    expect(shown).to_contain_text(last.isoformat())
    expect(shown).to_contain_text(re.compile(r"\(29 "))  # "(29 days)": both ends included
    expect(form.locator("input[name=first]")).to_have_value(first.isoformat())
    expect(form.locator("input[name=last]")).to_have_value(last.isoformat())

    # 4. The contributors figure opens the members behind it, each a link.
    page.goto(DASHBOARD)
    dashboard_url = page.url
    page.get_by_test_id("contributors-link").click()
    expect(page).to_have_url(re.compile(rf"/c/{SLUG}/health/items/contributors/\?.*period=30"))
    members = page.get_by_test_id("items").locator("li")
    expect(members.first).to_be_visible()
    expect(members.first.locator("a[href]")).to_have_count(1)
    assert members.first.locator("a").inner_text().strip(), "a contributor without a name"
    # The list as CSV: a header and at least one member.
    rows = download(page, "items-csv", demo.tmp_dir, "contributors.csv")
    assert len(rows) >= 2, rows
    assert all(len(row) == len(rows[0]) for row in rows), rows

    # 5. Back on the dashboard, the unanswered questions: a list, or the empty state.
    page.go_back()
    expect(page).to_have_url(dashboard_url)
    page.get_by_test_id("unanswered").click()
    expect(page).to_have_url(re.compile(rf"/c/{SLUG}/health/items/questions/\?.*which=unanswered"))
    questions = page.get_by_test_id("items")
    empty = page.locator("main p.empty")
    expect(questions.or_(empty)).to_be_visible()
    if questions.count():
        expect(questions.locator("li a[href]").first).to_be_visible()
    else:
        expect(empty).to_have_text(EMPTY_LIST)

    # 6. The self-management table as CSV.
    page.goto(DASHBOARD)
    rows = download(page, "csv-self", demo.tmp_dir, "self-management.csv")
    assert rows[0] == ["figure", "value", "previous_period"], rows[:1]
    gini = [row for row in rows if row and row[0] == "gini"]
    assert len(gini) == 1, rows
    float(gini[0][1])  # the demo has contributions: the figure is a number

    # 7. Nothing overflows sideways on a phone.
    phone = new_context(storage_state=page.context.storage_state(), viewport=PHONE).new_page()
    phone.goto(DASHBOARD)
    expect(phone.locator("#self-management svg.chart").first).to_be_visible()
    shot = demo.tmp_dir / "health-phone.png"
    phone.screenshot(path=str(shot), full_page=True)
    scroll, client = phone.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client + 1, f"the dashboard is {scroll}px wide in {client}px ({shot})"

    # 8. A member sees the public summary; the per-person lists do not exist for her.
    member = log_in(new_context, *MEMBER)
    member.goto(DASHBOARD)
    expect(member.locator("#self-management")).to_be_visible()
    expect(member.locator("#responsiveness")).to_be_visible()
    expect(member.get_by_test_id("period-shown")).to_be_visible()
    for section in ("#moderation", "#workload", "#preparation", "#objectives", "#attention"):
        expect(member.locator(section)).to_have_count(0)
    expect(member.get_by_test_id("contributors-link")).to_have_count(0)
    answer = member.goto(f"/c/{SLUG}/health/items/contributors/")
    assert answer is not None and answer.status == 404, answer and answer.status

    assert not new_context.server_errors, new_context.server_errors
