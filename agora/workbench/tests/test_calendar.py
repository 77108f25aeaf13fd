"""The editorial calendar (`services/calendar.py`): a planned status from draft to scheduled,
told with Camille the steward, Sacha the second steward and Madame Michu the member."""

from datetime import date, timedelta

import pytest

from agora.conversations.services import POST_BODY_MAX, POST_TITLE_MAX
from agora.core.errors import Conflict, InvalidInput, NotAllowed
from agora.testing.snapshots import snapshot
from agora.workbench.models import PlannedStatus, PublishWakeup
from agora.workbench.services import calendar, objectives, publishing
from agora.workbench.services import settings as workbench_settings


def an_objective(community, by):
    return objectives.set_objective(
        community=community, by=by, title="Répondre vite", description="",
        starts_on=date(2030, 1, 1), ends_on=date(2030, 6, 30),
        indicators=[("Questions answered within 4 hours", "90 %")],
    )  # fmt: skip


@pytest.fixture
def planning(the_community, camille):
    """The community's content pillars, and an objective a status may serve."""
    workbench_settings.update_workbench_settings(
        community=the_community, by=camille, pillars=["Coulisses", "Vos questions"]
    )
    the_community.refresh_from_db()  # forget the settings the community object remembers
    return an_objective(the_community, camille)


def draft(community, by, **fields):
    fields.setdefault("body", "La question du lundi : votre méthode préférée ?")
    return calendar.plan_status(community=community, by=by, **fields)


def scheduled(community, by, clock, hours=2):
    planned = draft(community, by, publish_at=clock.now() + timedelta(hours=hours))
    return calendar.schedule(planned=planned, by=by)


def require_approval(community, by):
    workbench_settings.update_workbench_settings(community=community, by=by, approval_required=True)
    community.refresh_from_db()  # forget the settings the community object remembers


# --- plan_status ------------------------------------------------------------------------------


def test_plan_status_creates_a_draft_serving_an_objective_and_a_pillar(
    the_community, camille, planning, clock
):
    at = clock.now() + timedelta(days=2)
    planned = calendar.plan_status(
        community=the_community, by=camille, title="  Lundi  ", body=" La question du lundi ",
        publish_at=at, objective_id=planning.pk, pillar=" Coulisses ",
    )  # fmt: skip
    assert (planned.title, planned.body) == ("Lundi", "La question du lundi")
    planned.refresh_from_db()
    assert (planned.title, planned.body) == ("Lundi", "La question du lundi")
    assert (planned.publish_at, planned.state) == (at, "draft")
    assert (planned.author, planned.community) == (camille, the_community)
    assert (planned.objective, planned.pillar) == (planning, "Coulisses")
    assert planned.approved_by is None and planned.post is None


def test_plan_status_needs_no_time_for_a_draft(the_community, camille):
    planned = calendar.plan_status(community=the_community, by=camille, title="Idée")
    planned.refresh_from_db()
    assert (planned.title, planned.body, planned.publish_at) == ("Idée", "", None)


def test_plan_status_by_a_member_is_refused_and_writes_nothing(the_community, member_michu):
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.plan_status(community=the_community, by=member_michu, body="Mon statut")
    assert snapshot() == before


def test_plan_status_by_a_steward_of_another_community_is_refused(the_community, community_factory):
    elsewhere = community_factory()
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.plan_status(community=the_community, by=elsewhere.created_by, body="Intrus")
    assert snapshot() == before


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": "T" * (POST_TITLE_MAX + 1)}, "title"),
        ({"body": "B" * (POST_BODY_MAX + 1)}, "body"),
        ({"pillar": "Inconnu"}, "pillar"),
        ({"objective_id": 999_999}, "objective"),
    ],
)
def test_plan_status_with_bad_input_is_refused_and_writes_nothing(
    the_community, camille, planning, fields, field
):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        calendar.plan_status(community=the_community, by=camille, **fields)
    assert set(refused.value.errors) == {field}
    assert snapshot() == before


def test_plan_status_refuses_another_community_s_objective(
    the_community, camille, community_factory
):
    elsewhere = community_factory()
    theirs = an_objective(elsewhere, elsewhere.created_by)
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        calendar.plan_status(community=the_community, by=camille, objective_id=theirs.pk)
    assert "objective" in refused.value.errors
    assert snapshot() == before


# --- check_planning ---------------------------------------------------------------------------


