"""The digest's three things most worth attention, most pressing first."""

from agora.health import attention


def figures(**changes):
    base = {
        "present": {"inbox_overdue": 0, "rituals_unfilled": [], "runway": {"days": 7}},
        "response": {"asked": 4, "unanswered": 0, "within_target": 1.0, "target_hours": 4},
        "self": {"gini": {"value": 0.3, "previous": 0.3}, "top10": {"value": 0.4}},
        "stewards": [],
        "objectives": [],
    }
    for key, value in changes.items():
        base[key] = value
    return base


def test_a_calm_week_asks_for_nothing():
    assert attention.rank(figures()) == []


def test_the_three_most_pressing_come_first():
    f = figures(
        present={"inbox_overdue": 2, "rituals_unfilled": [{"title": "Lundi"}],
                 "runway": {"days": 1}},
        response={"asked": 5, "unanswered": 3, "within_target": 0.5, "target_hours": 4},
        stewards=[{"name": "Camille", "evenings": True, "out_of_hours_share": 0.6,
                   "dominant": True, "answer_share": 0.7}],
    )  # fmt: skip
    ranked = attention.rank(f)
    # Unanswered questions (93) before overdue inbox items (82) before slow answers (80);
    # the evenings (65), the dominant steward (60), the ritual (50), the runway (44) wait.
    assert [item["key"] for item in ranked] == ["unanswered", "inbox_overdue", "slow_answers"]
    texts = [t["text"] for t in attention.phrase(ranked)]
    assert texts[0] == "3 questions of the period have no answer yet."
    assert texts[2] == "Only 50 % of questions were answered within 4 h."


def test_a_tired_steward_is_named_kindly():
    f = figures(stewards=[{"name": "Camille", "evenings": True, "out_of_hours_share": 0.6,
                           "dominant": False, "answer_share": 0.2}])  # fmt: skip
    (item,) = attention.phrase(attention.rank(f))
    assert item["anchor"] == "workload"
    assert item["text"].startswith("Camille did 60 % of their work outside working hours.")
    assert "keep your evenings" in item["text"]


def test_concentrating_participation_and_missed_objectives():
    f = figures(
        self={"gini": {"value": 0.55, "previous": 0.4}, "top10": {"value": 0.62}},
        objectives=[{"met": False, "indicator": "Réponses en 4 h", "objective": "Vite"}],
    )
    keys = [item["key"] for item in attention.rank(f)]
    assert keys == ["objective", "concentration"]
