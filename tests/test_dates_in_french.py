"""Every `<input type="date">` and `type="time"` carries ISO values, whatever the language.

Browsers take only ISO values in these inputs (`2026-12-16`, `18:30`) and silently drop
anything else. Django localises a plain DateInput's value (French gives `16/12/2026`), so in
French an edited status lost its day and its save was refused. The pages are read as a
French-speaking steward, and every form's date and time widgets are rendered in French.
"""

import importlib
import inspect
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from agora.core.clock import now
from agora.core.forms import IsoDateInput, IsoTimeInput
from agora.governance.forms import MandateForm
from agora.health.forms import PeriodForm
from agora.workbench.forms import MoveForm, ObjectiveForm, PlannedStatusForm, RitualForm
from agora.workbench.services import calendar

pytestmark = pytest.mark.django_db

DAY = date(now().year + 1, 12, 16)  # a day ahead: a scheduled status must be
ISO_DAY = DAY.isoformat()  # e.g. 2027-12-16; French would localise it as 16/12/2027
AT = time(18, 30)
ZONE = "Europe/Paris"  # the community's time zone by default


def paris(day: date, at: time) -> datetime:
    """The UTC instant of a wall-clock time in the community's zone."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(ZONE)).astimezone(UTC)


@pytest.fixture
def french_steward(camille):
    camille.language = "fr"
    camille.save(update_fields=["language"])
    return camille


def inputs(html: str, kind: str) -> list[str]:
    """The `<input type="kind">` tags of a page."""
    return re.findall(rf'<input type="{kind}"[^>]*>', html)


def value(tag: str) -> str | None:
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else None


def test_the_edit_form_of_a_scheduled_status_shows_its_day_and_time_in_iso(
    client_for, the_community, french_steward
):
    planned = calendar.plan_status(
        community=the_community,
        by=french_steward,
        body="La fournée de décembre.",
        publish_at=paris(DAY, AT),
    )
    calendar.schedule(planned=planned, by=french_steward)
    client = client_for(french_steward)
    edit = reverse("workbench:edit", args=[the_community.slug, planned.pk])
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(f"{edit}?view=month&day={DAY.isoformat()}", **headers)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Enregistrer" in html  # the page is in French
        assert [value(tag) for tag in inputs(html, "date")] == [ISO_DAY]
        assert [value(tag) for tag in inputs(html, "time")] == ["18:30"]

    # Saved as the browser sends it back, the status keeps its day and time.
    response = client.post(
        edit,
        {"body": "La fournée de décembre, au levain.", "day": ISO_DAY, "time": "18:30",
         "view": "month", "anchor": ISO_DAY},
    )  # fmt: skip
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.state == "scheduled"
    assert planned.body == "La fournée de décembre, au levain."
    assert planned.publish_at == paris(DAY, AT)


def test_a_day_s_plus_fills_the_plan_form_with_that_day_in_iso(
    client_for, the_community, french_steward
):
    calendar_url = reverse("workbench:calendar", args=[the_community.slug])
    query = f"?view=month&day={DAY.replace(day=1)}&new={ISO_DAY}"
    response = client_for(french_steward).get(calendar_url + query)
    assert response.status_code == 200
    html = response.content.decode()
    plus = query + "#plan-details"
    assert f'href="{plus}"' in html  # the day's « + » link, written in ISO
    plan_form = html[html.index('id="plan-form"') :]
    assert value(inputs(plan_form, "date")[0]) == ISO_DAY
    # The « + » opens the folded form, so the day it filled in is in view.
    assert re.search(r'<details class="card" id="plan-details"[^>]* open>', html)


def test_the_calendar_s_move_forms_carry_iso_values(client_for, the_community, french_steward):
    calendar.plan_status(
        community=the_community, by=french_steward, body="Levain",
        publish_at=paris(DAY, AT),
    )  # fmt: skip
    calendar_url = reverse("workbench:calendar", args=[the_community.slug])
    html = client_for(french_steward).get(f"{calendar_url}?day={ISO_DAY}").content.decode()
    move = html[html.index('class="move"') :]
    assert value(inputs(move, "date")[0]) == ISO_DAY
    assert value(inputs(move, "time")[0]) == "18:30"


def test_the_health_period_form_carries_iso_days(client_for, the_community, french_steward):
    url = reverse("health:dashboard", args=[the_community.slug])
    today = now().date()
    first, last = today - timedelta(days=20), today - timedelta(days=7)
    response = client_for(french_steward).get(f"{url}?period=custom&first={first}&last={last}")
    assert response.status_code == 200
    days = [value(tag) for tag in inputs(response.content.decode(), "date")]
    assert days == [first.isoformat(), last.isoformat()]


def test_the_mandate_form_s_day_input_is_iso_in_french(client_for, the_community, french_steward):
    url = reverse("governance:propose_steward", args=[the_community.slug])
    response = client_for(french_steward).post(
        url, {"candidate": "nobody", "reason": "Une raison assez longue", "ends_at": "2030-06-30"}
    )
    assert response.status_code == 400  # unknown candidate: the form comes back as sent
    assert [value(tag) for tag in inputs(response.content.decode(), "date")] == ["2030-06-30"]


# Every form with a day or a time, rendered with Python values in French.
FORM_FIELDS = [
    (PlannedStatusForm, {}, "day", DAY, ISO_DAY),
    (PlannedStatusForm, {}, "time", AT, "18:30"),
    (MoveForm, {}, "day", DAY, ISO_DAY),
    (MoveForm, {}, "time", AT, "18:30"),
    (RitualForm, {}, "time", AT, "18:30"),
    (ObjectiveForm, {}, "starts_on", DAY, ISO_DAY),
    (ObjectiveForm, {}, "ends_on", DAY, ISO_DAY),
    (MandateForm, {}, "ends_at", DAY, ISO_DAY),
    (PeriodForm, {}, "first", DAY, ISO_DAY),
    (PeriodForm, {}, "last", DAY, ISO_DAY),
]


@pytest.mark.parametrize(
    "form_class, kwargs, name, initial, expected",
    [pytest.param(*case, id=f"{case[0].__name__}-{case[2]}") for case in FORM_FIELDS],
)
def test_every_form_renders_days_and_times_in_iso_in_french(
    form_class, kwargs, name, initial, expected
):
    with translation.override("fr"):
        html = str(form_class(initial={name: initial}, **kwargs)[name])
    assert f'value="{expected}"' in html, html
    # With seconds, a time still shows hours and minutes only (what the input steps by).
    if isinstance(initial, time):
        with translation.override("fr"):
            html = str(form_class(initial={name: time(18, 30, 42)}, **kwargs)[name])
        assert 'value="18:30"' in html, html


def _form_classes():
    for app in ("accounts", "communities", "conversations", "moderation", "governance",
                "workbench", "health"):  # fmt: skip
        module = importlib.import_module(f"agora.{app}.forms")
        for _name, klass in inspect.getmembers(module, inspect.isclass):
            if issubclass(klass, forms.BaseForm) and klass.__module__ == module.__name__:
                yield klass


def test_every_date_and_time_input_uses_the_iso_widgets():
    """A new form with a plain DateInput or TimeInput would be localised again."""
    checked = 0
    for klass in _form_classes():
        for name, field in getattr(klass, "base_fields", {}).items():
            widget = field.widget
            if isinstance(field, forms.DateTimeField) or isinstance(
                widget, forms.DateTimeInput | forms.SplitDateTimeWidget
            ):
                pytest.fail(f"{klass.__name__}.{name}: no ISO widget for a date and time yet")
            if isinstance(field, forms.DateField) or isinstance(widget, forms.DateInput):
                assert isinstance(widget, IsoDateInput), f"{klass.__name__}.{name}"
                checked += 1
            if isinstance(field, forms.TimeField) or isinstance(widget, forms.TimeInput):
                assert isinstance(widget, IsoTimeInput), f"{klass.__name__}.{name}"
                checked += 1
    assert checked >= len(FORM_FIELDS)


def test_the_iso_widgets_ignore_the_language():
    moment = datetime(2026, 12, 16, 18, 30, tzinfo=UTC)
    for language in ("fr", "en"):
        with translation.override(language):
            assert 'value="2026-12-16"' in IsoDateInput().render("d", moment.date())
            assert 'value="18:30"' in IsoTimeInput().render("t", moment.time())
            assert 'type="date"' in IsoDateInput().render("d", None)
            assert 'type="time"' in IsoTimeInput().render("t", None)
