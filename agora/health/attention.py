"""The three things most worth a steward's attention, from a period's figures.

Each candidate has a weight (how much it hurts members or stewards) and is stored as a key
with its numbers, so each reader gets the sentence in their language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SHOWN = 3


def rank(figures: dict) -> list[dict]:
    present = figures["present"]
    response = figures["response"]
    own = figures["self"]
    candidates = []

    def add(weight, key, **params):
        candidates.append({"weight": weight, "key": key, "params": params})

    late = response["asked"] and response["unanswered"]
    if late:
        add(90 + late, "unanswered", count=response["unanswered"])
    if present["inbox_overdue"]:
        add(80 + present["inbox_overdue"], "inbox_overdue", count=present["inbox_overdue"])
    within = response["within_target"]
    if within is not None and within < 0.8:
        add(70 + (1 - within) * 20, "slow_answers", percent=round(within * 100),
            hours=response["target_hours"])  # fmt: skip
    for steward in figures["stewards"]:
        if steward["evenings"]:
            add(65, "evenings", name=steward["name"],
                percent=round(steward["out_of_hours_share"] * 100))  # fmt: skip
        if steward["dominant"]:
            add(60, "dominant", name=steward["name"], percent=round(steward["answer_share"] * 100))
    if present["rituals_unfilled"]:
        add(50, "rituals", count=len(present["rituals_unfilled"]),
            title=present["rituals_unfilled"][0]["title"])  # fmt: skip
    if present["runway"]["days"] < 3:
        add(45 - present["runway"]["days"], "runway", days=present["runway"]["days"])
    for objective in figures["objectives"]:
        if objective["met"] is False:
            add(40, "objective", indicator=objective["indicator"], objective=objective["objective"])
    gini, before = own["gini"]["value"], own["gini"]["previous"]
    if gini is not None and before is not None and gini - before >= 0.1:
        add(30, "concentration", percent=round((own["top10"]["value"] or 0) * 100))
    candidates.sort(key=lambda c: -c["weight"])
    return candidates[:SHOWN]


def phrase(items: list[dict]) -> list[dict]:
    """Sentences (in the active language) and the dashboard section each one is about."""
    result = []
    for item in items:
        p, key = item["params"], item["key"]
        if key == "unanswered":
            text = (
                ngettext(
                    "%(count)d question of the period has no answer yet.",
                    "%(count)d questions of the period have no answer yet.",
                    p["count"],
                )
                % p
            )
            anchor = "responsiveness"
        elif key == "inbox_overdue":
            text = (
                ngettext(
                    "%(count)d inbox item waits longer than your response target.",
                    "%(count)d inbox items wait longer than your response target.",
                    p["count"],
                )
                % p
            )
            anchor = "preparation"
        elif key == "slow_answers":
            text = _("Only %(percent)d %% of questions were answered within %(hours)d h.") % p
            anchor = "responsiveness"
        elif key == "evenings":
            text = (
                _(
                    "%(name)s did %(percent)d %% of their work outside working hours. "
                    "The community will still be here tomorrow: "
                    "schedule what you can and keep your evenings."
                )
                % p
            )
            anchor = "workload"
        elif key == "dominant":
            text = (
                _(
                    "%(name)s gave %(percent)d %% of first answers. "
                    "Leaving a question an hour or two "
                    "gives members the chance to answer each other."
                )
                % p
            )
            anchor = "workload"
        elif key == "rituals":
            text = (
                ngettext(
                    "A ritual (%(title)s) has no next occurrence ready.",
                    "%(count)d rituals have no next occurrence ready (%(title)s…).",
                    p["count"],
                )
                % p
            )
            anchor = "preparation"
        elif key == "runway":
            text = (
                ngettext(
                    "Content is scheduled for %(days)d day ahead only.",
                    "Content is scheduled for %(days)d days ahead only.",
                    p["days"],
                )
                % p
            )
            anchor = "preparation"
        elif key == "objective":
            text = _("“%(indicator)s” (%(objective)s) is off its target.") % p
            anchor = "objectives"
        elif key == "concentration":
            text = (
                _(
                    "Participation is concentrating: the top 10 %% now write %(percent)d %% of "
                    "contributions."
                )
                % p
            )
            anchor = "self-management"
        else:
            continue
        result.append({"text": text, "anchor": anchor})
    return result
