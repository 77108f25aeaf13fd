"""The health dashboard, the items behind its figures, its CSV exports, settings, digests."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agora.communities.decorators import community_view
from agora.communities.selectors import is_member, is_steward
from agora.core import params
from agora.core.clock import now
from agora.core.errors import InvalidInput, NotFound
from agora.core.forms import bind, submit
from agora.workbench import selectors as workbench_selectors

from . import attention, charts, metrics, selectors, tables
from .export import csv_response
from .forms import HealthSettingsForm, PeriodForm
from .services import settings as settings_services
from .services import snapshots
from .templatetags.health import pct as _pct

ITEMS_PER_PAGE = 50
PUBLIC_ITEMS = {"questions", "posts"}  # lists a member may open from the public summary


def _audience(request, community) -> str:
    """ "steward" (everything), "member" (the summary, if the community shows it to its
    members); anyone else gets the 404 a page that does not exist gets."""
    if is_steward(request.user, community):
        return "steward"
    if selectors.settings_of(community).public_summary and is_member(request.user, community):
        return "member"
    raise NotFound(_("This page does not exist."))


def _period(request, community):
    """The period asked for: (its key, the query string to keep it, the window)."""
    form = PeriodForm(request.GET)
    if not form.is_valid():
        days = [str(message) for name in ("first", "last") for message in form.errors.get(name, [])]
        raise InvalidInput(
            days[0] if days else _("Choose a period of 7, 30 or 90 days, or a first and last day.")
        )
    period = form.cleaned_data["period"] or "30"
    zone_name = community.time_zone
    if period == "custom":
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
        w = snapshots.custom_window(community, first, last)
        query = {"period": "custom", "first": w.first_day.isoformat()}
        query["last"] = w.last_day.isoformat()
    else:
        w = metrics.last_days(int(period), zone_name, now())
        query = {"period": period}
    return period, query, w


def _figures(community, period, w) -> dict:
    if period == "custom":
        return snapshots.custom_period(community, w.first_day, w.last_day).figures
    return snapshots.preset(community, int(period)).figures


# Below these, a share is too early to say anything: "too early to say" rather than a Gini
# of 0 and bars at 100 % on a community's first day.
EARLY_CONTRIBUTORS = 3
EARLY_COUNT = 3


@community_view()
@require_GET
def dashboard(request, community):
    audience = _audience(request, community)
    period, query, w = _period(request, community)
    figures = _figures(community, period, w)
    if audience != "steward":
        figures = selectors.public_summary(figures)
    own = figures["self"]
    response = figures["response"]
    chart = {
        "daily": charts.columns(_("Contributions per day"), figures["daily"]),
        "concentration": charts.bars(
            _("Share of contributions"),
            [
                (_("Top 1 %"), own["top1"]["value"], _pct(own["top1"]["value"])),
                (_("Top 10 %"), own["top10"]["value"], _pct(own["top10"]["value"])),
                (
                    _("First answers by members"),
                    own["first_by_members"]["value"],
                    _pct(own["first_by_members"]["value"]),
                ),
            ],
        ),  # fmt: skip
        "response": charts.bars(
            _("First-response times"),
            [
                (label, n, str(n))
                for label, n in zip(tables.BUCKET_LABELS(), response["buckets"], strict=True)
            ],
        ),  # fmt: skip
    }
    context = {
        "community": community,
        "figures": figures,
        "full": audience == "steward",
        "form": PeriodForm(initial={"period": period, "first": w.first_day, "last": w.last_day}),
        "period": period,
        "query": urlencode(query),
        "chart": chart,
        "bucket_rows": list(zip(tables.BUCKET_LABELS(), response["buckets"], strict=True)),
        # Shares of a handful of contributions, answers or cases say nothing yet.
        "young": own["contributors"]["value"] < EARLY_CONTRIBUTORS,
        "early_contributors": EARLY_CONTRIBUTORS,
        "few_answers": own["answered"]["value"] < EARLY_COUNT,
        "few_accepted": own["accepted"]["value"] < EARLY_COUNT,
        "few_cases": own["cases"]["value"] < EARLY_COUNT,
    }
    if audience == "steward":
        moderation = figures["moderation"]
        chart["origins"] = charts.bars(
            _("Cases by origin"),
            [(label, moderation["by_origin"][key], str(moderation["by_origin"][key]))
             for key, label in tables.ORIGINS()],
        )  # fmt: skip
        chart["workload"] = charts.bars(
            _("Actions outside working hours"),
            [(s["name"], s["out_of_hours_share"], _pct(s["out_of_hours_share"]))
             for s in figures["stewards"]],
        )  # fmt: skip
        context["origins"] = [
            (key, label, moderation["by_origin"][key]) for key, label in tables.ORIGINS()
        ]
        context["attention"] = attention.phrase(figures["attention"])
        context["digest"] = selectors.latest_digest(community)
    return render(request, "health/dashboard.html", context)


ITEM_KINDS = ("questions", "posts", "cases", "contributors", "mutes", "steward")


@community_view()
@require_GET
def items(request, community, kind):
    """The items behind a figure: a list, paginated, and as CSV with `?format=csv`."""
    audience = _audience(request, community)
    if kind not in ITEM_KINDS or (audience != "steward" and kind not in PUBLIC_ITEMS):
        raise NotFound(_("This page does not exist."))
    period, query, w = _period(request, community)
    which = request.GET.get("which", "all")
    page_number = params.parse_page(request.GET.get("page"))
    target = workbench_selectors.settings_of(community).response_target_hours
    title, rows, header, csv_rows = tables.items(
        community, kind, which, w, target, named=audience == "steward",
        article=params.parse_id(request.GET.get("article")),
        user=params.parse_id(request.GET.get("user")),
    )  # fmt: skip
    if request.GET.get("format") == "csv":
        name = f"{community.slug}-{kind}-{which}-{w.first_day}-{w.last_day}.csv"
        return csv_response(name, header, csv_rows)
    page = Paginator(rows, ITEMS_PER_PAGE).get_page(page_number)
    keep = dict(query, which=which)
    for extra in ("article", "user"):
        if request.GET.get(extra):
            keep[extra] = request.GET[extra]
    context = {
        "community": community,
        "kind": kind,
        "which": which,
        "title": title,
        "page": page,
        "window": w,
        "query": urlencode(keep),
        "period_query": urlencode(query),
        "full": audience == "steward",
    }
    return render(request, "health/items.html", context)


PUBLIC_TABLES = {"self-management", "daily", "responsiveness", "response-times", "unanswered"}


@community_view()
@require_GET
def export(request, community, table):
    audience = _audience(request, community)
    period, _query, w = _period(request, community)
    figures = _figures(community, period, w)
    made = tables.export_tables(figures).get(table)
    if made is None or (audience != "steward" and table not in PUBLIC_TABLES):
        raise NotFound(_("There is no such table."))
    header, rows = made
    return csv_response(f"{community.slug}-{table}-{w.first_day}-{w.last_day}.csv", header, rows)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def settings_page(request, community):
    current = selectors.settings_of(community)
    if current.pk is None:
        current.work_days = list(current.work_days)
    form = bind(HealthSettingsForm, request, instance=current)
    outcome = submit(
        form,
        lambda data: settings_services.update_health_settings(
            community=community, by=request.user, **data
        ),
    )
    if outcome.done:
        messages.success(request, _("The health settings are saved."))
        return redirect("health:dashboard", community.slug)
    context = {"community": community, "form": form}
    return render(request, "health/settings.html", context, status=outcome.status)


@community_view(steward=True)
@require_GET
def digest_list(request, community):
    context = {"community": community, "digests": selectors.digests(community)}
    return render(request, "health/digests.html", context)


@community_view(steward=True)
@require_GET
def digest(request, community, digest_id):
    found = selectors.digest_in(community, digest_id)
    context = {
        "community": community,
        "digest": found,
        "figures": found.figures,
        "attention": attention.phrase(found.attention),
        "dashboard": reverse("health:dashboard", args=[community.slug]),
    }
    return render(request, "health/digest.html", context)
