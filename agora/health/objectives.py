"""Objectives measured by the dashboard: an indicator whose name names a health metric
("Questions answered within 4 hours: 90 %") is measured over the objective's period.

Recognition reads the indicator's words (French or English, accents and case ignored), so a
steward writes indicators as they speak; an indicator nobody recognises is shown as such,
with examples, rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Metric:
    key: str
    label: object
    unit: str  # "percent", "hours", "ratio", "count", "days"
    higher_is_better: bool


METRICS = {
    m.key: m
    for m in [
        Metric("answered_within", _("questions answered within %(hours)s h"), "percent", True),
        Metric("first_by_members", _("first answers given by members"), "percent", True),
        Metric("accepted_by_members", _("accepted answers written by members"), "percent", True),
        Metric("cases_by_juries", _("cases without a steward's urgent action"), "percent", True),
        Metric("median_response", _("median first-response time"), "hours", False),
        Metric("p90_response", _("90th percentile of first-response time"), "hours", False),
        Metric("gini", _("participation inequality (Gini)"), "ratio", False),
        Metric("unanswered", _("unanswered questions"), "count", False),
        Metric("runway", _("days of content scheduled ahead"), "days", True),
    ]
}

EXAMPLES = [
    _("Questions answered within 4 hours: 90 %"),
    _("First answers by members: 60 %"),
    _("Median first-response time: 2 h"),
    _("Gini: 0.6"),
]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_HOURS = re.compile(
    r"(?:within|under|in less than|in under|less than|en moins de|moins de|sous|dans les|en)"
    r"\s*(\d{1,3})\s*(?:h\b|hours?|heures?)"
)
_ANSWER = re.compile(r"answer|respon|repon")
_RULES = [
    ("p90_response", re.compile(r"(90(th| ?e| ?eme)? ?(percentile|centile)|\bp90\b)")),
    ("median_response", re.compile(r"median")),
    ("gini", re.compile(r"\bgini\b|inequalit|inegalit")),
    ("unanswered", re.compile(r"unanswered|sans reponse|non repondu")),
    ("accepted_by_members", re.compile(r"accept.*(members|membres)")),
    ("first_by_members", re.compile(r"(by|par) (the |les |des )?(members|membres)")),
    ("cases_by_juries", re.compile(r"jur(y|ies|ys|ies?)\b|juries|jurys")),
    ("runway", re.compile(r"(scheduled|planned|days?) ahead|d.avance|jours programmes")),
]


def recognise(name: str) -> tuple[str, int | None] | None:
    """(metric key, hours) for an indicator's name, or None."""
    text = fold(name)
    hours = _HOURS.search(text)
    if hours and _ANSWER.search(text):
        return "answered_within", int(hours.group(1))
    for key, pattern in _RULES:
        if pattern.search(text):
            return key, None
    return None


_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")


def target_value(target: str) -> float | None:
    match = _NUMBER.search(target or "")
    return float(match.group(1).replace(",", ".")) if match else None


def measure(key: str, hours: int | None, summary: dict, runway_days: int | None) -> float | None:
    """The metric's value in display units (percent as 0–100) from a period's figures."""
    own = summary["self"]
    response = summary["response"]
    if key == "answered_within":
        return _percent(summary["answered_within"].get(str(hours)))
    values = {
        "first_by_members": _percent(own["first_by_members"]["value"]),
        "accepted_by_members": _percent(own["accepted_by_members"]["value"]),
        "cases_by_juries": _percent(own["cases_by_juries"]["value"]),
        "median_response": response["median_hours"],
        "p90_response": response["p90_hours"],
        "gini": own["gini"]["value"],
        "unanswered": response["unanswered"],
        "runway": runway_days,
    }
    return values[key]


def _percent(value):
    return None if value is None else value * 100


def met(key: str, value: float | None, target: float | None) -> bool | None:
    if value is None or target is None:
        return None
    return value >= target if METRICS[key].higher_is_better else value <= target