def test_check_planning_returns_the_objective_and_the_stripped_pillar(the_community, planning):
    errors = {}
    assert calendar.check_planning(the_community, planning.pk, " Vos questions ", errors) == (
        planning,
        "Vos questions",
    )
    assert errors == {}


def test_check_planning_names_an_unknown_objective_and_pillar(
    the_community, planning, community_factory
):
    elsewhere = community_factory()
    theirs = an_objective(elsewhere, elsewhere.created_by)
    errors = {}
    objective, pillar = calendar.check_planning(the_community, theirs.pk, "Ailleurs", errors)
    assert objective is None and pillar == "Ailleurs"
    assert set(errors) == {"objective", "pillar"}


# --- edit_planned_status ----------------------------------------------------------------------


def test_edit_planned_status_changes_text_time_objective_and_pillar(
    the_community, camille, planning, clock
):
    planned = draft(the_community, camille, title="Avant")
    at = clock.now() + timedelta(days=3)
    clock.advance(minutes=5)
    edited = calendar.edit_planned_status(
        planned=planned, by=camille, title="Après", body="Nouveau texte", publish_at=at,
        objective_id=planning.pk, pillar="Coulisses",
    )  # fmt: skip
    assert (edited.pk, edited.title, edited.body) == (planned.pk, "Après", "Nouveau texte")
    before_edit = planned.updated_at
    planned.refresh_from_db()
    assert (planned.title, planned.body, planned.publish_at) == ("Après", "Nouveau texte", at)
    assert (planned.objective, planned.pillar, planned.state) == (planning, "Coulisses", "draft")
    assert planned.updated_at > before_edit


def test_editing_a_failed_status_makes_it_a_draft_again(
    the_community, camille, second_steward, due_statuses
):
    from agora.communities.models import StewardMandate
    from agora.communities.services import mandates

    [planned] = due_statuses(1)  # Camille's
    # Camille lays her mandate down: publishing her status fails and says why.
    mandates.end_mandate(mandate=StewardMandate.objects.get(community=the_community, user=camille))
    publishing.publish_due()
    planned.refresh_from_db()
    assert planned.state == "failed" and planned.failure_reason
    # Sacha, still a steward, rewrites it: a draft again, the reason gone.
    edited = calendar.edit_planned_status(planned=planned, by=second_steward, body="Corrigé")
    assert edited.state == "draft"
    planned.refresh_from_db()
    assert (planned.state, planned.failure_reason, planned.body) == ("draft", "", "Corrigé")


def test_a_changed_text_needs_a_new_approval_where_the_community_asks_for_one(
    the_community, camille, second_steward, clock
):
    require_approval(the_community, camille)
    planned = draft(the_community, camille, publish_at=clock.now() + timedelta(days=1))
    calendar.mark_ready(planned=planned, by=camille)
    calendar.approve(planned=planned, by=second_steward)
    calendar.schedule(planned=planned, by=camille)

    edited = calendar.edit_planned_status(
        planned=planned, by=camille, body="Texte changé", publish_at=planned.publish_at
    )
    assert (edited.state, edited.approved_by) == ("ready", None)
    planned.refresh_from_db()
    assert (planned.state, planned.approved_by, planned.approved_at) == ("ready", None, None)


def test_the_same_text_keeps_its_approval(the_community, camille, second_steward, clock):
    require_approval(the_community, camille)
    at = clock.now() + timedelta(days=1)
    planned = draft(the_community, camille, publish_at=at)
    calendar.mark_ready(planned=planned, by=camille)
    calendar.approve(planned=planned, by=second_steward)
    calendar.schedule(planned=planned, by=camille)

    later = at + timedelta(hours=3)
    calendar.edit_planned_status(planned=planned, by=camille, body=planned.body, publish_at=later)
    planned.refresh_from_db()
    assert (planned.state, planned.approved_by, planned.publish_at) == (
        "scheduled",
        second_steward,
        later,
    )


def test_edit_planned_status_by_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu
):
    planned = draft(the_community, camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.edit_planned_status(planned=planned, by=member_michu, body="Piraté")
    assert snapshot() == before


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": "T" * (POST_TITLE_MAX + 1)}, "title"),
        ({"body": "B" * (POST_BODY_MAX + 1)}, "body"),
        ({"pillar": "Inconnu"}, "pillar"),
        ({"objective_id": 999_999}, "objective"),
        ({"publish_at": None}, "publish_at"),
    ],
)
def test_edit_planned_status_with_bad_input_is_refused_and_writes_nothing(
    the_community, camille, clock, fields, field
):
    planned = scheduled(the_community, camille, clock)
    values = {"body": planned.body, "publish_at": planned.publish_at, **fields}
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        calendar.edit_planned_status(planned=planned, by=camille, **values)
    assert set(refused.value.errors) == {field}
    assert snapshot() == before


