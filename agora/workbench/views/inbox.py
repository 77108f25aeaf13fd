"""The inbox: what waits for an answer, claims, and answering a question from it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.communities.decorators import community_view
from agora.core import params
from agora.core.errors import AgoraError
from agora.core.forms import bind, submit

from .. import inbox as inbox_selectors
from .. import selectors
from ..forms import AnswerForm
from ..services import inbox as inbox_services

PAGE = 50


@community_view(steward=True)
def inbox(request, community):
    kind = request.GET.get("kind", "")
    kind = kind if kind in inbox_selectors.KINDS else ""
    claimed = request.GET.get("claimed", "")
    claimed = claimed if claimed in {"mine", "others", "unclaimed"} else ""
    items = inbox_selectors.inbox(community, kind=kind, claimed=claimed, user=request.user)
    page = Paginator(items, PAGE).get_page(params.parse_page(request.GET.get("page")))
    context = {
        "community": community,
        "page": page,
        "kind": kind,
        "claimed": claimed,
        "kinds": inbox_selectors.KINDS,
        "overdue": sum(1 for item in items if item.overdue),
        "target_hours": selectors.settings_of(community).response_target_hours,
        "answered": inbox_selectors.answered_questions(community),
    }
    return render(request, "workbench/inbox.html", context)


@community_view(steward=True)
@require_POST
def inbox_claim(request, community):
    item = request.POST.get("item", "")
    try:
        if request.POST.get("action") == "release":
            inbox_services.release(community=community, by=request.user, item=item)
            messages.success(request, _("Released: another steward can take it."))
        else:
            inbox_services.claim(community=community, by=request.user, item=item)
            messages.success(request, _("It is yours: the other stewards see that you answer it."))
    except AgoraError as error:
        # Said on a page with the way back to the inbox ("Léa is already answering this").
        context = {
            "community": community,
            "message": str(error.message),
            "back": reverse("workbench:inbox", args=[community.slug]),
            "back_text": _("Back to the inbox"),
        }
        return render(request, "workbench/error.html", context, status=error.status)
    return redirect("workbench:inbox", community.slug)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def inbox_answer(request, community, post_id):
    """A question opened from the inbox: the best-matching facts and saved replies beside
    the reply form, to start from rather than from nothing."""
    post = selectors.question_to_answer(community, post_id)
    form = bind(AnswerForm, request)
    outcome = submit(
        form,
        lambda data: inbox_services.answer_question(
            post=post, by=request.user, body=data["body"], saved_reply_id=data["saved_reply"]
        ),
    )
    if outcome.done:
        messages.success(request, _("Your answer is published."))
        return redirect("workbench:inbox", community.slug)
    context = {
        "community": community,
        "post": post,
        "form": form,
        "suggestions": selectors.suggested_facts(community, post),
        "saved_replies": selectors.saved_replies_with_repeats(community),
    }
    return render(request, "workbench/answer.html", context, status=outcome.status)
