"""The health figures of a community, computed from its rows.

Two steps so a refresh reads the big tables once for all its periods: `collect` reads what
happened over a span of local days into small rows (contributions are grouped by day and
author in the database), and `summarise` turns the rows of a window into figures, with the
previous window of the same length for trends. Everything here is JSON-serialisable, since
the worker stores it in a snapshot.

Definitions (the tests compute each one by hand):

- a *contribution* is a visible post or comment; a *contributor*, anyone who made one;
- the Gini coefficient is over contributors' counts: 2·Σ i·x₍ᵢ₎ / (n·Σx) − (n+1)/n, counts
  sorted ascending, i from 1 (0 with one contributor: nobody is unequal alone);
- the top 1 % (10 %) are the ⌈1 %⌉ (⌈10 %⌉) largest contributors, at least one person;
- a question's *first answer* is its earliest visible comment by someone other than the
  asker; it is a steward's if the writer held a mandate at that moment;
- percentiles interpolate linearly between ranks (the median of 1 h and 3 h is 2 h);
- the share answered within target counts answered questions and unanswered ones already
  older than the target (a question asked ten minutes ago is not late yet);
- working hours are the community's working days and hours in its time zone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models import Case as SqlCase
from django.db.models.functions import TruncDate

from agora.communities.models import StewardMandate
from agora.conversations.models import Comment, Post
from agora.core import zones
from agora.moderation.models import Case, Mute

# When the dashboard speaks up about a steward's load (kindly: the aim is to stay human).
DOMINANT_SHARE = 0.5  # of first answers, with at least DOMINANT_MIN of them
DOMINANT_MIN = 3
EVENINGS_SHARE = 0.3  # of a steward's actions outside working hours, with at least EVENINGS_MIN
EVENINGS_MIN = 5
OLDEST_SHOWN = 5
ARTICLES_SHOWN = 5
RESPONSE_BUCKETS = (1, 4, 24)  # hours: < 1 h, 1–4 h, 4–24 h, > 24 h


@dataclass(frozen=True)
class Window:
    """Local days `first_day`..`last_day` (both included) and their UTC instants."""

    first_day: date
    last_day: date
    start: datetime
    end: datetime  # exclusive; `now` when the window reaches today

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def previous(self, zone_name: str) -> Window:
        return window(self.first_day - timedelta(days=self.days), self.first_day - timedelta(1),
                      zone_name)  # fmt: skip

    def holds_day(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def window(first_day: date, last_day: date, zone_name: str, moment: datetime | None = None):
    start = zones.to_utc(first_day, time(0), zone_name)
    end = zones.to_utc(last_day + timedelta(days=1), time(0), zone_name)
    if moment is not None:
        end = min(end, moment)
    return Window(first_day, last_day, start, end)


def last_days(days: int, zone_name: str, moment: datetime) -> Window:
    """The `days` local days ending today (today so far included)."""
    today = zones.local(moment, zone_name).date()
    return window(today - timedelta(days=days - 1), today, zone_name, moment)


# --- pure arithmetic -----------------------------------------------------------------------


def gini(counts: list[int]) -> float | None:
    values = sorted(c for c in counts if c > 0)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return None
    weighted = sum(i * x for i, x in enumerate(values, start=1))
    return 2 * weighted / (n * total) - (n + 1) / n


def top_share(counts: list[int], fraction: float) -> float | None:
    values = sorted((c for c in counts if c > 0), reverse=True)
    if not values:
        return None
    k = max(1, math.ceil(len(values) * fraction - 1e-9))
    return sum(values[:k]) / sum(values)


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * p
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def is_working_time(moment: datetime, zone_name: str, work_days, starts: int, ends: int) -> bool:
    here = zones.local(moment, zone_name)
    return here.weekday() in work_days and starts <= here.hour < ends


# --- reading the rows ------------------------------------------------------------------------


class Mandates:
    """Who held a stewardship mandate when: a community has few, so they are read once."""

    def __init__(self, community):
        self.rows = list(
            StewardMandate.objects.filter(community=community).values_list(
                "user_id", "starts_at", "ends_at"
            )
        )
        self.users = {row[0] for row in self.rows}

    def held(self, user_id, moment) -> bool:
        return any(
            uid == user_id and start <= moment and (end is None or moment < end)
            for uid, start, end in self.rows
        )

    def held_q(self, when: str = "created_at", who: str = "author_id") -> Q:
        """Database-side "did `who` hold a mandate at `when`?", spelled out from the few
        mandate rows (a subquery per row cost twice as much on a million comments)."""
        q = Q(pk__in=[])
        for uid, start, end in self.rows:
            term = Q(**{who: uid, f"{when}__gte": start})
            if end is not None:
                term &= Q(**{f"{when}__lt": end})
            q |= term
        return q

    def held_expression(self, when: str = "created_at", who: str = "author_id"):
        if not self.rows:
            return Value(False, output_field=BooleanField())
        return SqlCase(When(self.held_q(when, who), then=Value(True)), default=Value(False),
                    output_field=BooleanField())  # fmt: skip


@dataclass
class Rows:
    """What happened in a span of local days, small enough to keep in memory."""

    zone_name: str
    span: Window
    contributions: list = field(default_factory=list)  # (day, author, steward, kind, n)
    questions: list = field(default_factory=list)  # dicts
    cases: list = field(default_factory=list)  # dicts, originals with their appeal
    steward_acts: list = field(default_factory=list)  # (user, moment, kind, id, post id)


def _visible(prefix=""):
    return Q(**{f"{prefix}deleted_at__isnull": True, f"{prefix}moderation_state": "visible"})


PARTS = ("contributions", "questions", "cases", "acts")


def collect(community, span: Window, zone_name: str, parts=PARTS) -> Rows:
    rows = Rows(zone_name, span)
    mandates = Mandates(community)
    if "contributions" in parts:
        rows.contributions = _contributions(community, span, zone_name, mandates)
    if "questions" in parts:
        rows.questions = collect_questions(community, span, mandates)
    if "cases" in parts:
        rows.cases = _cases(community, span)
    if "acts" in parts:
        rows.steward_acts = _steward_acts(community, span, mandates)
    return rows


def _posts(community, span: Window):
    return Post.objects.filter(
        _visible(), community=community, created_at__gte=span.start, created_at__lt=span.end
    )


def _comments(community, span: Window):
    return Comment.objects.filter(
        _visible(), post__community=community, created_at__gte=span.start,
        created_at__lt=span.end,
    )  # fmt: skip


def _contributions(community, span: Window, zone_name: str, mandates: Mandates) -> list[tuple]:
    """(local day, author, held a mandate, kind, count): grouped in the database."""
    tz = zones.zone(zone_name)
    result = []
    for qs, fields in (
        (_posts(community, span), ("day", "author_id", "steward", "kind")),
        (_comments(community, span), ("day", "author_id", "steward")),
    ):
        grouped = (
            qs.annotate(day=TruncDate("created_at", tzinfo=tz))
            .annotate(steward=mandates.held_expression())
            .values(*fields)
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in grouped:
            result.append((row["day"], row["author_id"], row["steward"],
                           row.get("kind", "comment"), row["n"]))  # fmt: skip
    return result


def collect_questions(community, span: Window, mandates: Mandates | None = None) -> list[dict]:
    """The questions asked in `span`, oldest first, with their first and accepted answers."""
    mandates = mandates or Mandates(community)
    first = (
        Comment.objects.filter(_visible(), post=OuterRef("pk"))
        .exclude(author=OuterRef("author"))
        .order_by("created_at", "id")
    )
    questions = (
        _posts(community, span)
        .filter(kind="question")
        .annotate(
            first_at=Subquery(first.values("created_at")[:1]),
            first_by=Subquery(first.values("author_id")[:1]),
            accepted_by=F("accepted_answer__author_id"),
            accepted_at=F("accepted_answer__created_at"),
        )
        .values("id", "title", "created_at", "author_id", "first_at", "first_by",
                "accepted_by", "accepted_at")
        .order_by("created_at", "id")
    )  # fmt: skip
    result = []
    for q in questions:
        q["first_steward"] = q["first_by"] is not None and mandates.held(
            q["first_by"], q["first_at"]
        )
        q["accepted_steward"] = q["accepted_by"] is not None and mandates.held(
            q["accepted_by"], q["accepted_at"]
        )
        result.append(q)
    return result


def _cases(community, span: Window) -> list[dict]:
    """Cases opened in `span` (appeals attached to the case they appeal)."""
    appeals = {
        a["appeal_of_id"]: a
        for a in Case.objects.filter(community=community, appeal_of__isnull=False)
        .filter(appeal_of__opened_at__gte=span.start, appeal_of__opened_at__lt=span.end)
        .values("id", "appeal_of_id", "state", "decision", "opened_at", "decided_at")
    }  # fmt: skip
    result = []
    for case in (
        Case.objects.filter(community=community, appeal_of__isnull=True)
        .filter(opened_at__gte=span.start, opened_at__lt=span.end)
        .values("id", "origin", "opened_at", "decided_at", "decision", "state", "opened_by_id",
                "article_id", "article__number", "article__title")
        .order_by("opened_at", "id")
    ):  # fmt: skip
        case["appeal"] = appeals.get(case["id"])
        result.append(case)
    return result


def _steward_acts(community, span: Window, mandates: Mandates) -> list[tuple]:
    """(user, moment, kind, id, post id) of what stewards wrote or did while holding a mandate."""
    if not mandates.users:
        return []
    acts = []
    sources = (
        (_comments(community, span), "comment", "post__kind", "post_id"),
        (_posts(community, span), None, "kind", "id"),
    )
    for qs, kind, kind_field, post_field in sources:
        for pk, author, moment, post_kind, post_id in qs.filter(
            author_id__in=mandates.users
        ).values_list("id", "author_id", "created_at", kind_field, post_field):
            if mandates.held(author, moment):
                acts.append((author, moment, kind or post_kind, pk, post_id))
    urgent = Case.objects.filter(
        community=community, origin="steward", opened_by__isnull=False,
        opened_at__gte=span.start, opened_at__lt=span.end,
    ).values_list("id", "opened_by_id", "opened_at")  # fmt: skip
    for pk, author, moment in urgent:
        acts.append((author, moment, "urgent", pk, None))
    return acts


# --- the figures -----------------------------------------------------------------------------


def _trend(current, previous) -> dict:
    return {"value": current, "previous": previous}


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _self_management(rows: Rows, w: Window) -> dict:
    per_author: dict[int, int] = {}
    member_posts = steward_statuses = 0
    for day, author, steward, kind, n in rows.contributions:
        if not w.holds_day(day):
            continue
        per_author[author] = per_author.get(author, 0) + n
        if kind == "status":
            steward_statuses += n
        elif kind in ("post", "question") and not steward:
            member_posts += n
    counts = list(per_author.values())
    questions = [q for q in rows.questions if w.holds(q["created_at"])]
    answered = [q for q in questions if q["first_by"] is not None]
    accepted = [q for q in questions if q["accepted_by"] is not None]
    cases = [c for c in rows.cases if w.holds(c["opened_at"])]
    return {
        "contributions": sum(counts),
        "contributors": len(counts),
        "gini": gini(counts),
        "top1": top_share(counts, 0.01),
        "top10": top_share(counts, 0.10),
        "questions": len(questions),
        "answered": len(answered),
        "first_by_members": share(sum(not q["first_steward"] for q in answered), len(answered)),
        "accepted": len(accepted),
        "accepted_by_members": share(
            sum(not q["accepted_steward"] for q in accepted), len(accepted)
        ),
        "cases": len(cases),
        "cases_by_juries": share(sum(c["origin"] != "steward" for c in cases), len(cases)),
        "member_posts": member_posts,
        "steward_statuses": steward_statuses,
    }


def _response(rows: Rows, w: Window, target_hours: int, moment: datetime) -> dict:
    questions = [q for q in rows.questions if w.holds(q["created_at"])]
    waits = [_hours(q["first_at"] - q["created_at"]) for q in questions if q["first_at"]]
    unanswered = [q for q in questions if q["first_at"] is None and q["accepted_by"] is None]
    late_open = [q for q in unanswered if _hours(moment - q["created_at"]) > target_hours]
    within = sum(h <= target_hours for h in waits)
    buckets = [0] * (len(RESPONSE_BUCKETS) + 1)
    for h in waits:
        buckets[sum(h >= edge for edge in RESPONSE_BUCKETS)] += 1
    return {
        "target_hours": target_hours,
        "asked": len(questions),
        "answered": len(waits),
        "median_hours": percentile(waits, 0.5),
        "p90_hours": percentile(waits, 0.9),
        "within_target": share(within, len(waits) + len(late_open)),
        "within": within,
        "unanswered": len(unanswered),
        "oldest": [
            {"id": q["id"], "title": q["title"], "asked_at": q["created_at"].isoformat()}
            for q in unanswered[:OLDEST_SHOWN]
        ],
        "buckets": buckets,
    }


def _moderation(rows: Rows, w: Window) -> dict:
    cases = [c for c in rows.cases if w.holds(c["opened_at"])]
    origins = {"rule": 0, "flags": 0, "steward": 0}
    articles: dict[int, dict] = {}
    for c in cases:
        origins[c["origin"]] += 1
        a = articles.setdefault(
            c["article_id"],
            {"id": c["article_id"], "number": c["article__number"], "title": c["article__title"],
             "cases": 0},
        )  # fmt: skip
        a["cases"] += 1
    decided = [c for c in cases if c["decided_at"]]
    waits = [_hours(c["decided_at"] - c["opened_at"]) for c in decided]
    removals = [c for c in decided if c["decision"] == "remove"]
    appeals = [c["appeal"] for c in removals if c["appeal"]]
    appeals_decided = [a for a in appeals if a["decided_at"]]
    overturned = [a for a in appeals_decided if a["decision"] == "keep"]
    ranked = sorted(articles.values(), key=lambda a: (-a["cases"], a["number"]))
    return {
        "cases": len(cases),
        "by_origin": origins,
        "decided": len(decided),
        "decision_median_hours": percentile(waits, 0.5),
        "decision_p90_hours": percentile(waits, 0.9),
        "removals": len(removals),
        "appeals": len(appeals),
        "appeal_rate": share(len(appeals), len(removals)),
        "appeals_decided": len(appeals_decided),
        "overturned": len(overturned),
        "overturn_rate": share(len(overturned), len(appeals_decided)),
        "articles": ranked[:ARTICLES_SHOWN],
    }


def _daily(rows: Rows, w: Window) -> list[dict]:
    days = {w.first_day + timedelta(days=i): [0, 0] for i in range(w.days)}
    for day, _author, steward, _kind, n in rows.contributions:
        if day in days:
            days[day][1 if steward else 0] += n
    return [{"day": d.isoformat(), "members": m, "stewards": s} for d, (m, s) in days.items()]


def _stewards(rows: Rows, w: Window, hours: dict, people: dict) -> list[dict]:
    questions = [q for q in rows.questions if w.holds(q["created_at"]) and q["first_by"]]
    first_answers: dict[int, int] = {}
    for q in questions:
        if q["first_steward"]:
            first_answers[q["first_by"]] = first_answers.get(q["first_by"], 0) + 1
    acts: dict[int, list[int]] = {}
    for user_id, moment, *_rest in rows.steward_acts:
        if w.holds(moment):
            tally = acts.setdefault(user_id, [0, 0])
            tally[0] += 1
            tally[1] += not is_working_time(moment, rows.zone_name, **hours)
    total_acts = sum(t[0] for t in acts.values())
    result = []
    for user_id in sorted(set(acts) | set(first_answers), key=lambda u: people.get(u, ("", ""))):
        answers = first_answers.get(user_id, 0)
        count, outside = acts.get(user_id, [0, 0])
        answer_share = share(answers, len(questions))
        outside_share = share(outside, count)
        handle, name = people.get(user_id, ("", ""))
        result.append({
            "user_id": user_id, "handle": handle, "name": name,
            "answers": answers, "answer_share": answer_share,
            "actions": count, "action_share": share(count, total_acts),
            "out_of_hours": outside, "out_of_hours_share": outside_share,
            "dominant": answers >= DOMINANT_MIN and (answer_share or 0) >= DOMINANT_SHARE,
            "evenings": count >= EVENINGS_MIN and (outside_share or 0) >= EVENINGS_SHARE,
        })  # fmt: skip
    return result


def summarise(rows: Rows, w: Window, *, target_hours: int, hours: dict, people: dict,
              moment: datetime) -> dict:  # fmt: skip
    """The figures of window `w` (and its previous window, for trends) from `rows`."""
    before = w.previous(rows.zone_name)
    current, previous = _self_management(rows, w), _self_management(rows, before)
    response = _response(rows, w, target_hours, moment)
    earlier = _response(rows, before, target_hours, moment)
    response["previous_within_target"] = earlier["within_target"]
    response["previous_median_hours"] = earlier["median_hours"]
    return {
        "first_day": w.first_day.isoformat(),
        "last_day": w.last_day.isoformat(),
        "days": w.days,
        "self": {key: _trend(value, previous[key]) for key, value in current.items()},
        "daily": _daily(rows, w),
        "response": response,
        "moderation": _moderation(rows, w),
        "stewards": _stewards(rows, w, hours, people),
    }


# --- the present state (not a period) ------------------------------------------------------


def mutes_in_force(community, moment: datetime) -> int:
    return Mute.objects.filter(
        community=community, starts_at__lte=moment, ends_at__gt=moment
    ).count()


def runway(community, zone_name: str, moment: datetime) -> dict:
    """Days of content ahead: consecutive local days from today with a status scheduled (or
    already published today), and how far the furthest scheduled one is."""
    from agora.workbench.models import PlannedStatus

    today = zones.local(moment, zone_name).date()
    start = zones.to_utc(today, time(0), zone_name)
    moments = PlannedStatus.objects.filter(
        community=community, state__in=["scheduled", "published"], publish_at__gte=start
    ).values_list("publish_at", flat=True)
    days = {zones.local(m, zone_name).date() for m in moments}
    count = 0
    while today + timedelta(days=count) in days:
        count += 1
    furthest = max(((d - today).days for d in days), default=None)
    return {"days": count, "furthest": furthest}


def unfilled_rituals(community, moment: datetime) -> list[dict]:
    """Active rituals whose next occurrence is missing or not yet ready to publish."""
    from agora.workbench.models import PlannedStatus, Ritual

    result = []
    for ritual in Ritual.objects.filter(community=community, is_active=True).order_by("title"):
        following = (
            PlannedStatus.objects.filter(ritual=ritual, publish_at__gt=moment)
            .exclude(state="failed")
            .order_by("publish_at")
            .first()
        )
        if following is None or following.state == "draft":
            result.append({
                "id": ritual.pk, "title": ritual.title,
                "next_id": following.pk if following else None,
                "next_at": following.publish_at.isoformat() if following else None,
            })  # fmt: skip
    return result
