from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.core import ratelimit
from agora.core.clock import now
from agora.core.errors import AgoraError, InvalidInput, NotFound, TooManyRequests
from agora.core.forms import bind, submit
from agora.core.redirects import safe_next_url

from . import model_charter, panels, permissions, selectors
from .decorators import community_view
from .forms import (
    ArticleForm,
    ArticleFormSet,
    CharterMetaForm,
    CommunityForm,
    ConsentForm,
    IdentityForm,
    InviteEmailForm,
    InviteLinkForm,
    MembersInviteForm,
    MindsetForm,
    articles_from,
)
from .services import charter as charter_services
from .services import communities as community_services
from .services import identity as identity_services
from .services import invitations as invitation_services
from .services import launch as launch_services
from .services import membership as membership_services


def home(request):
    visible = selectors.filter_communities_visible_to(request.user).order_by(
        "-member_count", "name"
    )
    mine = []
    if request.user.is_authenticated:
        mine = list(visible.filter(memberships__user=request.user))
        visible = visible.exclude(memberships__user=request.user)
    return render(request, "communities/home.html", {"mine": mine, "others": list(visible[:50])})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    permissions.check_is_verified(request.user)
    form = bind(CommunityForm, request)
    outcome = submit(
        form,
        lambda data: community_services.create_community(founder=request.user, **data),
    )
    if outcome.done:
        messages.success(
            request,
            _("%(name)s exists. Now write its charter: the rules it lives by.")
            % {"name": outcome.result.name},
        )
        return redirect("communities:setup_charter", outcome.result.slug)
    return render(request, "communities/create.html", {"form": form}, status=outcome.status)


def _next_setup_step(community):
    missing = selectors.missing_foundations(community)
    return missing[0].url if missing else reverse("communities:detail", args=[community.slug])


