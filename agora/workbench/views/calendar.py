"""The editorial calendar: month and week grids, the side form, actions on a card, the
secret iCalendar link. One view, two renderings: htmx swaps the grid and the form in place."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.communities import selectors as community_selectors
from agora.communities.decorators import community_view
from agora.conversations.forms import posted_images
from agora.core import params, zones
from agora.core.clock import now
from agora.core.errors import AgoraError, InvalidInput
from agora.core.forms import submit
from agora.media import selectors as media_selectors

from .. import ical, selectors
from ..forms import MoveForm, PlannedStatusForm
from ..services import calendar as calendar_services
from ..services import feeds

ACTIONS = {
    "ready": calendar_services.mark_ready,
    "approve": calendar_services.approve,
    "schedule": calendar_services.schedule,
    "unschedule": calendar_services.unschedule,
}


def _view_state(request, community) -> tuple[str, date]:
    view = request.GET.get("view") or request.POST.get("view") or "month"
    view = view if view in {"month", "week"} else "month"
    today = zones.local(now(), community.time_zone).date()
    anchor = params.parse_day(request.GET.get("day") or request.POST.get("anchor")) or today
    return view, anchor


def _grid_context(community, view: str, anchor: date, *, user) -> dict:
    zone_name = community.time_zone
    if view == "week":
        start = zones.week_start(anchor)
        weeks = [[start + timedelta(days=i) for i in range(7)]]
        previous, following = start - timedelta(days=7), start + timedelta(days=7)
    else:
        weeks = selectors.month_grid(anchor)
        first = anchor.replace(day=1)
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
    first_day, last_day = weeks[0][0], weeks[-1][-1]
    begin = zones.to_utc(first_day, datetime.min.time(), zone_name)
    end = zones.to_utc(last_day + timedelta(days=1), datetime.min.time(), zone_name)
    by_day: dict[date, list] = {}
    for planned in selectors.calendar_range(community, begin, end):
        planned.local = zones.local(planned.publish_at, zone_name)
        by_day.setdefault(planned.local.date(), []).append(planned)
    return {
        "community": community,
        "view": view,
        "anchor": anchor,
        "today": zones.local(now(), zone_name).date(),
        "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
        "previous": previous,
        "following": following,
        "zone_name": zone_name,
        "approval_required": selectors.settings_of(community).approval_required,
        "user": user,
    }


def planning_options(community) -> dict:
    """The choices of a planning form: the community's objectives and content pillars."""
    return {
        "objectives": list(selectors.objectives_of(community)),
        "pillars": selectors.settings_of(community).pillars,
    }


def _calendar_response(request, community, view, anchor, *, message=None, planned=None):
    """After a change: the grid for htmx, with the side form showing the status just
    changed (or a fresh form after a new one or a deletion); the calendar page otherwise."""
    if request.htmx:
        context = _grid_context(community, view, anchor, user=request.user)
        if planned is not None:
            planned = selectors.planned_in(community, planned.pk)
            context["form"] = _edit_form(planned, community)
        else:
            context["form"] = PlannedStatusForm(**planning_options(community))
        context["planned"] = planned
        context["oob"] = True
        context["flash"] = message
        return render(request, "workbench/fragments/calendar_update.html", context)
    if message:
        messages.success(request, message)
    url = reverse("workbench:calendar", args=[community.slug])
    return redirect(f"{url}?view={view}&day={anchor.isoformat()}")


@community_view(steward=True)
def calendar(request, community):
    view, anchor = _view_state(request, community)
    new_day = params.parse_day(request.GET.get("new"))  # a day's « + »
    context = _grid_context(community, view, anchor, user=request.user)
    initial = {"day": new_day} if new_day else {}
    context.update(
        form=PlannedStatusForm(initial=initial, **planning_options(community)),
        unplanned=list(selectors.unplanned(community)),
        failed=list(selectors.failed_statuses(community)[:20]),
    )
    if request.htmx and request.GET.get("fragment") == "grid":
        return render(request, "workbench/fragments/calendar_grid.html", context)
    return render(request, "workbench/calendar.html", context)


def _planned_fields(request, form, community) -> dict:
    """A valid planning form as the calendar services' keyword arguments."""
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "publish_at": form.publish_at(community.time_zone),
        "objective_id": int(data["objective"]) if data["objective"] else None,
        "pillar": data["pillar"],
        "images": posted_images(request.POST),
    }


def _images_shown(request, community, planned) -> list:
    """The images the form shows: as posted when it comes back refused (the status's own
    and the steward's new uploads, with their descriptions as typed), else the status's."""
    held = {image.key: image for image in selectors.planned_images(planned)} if planned else {}
    if request.method != "POST":
        return list(held.values())
    shown = []
    for key, alt in posted_images(request.POST, strict=False):
        image = held.get(key) or media_selectors.staged_image(
            key, uploader=request.user, community=community
        )
        if image is not None:
            image.alt = alt
            shown.append(image)
    return shown


def _form_page(request, community, form, context, status):
    """The planning form again, with its errors: into the side panel for htmx."""
    template = "workbench/fragments/plan_form.html" if request.htmx else "workbench/planned.html"
    context.update(
        community=community,
        form=form,
        staged_images=_images_shown(request, community, context.get("planned")),
    )
    response = render(request, template, context, status=status)
    if request.htmx and status >= 400:
        response["HX-Retarget"] = "#plan-panel"
        response["HX-Reswap"] = "innerHTML"
    return response


