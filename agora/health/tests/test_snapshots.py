"""Snapshots of the health figures (`services/snapshots.py`): the worker keeps the 7-, 30- and
90-day presets of every community in one row each; a period a steward chooses is computed
when first asked for and kept a while. The week's rows are in conftest."""

from datetime import date, timedelta

import pytest

from agora.core import zones
from agora.core.errors import InvalidInput
from agora.health import metrics
from agora.health.models import HealthSnapshot
from agora.health.services import snapshots
from agora.moderation.models import Mute
from agora.testing.snapshots import snapshot
from agora.workbench.models import Objective
from agora.workbench.services import objectives

from .conftest import MOMENT

PARIS = "Europe/Paris"
WEEK = (date(2026, 3, 23), date(2026, 3, 29))


@pytest.fixture
def noon(clock):
    """Agora's clock moved to tomorrow noon in Paris, so that half an hour later is still
    the same day whenever the tests run."""
    here = zones.local(clock.now(), PARIS)
    target = (here + timedelta(days=1)).replace(hour=12, minute=0, second=0, microsecond=0)
    clock.advance(seconds=(target - clock.now()).total_seconds())
    return clock


def rows_of(community):
    return list(HealthSnapshot.objects.filter(community=community).order_by("period_days"))


# --- compute ----------------------------------------------------------------------------------


def test_compute_gives_each_window_its_figures_and_what_is_true_now(week):
    c = week["community"]
    this_week = metrics.window(*WEEK, PARIS, MOMENT)
    previous = this_week.previous(PARIS)
    figures, before = snapshots.compute(c, [this_week, previous], MOMENT)
    assert (figures["first_day"], figures["last_day"]) == ("2026-03-23", "2026-03-29")
    assert (before["first_day"], before["last_day"]) == ("2026-03-16", "2026-03-22")
    # Worked out by hand in test_metrics: 11 contributions, 2 the week before.
    assert figures["self"]["contributions"] == {"value": 11, "previous": 2}
    assert before["self"]["contributions"]["value"] == 2
    assert figures["response"]["unanswered"] == 1  # Q3
    assert figures["computed_at"] == MOMENT.isoformat()
    assert figures["present"] == before["present"]  # the same, whatever the period
    assert figures["present"]["inbox_total"] == 2  # Q3 and the open rule case
    assert figures["attention"][0]["key"] == "unanswered"


def test_the_present_counts_the_inbox_and_its_overdue_items(week):
    """Moved from test_present.py, where the mutes it sets up are counted by `metrics`."""
    c, moment = week["community"], MOMENT
    day = timedelta(days=1)
    Mute.objects.create(community=c, user=week["michu"], starts_at=moment - day,
                        ends_at=moment + 6 * day, removals=2, case=week["c1"])  # fmt: skip
    Mute.objects.create(community=c, user=week["olga"], starts_at=moment - 9 * day,
                        ends_at=moment - 2 * day, removals=2, case=week["c2"])  # fmt: skip
    present = snapshots._present(c, PARIS, moment)
    # Q3 (unanswered since March) and the open rule case wait; both are past the 4 h target.
    assert present["inbox_total"] == 2 and present["inbox_overdue"] == 2
    assert present["mutes_in_force"] == 1  # the other one ended


def test_objective_indicators_are_measured_over_their_period(week):
    """Moved from test_views.py: it calls the service, no page."""
    objective = objectives.set_objective(
        community=week["community"], by=week["camille"], title="Answer fast",
        description="", starts_on=date(2026, 3, 23), ends_on=date(2026, 3, 29),
        indicators=[("Questions answered within 4 hours", "90 %"),
                    ("Questions avec une première réponse en moins de 8 heures", "60 %"),
                    ("Median first-response time", "5 h"), ("Gini", "0.1"),
                    ("First answers by members", "50 %"), ("Newsletter sign-ups", "200")],
    )  # fmt: skip
    assert Objective.objects.count() == 1
    measured = snapshots._objectives(week["community"], "Europe/Paris", MOMENT,
                                    {"runway": {"days": 0}})  # fmt: skip
    by_name = {m["indicator"]: m for m in measured if m["objective_id"] == objective.pk}
    within4 = by_name["Questions answered within 4 hours"]
    assert (within4["metric"], within4["hours"]) == ("answered_within", 4)
    assert within4["value"] == pytest.approx(100 / 3) and within4["met"] is False
    within8 = by_name["Questions avec une première réponse en moins de 8 heures"]
    assert within8["value"] == pytest.approx(200 / 3) and within8["met"] is True
    median = by_name["Median first-response time"]
    assert median["value"] == pytest.approx(4) and median["met"] is True  # 4 h ≤ 5 h
    gini = by_name["Gini"]
    assert gini["value"] == pytest.approx(9 / 44) and gini["met"] is False  # 0.20 > 0.1
    assert by_name["First answers by members"]["met"] is True  # 50 % ≥ 50 %
    unknown = by_name["Newsletter sign-ups"]
    assert unknown["metric"] is None and unknown["value"] is None and unknown["met"] is None


# --- refresh and refresh_all ------------------------------------------------------------------


def test_refresh_stores_the_three_presets_ending_today(week):
    c = week["community"]
    stored = snapshots.refresh(c, MOMENT)
    assert [s.period_days for s in stored] == [7, 30, 90]
    rows = rows_of(c)
    assert [r.pk for r in rows] == [s.pk for s in stored]
    assert [(r.first_day, r.last_day) for r in rows] == [
        (date(2026, 3, 24), date(2026, 3, 30)),
        (date(2026, 3, 1), date(2026, 3, 30)),
        (date(2025, 12, 31), date(2026, 3, 30)),
    ]
    assert {r.computed_at for r in rows} == {MOMENT}
    assert rows[0].figures["first_day"] == "2026-03-24"
    assert rows[0].figures["self"]["questions"]["value"] == 2  # Q2 and Q3; Q1 was on Monday


