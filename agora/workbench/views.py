"""The stewards' workbench pages: thin views over the services and selectors."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from agora.communities import selectors as community_selectors
from agora.communities.decorators import community_view
from agora.core import params, zones
from agora.core.errors import AgoraError
from agora.core.forms import add_service_error

from . import ical, selectors
from .forms import (
    MoveForm,
    ObjectiveForm,
    PlannedStatusForm,
    RitualForm,
    WorkbenchSettingsForm,
)
from .models import CalendarFeed, Objective, PlannedStatus, Ritual
from .services import calendar as calendar_services
from .services import feeds, objectives, rituals
from .services import settings as settings_services

ACTIONS = {
    "ready": calendar_services.mark_ready,
    "approve": calendar_services.approve,
    "schedule": calendar_services.schedule,
    "unschedule": calendar_services.unschedule,
}


def _view_state(request, community) -> tuple[str, date]:
    view = request.GET.get("view") or request.POST.get("view") or "month"
    view = view if view in {"month", "week"} else "month"
    zone_name = community.time_zone
    today = zones.local(selectors.now(), zone_name).date()
    anchor = params.parse_day(request.GET.get("day") or request.POST.get("anchor")) or today
    return view, anchor


def _grid_context(community, view: str, anchor: date, *, user) -> dict:
    settings = selectors.settings_of(community)
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
    today = zones.local(selectors.now(), zone_name).date()
    return {
        "community": community,
        "view": view,
        "anchor": anchor,
        "today": today,
        "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
        "previous": previous,
        "following": following,
        "zone_name": zone_name,
        "approval_required": settings.approval_required,
        "user": user,
    }


def _planning_options(community) -> dict:
    return {
        "objectives": list(Objective.objects.filter(community=community).order_by("-starts_on")),
        "pillars": selectors.settings_of(community).pillars,
    }


def _calendar_response(request, community, view, anchor, *, message=None, planned=None):
    """After a change: the grid for htmx, with the side form showing the status just
    changed (or a fresh form after a new one or a deletion); the calendar page otherwise."""
    if request.htmx:
        context = _grid_context(community, view, anchor, user=request.user)
        if planned is not None:
            planned = _get_planned(community, planned.pk)
            context["form"] = _edit_form(planned, community)
        else:
            context["form"] = PlannedStatusForm(**_planning_options(community))
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
    options = _planning_options(community)
    initial = {"day": new_day} if new_day else {}
    context.update(
        form=PlannedStatusForm(initial=initial, **options),
        unplanned=list(selectors.unplanned(community)),
        failed=list(selectors.failed_statuses(community)[:20]),
    )
    if request.htmx and request.GET.get("fragment") == "grid":
        return render(request, "workbench/fragments/calendar_grid.html", context)
    return render(request, "workbench/calendar.html", context)


def _planned_fields(form, community) -> dict:
    """A valid planning form as the calendar services' keyword arguments."""
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "publish_at": form.publish_at(community.time_zone),
        "objective_id": int(data["objective"]) if data["objective"] else None,
        "pillar": data["pillar"],
    }


def _form_error_response(request, community, form, template, context, status):
    context.update(community=community, form=form)
    response = render(request, template, context, status=status)
    if request.htmx:
        response["HX-Retarget"] = "#plan-panel"
        response["HX-Reswap"] = "innerHTML"
    return response


@community_view(steward=True)
@require_POST
def plan(request, community):
    view, anchor = _view_state(request, community)
    form = PlannedStatusForm(request.POST, **_planning_options(community))
    status = 400
    if form.is_valid():
        try:
            planned = calendar_services.plan_status(
                community=community, by=request.user, **_planned_fields(form, community)
            )
        except AgoraError as error:
            status = error.status
            add_service_error(form, error)
        else:
            if planned.publish_at:
                anchor = zones.local(planned.publish_at, community.time_zone).date()
            return _calendar_response(
                request, community, view, anchor, message=_("The draft is in the calendar.")
            )
    template = "workbench/fragments/plan_form.html" if request.htmx else "workbench/planned.html"
    context = {"planned": None, "view": view, "anchor": anchor}
    return _form_error_response(request, community, form, template, context, status)


def _get_planned(community, planned_id) -> PlannedStatus:
    return get_object_or_404(
        PlannedStatus.objects.select_related("author", "approved_by", "post", "objective"),
        community=community,
        pk=planned_id,
    )


