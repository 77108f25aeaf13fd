"""Rituals (`services/rituals.py`): Camille's recurring statuses, whose next occurrences wait
in the calendar as drafts to fill in."""

from datetime import date, time, timedelta

import pytest

from agora.core import zones
from agora.core.errors import InvalidInput, NotAllowed
from agora.testing.snapshots import snapshot
from agora.workbench.models import PlannedStatus, Ritual
from agora.workbench.services import calendar, rituals

PARIS = "Europe/Paris"


def monday_question(community, by, **fields):
    values = {"title": "La question du lundi", "body": "Votre méthode ?", "frequency": "weekly",
              "weekday": 0, "time": time(9, 0), "weeks_ahead": 4, **fields}  # fmt: skip
    return rituals.create_ritual(community=community, by=by, **values)


def occurrences_of(ritual):
    return list(PlannedStatus.objects.filter(ritual=ritual).order_by("publish_at"))


# --- occurrences ------------------------------------------------------------------------------


def test_a_weekly_ritual_occurs_on_its_weekday():
    ritual = Ritual(frequency="weekly", weekday=2)  # Wednesdays
    assert rituals.occurrences(ritual, date(2030, 4, 1), date(2030, 4, 17)) == [
        date(2030, 4, 3),
        date(2030, 4, 10),
        date(2030, 4, 17),
    ]


def test_a_monthly_ritual_occurs_on_its_day_across_a_new_year():
    ritual = Ritual(frequency="monthly", day_of_month=5)
    assert rituals.occurrences(ritual, date(2030, 11, 6), date(2031, 2, 5)) == [
        date(2030, 12, 5),
        date(2031, 1, 5),
        date(2031, 2, 5),
    ]


# --- create_ritual ----------------------------------------------------------------------------


def test_create_ritual_saves_it_and_plans_its_drafts_ahead(the_community, camille, clock):
    ritual = monday_question(the_community, camille)
    assert (ritual.title, ritual.frequency, ritual.weekday) == ("La question du lundi", "weekly", 0)
    ritual.refresh_from_db()
    assert (ritual.community, ritual.created_by, ritual.is_active) == (the_community, camille, True)
    assert (ritual.time, ritual.weeks_ahead, ritual.day_of_month) == (time(9, 0), 4, None)
    today = zones.local(clock.now(), PARIS).date()
    assert ritual.planned_until == today + timedelta(weeks=4)
    drafts = occurrences_of(ritual)
    assert 4 <= len(drafts) <= 5
    for planned in drafts:
        local = zones.local(planned.publish_at, PARIS)
        assert (local.weekday(), local.time(), local.date()) == (0, time(9, 0), planned.occurrence)
        assert (planned.state, planned.title, planned.body) == (
            "draft",
            "La question du lundi",
            "Votre méthode ?",
        )
        assert planned.author == camille and planned.publish_at > clock.now()


def test_a_monthly_ritual_across_a_daylight_saving_change(the_community, camille, clock):
    ritual = rituals.create_ritual(
        community=the_community, by=camille, title="Le bilan du mois", frequency="monthly",
        day_of_month=5, time=time(18, 0), weeks_ahead=26,
    )  # fmt: skip
    hours = {zones.local(d.publish_at, "Europe/Paris").time() for d in ritual.occurrences.all()}
    offsets = {d.publish_at.hour for d in ritual.occurrences.all()}
    assert hours == {time(18, 0)}
    assert offsets == {16, 17}  # summer and winter time, same wall-clock time


def test_create_ritual_by_a_member_is_refused_and_writes_nothing(the_community, member_michu):
    before = snapshot()
    with pytest.raises(NotAllowed):
        monday_question(the_community, member_michu)
    assert snapshot() == before


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": "  "}, "title"),
        ({"title": "T" * 201}, "title"),
        ({"body": "B" * 10001}, "body"),
        ({"weekday": None}, "weekday"),
        ({"weekday": 7}, "weekday"),
        ({"frequency": "monthly", "day_of_month": 31}, "day_of_month"),
        ({"frequency": "monthly", "day_of_month": None}, "day_of_month"),
        ({"frequency": "daily"}, "frequency"),
        ({"time": "09:00"}, "time"),
        ({"weeks_ahead": 0}, "weeks_ahead"),
        ({"weeks_ahead": 27}, "weeks_ahead"),
        ({"pillar": "Inconnu"}, "pillar"),
        ({"objective_id": 999_999}, "objective"),
    ],
)
def test_create_ritual_with_bad_input_is_refused_and_writes_nothing(
    the_community, camille, fields, field
):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        monday_question(the_community, camille, **fields)
    assert set(refused.value.errors) == {field}
    assert snapshot() == before


def test_a_monthly_ritual_forgets_a_weekday_given_with_it(the_community, camille):
    ritual = monday_question(the_community, camille, frequency="monthly", day_of_month=5)
    ritual.refresh_from_db()
    assert (ritual.frequency, ritual.day_of_month, ritual.weekday) == ("monthly", 5, None)


# --- stop_ritual ------------------------------------------------------------------------------


def test_stop_ritual_removes_the_untouched_drafts_ahead_and_keeps_the_others(
    the_community, camille
):
    ritual = monday_question(the_community, camille, weeks_ahead=6)
    rewritten, retitled, ready, *untouched = occurrences_of(ritual)
    calendar.edit_planned_status(
        planned=rewritten, by=camille, title=rewritten.title, body="Ma vraie question",
        publish_at=rewritten.publish_at,
    )  # fmt: skip
    calendar.edit_planned_status(
        planned=retitled, by=camille, title="La question de la rentrée", body=retitled.body,
        publish_at=retitled.publish_at,
    )  # fmt: skip
    calendar.mark_ready(planned=ready, by=camille)
    assert rituals.stop_ritual(ritual=ritual, by=camille) == len(untouched) > 0
    ritual.refresh_from_db()
    assert ritual.is_active is False
    assert occurrences_of(ritual) == [rewritten, retitled, ready]


def test_stop_ritual_by_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu
):
    ritual = monday_question(the_community, camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        rituals.stop_ritual(ritual=ritual, by=member_michu)
    assert snapshot() == before


# --- extend and extend_rituals ----------------------------------------------------------------


def test_extend_plans_the_weeks_that_came_into_reach(the_community, camille, clock):
    ritual = monday_question(the_community, camille)
    planned_until = ritual.planned_until
    count = len(occurrences_of(ritual))
    clock.advance(weeks=1)
    assert rituals.extend(ritual) == 1
    assert len(occurrences_of(ritual)) == count + 1
    ritual.refresh_from_db()
    assert ritual.planned_until == planned_until + timedelta(weeks=1)
    assert rituals.extend(ritual) == 0  # nothing new the same day


def test_extend_rituals_keeps_active_rituals_planned_and_never_recreates_a_deleted_one(
    the_community, camille, clock
):
    active = monday_question(the_community, camille)
    stopped = monday_question(the_community, camille, title="Le bilan", weekday=4)
    rituals.stop_ritual(ritual=stopped, by=camille)
    deleted = occurrences_of(active)[0]
    calendar.delete_planned_status(planned=deleted, by=camille)
    assert rituals.extend_rituals() == 0  # idempotent: everything is planned already
    assert not PlannedStatus.objects.filter(pk=deleted.pk).exists()

    clock.advance(weeks=1)
    assert rituals.extend_rituals() == 1  # the active ritual's new week only
    assert not PlannedStatus.objects.filter(ritual=stopped).exists()
    assert not PlannedStatus.objects.filter(ritual=active, occurrence=deleted.occurrence).exists()
