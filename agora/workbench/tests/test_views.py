"""The calendar, rituals, objectives, settings and the calendar feed through HTTP."""

from datetime import UTC, datetime, time, timedelta

import pytest

from agora.communities.models import StewardMandate
from agora.core import zones
from agora.core.clock import now
from agora.workbench.models import CalendarFeed, Objective, PlannedStatus, Ritual
from agora.workbench.services import calendar
from agora.workbench.services import settings as settings_services

HX = {"HTTP_HX_REQUEST": "true"}


def url(community, name="calendar", *args):
    from django.urls import reverse

    return reverse(f"workbench:{name}", args=[community.slug, *args])


def tomorrow_local():
    return (now() + timedelta(days=1)).astimezone(zones.zone("Europe/Paris")).date()


def test_the_calendar_is_for_stewards_only(client_for, the_community, camille, member_michu):
    assert client_for(camille).get(url(the_community)).status_code == 200
    assert client_for(member_michu).get(url(the_community)).status_code == 403
    anonymous = client_for().get(url(the_community))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_a_private_community_s_calendar_is_invisible(client_for, community_factory, michu):
    private = community_factory(visibility="private")
    assert client_for(michu).get(url(private)).status_code == 404
    assert client_for().get(url(private)).status_code == 404


def test_plan_a_status_with_htmx_shows_it_in_the_grid(client_for, the_community, camille):
    day = tomorrow_local()
    response = client_for(camille).post(
        url(the_community, "plan"),
        {"title": "Lundi", "body": "La question du lundi", "day": day.isoformat(),
         "time": "09:30", "view": "week", "anchor": day.isoformat()},
        **HX,
    )  # fmt: skip
    assert response.status_code == 200
    planned = PlannedStatus.objects.get(title="Lundi")
    assert planned.state == "draft"
    local = zones.local(planned.publish_at, "Europe/Paris")
    assert (local.date(), local.time()) == (day, time(9, 30))
    page = response.content.decode()
    assert f'data-testid="planned-{planned.pk}"' in page and "09:30" in page
    assert 'hx-swap-oob="innerHTML"' in page  # a fresh form replaces the filled one


