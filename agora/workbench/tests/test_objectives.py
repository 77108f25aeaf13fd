"""Objectives (`services/objectives.py`): what Camille's communication aims at over a period,
and the indicators that measure it."""

from datetime import date

import pytest

from agora.core.errors import InvalidInput, NotAllowed, NotFound
from agora.testing.snapshots import snapshot
from agora.workbench.models import Indicator, Objective
from agora.workbench.services import objectives

SPRING = {"starts_on": date(2030, 3, 1), "ends_on": date(2030, 5, 31)}
FAST = [("Questions answered within 4 hours", "90 %")]


def objective_of(community, by, **fields):
    values = {"title": "Répondre vite", "description": "", "indicators": FAST, **SPRING}
    return objectives.set_objective(community=community, by=by, **{**values, **fields})


def indicators_of(objective):
    return list(
        Indicator.objects.filter(objective=objective).order_by("pk").values_list("name", "target")
    )


# --- parse_indicators -------------------------------------------------------------------------


def test_parse_indicators_reads_one_indicator_and_target_per_line():
    text = "Questions answered within 4 hours: 90 %\n\n  Ratio: members: 60 %  \n"
    assert objectives.parse_indicators(text) == [
        ("Questions answered within 4 hours", "90 %"),
        ("Ratio: members", "60 %"),  # the target is after the last colon
    ]


def test_parse_indicators_cuts_names_and_targets_to_their_columns():
    [(name, target)] = objectives.parse_indicators("N" * 250 + ": " + "9" * 80)
    assert (len(name), len(target)) == (200, 60)


@pytest.mark.parametrize("line", ["Sans cible", "Sans cible:", ": 90 %"])
def test_parse_indicators_refuses_a_line_without_indicator_or_target(line):
    with pytest.raises(InvalidInput) as refused:
        objectives.parse_indicators(f"Questions answered within 4 hours: 90 %\n{line}")
    assert set(refused.value.errors) == {"indicators"}


def test_parse_indicators_of_nothing_is_no_indicator():
    assert objectives.parse_indicators("") == [] and objectives.parse_indicators(None) == []


# --- set_objective ----------------------------------------------------------------------------


def test_set_objective_creates_an_objective_with_its_indicators(the_community, camille):
    objective = objectives.set_objective(
        community=the_community, by=camille, title="  Répondre vite ",
        description=" Au printemps. ", indicators=[*FAST, ("New members welcomed", "100 %")],
        **SPRING,
    )  # fmt: skip
    assert (objective.title, objective.description) == ("Répondre vite", "Au printemps.")
    objective.refresh_from_db()
    assert (objective.community, objective.created_by) == (the_community, camille)
    assert (objective.title, objective.description) == ("Répondre vite", "Au printemps.")
    assert (objective.starts_on, objective.ends_on) == (date(2030, 3, 1), date(2030, 5, 31))
    assert indicators_of(objective) == [*FAST, ("New members welcomed", "100 %")]


def test_set_objective_replaces_an_objective_s_fields_and_indicators(the_community, camille):
    objective = objective_of(the_community, camille, indicators=[*FAST, ("Gini", "0.3")])
    changed = objectives.set_objective(
        community=the_community, by=camille, objective=objective, title="Répondre mieux",
        description="", starts_on=date(2030, 4, 1), ends_on=date(2030, 4, 30),
        indicators=[("First answers by members", "50 %")],
    )  # fmt: skip
    assert changed.pk == objective.pk
    objective.refresh_from_db()
    assert (objective.title, objective.starts_on, objective.ends_on) == (
        "Répondre mieux",
        date(2030, 4, 1),
        date(2030, 4, 30),
    )
    assert indicators_of(objective) == [("First answers by members", "50 %")]
    assert Objective.objects.count() == 1 and Indicator.objects.count() == 1


def test_set_objective_by_a_member_is_refused_and_writes_nothing(the_community, member_michu):
    before = snapshot()
    with pytest.raises(NotAllowed):
        objective_of(the_community, member_michu)
    assert snapshot() == before


def test_changing_an_objective_as_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu
):
    objective = objective_of(the_community, camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        objective_of(the_community, member_michu, objective=objective, title="Autre")
    assert snapshot() == before


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": "   "}, "title"),
        ({"title": "T" * 121}, "title"),
        ({"starts_on": date(2030, 6, 1), "ends_on": date(2030, 1, 1)}, "ends_on"),
        ({"indicators": []}, "indicators"),
        ({"indicators": "Questions: 90 %"}, "indicators"),
        ({"indicators": [("Indicator", "1")] * 11}, "indicators"),
    ],
)
def test_set_objective_with_bad_input_is_refused_and_writes_nothing(
    the_community, camille, fields, field
):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        objective_of(the_community, camille, **fields)
    assert set(refused.value.errors) == {field}
    assert snapshot() == before


def test_bad_input_leaves_an_existing_objective_as_it_was(the_community, camille):
    objective = objective_of(the_community, camille)
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        objective_of(the_community, camille, objective=objective, title="", indicators=[])
    assert set(refused.value.errors) == {"title", "indicators"}
    assert snapshot() == before


def test_another_community_s_objective_is_refused_and_left_alone(
    the_community, camille, community_factory
):
    elsewhere = community_factory()
    theirs = objective_of(elsewhere, elsewhere.created_by)
    before = snapshot()
    with pytest.raises(NotFound):
        objective_of(the_community, camille, objective=theirs, title="Détourné")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": None}, "starts_on"),
        ({"ends_on": None}, "ends_on"),
        ({"indicators": [("n" * 201, "90 %")]}, "indicators"),
        ({"indicators": [("Réponses en 4 h", "t" * 61)]}, "indicators"),
        ({"indicators": [("", "90 %")]}, "indicators"),
    ],
)
def test_missing_days_and_overlong_indicators_are_refused_not_crashed_on(
    the_community, camille, changes, field
):
    """The columns are NOT NULL and the indicators' lengths fixed: the database used to be
    the one to refuse (an IntegrityError or a DataError)."""
    from datetime import date

    values = {
        "community": the_community, "by": camille, "title": "Répondre vite",
        "description": "", "starts_on": date(2026, 1, 1), "ends_on": date(2026, 3, 31),
        "indicators": [("Questions répondues en 4 h", "90 %")],
    } | changes  # fmt: skip
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        objectives.set_objective(**values)
    assert field in refused.value.errors
    assert snapshot() == before