def test_refresh_overwrites_the_day_s_presets(week):
    c = week["community"]
    first = snapshots.refresh(c, MOMENT)
    later = MOMENT + timedelta(hours=1)
    again = snapshots.refresh(c, later)
    assert [s.pk for s in again] == [s.pk for s in first]
    assert {r.computed_at for r in rows_of(c)} == {later}


def test_refresh_forgets_the_snapshots_older_than_two_days(week):
    c = week["community"]
    snapshots.refresh(c, MOMENT)
    three_days_later = MOMENT + timedelta(days=3)
    stored = snapshots.refresh(c, three_days_later)
    rows = rows_of(c)
    assert [r.pk for r in rows] == [s.pk for s in stored]
    assert {(r.last_day, r.computed_at) for r in rows} == {(date(2026, 4, 2), three_days_later)}


def test_refresh_all_refreshes_every_community(week, community_factory):
    other = community_factory()
    assert snapshots.refresh_all() == 2
    for community in (week["community"], other):
        assert [r.period_days for r in rows_of(community)] == [7, 30, 90]


# --- preset -----------------------------------------------------------------------------------


def test_preset_computes_the_figures_when_no_worker_did(the_community, noon):
    assert rows_of(the_community) == []
    fresh = snapshots.preset(the_community, 30)
    assert fresh.period_days == 30
    assert [r.period_days for r in rows_of(the_community)] == [7, 30, 90]
    fresh.refresh_from_db()
    assert fresh.last_day == zones.local(noon.now(), PARIS).date()


def test_preset_reads_the_worker_s_recent_snapshot(the_community, member_michu, noon):
    from agora.conversations import services as conversations

    stored = {s.period_days: s for s in snapshots.refresh(the_community)}
    conversations.write_post(
        community=the_community, author=member_michu, title="Q", body="?", is_question=True
    )
    noon.advance(minutes=29)
    read = snapshots.preset(the_community, 7)
    assert (read.pk, read.computed_at) == (stored[7].pk, stored[7].computed_at)
    assert read.figures["self"]["questions"]["value"] == 0  # as the worker computed it


def test_preset_recomputes_figures_no_worker_refreshed_for_two_intervals(
    the_community, member_michu, noon
):
    from agora.conversations import services as conversations

    stale = {s.period_days: s for s in snapshots.refresh(the_community)}
    conversations.write_post(
        community=the_community, author=member_michu, title="Q", body="?", is_question=True
    )
    noon.advance(minutes=31)  # two refresh intervals of 15 minutes
    read = snapshots.preset(the_community, 7)
    assert read.computed_at > stale[7].computed_at
    assert read.figures["self"]["questions"]["value"] == 1


# --- custom_window and custom_period ----------------------------------------------------------


def test_custom_window_is_the_chosen_days_up_to_today(the_community):
    w = snapshots.custom_window(the_community, *WEEK, MOMENT)
    assert (w.first_day, w.last_day) == WEEK
    clipped = snapshots.custom_window(the_community, date(2026, 3, 23), date(2026, 4, 30), MOMENT)
    assert (clipped.first_day, clipped.last_day) == (date(2026, 3, 23), date(2026, 3, 30))
    year = snapshots.custom_window(the_community, date(2025, 3, 30), date(2026, 3, 30), MOMENT)
    assert year.days == 366


@pytest.mark.parametrize(
    "first, last, message",
    [
        (None, date(2026, 3, 29), "first and the last day"),
        (date(2026, 3, 23), None, "first and the last day"),
        (date(2026, 3, 29), date(2026, 3, 23), "ends after it starts"),
        (date(2026, 3, 31), date(2026, 4, 2), "in the future"),
        (date(2025, 3, 28), date(2026, 3, 29), "at most 366 days"),
    ],
)
def test_custom_window_refuses_a_period_that_cannot_be(the_community, first, last, message):
    with pytest.raises(InvalidInput, match=message):
        snapshots.custom_window(the_community, first, last, MOMENT)


def test_custom_period_computes_a_chosen_period_and_stores_it(week):
    c = week["community"]
    stored = snapshots.custom_period(c, *WEEK)
    assert stored.figures["self"]["contributions"] == {"value": 11, "previous": 2}
    stored.refresh_from_db()
    assert (stored.period_days, stored.first_day, stored.last_day) == (0, *WEEK)
    assert stored.figures["self"]["contributions"] == {"value": 11, "previous": 2}
    assert [(r.period_days, r.first_day, r.last_day) for r in rows_of(c)] == [(0, *WEEK)]


def test_custom_period_is_kept_for_a_quarter_of_an_hour(week, clock):
    c = week["community"]
    first = snapshots.custom_period(c, *WEEK)
    clock.advance(minutes=14)
    kept = snapshots.custom_period(c, *WEEK)
    assert (kept.pk, kept.computed_at) == (first.pk, first.computed_at)
    clock.advance(minutes=2)
    recomputed = snapshots.custom_period(c, *WEEK)
    assert recomputed.pk == first.pk  # the same period's row, overwritten
    assert recomputed.computed_at > first.computed_at
    assert HealthSnapshot.objects.get().computed_at == recomputed.computed_at


def test_custom_period_of_a_bad_period_writes_nothing(week):
    before = snapshot()
    with pytest.raises(InvalidInput, match="ends after it starts"):
        snapshots.custom_period(week["community"], WEEK[1], WEEK[0])
    assert snapshot() == before
