"""Every figure against values worked out by hand (see conftest for the week's rows)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agora.health import metrics, selectors
from agora.health.metrics import gini, percentile, top_share

from .conftest import MOMENT, utc

PARIS = "Europe/Paris"
HOURS = {"work_days": [0, 1, 2, 3, 4], "starts": 9, "ends": 18}


def figures_of(community, first=date(2026, 3, 23), last=date(2026, 3, 29), target=4):
    w = metrics.window(first, last, PARIS, MOMENT)
    span = metrics.window(w.previous(PARIS).first_day, last, PARIS, MOMENT)
    rows = metrics.collect(community, span, PARIS)
    people = selectors.people_named({a[0] for a in rows.steward_acts})
    return metrics.summarise(rows, w, target_hours=target, hours=HOURS, people=people,
                             moment=MOMENT)  # fmt: skip


# --- arithmetic ---------------------------------------------------------------------------


def test_gini_by_hand():
    # [1, 3, 3, 4]: Σ i·x = 1 + 6 + 9 + 16 = 32; 2·32/(4·11) − 5/4 = 64/44 − 55/44 = 9/44.
    assert gini([4, 3, 1, 3]) == pytest.approx(9 / 44)
    assert gini([2, 2, 2]) == pytest.approx(0)  # ties: perfect equality
    assert gini([5]) == 0  # a single member
    assert gini([]) is None  # an empty period
    # One voice among many: [0…0 1, 9] → 2·(1 + 18)/(2·10) − 3/2 = 0.4.
    assert gini([1, 9, 0, 0]) == pytest.approx(0.4)


def test_top_shares_take_at_least_one_person():
    counts = [10] + [1] * 99  # 100 contributors: the top 1 % is one person, 10 % are ten
    assert top_share(counts, 0.01) == pytest.approx(10 / 109)
    assert top_share(counts, 0.10) == pytest.approx(19 / 109)
    assert top_share([3, 3], 0.01) == pytest.approx(0.5)  # a tie: one of the two
    assert top_share([], 0.1) is None


def test_percentiles_interpolate():
    assert percentile([1, 7], 0.5) == 4
    assert percentile([1, 7], 0.9) == pytest.approx(6.4)  # 1 + 0.9 × 6
    assert percentile([5], 0.9) == 5
    assert percentile([], 0.5) is None


def test_working_hours_follow_the_clock_change():
    # 07:30 UTC is 08:30 in Paris on Friday 27 March (winter time), outside 9–18 ...
    assert not metrics.is_working_time(utc(2026, 3, 27, 7, 30), PARIS, [0, 1, 2, 3, 4], 9, 18)
    # ... and 09:30 on Monday 30 March (summer time), inside.
    assert metrics.is_working_time(utc(2026, 3, 30, 7, 30), PARIS, [0, 1, 2, 3, 4], 9, 18)
    # Sunday is not a working day, whatever the hour.
    assert not metrics.is_working_time(utc(2026, 3, 29, 10), PARIS, [0, 1, 2, 3, 4], 9, 18)


def test_a_window_spans_local_days_across_the_clock_change():
    w = metrics.window(date(2026, 3, 23), date(2026, 3, 29), PARIS)
    assert w.start == utc(2026, 3, 22, 23)  # midnight CET
    assert w.end == utc(2026, 3, 29, 22)  # midnight CEST: the week had 167 hours
    assert (w.end - w.start).total_seconds() == 167 * 3600
    assert w.previous(PARIS).first_day == date(2026, 3, 16)
    assert w.previous(PARIS).last_day == date(2026, 3, 22)


def test_last_days_end_today_in_the_community_zone():
    # 23:30 UTC on 24 March is already the 25th in Paris.
    w = metrics.last_days(7, PARIS, utc(2026, 3, 24, 23, 30))
    assert (w.first_day, w.last_day) == (date(2026, 3, 19), date(2026, 3, 25))
    assert w.end == utc(2026, 3, 24, 23, 30)  # today so far


# --- the week ---------------------------------------------------------------------------------


def test_self_management_of_the_week(week):
    own = figures_of(week["community"])["self"]
    # Camille 4, Michu 3, Olga 3, Léa 1 (her Monday-00:15 comment is next week).
    assert own["contributions"] == {"value": 11, "previous": 2}
    assert own["contributors"] == {"value": 4, "previous": 2}
    assert own["gini"]["value"] == pytest.approx(9 / 44)
    assert own["gini"]["previous"] == pytest.approx(0)  # Michu 1, Bob 1
    assert own["top1"]["value"] == pytest.approx(4 / 11)
    assert own["top10"]["value"] == pytest.approx(4 / 11)
    # Q1 first answered by Olga (a member), Q2 by Camille (a steward); Q3 not answered.
    assert own["questions"]["value"] == 3
    assert own["first_by_members"]["value"] == pytest.approx(0.5)
    assert own["first_by_members"]["previous"] is None  # no question the week before
    assert own["accepted_by_members"]["value"] == 0  # Léa accepted Camille's answer
    # Three cases; one opened by a steward's urgent action.
    assert own["cases_by_juries"]["value"] == pytest.approx(2 / 3)
    assert own["member_posts"]["value"] == 4  # Q1, Q2, P1, Q3
    assert own["member_posts"]["previous"] == 1  # P0
    assert own["steward_statuses"]["value"] == 1


def test_daily_contributions_are_local_days(week):
    daily = figures_of(week["community"])["daily"]
    assert [d["day"] for d in daily][0] == "2026-03-23"
    assert [(d["members"], d["stewards"]) for d in daily] == [
        (3, 2),  # Mon: Michu's 00:30 comment, Q1, Olga's answer; S1, Camille's comment
        (1, 1),  # Tue: Q2; Camille's answer
        (1, 0),  # Wed: P1
        (0, 0),  # Thu
        (0, 1),  # Fri: Camille's comment
        (1, 0),  # Sat: Q3
        (1, 0),  # Sun: Olga's 23:30 (summer time) comment
    ]


def test_responsiveness_of_the_week(week):
    r = figures_of(week["community"])["response"]
    assert r["asked"] == 3 and r["answered"] == 2
    assert r["median_hours"] == pytest.approx(4)  # 1 h and 7 h
    assert r["p90_hours"] == pytest.approx(6.4)
    # Within 4 h: Q1. Late: Q2 (7 h) and Q3 (unanswered for two days).
    assert r["within_target"] == pytest.approx(1 / 3)
    assert r["unanswered"] == 1
    assert [q["title"] for q in r["oldest"]] == ["Q3"]
    assert r["buckets"] == [0, 1, 1, 0]  # 1 h is "1 to 4 h", 7 h is "4 to 24 h"
    # With an 8-hour target both answers are in time, and Q3 (48 h old) is still late.
    assert figures_of(week["community"], target=8)["response"]["within_target"] == pytest.approx(
        2 / 3
    )


def test_an_unanswered_question_is_not_late_before_the_target(week):
    from agora.conversations.models import Post

    Post.objects.filter(pk=week["q3"].pk).update(created_at=utc(2026, 3, 29, 21))
    w = metrics.window(date(2026, 3, 23), date(2026, 3, 29), PARIS, MOMENT)
    rows = metrics.collect(week["community"], w, PARIS)
    # Asked at 21:00 UTC; at 22:00 it has waited one hour of its four.
    r = metrics._response(rows, w, 4, utc(2026, 3, 29, 22))
    assert r["within_target"] == pytest.approx(1 / 2)  # Q1 in time, Q2 late, Q3 not yet


def test_moderation_of_the_week(week):
    m = figures_of(week["community"])["moderation"]
    assert m["cases"] == 3
    assert m["by_origin"] == {"rule": 1, "flags": 1, "steward": 1}
    assert m["decided"] == 2
    assert m["decision_median_hours"] == pytest.approx(18)  # 24 h and 12 h
    assert m["decision_p90_hours"] == pytest.approx(22.8)  # 12 + 0.9 × 12
    assert (m["removals"], m["appeals"], m["appeal_rate"]) == (1, 1, 1.0)
    assert (m["appeals_decided"], m["overturned"], m["overturn_rate"]) == (1, 1, 1.0)
    first, second = week["articles"]
    assert [(a["number"], a["cases"]) for a in m["articles"]] == [
        (first.number, 2),
        (second.number, 1),
    ]


def test_stewards_workload_of_the_week(week):
    (camille,) = figures_of(week["community"])["stewards"]
    assert camille["name"] == "Camille Martin"
    assert camille["answers"] == 1 and camille["answer_share"] == pytest.approx(0.5)
    # S1 (Mon 10:00) and the Q1 comment (Mon 10:30) are in hours; the Q2 answer (Tue
    # 20:00), the P1 comment (Fri 19:30) and the urgent action (Saturday) are not.
    assert camille["actions"] == 5 and camille["action_share"] == 1
    assert camille["out_of_hours"] == 3
    assert camille["out_of_hours_share"] == pytest.approx(0.6)
    assert camille["evenings"] is True
    assert camille["dominant"] is False  # one first answer is too few to say so


def test_a_steward_who_answers_everything_is_told_kindly(week):
    from agora.conversations.models import Comment, Post

    c, camille = week["community"], week["camille"]
    for hour in (10, 11, 12):
        q = Post.objects.create(
            community=c, author=week["bob"], kind="question", title="Q", body="?",
            body_html="?", created_at=utc(2026, 3, 26, hour),
        )  # fmt: skip
        Comment.objects.create(post=q, author=camille, body="!", body_html="!",
                               created_at=utc(2026, 3, 26, hour, 10))  # fmt: skip
    (steward,) = figures_of(c)["stewards"]
    assert steward["answers"] == 4 and steward["answer_share"] == pytest.approx(4 / 5)
    assert steward["dominant"] is True


def test_an_empty_period(the_community):
    f = figures_of(the_community, date(2026, 2, 2), date(2026, 2, 8))
    own = f["self"]
    assert own["contributions"]["value"] == 0
    assert own["gini"]["value"] is None and own["top1"]["value"] is None
    assert own["first_by_members"]["value"] is None
    assert f["response"]["median_hours"] is None and f["response"]["within_target"] is None
    assert f["moderation"]["appeal_rate"] is None
    assert f["stewards"] == []
    assert len(f["daily"]) == 7 and all(d["members"] == d["stewards"] == 0 for d in f["daily"])


def test_a_single_member(the_community, make_user, join):
    from agora.conversations.models import Post

    solo = join(make_user("solo"), the_community)
    for day in (3, 4, 5):
        Post.objects.create(community=the_community, author=solo, kind="post", body="x",
                            body_html="x", created_at=utc(2026, 2, day, 12))  # fmt: skip
    own = figures_of(the_community, date(2026, 2, 2), date(2026, 2, 8))["self"]
    assert own["contributions"]["value"] == 3 and own["contributors"]["value"] == 1
    assert own["gini"]["value"] == 0 and own["top1"]["value"] == 1.0


def test_a_case_in_another_zone_counts_on_its_local_day(week):
    # In Montréal (UTC−4 in late March) Michu's 23:30 UTC comment is still Sunday 22.
    w = metrics.window(date(2026, 3, 23), date(2026, 3, 29), "America/Montreal", MOMENT)
    rows = metrics.collect(week["community"], w, "America/Montreal")
    daily = metrics._daily(rows, w)
    assert daily[0] == {"day": "2026-03-23", "members": 2, "stewards": 2}
    assert w.start == datetime(2026, 3, 23, tzinfo=ZoneInfo("America/Montreal"))