def _setup_context(community, step):
    missing = {m.key for m in selectors.missing_foundations(community)}
    steps = [
        ("charter", _("Charter"), reverse("communities:setup_charter", args=[community.slug])),
        ("identity", _("Identity"), reverse("communities:setup_identity", args=[community.slug])),
        ("mindset", _("Mindset"), reverse("communities:setup_mindset", args=[community.slug])),
    ]
    return {
        "community": community,
        "step": step,
        "steps": [(key, label, url, key not in missing) for key, label, url in steps],
    }


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def setup_charter(request, community):
    current = selectors.current_charter(community)
    if current is not None:
        return redirect("communities:charter_new", community.slug)
    formset = bind(ArticleFormSet, request, prefix="articles")
    use_model = request.method == "GET" and request.GET.get("model") == "1"
    if use_model:
        initial = model_charter.model_articles(request.LANGUAGE_CODE)
        formset = ArticleFormSet(prefix="articles", initial=initial)
    status = 200
    if formset.is_bound:
        # A formset alone: its refusals are said above it, as a message.
        try:
            if not formset.is_valid():
                raise InvalidInput(_("Please correct the articles below."))
            charter_services.publish_charter_version(
                community=community, by=request.user, articles=articles_from(formset)
            )
        except AgoraError as error:
            messages.error(request, str(error.message))
            status = error.status
        else:
            messages.success(request, _("The charter is published as version 1."))
            return redirect(_next_setup_step(community))
    context = _setup_context(community, "charter") | {"formset": formset, "model": use_model}
    return render(request, "communities/setup_charter.html", context, status=status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def setup_identity(request, community):
    identity = getattr(community, "identity", None)
    initial = {"preferred_length": 600}
    if identity is not None:
        initial = {
            "address_form": identity.address_form,
            "tone": ", ".join(identity.tone),
            "preferred_terms": "\n".join(
                f"{t['term']} -> {t['replacement']}" for t in identity.preferred_terms
            ),
            "banned_terms": "\n".join(identity.banned_terms),
            "emoji_policy": identity.emoji_policy,
            "signature": identity.signature,
            "signature_required": identity.signature_required,
            "preferred_length": identity.preferred_length,
            "language": identity.language,
            "coach_for_members": identity.coach_for_members,
        }
    form = bind(IdentityForm, request, initial=initial)
    outcome = submit(
        form,
        lambda data: identity_services.set_identity(
            community=community,
            by=request.user,
            address_form=data["address_form"],
            emoji_policy=data["emoji_policy"],
            tone=data["tone"].split(","),
            preferred_terms=identity_services.parse_term_lines(data["preferred_terms"]),
            banned_terms=data["banned_terms"].splitlines(),
            signature=data["signature"],
            signature_required=data["signature_required"],
            preferred_length=data["preferred_length"],
            language=data["language"],
            coach_for_members=data["coach_for_members"],
        ),
    )
    if outcome.done:
        messages.success(request, _("The community's identity is saved."))
        return redirect(_next_setup_step(community))
    context = _setup_context(community, "identity") | {"form": form}
    return render(request, "communities/setup_identity.html", context, status=outcome.status)


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def setup_mindset(request, community):
    mindset = getattr(community, "mindset", None)
    initial = {"values": "\n".join(mindset.values)} if mindset else {}
    form = bind(MindsetForm, request, initial=initial)
    outcome = submit(
        form,
        lambda data: identity_services.set_mindset(
            community=community, by=request.user, values=data["values"].splitlines()
        ),
    )
    if outcome.done:
        messages.success(request, _("The community's mindset is saved."))
        return redirect(_next_setup_step(community))
    context = _setup_context(community, "mindset") | {"form": form}
    return render(request, "communities/setup_mindset.html", context, status=outcome.status)


@community_view()
def detail(request, community):
    """The community's page: its own header, then what the apps above it registered (the
    feed, their links and buttons; `panels`)."""
    user = request.user
    is_steward = permissions.can_steward(user, community)
    is_member = selectors.is_member(user, community)
    launch_steps = launch_services.open_steps(community) if is_steward else []
    context = {
        "community": community,
        "is_member": is_member,
        "launch": launch_steps,
        "launch_done": sum(step.done for step in launch_steps),
        "missing": selectors.missing_foundations(community)
        if is_steward and not launch_steps
        else [],
        "needs_consent": is_member and not selectors.has_consented_to_current(user, community),
        "stewards": selectors.stewards_of(community),
        "panels": panels.render_panels(request, community),
        "can_invite": invitation_services.can_invite(user, community) if is_member else False,
    }
    return render(request, "communities/detail.html", context)


@community_view(login=True)
def welcome(request, community):
    """What a newcomer sees once they consented: the community's welcome status and the
    three most useful things to do there (registered by the apps: `panels`)."""
    if not selectors.is_member(request.user, community):
        return redirect("communities:join", community.slug)
    rendered = panels.render_panels(request, community, slots=panels.WELCOME_SLOTS)
    context = {
        "community": community,
        "welcome": rendered["welcome"],
        "todo": rendered["todo"][:3],
    }
    return render(request, "communities/welcome.html", context)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def leave(request, community):
    """Leave the community, after a confirmation: one's posts stay; coming back is consenting
    to the charter again."""
    if not selectors.is_member(request.user, community):
        return redirect("communities:detail", community.slug)
    status = 200
    if request.method == "POST":
        try:
            membership_services.leave_community(community=community, user=request.user)
        except AgoraError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("You left %(name)s.") % {"name": community.name})
            if community.is_private:
                return redirect("home")
            return redirect("communities:detail", community.slug)
    context = {"community": community}
    return render(request, "communities/leave.html", context, status=status)


@community_view(steward=True)
@require_POST
def launch_dismiss(request, community):
    launch_services.dismiss_launch(community=community, by=request.user)
    messages.success(request, _("The launch checklist is put away."))
    return redirect("communities:detail", community.slug)


@community_view()
def charter(request, community, number=None):
    if number is None:
        version = selectors.current_charter(community)
    else:
        version = selectors.charter_version(community, number)
    context = {
        "community": community,
        "version": version,
        "versions": selectors.charter_versions(community),
        "mindset": getattr(community, "mindset", None),
        "is_steward": permissions.can_steward(request.user, community),
    }
    return render(request, "communities/charter.html", context)


