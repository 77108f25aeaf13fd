"""Members' votes: parse the input, look up and check access, call one service, render."""

from datetime import UTC, datetime, time

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.accounts.models import User
from agora.communities import selectors as community_selectors
from agora.communities.decorators import community_view
from agora.communities.forms import ArticleForm, ArticleFormSet, articles_from
from agora.communities.models import StewardMandate
from agora.communities.services import mandates
from agora.core.errors import AgoraError, InvalidInput, NotFound
from agora.core.forms import add_service_error

from . import selectors
from .forms import BallotForm, GovernanceSettingsForm, MandateForm, ReasonForm
from .models import ProposalState
from .services import ballots, proposals
from .services import settings as settings_services


def _error(request, error):
    return render(request, "error.html", {"error": error}, status=error.status)


@community_view()
def index(request, community):
    proposals = list(selectors.proposals_of(community).order_by("-created_at")[:50])
    context = {
        "community": community,
        "open": [p for p in proposals if p.state == ProposalState.OPEN],
        "closed": [p for p in proposals if p.state != ProposalState.OPEN],
        "stewards": community_selectors.stewards_of(community),
        "settings": selectors.settings_of(community),
        "is_steward": community_selectors.is_steward(request.user, community),
    }
    return render(request, "governance/index.html", context)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def amend(request, community):
    current = community_selectors.current_charter(community)
    if current is None:
        return _error(request, NotFound())
    post = request.POST if request.method == "POST" else None
    initial = [ArticleForm.initial_for(a) for a in current.articles.all()]
    formset = ArticleFormSet(post, prefix="articles", initial=initial)
    form = ReasonForm(post)
    status = 200
    if post is not None:
        status = 400
        if formset.is_valid() and form.is_valid():
            try:
                proposal = proposals.propose_amendment(
                    community=community,
                    by=request.user,
                    articles=articles_from(formset),
                    reason=form.cleaned_data["reason"],
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                messages.success(request, _("Your amendment is put to the members' vote."))
                return redirect("governance:proposal", community.slug, proposal.pk)
    context = {"community": community, "formset": formset, "form": form, "current": current}
    return render(request, "governance/amend.html", context, status=status)


def _end_of_day(day):
    return datetime.combine(day, time(23, 59), tzinfo=UTC) if day else None


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def propose_steward(request, community):
    form = MandateForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            handle = form.cleaned_data["candidate"].strip().lstrip("@").lower()
            candidate = User.objects.filter(handle=handle, is_active=True).first()
            try:
                proposal = proposals.propose_mandate(
                    community=community,
                    by=request.user,
                    candidate=candidate,
                    reason=form.cleaned_data["reason"],
                    ends_at=_end_of_day(form.cleaned_data["ends_at"]),
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                messages.success(request, _("The mandate is put to the members' vote."))
                return redirect("governance:proposal", community.slug, proposal.pk)
    context = {"community": community, "form": form}
    return render(request, "governance/propose_steward.html", context, status=status)


def _mandate(community, mandate_id):
    mandate = (
        StewardMandate.objects.filter(community=community, pk=mandate_id)
        .select_related("user")
        .first()
    )
    if mandate is None:
        raise NotFound()
    return mandate


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def revoke(request, community, mandate_id):
    try:
        mandate = _mandate(community, mandate_id)
    except AgoraError as error:
        return _error(request, error)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                proposal = proposals.propose_revocation(
                    community=community,
                    by=request.user,
                    mandate=mandate,
                    reason=form.cleaned_data["reason"],
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                messages.success(request, _("The revocation is put to the members' vote."))
                return redirect("governance:proposal", community.slug, proposal.pk)
    context = {"community": community, "form": form, "mandate": mandate}
    return render(request, "governance/revoke.html", context, status=status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def lay_down(request, community, mandate_id):
    try:
        mandate = _mandate(community, mandate_id)
    except AgoraError as error:
        return _error(request, error)
    if mandate.user_id != request.user.pk:
        return _error(request, NotFound())
    if request.method == "POST":
        try:
            mandates.lay_down_mandate(mandate=mandate, by=request.user)
        except AgoraError as error:
            return _error(request, error)
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
        "ballots": proposal.ballots.count(),
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
    status = 400
    if form.is_valid():
        try:
            ballots.cast_ballot(proposal=proposal, voter=request.user, yes=form.cleaned_data["yes"])
        except AgoraError as error:
            status = error.status
            add_service_error(form, error)
        else:
            messages.success(request, _("Your ballot is counted."))
            return redirect("governance:proposal", community.slug, proposal.pk)
    else:
        add_service_error(form, InvalidInput(_("Choose yes or no.")))
    context = _proposal_context(request, community, proposal, ballot_form=form)
    return render(request, "governance/proposal.html", context, status=status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def settings_page(request, community):
    """How long the members' votes last and how many ballots they need (stewards)."""
    current = selectors.settings_of(community)
    form = GovernanceSettingsForm(
        request.POST if request.method == "POST" else None, instance=current
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                settings_services.update_governance_settings(
                    community=community, by=request.user, **form.cleaned_data
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
            else:
                messages.success(request, _("The voting settings are saved."))
                return redirect("governance:index", community.slug)
    context = {"community": community, "form": form}
    return render(request, "governance/settings.html", context, status=status)