@community_view(steward=True)
@require_POST
def plan(request, community):
    view, anchor = _view_state(request, community)
    form = PlannedStatusForm(request.POST, **planning_options(community))
    outcome = submit(
        form,
        lambda data: calendar_services.plan_status(
            community=community, by=request.user, **_planned_fields(request, form, community)
        ),
    )
    if outcome.done:
        if outcome.result.publish_at:
            anchor = zones.local(outcome.result.publish_at, community.time_zone).date()
        message = _("The draft is in the calendar.")
        return _calendar_response(request, community, view, anchor, message=message)
    context = {"planned": None, "view": view, "anchor": anchor}
    return _form_page(request, community, form, context, outcome.status)


def _edit_form(planned, community, data=None):
    initial = {
        "title": planned.title,
        "body": planned.body,
        "objective": str(planned.objective_id or ""),
        "pillar": planned.pillar,
    }
    if planned.publish_at:
        moment = zones.local(planned.publish_at, community.time_zone)
        initial.update(day=moment.date(), time=moment.time().replace(second=0, microsecond=0))
    return PlannedStatusForm(data, initial=initial, **planning_options(community))


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def edit(request, community, planned_id):
    planned = selectors.planned_in(community, planned_id)
    view, anchor = _view_state(request, community)
    form = _edit_form(planned, community, request.POST if request.method == "POST" else None)
    outcome = submit(
        form,
        lambda data: calendar_services.edit_planned_status(
            planned=planned, by=request.user, **_planned_fields(request, form, community)
        ),
    )
    if outcome.done:
        message = _("The status is saved.")
        return _calendar_response(
            request, community, view, anchor, message=message, planned=planned
        )
    context = {
        "planned": planned,
        "view": view,
        "anchor": anchor,
        "approval_required": selectors.settings_of(community).approval_required,
    }
    return _form_page(request, community, form, context, outcome.status)


def _action_error(request, community, view, anchor, error: AgoraError):
    """A refused action on a card: said above the grid (htmx), or on a page with a way
    back to the calendar."""
    message = str(error.message)
    if request.htmx:
        context = _grid_context(community, view, anchor, user=request.user)
        context["error"] = message
        template = "workbench/fragments/calendar_grid.html"
        return render(request, template, context, status=error.status)
    url = reverse("workbench:calendar", args=[community.slug])
    context = {
        "community": community,
        "message": message,
        "back": f"{url}?view={view}&day={anchor.isoformat()}",
        "back_text": _("Back to the calendar"),
    }
    return render(request, "workbench/error.html", context, status=error.status)


@community_view(steward=True)
@require_POST
def move(request, community, planned_id):
    planned = selectors.planned_in(community, planned_id)
    view, anchor = _view_state(request, community)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(_("Give a day and a time to move it to."))
        day = form.cleaned_data["day"]
        publish_at = zones.to_utc(day, form.cleaned_data["time"], community.time_zone)
        calendar_services.move_planned_status(
            planned=planned, by=request.user, publish_at=publish_at
        )
    except AgoraError as error:
        return _action_error(request, community, view, anchor, error)
    return _calendar_response(request, community, view, day)


@community_view(steward=True)
@require_POST
def act(request, community, planned_id, action):
    planned = selectors.planned_in(community, planned_id)
    view, anchor = _view_state(request, community)
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    try:
        service(planned=planned, by=request.user)
    except AgoraError as error:
        return _action_error(request, community, view, anchor, error)
    done = {
        "ready": _("Marked ready."),
        "approve": _("Approved."),
        "schedule": _("Scheduled: the worker publishes it at its time."),
        "unschedule": _("Taken off the schedule; it is ready again."),
    }[action]
    return _calendar_response(request, community, view, anchor, message=done, planned=planned)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def delete(request, community, planned_id):
    planned = selectors.planned_in(community, planned_id)
    view, anchor = _view_state(request, community)
    if request.method == "POST":
        try:
            calendar_services.delete_planned_status(planned=planned, by=request.user)
        except AgoraError as error:
            return _action_error(request, community, view, anchor, error)
        return _calendar_response(request, community, view, anchor, message=_("Deleted."))
    context = {"community": community, "planned": planned, "view": view, "anchor": anchor}
    return render(request, "workbench/planned_delete.html", context)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def feed(request, community):
    """The steward's secret calendar link: shown once when created, revocable."""
    link = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feeds.revoke_feed(community=community, user=request.user)
            messages.success(request, _("The calendar link is revoked; it no longer works."))
            return redirect("workbench:feed", community.slug)
        secret = feeds.create_feed(community=community, user=request.user)
        link = request.build_absolute_uri(reverse("calendar_feed", args=[secret]))
    live = selectors.live_feed(community, request.user)
    context = {"community": community, "link": link, "live": live}
    return render(request, "workbench/feed.html", context)


def calendar_feed(request, secret):
    """The iCalendar feed behind a secret link (no session: calendar applications call it)."""
    found = selectors.feed_for_secret(secret)
    if found is None or not community_selectors.is_steward(found.user, found.community):
        raise Http404
    body = ical.calendar(found.community, selectors.feed_statuses(found.community))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