def test_a_scheduled_status_cannot_be_edited_into_the_past(the_community, camille, clock):
    planned = scheduled(the_community, camille, clock)
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        calendar.edit_planned_status(
            planned=planned, by=camille, body="Hier", publish_at=clock.now() - timedelta(hours=1)
        )
    assert "publish_at" in refused.value.errors
    assert snapshot() == before


def test_a_published_status_cannot_be_edited(the_community, camille, due_statuses):
    [planned] = due_statuses(1)
    publishing.publish_due()
    before = snapshot()
    with pytest.raises(Conflict):
        calendar.edit_planned_status(planned=planned, by=camille, body="Trop tard")
    assert snapshot() == before


# --- move_planned_status ----------------------------------------------------------------------


def test_move_planned_status_keeps_a_scheduled_status_scheduled_and_wakes_the_worker(
    the_community, camille, clock
):
    planned = scheduled(the_community, camille, clock)
    later = (clock.now() + timedelta(days=2)).replace(microsecond=0)
    moved = calendar.move_planned_status(planned=planned, by=camille, publish_at=later)
    assert (moved.state, moved.publish_at) == ("scheduled", later)
    planned.refresh_from_db()
    assert (planned.state, planned.publish_at, planned.body) == ("scheduled", later, moved.body)
    assert PublishWakeup.objects.filter(at=later).exists()


def test_a_draft_moves_without_being_scheduled(the_community, camille, clock):
    planned = draft(the_community, camille)
    at = clock.now() + timedelta(days=1)
    calendar.move_planned_status(planned=planned, by=camille, publish_at=at)
    planned.refresh_from_db()
    assert (planned.state, planned.publish_at) == ("draft", at)
    assert not PublishWakeup.objects.exists()


def test_move_planned_status_by_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu, clock
):
    planned = draft(the_community, camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.move_planned_status(
            planned=planned, by=member_michu, publish_at=clock.now() + timedelta(days=1)
        )
    assert snapshot() == before


def test_moving_a_scheduled_status_into_the_past_is_refused_and_writes_nothing(
    the_community, camille, clock
):
    planned = scheduled(the_community, camille, clock)
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        calendar.move_planned_status(
            planned=planned, by=camille, publish_at=clock.now() - timedelta(minutes=1)
        )
    assert "publish_at" in refused.value.errors
    assert snapshot() == before


# --- mark_ready -------------------------------------------------------------------------------


def test_mark_ready_makes_a_draft_ready(the_community, camille):
    planned = draft(the_community, camille)
    assert calendar.mark_ready(planned=planned, by=camille).state == "ready"
    planned.refresh_from_db()
    assert planned.state == "ready"


def test_mark_ready_by_a_member_is_refused_and_writes_nothing(the_community, camille, member_michu):
    planned = draft(the_community, camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.mark_ready(planned=planned, by=member_michu)
    assert snapshot() == before


def test_mark_ready_without_a_text_is_refused_and_writes_nothing(the_community, camille):
    planned = draft(the_community, camille, title="Juste un titre", body="")
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        calendar.mark_ready(planned=planned, by=camille)
    assert "body" in refused.value.errors
    assert snapshot() == before


def test_mark_ready_twice_is_a_conflict(the_community, camille):
    planned = calendar.mark_ready(planned=draft(the_community, camille), by=camille)
    before = snapshot()
    with pytest.raises(Conflict):
        calendar.mark_ready(planned=planned, by=camille)
    assert snapshot() == before


# --- approve ----------------------------------------------------------------------------------


def test_approve_by_a_second_steward_records_who_and_when(
    the_community, camille, second_steward, clock
):
    planned = calendar.mark_ready(planned=draft(the_community, camille), by=camille)
    clock.advance(hours=1)
    approved = calendar.approve(planned=planned, by=second_steward)
    assert approved.approved_by == second_steward
    planned.refresh_from_db()
    assert (planned.approved_by, planned.state) == (second_steward, "ready")
    assert planned.approved_at == approved.approved_at
    assert planned.approved_at >= planned.created_at + timedelta(hours=1)


def test_nobody_approves_their_own_status(the_community, camille):
    planned = calendar.mark_ready(planned=draft(the_community, camille), by=camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.approve(planned=planned, by=camille)
    assert snapshot() == before


def test_approve_by_a_member_is_refused_and_writes_nothing(the_community, camille, member_michu):
    planned = calendar.mark_ready(planned=draft(the_community, camille), by=camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.approve(planned=planned, by=member_michu)
    assert snapshot() == before


def test_approving_a_draft_is_a_conflict(the_community, camille, second_steward):
    planned = draft(the_community, camille)
    before = snapshot()
    with pytest.raises(Conflict):
        calendar.approve(planned=planned, by=second_steward)
    assert snapshot() == before


# --- schedule ---------------------------------------------------------------------------------


def test_schedule_hands_the_status_to_the_worker_at_its_time(the_community, camille, clock):
    at = (clock.now() + timedelta(hours=2)).replace(microsecond=0)
    planned = draft(the_community, camille, publish_at=at)
    assert calendar.schedule(planned=planned, by=camille).state == "scheduled"
    planned.refresh_from_db()
    assert (planned.state, planned.publish_at, planned.failure_reason) == ("scheduled", at, "")
    assert list(PublishWakeup.objects.values_list("at", flat=True)) == [at]


def test_schedule_by_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu, clock
):
    planned = draft(the_community, camille, publish_at=clock.now() + timedelta(hours=2))
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.schedule(planned=planned, by=member_michu)
    assert snapshot() == before


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"body": "", "title": "Sans texte", "hours": 2}, "body"),
        ({"hours": None}, "publish_at"),
        ({"hours": -1}, "publish_at"),
    ],
)
def test_schedule_without_text_or_future_time_is_refused_and_writes_nothing(
    the_community, camille, clock, fields, field
):
    hours = fields.pop("hours")
    at = None if hours is None else clock.now() + timedelta(hours=hours)
    planned = draft(the_community, camille, publish_at=at, **fields)
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        calendar.schedule(planned=planned, by=camille)
    assert set(refused.value.errors) == {field}
    assert snapshot() == before