def _edit_form(planned, community, data=None):
    zone_name = community.time_zone
    initial = {
        "title": planned.title,
        "body": planned.body,
        "objective": str(planned.objective_id or ""),
        "pillar": planned.pillar,
    }
    if planned.publish_at:
        moment = zones.local(planned.publish_at, zone_name)
        initial.update(day=moment.date(), time=moment.time().replace(second=0, microsecond=0))
    return PlannedStatusForm(data, initial=initial, **_planning_options(community))


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def edit(request, community, planned_id):
    planned = _get_planned(community, planned_id)
    view, anchor = _view_state(request, community)
    form = _edit_form(planned, community, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                calendar_services.edit_planned_status(
                    planned=planned, by=request.user, **_planned_fields(form, community)
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                return _calendar_response(
                    request,
                    community,
                    view,
                    anchor,
                    message=_("The status is saved."),
                    planned=planned,
                )
    context = {
        "planned": planned,
        "view": view,
        "anchor": anchor,
        "approval_required": selectors.settings_of(community).approval_required,
    }
    template = "workbench/fragments/plan_form.html" if request.htmx else "workbench/planned.html"
    if request.method == "POST":
        return _form_error_response(request, community, form, template, context, status)
    context.update(community=community, form=form)
    return render(request, template, context)


@community_view(steward=True)
@require_POST
def move(request, community, planned_id):
    planned = _get_planned(community, planned_id)
    view, anchor = _view_state(request, community)
    form = MoveForm(request.POST)
    if not form.is_valid():
        message = _("Give a day and a time to move it to.")
        return _action_error(request, community, view, anchor, message, 400)
    zone_name = community.time_zone
    publish_at = zones.to_utc(form.cleaned_data["day"], form.cleaned_data["time"], zone_name)
    try:
        calendar_services.move_planned_status(
            planned=planned, by=request.user, publish_at=publish_at
        )
    except AgoraError as error:
        return _action_error(request, community, view, anchor, str(error.message), error.status)
    return _calendar_response(request, community, view, form.cleaned_data["day"])


def _action_error(request, community, view, anchor, message, status):
    if request.htmx:
        context = _grid_context(community, view, anchor, user=request.user)
        context["error"] = message
        return render(request, "workbench/fragments/calendar_grid.html", context, status=status)
    url = reverse("workbench:calendar", args=[community.slug])
    context = {
        "community": community,
        "message": message,
        "back": f"{url}?view={view}&day={anchor.isoformat()}",
        "back_text": _("Back to the calendar"),
    }
    return render(request, "workbench/error.html", context, status=status)


@community_view(steward=True)
@require_POST
def act(request, community, planned_id, action):
    planned = _get_planned(community, planned_id)
    view, anchor = _view_state(request, community)
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    try:
        service(planned=planned, by=request.user)
    except AgoraError as error:
        return _action_error(request, community, view, anchor, str(error.message), error.status)
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
    planned = _get_planned(community, planned_id)
    view, anchor = _view_state(request, community)
    if request.method == "POST":
        try:
            calendar_services.delete_planned_status(planned=planned, by=request.user)
        except AgoraError as error:
            return _action_error(request, community, view, anchor, str(error.message), error.status)
        return _calendar_response(request, community, view, anchor, message=_("Deleted."))
    context = {"community": community, "planned": planned, "view": view, "anchor": anchor}
    return render(request, "workbench/planned_delete.html", context)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def ritual_list(request, community):
    options = _planning_options(community)
    form = RitualForm(request.POST if request.method == "POST" else None, **options)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                ritual = rituals.create_ritual(
                    community=community,
                    by=request.user,
                    title=data["title"],
                    body=data["body"],
                    frequency=data["frequency"],
                    weekday=data["weekday"] if data["weekday"] != "" else None,
                    day_of_month=data["day_of_month"],
                    time=data["time"],
                    weeks_ahead=data["weeks_ahead"],
                    objective_id=int(data["objective"]) if data["objective"] else None,
                    pillar=data["pillar"],
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                count = ritual.occurrences.count()
                messages.success(
                    request,
                    ngettext(
                        "The ritual is set: %(n)d draft waits in the calendar.",
                        "The ritual is set: %(n)d drafts wait in the calendar.",
                        count,
                    )
                    % {"n": count},
                )
                return redirect("workbench:rituals", community.slug)
    context = {
        "community": community,
        "form": form,
        "rituals": Ritual.objects.filter(community=community).order_by("-is_active", "title"),
    }
    return render(request, "workbench/rituals.html", context, status=status)


@community_view(steward=True)
@require_POST
def ritual_stop(request, community, ritual_id):
    ritual = get_object_or_404(Ritual, community=community, pk=ritual_id, is_active=True)
    removed = rituals.stop_ritual(ritual=ritual, by=request.user)
    messages.success(
        request,
        ngettext(
            "The ritual is stopped; %(n)d untouched future draft was removed.",
            "The ritual is stopped; %(n)d untouched future drafts were removed.",
            removed,
        )
        % {"n": removed},
    )
    return redirect("workbench:rituals", community.slug)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def objective_list(request, community):
    form = ObjectiveForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                objectives.set_objective(
                    community=community,
                    by=request.user,
                    title=data["title"],
                    description=data["description"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    indicators=objectives.parse_indicators(data["indicators"]),
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                messages.success(request, _("The objective is saved."))
                return redirect("workbench:objectives", community.slug)
    context = {
        "community": community,
        "form": form,
        "objectives": selectors.objectives_with_served(community),
    }
    return render(request, "workbench/objectives.html", context, status=status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def settings_page(request, community):
    current = selectors.settings_of(community)
    form = WorkbenchSettingsForm(
        request.POST if request.method == "POST" else None, instance=current
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in settings_services.FIELDS}
            try:
                settings_services.update_workbench_settings(
                    community=community, by=request.user, **values
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                messages.success(request, _("The workbench settings are saved."))
                return redirect("workbench:calendar", community.slug)
    context = {"community": community, "form": form}
    return render(request, "workbench/settings.html", context, status=status)


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
    live = CalendarFeed.objects.filter(
        community=community, user=request.user, revoked_at__isnull=True
    ).first()
    context = {"community": community, "link": link, "live": live}
    return render(request, "workbench/feed.html", context)


def calendar_feed(request, secret):
    """The iCalendar feed behind a secret link (no session: calendar applications call it)."""
    found = feeds.feed_for_secret(secret)
    if found is None or not community_selectors.is_steward(found.user, found.community):
        raise Http404
    body = ical.calendar(found.community, selectors.feed_statuses(found.community))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
