"""The inbox, the knowledge base, the FAQ and saved replies."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.communities.decorators import community_view
from agora.conversations.models import Post
from agora.core import params
from agora.core.errors import AgoraError
from agora.core.forms import add_service_error

from . import inbox as inbox_selectors
from . import knowledge, selectors
from .forms import AnswerForm, FactForm, SavedReplyForm
from .models import Fact, SavedReply
from .services import facts as fact_services
from .services import inbox as inbox_services
from .services import replies as reply_services

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
        return _with_status(request, community, error.status, str(error.message))
    return redirect("workbench:inbox", community.slug)


def _with_status(request, community, status, message):
    context = {
        "community": community,
        "message": message,
        "back": reverse("workbench:inbox", args=[community.slug]),
        "back_text": _("Back to the inbox"),
    }
    return render(request, "workbench/error.html", context, status=status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def inbox_answer(request, community, post_id):
    """A question opened from the inbox: the best-matching facts and saved replies beside
    the reply form, to start from rather than from nothing."""
    post = get_object_or_404(
        Post.objects.select_related("author"),
        community=community,
        pk=post_id,
        deleted_at__isnull=True,
        moderation_state="visible",
    )
    form = AnswerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                inbox_services.answer_question(
                    post=post,
                    by=request.user,
                    body=form.cleaned_data["body"],
                    saved_reply_id=form.cleaned_data["saved_reply"],
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                messages.success(request, _("Your answer is published."))
                return redirect("workbench:inbox", community.slug)
    suggestions = knowledge.search_facts(
        Fact.objects.all(), community, f"{post.title} {post.body}", any_word=True, limit=3
    )
    context = {
        "community": community,
        "post": post,
        "form": form,
        "suggestions": suggestions,
        "saved_replies": selectors.saved_replies_with_repeats(community),
    }
    return render(request, "workbench/answer.html", context, status=status)


@community_view(steward=True)
def fact_list(request, community):
    query = request.GET.get("q", "")[:200]
    stale_only = request.GET.get("stale") == "1"
    if query:
        found = knowledge.search_facts(Fact.objects.all(), community, query, any_word=False)
    elif stale_only:
        found = list(selectors.stale_facts(community))
    else:
        found = Fact.objects.filter(community=community).order_by("question", "id")
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
    fact = get_object_or_404(Fact, community=community, pk=fact_id) if fact_id else None
    initial = {}
    if fact is not None:
        initial = {
            "question": fact.question,
            "answer": fact.answer,
            "tags": ", ".join(fact.tags),
            "source": fact.source,
            "is_public": fact.is_public,
        }
    form = FactForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                fact_services.save_fact(community=community, by=request.user, fact=fact,
                                        **form.cleaned_data)  # fmt: skip
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                messages.success(request, _("The fact is saved (and counts as reviewed today)."))
                return redirect("workbench:facts", community.slug)
    context = {"community": community, "form": form, "fact": fact}
    return render(request, "workbench/fact_edit.html", context, status=status)


@community_view(steward=True)
@require_POST
def fact_reviewed(request, community, fact_id):
    fact = get_object_or_404(Fact, community=community, pk=fact_id)
    fact_services.mark_reviewed(fact=fact, by=request.user)
    messages.success(request, _("Marked as reviewed today."))
    return redirect(reverse("workbench:facts", args=[community.slug]) + "?stale=1")


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def fact_delete(request, community, fact_id):
    fact = get_object_or_404(Fact, community=community, pk=fact_id)
    if request.method == "POST":
        fact_services.delete_fact(fact=fact, by=request.user)
        messages.success(request, _("The fact is deleted."))
        return redirect("workbench:facts", community.slug)
    return render(request, "workbench/fact_delete.html", {"community": community, "fact": fact})


@community_view()
def faq(request, community):
    """The community's FAQ: its public facts, for everyone who can see the community."""
    facts = Fact.objects.filter(community=community, is_public=True).order_by("question", "id")
    return render(request, "workbench/faq.html", {"community": community, "facts": facts})


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def saved_reply_list(request, community):
    form = SavedReplyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                reply_services.save_reply(community=community, by=request.user,
                                          **form.cleaned_data)  # fmt: skip
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                messages.success(request, _("The saved reply is ready to use from the inbox."))
                return redirect("workbench:saved_replies", community.slug)
    context = {
        "community": community,
        "form": form,
        "replies": selectors.saved_replies_with_repeats(community),
    }
    return render(request, "workbench/saved_replies.html", context, status=status)


@community_view(steward=True)
@require_POST
def saved_reply_delete(request, community, reply_id):
    saved = get_object_or_404(SavedReply, community=community, pk=reply_id)
    reply_services.delete_reply(saved=saved, by=request.user)
    messages.success(request, _("The saved reply is deleted."))
    return redirect("workbench:saved_replies", community.slug)
