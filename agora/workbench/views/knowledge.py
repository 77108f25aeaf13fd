"""The knowledge base (facts, kept reviewed), the public FAQ, and saved replies."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.communities.decorators import community_view
from agora.core import params
from agora.core.forms import bind, submit

from .. import selectors
from ..forms import FactForm, SavedReplyForm
from ..services import facts as fact_services
from ..services import replies as reply_services

PAGE = 50


@community_view(steward=True)
def fact_list(request, community):
    query = request.GET.get("q", "")[:200]
    stale_only = request.GET.get("stale") == "1"
    found = selectors.facts_of(community, query=query, stale_only=stale_only)
    page = Paginator(found, PAGE).get_page(params.parse_page(request.GET.get("page")))
    context = {
        "community": community,
        "page": page,
        "query": query,
        "stale_only": stale_only,
        "stale_count": selectors.stale_facts(community).count(),
        "review_days": selectors.settings_of(community).fact_review_days,
    }
    return render(request, "workbench/facts.html", context)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def fact_edit(request, community, fact_id=None):
    fact = selectors.fact_in(community, fact_id) if fact_id else None
    initial = {}
    if fact is not None:
        initial = {
            "question": fact.question,
            "answer": fact.answer,
            "tags": ", ".join(fact.tags),
            "source": fact.source,
            "is_public": fact.is_public,
        }
    form = bind(FactForm, request, initial=initial)
    outcome = submit(
        form,
        lambda data: fact_services.save_fact(
            community=community, by=request.user, fact=fact, **data
        ),
    )
    if outcome.done:
        messages.success(request, _("The fact is saved (and counts as reviewed today)."))
        return redirect("workbench:facts", community.slug)
    context = {"community": community, "form": form, "fact": fact}
    return render(request, "workbench/fact_edit.html", context, status=outcome.status)


@community_view(steward=True)
@require_POST
def fact_reviewed(request, community, fact_id):
    fact = selectors.fact_in(community, fact_id)
    fact_services.mark_reviewed(fact=fact, by=request.user)
    messages.success(request, _("Marked as reviewed today."))
    return redirect(reverse("workbench:facts", args=[community.slug]) + "?stale=1")


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def fact_delete(request, community, fact_id):
    fact = selectors.fact_in(community, fact_id)
    if request.method == "POST":
        fact_services.delete_fact(fact=fact, by=request.user)
        messages.success(request, _("The fact is deleted."))
        return redirect("workbench:facts", community.slug)
    return render(request, "workbench/fact_delete.html", {"community": community, "fact": fact})


@community_view()
def faq(request, community):
    """The community's FAQ: its public facts, for everyone who can see the community."""
    context = {"community": community, "facts": selectors.public_facts(community)}
    return render(request, "workbench/faq.html", context)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def saved_reply_list(request, community):
    form = bind(SavedReplyForm, request)
    outcome = submit(
        form,
        lambda data: reply_services.save_reply(community=community, by=request.user, **data),
    )
    if outcome.done:
        messages.success(request, _("The saved reply is ready to use from the inbox."))
        return redirect("workbench:saved_replies", community.slug)
    context = {
        "community": community,
        "form": form,
        "replies": selectors.saved_replies_with_repeats(community),
    }
    return render(request, "workbench/saved_replies.html", context, status=outcome.status)


@community_view(steward=True)
@require_POST
def saved_reply_delete(request, community, reply_id):
    saved = selectors.saved_reply_in(community, reply_id)
    reply_services.delete_reply(saved=saved, by=request.user)
    messages.success(request, _("The saved reply is deleted."))
    return redirect("workbench:saved_replies", community.slug)
