"""Members' votes: parse the input, look up and check access, call one service, render."""

from datetime import time

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.accounts.selectors import user_by_handle
from agora.communities import selectors as community_selectors
from agora.communities.decorators import community_view
from agora.communities.forms import ArticleForm, ArticleFormSet, articles_from
from agora.communities.services import mandates
from agora.conversations import selectors as conversation_selectors
from agora.core import zones
from agora.core.errors import InvalidInput, NotFound
from agora.core.forms import add_service_error, bind, submit

from . import selectors
from .forms import BallotForm, GovernanceSettingsForm, MandateForm, ReasonForm
from .models import ProposalState
from .services import ballots, proposals
from .services import settings as settings_services


@community_view()
def index(request, community):
    recent = list(selectors.proposals_of(community).order_by("-created_at")[:50])
    context = {
        "community": community,
        "open": [p for p in recent if p.state == ProposalState.OPEN],
        "closed": [p for p in recent if p.state != ProposalState.OPEN],
        "stewards": community_selectors.stewards_of(community),
        "settings": selectors.settings_of(community),
        "is_steward": community_selectors.is_steward(request.user, community),
        "pinned": conversation_selectors.pinned_posts(community),
    }
    return render(request, "governance/index.html", context)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def amend(request, community):
    current = community_selectors.current_charter(community)
    if current is None:
        raise NotFound()
    initial = [ArticleForm.initial_for(a) for a in current.articles.all()]
    formset = bind(ArticleFormSet, request, prefix="articles", initial=initial)
    form = bind(ReasonForm, request)
    outcome = submit(
        form,
        lambda data: proposals.propose_amendment(
            community=community,
            by=request.user,
            articles=articles_from(formset),
            reason=data["reason"],
        ),
        also=[formset],
    )
    if outcome.done:
        messages.success(request, _("Your amendment is put to the members' vote."))
        return redirect("governance:proposal", community.slug, outcome.result.pk)
    context = {"community": community, "formset": formset, "form": form, "current": current}
    return render(request, "governance/amend.html", context, status=outcome.status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def propose_steward(request, community):
    form = bind(MandateForm, request)

    def propose(data):
        ends_on = data["ends_at"]
        return proposals.propose_mandate(
            community=community,
            by=request.user,
            candidate=user_by_handle(data["candidate"].strip().lstrip("@")),
            reason=data["reason"],
            # The end of the chosen day, in the community's time.
            ends_at=zones.to_utc(ends_on, time(23, 59), community.time_zone) if ends_on else None,
        )

    outcome = submit(form, propose)
    if outcome.done:
        messages.success(request, _("The mandate is put to the members' vote."))
        return redirect("governance:proposal", community.slug, outcome.result.pk)
    context = {"community": community, "form": form}
    return render(request, "governance/propose_steward.html", context, status=outcome.status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def revoke(request, community, mandate_id):
    mandate = selectors.mandate_in(community, mandate_id)
    form = bind(ReasonForm, request)
    outcome = submit(
        form,
        lambda data: proposals.propose_revocation(
            community=community, by=request.user, mandate=mandate, reason=data["reason"]
        ),
    )
    if outcome.done:
        messages.success(request, _("The revocation is put to the members' vote."))
        return redirect("governance:proposal", community.slug, outcome.result.pk)
    context = {"community": community, "form": form, "mandate": mandate}
    return render(request, "governance/revoke.html", context, status=outcome.status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def unpin(request, community, post_id):
    """Propose that the members take a pinned post down."""
    post = conversation_selectors.post_in(community, post_id)
    if not conversation_selectors.is_pinned(post):
        raise NotFound()
    form = bind(ReasonForm, request)
    outcome = submit(
        form,
        lambda data: proposals.propose_unpin(
            community=community, by=request.user, post=post, reason=data["reason"]
        ),
    )
    if outcome.done:
        messages.success(request, _("Unpinning this post is put to the members' vote."))
        return redirect("governance:proposal", community.slug, outcome.result.pk)
    context = {"community": community, "form": form, "post": post}
    return render(request, "governance/unpin.html", context, status=outcome.status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def lay_down(request, community, mandate_id):
    mandate = selectors.mandate_in(community, mandate_id)
    if mandate.user_id != request.user.pk:
        raise NotFound()
    if request.method == "POST":
        mandates.lay_down_mandate(mandate=mandate, by=request.user)
        messages.success(request, _("You laid down your mandate. Thank you for your work."))
        return redirect("governance:index", community.slug)
    return render(request, "governance/lay_down.html", {"community": community, "mandate": mandate})


def _proposal_context(request, community, proposal, ballot_form=None):
    return {
        "community": community,
        "proposal": proposal,
        "diff": selectors.amendment_diff(proposal) if proposal.kind == "amendment" else None,
        "my_ballot": selectors.ballot_of(request.user, proposal),
        "ballot_form": ballot_form or BallotForm(),
        "ballots": selectors.ballot_count(proposal),
    }


@community_view()
def proposal_detail(request, community, proposal_id):
    proposal = selectors.proposal_in(community, proposal_id)
    return render(
        request, "governance/proposal.html", _proposal_context(request, community, proposal)
    )


@community_view(login=True)
@require_POST
def vote(request, community, proposal_id):
    proposal = selectors.proposal_in(community, proposal_id)
    form = BallotForm(request.POST)
    outcome = submit(
        form, lambda data: ballots.cast_ballot(proposal=proposal, voter=request.user, **data)
    )
    if outcome.done:
        messages.success(request, _("Your ballot is counted."))
        return redirect("governance:proposal", community.slug, proposal.pk)
    if not form.is_valid():
        add_service_error(form, InvalidInput(_("Choose yes or no.")))
    context = _proposal_context(request, community, proposal, ballot_form=form)
    return render(request, "governance/proposal.html", context, status=outcome.status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def settings_page(request, community):
    """How long the members' votes last and how many ballots they need (stewards)."""
    form = bind(GovernanceSettingsForm, request, instance=selectors.settings_of(community))
    outcome = submit(
        form,
        lambda data: settings_services.update_governance_settings(
            community=community, by=request.user, **data
        ),
    )
    if outcome.done:
        messages.success(request, _("The voting settings are saved."))
        return redirect("governance:index", community.slug)
    context = {"community": community, "form": form}
    return render(request, "governance/settings.html", context, status=outcome.status)
