"""The dashboard's tables as rows: the same numbers for the page, the items lists and CSV."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from agora.core.errors import InvalidInput

from . import selectors

QUESTION_FILTERS = (
    "all", "answered", "by_members", "by_stewards", "accepted_members", "accepted_stewards",
    "unanswered", "within", "late",
)  # fmt: skip
CASE_FILTERS = (
    "all", "rule", "flags", "steward", "juries", "decided", "removed", "appealed", "overturned",
)  # fmt: skip
POST_FILTERS = ("members", "statuses")


def BUCKET_LABELS():  # noqa: N802 - a constant, translated when asked
    return [_("under 1 h"), _("1 to 4 h"), _("4 to 24 h"), _("over 24 h")]


def ORIGINS():  # noqa: N802
    return [("rule", pgettext("case origin", "automatic rule")),
            ("flags", pgettext("case origin", "members' flags")),
            ("steward", pgettext("case origin", "steward's urgent action"))]  # fmt: skip


def _absolute(path: str) -> str:
    return django_settings.BASE_URL + path


def _check(which, allowed):
    if which not in allowed:
        raise InvalidInput(
            _("Unknown filter “%(which)s”. Use one of: %(allowed)s.")
            % {"which": which[:40], "allowed": ", ".join(allowed)}
        )


def items(community, kind, which, w, target, *, named=True, article=None, user=None):
    """(title, rows for the page, CSV header, CSV rows) of the items behind a figure;
    without `named` (the members' summary), lists name nobody."""
    slug = community.slug
    if kind == "questions":
        _check(which, QUESTION_FILTERS)
        found = selectors.questions(community, w, which, target)
        rows = [
            {"url": reverse("conversations:post", args=[slug, q["id"]]),
             "label": q["title"] or _("(untitled)"), "when": q["created_at"],
             "wait": q["wait_hours"], "steward": q["first_steward"]}
            for q in found
        ]  # fmt: skip
        header = ["id", "title", "asked_at", "first_answer_hours", "first_answer_by_steward",
                  "url"]  # fmt: skip
        csv_rows = [
            [q["id"], q["title"], q["created_at"].isoformat(),
             None if q["wait_hours"] is None else round(q["wait_hours"], 2),
             q["first_steward"] if q["first_by"] else None,
             _absolute(reverse("conversations:post", args=[slug, q["id"]]))]
            for q in found
        ]  # fmt: skip
        return _("Questions"), rows, header, csv_rows
    if kind == "posts":
        _check(which, POST_FILTERS)
        found = list(selectors.posts(community, w, which).order_by("-created_at", "-id")[:5000])
        rows = [
            {"url": reverse("conversations:post", args=[slug, p.pk]),
             "label": p.title or p.body[:80], "when": p.created_at,
             "person": p.author.display_name if named else ""}
            for p in found
        ]  # fmt: skip
        header = ["id", "kind", "title", "author", "created_at", "url"]
        csv_rows = [
            [p.pk, p.kind, p.title or p.body[:80], p.author.handle if named else "",
             p.created_at.isoformat(), _absolute(reverse("conversations:post", args=[slug, p.pk]))]
            for p in found
        ]  # fmt: skip
        title = _("Stewards' statuses") if which == "statuses" else _("Members' posts")
        return title, rows, header, csv_rows
    if kind == "cases":
        _check(which, CASE_FILTERS)
        found = list(selectors.cases(community, w, which, article=article))
        rows = [
            {"url": reverse("moderation:case", args=[slug, c.pk]),
             "label": _("Case %(id)d — article %(number)d, %(title)s")
             % {"id": c.pk, "number": c.article.number, "title": c.article.title},
             "when": c.opened_at, "info": c.get_origin_display(),
             "decision": c.get_decision_display()}
            for c in found
        ]  # fmt: skip
        header = ["id", "origin", "article", "article_title", "opened_at", "decided_at",
                  "decision", "appealed", "appeal_decision", "url"]  # fmt: skip
        csv_rows = []
        for c in found:
            appeal = getattr(c, "appeal", None) if hasattr(c, "appeal") else None
            csv_rows.append([
                c.pk, c.origin, c.article.number, c.article.title, c.opened_at.isoformat(),
                c.decided_at.isoformat() if c.decided_at else None, c.decision or None,
                appeal is not None, appeal.decision if appeal else None,
                _absolute(reverse("moderation:case", args=[slug, c.pk])),
            ])  # fmt: skip
        return _("Moderation cases"), rows, header, csv_rows
    if kind == "contributors":
        found = selectors.contributors(community, w)
        rows = [
            {"url": reverse("member", args=[c["handle"]]), "label": c["name"],
             "count": c["contributions"]}
            for c in found
        ]  # fmt: skip
        return (_("Contributors"), rows, ["handle", "name", "contributions"],
                [[c["handle"], c["name"], c["contributions"]] for c in found])  # fmt: skip
    if kind == "mutes":
        found = list(selectors.mutes_in_force(community))
        rows = [
            {"url": reverse("moderation:case", args=[slug, m.case_id]),
             "label": m.user.display_name, "when": m.ends_at}
            for m in found
        ]  # fmt: skip
        return (_("Mutes in force"), rows, ["handle", "until", "case"],
                [[m.user.handle, m.ends_at.isoformat(), m.case_id] for m in found])  # fmt: skip
    if kind == "steward":
        if user is None:
            raise InvalidInput(_("Choose a steward."))
        found = selectors.steward_acts(community, w, user)
        rows = [
            {"url": _act_url(slug, a), "label": _act_label(a["kind"]), "when": a["at"],
             "outside": a["outside"]}
            for a in found
        ]  # fmt: skip
        header = ["kind", "id", "at", "outside_working_hours"]
        csv_rows = [[a["kind"], a["id"], a["at"].isoformat(), a["outside"]] for a in found]
        return _("A steward's actions"), rows, header, csv_rows
    raise InvalidInput(_("Unknown list."))


def _act_label(kind):
    return {
        "comment": pgettext("act kind", "Comment"), "status": pgettext("act kind", "Status"),
        "post": pgettext("act kind", "Post"), "question": pgettext("act kind", "Question"),
        "urgent": pgettext("act kind", "Urgent action"),
    }.get(kind, kind)  # fmt: skip


def _act_url(slug, act):
    if act["kind"] == "urgent":
        return reverse("moderation:case", args=[slug, act["id"]])
    if act["kind"] == "comment":
        return reverse("conversations:post", args=[slug, act["post_id"]]) + f"#c{act['id']}"
    return reverse("conversations:post", args=[slug, act["id"]])


def export_tables(figures: dict) -> dict:
    """Every table of the dashboard: name → (header, rows)."""
    own, response, moderation = figures["self"], figures["response"], figures["moderation"]
    present = figures["present"]
    self_rows = [[key, own[key]["value"], own[key]["previous"]] for key in own]
    return {
        "self-management": (["figure", "value", "previous_period"], self_rows),
        "daily": (["day", "members", "stewards"],
                  [[d["day"], d["members"], d["stewards"]] for d in figures["daily"]]),
        "responsiveness": (["figure", "value"], [
            ["target_hours", response["target_hours"]], ["asked", response["asked"]],
            ["answered", response["answered"]], ["median_hours", response["median_hours"]],
            ["p90_hours", response["p90_hours"]], ["within_target", response["within_target"]],
            ["unanswered", response["unanswered"]],
        ]),
        "response-times": (["bucket", "questions"],
                           [list(r) for r in zip(BUCKET_LABELS(), response["buckets"],
                                                 strict=True)]),
        "unanswered": (["id", "title", "asked_at"],
                       [[q["id"], q["title"], q["asked_at"]] for q in response["oldest"]]),
        "moderation": (["figure", "value"], [
            ["cases", moderation["cases"]], ["decided", moderation["decided"]],
            ["decision_median_hours", moderation["decision_median_hours"]],
            ["decision_p90_hours", moderation["decision_p90_hours"]],
            ["removals", moderation["removals"]], ["appeals", moderation["appeals"]],
            ["appeal_rate", moderation["appeal_rate"]],
            ["appeals_decided", moderation["appeals_decided"]],
            ["overturned", moderation["overturned"]],
            ["overturn_rate", moderation["overturn_rate"]],
            ["mutes_in_force", present["mutes_in_force"]],
        ]),
        "origins": (["origin", "cases"], [[k, v] for k, v in moderation["by_origin"].items()]),
        "articles": (["article", "title", "cases"],
                     [[a["number"], a["title"], a["cases"]] for a in moderation["articles"]]),
        "stewards": (["handle", "name", "first_answers", "answer_share", "actions",
                      "action_share", "out_of_hours", "out_of_hours_share"],
                     [[s["handle"], s["name"], s["answers"], s["answer_share"], s["actions"],
                       s["action_share"], s["out_of_hours"], s["out_of_hours_share"]]
                      for s in figures["stewards"]]),
        "preparation": (["figure", "value"], [
            ["days_scheduled_ahead", present["runway"]["days"]],
            ["furthest_scheduled_day", present["runway"]["furthest"]],
            ["rituals_without_next_occurrence", len(present["rituals_unfilled"])],
            ["inbox_items", present["inbox_total"]],
            ["inbox_items_past_target", present["inbox_overdue"]],
        ]),
        "rituals": (["ritual", "next_occurrence"],
                    [[r["title"], r["next_at"]] for r in present["rituals_unfilled"]]),
        "objectives": (["objective", "indicator", "metric", "target", "value", "met"],
                       [[o["objective"], o["indicator"], o["metric"], o["target_text"],
                         o["value"], o["met"]] for o in figures["objectives"]]),
    }  # fmt: skip
