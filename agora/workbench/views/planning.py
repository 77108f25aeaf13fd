"""Planning ahead: rituals (recurring statuses), objectives, and the workbench settings."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from agora.communities.decorators import community_view
from agora.core.forms import bind, submit

from .. import selectors
from ..forms import ObjectiveForm, RitualForm, WorkbenchSettingsForm
from ..services import objectives, rituals
from ..services import settings as settings_services
from .calendar import planning_options


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def ritual_list(request, community):
    form = bind(RitualForm, request, **planning_options(community))
    outcome = submit(
        form,
        lambda data: rituals.create_ritual(
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
        ),
    )
    if outcome.done:
        count = selectors.occurrence_count(outcome.result)
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
    context = {"community": community, "form": form, "rituals": selectors.rituals_of(community)}
    return render(request, "workbench/rituals.html", context, status=outcome.status)


@community_view(steward=True)
@require_POST
def ritual_stop(request, community, ritual_id):
    ritual = selectors.active_ritual_in(community, ritual_id)
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
    form = bind(ObjectiveForm, request)
    outcome = submit(
        form,
        lambda data: objectives.set_objective(
            community=community,
            by=request.user,
            title=data["title"],
            description=data["description"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            indicators=objectives.parse_indicators(data["indicators"]),
        ),
    )
    if outcome.done:
        messages.success(request, _("The objective is saved."))
        return redirect("workbench:objectives", community.slug)
    context = {
        "community": community,
        "form": form,
        "objectives": selectors.objectives_with_served(community),
    }
    return render(request, "workbench/objectives.html", context, status=outcome.status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def settings_page(request, community):
    form = bind(WorkbenchSettingsForm, request, instance=selectors.settings_of(community))
    outcome = submit(
        form,
        lambda data: settings_services.update_workbench_settings(
            community=community,
            by=request.user,
            **{name: data[name] for name in settings_services.FIELDS},
        ),
    )
    if outcome.done:
        messages.success(request, _("The workbench settings are saved."))
        return redirect("workbench:calendar", community.slug)
    context = {"community": community, "form": form}
    return render(request, "workbench/settings.html", context, status=outcome.status)