def test_a_half_given_time_is_refused_and_nothing_is_saved(client_for, the_community, camille):
    response = client_for(camille).post(
        url(the_community, "plan"), {"body": "Texte", "day": "2030-01-01"}, **HX
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#plan-panel"
    assert "Give both a day and a time" in response.content.decode()
    assert not PlannedStatus.objects.exists()


def test_move_keeps_the_local_time_across_a_daylight_saving_change(
    client_for, the_community, camille
):
    planned = calendar.plan_status(
        community=the_community, by=camille, body="Texte",
        publish_at=datetime(2030, 3, 20, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    response = client_for(camille).post(
        url(the_community, "move", planned.pk),
        {"day": "2030-04-02", "time": "10:00", "view": "month", "anchor": "2030-03-20"},
        **HX,
    )
    assert response.status_code == 200
    planned.refresh_from_db()
    # Paris is UTC+2 in April (summer time), UTC+1 in March.
    assert planned.publish_at == datetime(2030, 4, 2, 8, 0, tzinfo=UTC)
    response = client_for(camille).post(
        url(the_community, "move", planned.pk), {"day": "2030-03-05", "time": "10:00"}
    )
    planned.refresh_from_db()
    assert planned.publish_at == datetime(2030, 3, 5, 9, 0, tzinfo=UTC)
    assert response.status_code == 302


def test_moving_a_scheduled_status_into_the_past_is_refused(client_for, the_community, camille):
    planned = calendar.plan_status(
        community=the_community, by=camille, body="Texte", publish_at=now() + timedelta(hours=2)
    )
    calendar.schedule(planned=planned, by=camille)
    response = client_for(camille).post(
        url(the_community, "move", planned.pk), {"day": "2020-01-01", "time": "10:00"}, **HX
    )
    assert response.status_code == 400
    assert "time in the future" in response.content.decode()
    before = planned.publish_at
    planned.refresh_from_db()
    assert planned.publish_at == before and planned.state == "scheduled"


def test_a_malformed_move_is_a_400(client_for, the_community, camille):
    planned = calendar.plan_status(community=the_community, by=camille, body="Texte")
    response = client_for(camille).post(
        url(the_community, "move", planned.pk), {"day": "hier", "time": "25:99"}, **HX
    )
    assert response.status_code == 400
    planned.refresh_from_db()
    assert planned.publish_at is None


def test_approval_by_a_second_steward_before_scheduling(
    client_for, the_community, camille, second_steward
):
    settings_services.update_workbench_settings(
        community=the_community, by=camille, approval_required=True
    )
    planned = calendar.plan_status(
        community=the_community, by=camille, body="Texte", publish_at=now() + timedelta(days=1)
    )
    client = client_for(camille)
    assert client.post(url(the_community, "act", planned.pk, "ready"), **HX).status_code == 200
    refused = client.post(url(the_community, "act", planned.pk, "schedule"), **HX)
    assert refused.status_code == 409 and "approve" in refused.content.decode()
    own = client.post(url(the_community, "act", planned.pk, "approve"), **HX)
    assert own.status_code == 403
    planned.refresh_from_db()
    assert planned.approved_by is None and planned.state == "ready"

    other = client_for(second_steward)
    assert other.post(url(the_community, "act", planned.pk, "approve"), **HX).status_code == 200
    assert client.post(url(the_community, "act", planned.pk, "schedule"), **HX).status_code == 200
    planned.refresh_from_db()
    assert (planned.state, planned.approved_by) == ("scheduled", second_steward)

    # Changing the text needs a new approval.
    response = client.post(
        url(the_community, "edit", planned.pk),
        {"body": "Texte changé", "day": "", "time": ""},
        **HX,
    )
    assert response.status_code == 200
    planned.refresh_from_db()
    assert (planned.state, planned.approved_by) == ("ready", None)


def test_members_cannot_act_on_the_calendar(client_for, the_community, camille, member_michu):
    planned = calendar.plan_status(community=the_community, by=camille, body="Texte")
    client = client_for(member_michu)
    for name, args in [("edit", []), ("move", []), ("delete", []), ("act", ["ready"])]:
        response = client.post(url(the_community, name, planned.pk, *args), {"day": "2030-01-01"})
        assert response.status_code == 403, name
    planned.refresh_from_db()
    assert planned.state == "draft" and planned.publish_at is None


def test_delete_asks_first(client_for, the_community, camille):
    planned = calendar.plan_status(community=the_community, by=camille, body="Texte")
    client = client_for(camille)
    page = client.get(url(the_community, "delete", planned.pk))
    assert page.status_code == 200 and "Delete this planned status?" in page.content.decode()
    assert PlannedStatus.objects.filter(pk=planned.pk).exists()
    assert client.post(url(the_community, "delete", planned.pk)).status_code == 302
    assert not PlannedStatus.objects.filter(pk=planned.pk).exists()


def test_a_published_status_is_out_of_the_calendar_s_hands(
    client_for, the_community, camille, due_statuses
):
    from agora.workbench.services import publishing

    [planned] = due_statuses(1)
    publishing.publish_due()
    response = client_for(camille).post(
        url(the_community, "edit", planned.pk), {"body": "Autre", "day": "", "time": ""}
    )
    assert response.status_code == 409
    planned.refresh_from_db()
    assert planned.body.startswith("Bonjour")


def test_week_and_month_views(client_for, the_community, camille):
    monday = zones.week_start(tomorrow_local()) + timedelta(days=7)
    calendar.plan_status(
        community=the_community, by=camille, title="Dans la semaine",
        publish_at=zones.to_utc(monday + timedelta(days=2), time(12, 0), "Europe/Paris"),
    )  # fmt: skip
    client = client_for(camille)
    week = client.get(url(the_community), {"view": "week", "day": monday.isoformat()})
    assert week.status_code == 200 and "Dans la semaine" in week.content.decode()
    next_week = client.get(url(the_community), {"view": "week", "day": str(monday + timedelta(7))})
    assert "Dans la semaine" not in next_week.content.decode()
    month = client.get(url(the_community), {"day": monday.isoformat()})
    assert "Dans la semaine" in month.content.decode()
    assert client.get(url(the_community), {"day": "not-a-date"}).status_code == 400


def test_a_ritual_creates_its_drafts_ahead(client_for, the_community, camille):
    response = client_for(camille).post(
        url(the_community, "rituals"),
        {"title": "La question du lundi", "body": "Quelle est votre…", "frequency": "weekly",
         "weekday": "0", "time": "09:00", "weeks_ahead": "4"},
    )  # fmt: skip
    assert response.status_code == 302
    ritual = Ritual.objects.get()
    drafts = list(ritual.occurrences.order_by("publish_at"))
    assert 4 <= len(drafts) <= 5
    for draft in drafts:
        local = zones.local(draft.publish_at, "Europe/Paris")
        assert local.weekday() == 0 and local.time() == time(9, 0)
        assert draft.state == "draft" and draft.title == "La question du lundi"
    # Running the sweep again creates nothing new; a deleted occurrence stays deleted.
    from agora.workbench.services import rituals

    drafts[0].delete()
    assert rituals.extend_rituals() == 0
    assert ritual.occurrences.count() == len(drafts) - 1


def test_a_ritual_with_a_bad_day_is_refused(client_for, the_community, camille):
    response = client_for(camille).post(
        url(the_community, "rituals"),
        {"title": "Mensuel", "frequency": "monthly", "day_of_month": "31", "time": "09:00",
         "weeks_ahead": "4"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "1 and 28" in response.content.decode() or "28" in response.content.decode()
    assert not Ritual.objects.exists()


def test_objectives_show_the_statuses_that_served_them(client_for, the_community, camille):
    client = client_for(camille)
    response = client.post(
        url(the_community, "objectives"),
        {"title": "Répondre vite", "starts_on": "2030-01-01", "ends_on": "2030-06-30",
         "indicators": "Questions answered within 4 hours: 90 %\nNew members welcomed: 100 %"},
    )  # fmt: skip
    assert response.status_code == 302
    objective = Objective.objects.get()
    assert [(i.name, i.target) for i in objective.indicators.all()] == [
        ("Questions answered within 4 hours", "90 %"),
        ("New members welcomed", "100 %"),
    ]
    calendar.plan_status(
        community=the_community, by=camille, title="Au service", objective_id=objective.pk
    )
    page = client.get(url(the_community, "objectives")).content.decode()
    assert "Au service" in page and "1 status planned for it" in page


def test_an_objective_needs_targets_and_an_ordered_period(client_for, the_community, camille):
    response = client_for(camille).post(
        url(the_community, "objectives"),
        {"title": "X", "starts_on": "2030-06-01", "ends_on": "2030-01-01", "indicators": "sans"},
    )
    assert response.status_code == 400
    assert not Objective.objects.exists()


def test_pillars_come_from_the_settings(client_for, the_community, camille):
    client = client_for(camille)
    response = client.post(
        url(the_community, "settings"),
        {"time_zone": "America/Montreal", "pillars": "Coulisses\nVos questions",
         "response_target_hours": "4", "fact_review_days": "180", "saved_reply_repeat": "3"},
    )  # fmt: skip
    assert response.status_code == 302
    ok = client.post(url(the_community, "plan"), {"body": "x", "pillar": "Coulisses"})
    assert ok.status_code == 302
    bad = client.post(url(the_community, "plan"), {"body": "x", "pillar": "Inconnu"})
    assert bad.status_code == 400
    assert PlannedStatus.objects.count() == 1


def test_settings_refuse_an_unknown_time_zone(client_for, the_community, camille):
    """Only the zone is wrong here: the refusal must come from it, and write nothing."""
    from agora.workbench.models import WorkbenchSettings

    response = client_for(camille).post(
        url(the_community, "settings"),
        {"time_zone": "Mars/Olympus", "pillars": "Coulisses", "response_target_hours": "8",
         "fact_review_days": "180", "saved_reply_repeat": "3"},
    )  # fmt: skip
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["time_zone"]
    the_community.refresh_from_db()
    assert the_community.time_zone == "Europe/Paris"
    assert not WorkbenchSettings.objects.filter(community=the_community).exists()


def test_the_calendar_feed_is_secret_and_revocable(client_for, the_community, camille):
    calendar.plan_status(
        community=the_community, by=camille, title="Soirée, dégustation; 20 h",
        publish_at=now() + timedelta(days=3),
    )  # fmt: skip
    client = client_for(camille)
    page = client.post(url(the_community, "feed"), {"action": "create"}).content.decode()
    link = page.split('data-testid="feed-link"')[0].rsplit('value="', 1)[1].split('"')[0]
    path = link.split("testserver", 1)[1]
    feed = client_for().get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Soirée\\, dégustation\\; 20 h" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert CalendarFeed.objects.get().secret_hash not in path  # only a hash is stored

    client.post(url(the_community, "feed"), {"action": "revoke"})
    assert client_for().get(path).status_code == 404
    assert client_for().get("/ical/guess.ics").status_code == 404


def test_the_feed_stops_when_the_mandate_ends(client_for, the_community, camille):
    from agora.communities.services import mandates as mandates_services
    from agora.workbench.services import feeds

    secret = feeds.create_feed(community=the_community, user=camille)
    assert client_for().get(f"/ical/{secret}.ics").status_code == 200
    mandates_services.end_mandate(mandate=StewardMandate.objects.get(user=camille))
    assert client_for().get(f"/ical/{secret}.ics").status_code == 404


@pytest.mark.parametrize("count", [5, 60])
def test_the_calendar_s_queries_do_not_grow_with_its_statuses(
    client_for, the_community, camille, django_assert_max_num_queries, count
):
    day = tomorrow_local()
    for n in range(count):
        calendar.plan_status(
            community=the_community, by=camille, title=f"S{n}",
            publish_at=zones.to_utc(day, time(8 + n % 10, 0), "Europe/Paris"),
        )  # fmt: skip
    client = client_for(camille)
    with django_assert_max_num_queries(12):  # 11, and the header's refused-address check
        response = client.get(url(the_community), {"view": "week", "day": day.isoformat()})
    assert response.content.decode().count('class="planned ') == count


def test_another_community_s_ids_are_not_found(
    client_for, the_community, camille, community_factory
):
    elsewhere = community_factory()
    theirs = calendar.plan_status(community=elsewhere, by=elsewhere.created_by, body="Ailleurs")
    client = client_for(camille)
    assert client.get(url(the_community, "edit", theirs.pk)).status_code == 404
    moved = client.post(
        url(the_community, "move", theirs.pk), {"day": "2030-01-01", "time": "10:00"}
    )
    assert moved.status_code == 404
    theirs.refresh_from_db()
    assert theirs.publish_at is None


def test_the_settings_page_offers_every_zone_with_the_communitys_selected(
    client_for, the_community, camille
):
    from zoneinfo import available_timezones

    page = client_for(camille).get(url(the_community, "settings")).content.decode()
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in page
    assert '<option value="America/Montreal">America/Montreal</option>' in page
    assert page.count("<option") >= len(available_timezones())