def test_schedule_waits_for_the_approval_the_community_asks_for(
    the_community, camille, second_steward, clock
):
    require_approval(the_community, camille)
    planned = calendar.mark_ready(
        planned=draft(the_community, camille, publish_at=clock.now() + timedelta(hours=2)),
        by=camille,
    )
    before = snapshot()
    with pytest.raises(Conflict, match="approve"):
        calendar.schedule(planned=planned, by=camille)
    assert snapshot() == before
    calendar.approve(planned=planned, by=second_steward)
    calendar.schedule(planned=planned, by=camille)
    planned.refresh_from_db()
    assert planned.state == "scheduled"


def test_scheduling_twice_is_a_conflict(the_community, camille, clock):
    planned = scheduled(the_community, camille, clock)
    before = snapshot()
    with pytest.raises(Conflict):
        calendar.schedule(planned=planned, by=camille)
    assert snapshot() == before


# --- unschedule -------------------------------------------------------------------------------


def test_unschedule_takes_the_status_back_to_ready(the_community, camille, clock):
    planned = scheduled(the_community, camille, clock)
    assert calendar.unschedule(planned=planned, by=camille).state == "ready"
    planned.refresh_from_db()
    assert planned.state == "ready" and planned.publish_at is not None


def test_unschedule_by_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu, clock
):
    planned = scheduled(the_community, camille, clock)
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.unschedule(planned=planned, by=member_michu)
    assert snapshot() == before


def test_unscheduling_a_draft_is_a_conflict(the_community, camille):
    planned = draft(the_community, camille)
    before = snapshot()
    with pytest.raises(Conflict):
        calendar.unschedule(planned=planned, by=camille)
    assert snapshot() == before


# --- delete_planned_status --------------------------------------------------------------------


def test_delete_planned_status_removes_it(the_community, camille, clock):
    planned = scheduled(the_community, camille, clock)
    kept = draft(the_community, camille, title="Gardé")
    assert calendar.delete_planned_status(planned=planned, by=camille) is None
    assert list(PlannedStatus.objects.all()) == [kept]


def test_delete_planned_status_by_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu
):
    planned = draft(the_community, camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        calendar.delete_planned_status(planned=planned, by=member_michu)
    assert snapshot() == before


def test_a_published_status_cannot_be_deleted_from_the_calendar(
    the_community, camille, due_statuses
):
    [planned] = due_statuses(1)
    publishing.publish_due()
    before = snapshot()
    with pytest.raises(Conflict):
        calendar.delete_planned_status(planned=planned, by=camille)
    assert snapshot() == before