@community_view()
def charter_diff(request, community, old, new):
    old_version = selectors.charter_version(community, old)
    new_version = selectors.charter_version(community, new)
    return render(
        request,
        "communities/charter_diff.html",
        {
            "community": community,
            "old": old_version,
            "new": new_version,
            "changes": selectors.charter_diff(old_version, new_version),
        },
    )


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def charter_new(request, community):
    current = selectors.current_charter(community)
    if current is None:
        return redirect("communities:setup_charter", community.slug)
    initial = [ArticleForm.initial_for(a) for a in current.articles.prefetch_related("rules")]
    formset = bind(ArticleFormSet, request, prefix="articles", initial=initial)
    meta = bind(CharterMetaForm, request)
    outcome = submit(
        meta,
        lambda data: charter_services.publish_charter_version(
            community=community,
            by=request.user,
            articles=articles_from(formset),
            summary=data["summary"],
        ),
        also=[formset],
    )
    if outcome.done:
        messages.success(
            request,
            _(
                "Version %(n)d of the charter is published. Members will be asked to "
                "consent again before their next contribution."
            )
            % {"n": outcome.result.number},
        )
        return redirect("communities:charter", community.slug)
    if outcome.status == 400 and outcome.error is None:
        messages.error(request, _("Please correct the articles below."))
    context = {"community": community, "current": current, "formset": formset, "meta": meta}
    return render(request, "communities/charter_new.html", context, status=outcome.status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def join(request, community):
    """Read the charter (or what changed since one's last consent) and consent to it."""
    current = selectors.current_charter(community)
    if current is None:
        raise InvalidInput(_("This community has no charter yet, so it cannot be joined."))
    previous = selectors.last_consented_version(request.user, community)
    if previous is not None and previous.number == current.number:
        messages.info(request, _("You have already consented to the current charter."))
        return redirect("communities:detail", community.slug)
    form = bind(ConsentForm, request, initial={"version": current.number})
    outcome = submit(
        form,
        lambda data: membership_services.consent_to_charter(
            community=community, user=request.user, version_number=data["version"]
        ),
    )
    if outcome.done:
        if previous is None:
            messages.success(request, _("Welcome to %(name)s!") % {"name": community.name})
            welcome_url = reverse("communities:welcome", args=[community.slug])
            return redirect(safe_next_url(request, welcome_url))  # back to what they began
        messages.success(request, _("Thank you. You can take part again."))
        community_url = reverse("communities:detail", args=[community.slug])
        return redirect(safe_next_url(request, community_url))
    context = {
        "community": community,
        "version": current,
        "previous": previous,
        "changes": selectors.charter_diff(previous, current) if previous else None,
        "mindset": getattr(community, "mindset", None),
        "form": form,
        "next": request.GET.get("next", request.POST.get("next", "")),
    }
    return render(request, "communities/join.html", context, status=outcome.status)


# --- invitations ----------------------------------------------------------------------------


NEW_LINK_KEY = "agora_new_invitation_link"


def _invitations_page(request, community, *, status=200, **forms):
    is_steward = permissions.can_steward(request.user, community)
    context = {
        "community": community,
        "is_steward": is_steward,
        "invitations": selectors.invitations_of(community, by=None if is_steward else request.user)[
            :100
        ],
        "link_form": forms.get("link_form") or InviteLinkForm(),
        "email_form": forms.get("email_form") or InviteEmailForm(),
        "members_form": MembersInviteForm(initial={"members_invite": community.members_invite}),
        "new_link": forms.get("new_link"),
        "outcome": forms.get("outcome"),
        "now": now(),
        "requests": list(selectors.pending_requests(community)) if is_steward else [],
    }
    return render(request, "communities/invitations.html", context, status=status)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def invitations(request, community):
    """Invite: a link (shown once), or e-mails to pasted or uploaded addresses; and, for
    the stewards, every invitation with who came in through it."""
    invitation_services.check_can_invite(request.user, community)
    if request.method == "GET":
        return _invitations_page(
            request, community, new_link=request.session.pop(NEW_LINK_KEY, None)
        )
    if request.POST.get("action") == "email":
        form = bind(InviteEmailForm, request)

        def invite(data):
            upload = data.get("csv")
            addresses, invalid = invitation_services.parse_addresses(
                data["addresses"], upload.read() if upload else b""
            )
            return invitation_services.invite_by_email(
                community=community, by=request.user, addresses=addresses, invalid=invalid
            )

        outcome = submit(form, invite)
        if outcome.done:
            return _invitations_page(request, community, outcome=outcome.result)
        return _invitations_page(request, community, status=outcome.status, email_form=form)
    form = bind(InviteLinkForm, request)
    outcome = submit(
        form,
        lambda data: invitation_services.create_link(
            community=community,
            by=request.user,
            days=data["days"],
            max_uses=data["max_uses"],
            needs_approval=data["needs_approval"],
        ),
    )
    if outcome.done:
        # Shown once, on the page the browser is sent to (a reload makes no second link).
        _invitation, secret = outcome.result
        request.session[NEW_LINK_KEY] = request.build_absolute_uri(
            reverse("invitation", args=[secret])
        )
        return redirect("communities:invitations", community.slug)
    return _invitations_page(request, community, status=outcome.status, link_form=form)


@community_view(steward=True)
@require_POST
def invitations_settings(request, community):
    form = bind(MembersInviteForm, request)
    if form.is_valid():
        invitation_services.set_members_invite(
            community=community, by=request.user, allowed=form.cleaned_data["members_invite"]
        )
        messages.success(request, _("Saved."))
    return redirect("communities:invitations", community.slug)


@community_view(steward=True)
@require_POST
def join_request_decide(request, community, request_id, decision):
    join_request = selectors.pending_requests(community).filter(pk=request_id).first()
    if join_request is None or decision not in ("approve", "decline"):
        raise NotFound()
    invitation_services.decide_join_request(
        join_request=join_request, by=request.user, approve=decision == "approve"
    )
    name = join_request.user.display_name
    if decision == "approve":
        messages.success(request, _("%(name)s is now a member.") % {"name": name})
    else:
        messages.success(request, _("%(name)s's request is declined.") % {"name": name})
    return redirect("communities:invitations", community.slug)


@community_view(login=True)
@require_http_methods(["GET", "POST"])
def invitation_revoke(request, community, invitation_id):
    invitation = community.invitations.filter(pk=invitation_id).first()
    if invitation is None or not (
        invitation.created_by_id == request.user.pk
        or permissions.can_steward(request.user, community)
    ):
        raise NotFound()
    if request.method == "POST":
        invitation_services.revoke(invitation=invitation, by=request.user)
        messages.success(request, _("The invitation is withdrawn: it opens nothing any more."))
        return redirect("communities:invitations", community.slug)
    context = {"community": community, "invitation": invitation}
    return render(request, "communities/invitation_revoke.html", context)


@require_http_methods(["GET", "POST"])
def invitation(request, secret):
    """Where an invitation link lands: the community, its charter and the consent that
    makes the membership; a clear page when the link opens nothing (forged: 404; expired,
    used up or withdrawn: 410). Rate-limited per address: strangers hit it."""
    try:
        ratelimit.check_and_hit(
            "invitation",
            ratelimit.client_ip(request),
            message=_("Too many attempts from your address. Try again in a few minutes."),
        )
    except TooManyRequests as error:
        return render(request, "communities/invitation.html", {"error": error}, status=429)
    found = selectors.invitation_by_secret(secret)
    if found is None:
        error = NotFound(_("This invitation link is not valid. Check it, or ask for a new one."))
        return render(request, "communities/invitation.html", {"error": error}, status=404)
    community = found.community
    if request.user.is_authenticated and selectors.is_member(request.user, community):
        messages.info(request, _("You are already a member of this community."))
        return redirect("communities:detail", community.slug)
    if selectors.has_pending_request(request.user, community):
        context = {"community": community, "invitation": found, "requested": True}
        return render(request, "communities/invitation.html", context)
    try:
        invitation_services.check_open(found)
    except AgoraError as error:
        context = {"error": error, "community": community}
        return render(request, "communities/invitation.html", context, status=error.status)
    current = selectors.current_charter(community)
    form = bind(ConsentForm, request, initial={"version": current.number if current else 1})
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    outcome = submit(
        form,
        lambda data: invitation_services.accept_invitation(
            invitation=found, user=request.user, version_number=data["version"]
        ),
    )
    if outcome.done:
        if found.needs_approval:
            context = {"community": community, "invitation": found, "requested": True}
            return render(request, "communities/invitation.html", context, status=201)
        messages.success(request, _("Welcome to %(name)s!") % {"name": community.name})
        return redirect("communities:welcome", community.slug)
    context = {
        "community": community,
        "invitation": found,
        "version": current,
        "mindset": getattr(community, "mindset", None),
        "form": form,
    }
    return render(request, "communities/invitation.html", context, status=outcome.status)
