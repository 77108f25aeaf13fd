"""E-mail choices: the member's page, and the link in every e-mail that stops one kind."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from agora.communities.models import Community
from agora.core import ratelimit
from agora.core.errors import AgoraError

from . import selectors, tokens
from .models import DEFAULTS, EmailKind, Frequency
from .services import inbound, preferences


@login_required
@require_http_methods(["GET", "POST"])
def preferences_page(request):
    """How often each kind of e-mail comes: by default, and community by community."""
    communities = list(Community.objects.filter(memberships__user=request.user).order_by("name"))
    if request.method == "POST":
        choices = {}
        for kind in EmailKind.values:
            value = request.POST.get(f"default-{kind}")
            if value:
                choices[(None, kind)] = value
            for community in communities:
                value = request.POST.get(f"c{community.pk}-{kind}")
                if value:
                    choices[(community.pk, kind)] = value
        preferences.set_preferences(user=request.user, choices=choices)
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("notify:preferences")
    chosen = selectors.preferences_of(request.user)
    rows = [
        {
            "kind": kind,
            "label": label,
            "default": chosen.get((None, kind), DEFAULTS[kind]),
            "communities": [
                (community, chosen.get((community.pk, kind), preferences.SAME_AS_DEFAULT))
                for community in communities
            ],
        }
        for kind, label in EmailKind.choices
    ]
    context = {
        "rows": rows,
        "communities": communities,
        "frequencies": Frequency.choices,
        "same": preferences.SAME_AS_DEFAULT,
    }
    return render(request, "notify/preferences.html", context)


@csrf_exempt  # RFC 8058: mail clients POST the one-click link, without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a page that says what stops, with one button. POST: it stops (one click)."""
    named = tokens.read(token)
    if named is None:
        raise Http404
    user_id, kind, community_id = named
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    community = Community.objects.filter(pk=community_id).first() if community_id else None
    label = dict(EmailKind.choices).get(kind)
    if request.method == "POST":
        preferences.stop(user=user, kind=kind, community_id=community_id)
        context = {"done": True, "label": label, "community": community, "all": kind == tokens.ALL}
        return render(request, "notify/unsubscribe.html", context)
    context = {"label": label, "community": community, "all": kind == tokens.ALL}
    return render(request, "notify/unsubscribe.html", context)


@csrf_exempt  # a mail provider posts here, signed with the shared secret instead
@require_POST
def inbound_mail(request):
    """A reply by e-mail posted by a mail provider: the raw message as the body
    (message/rfc822), or in the form field `email` or `body-mime`; the reply address in
    `X-Agora-Recipient` or the field `recipient` when the headers do not carry it. Signed:
    `X-Agora-Timestamp` (Unix seconds) and `X-Agora-Signature` (`tokens.inbound_signature`).
    Off (404) until `AGORA_INBOUND_SECRET` is set."""
    secret = settings.AGORA_INBOUND_SECRET
    if not secret:
        raise Http404
    try:
        ratelimit.check_and_hit("inbound", ratelimit.client_ip(request))
    except AgoraError as error:
        return JsonResponse({"outcome": "refused", "detail": str(error.message)}, status=429)
    body = request.body
    genuine = tokens.inbound_is_genuine(
        secret,
        request.headers.get("X-Agora-Timestamp", ""),
        request.headers.get("X-Agora-Signature", ""),
        body,
        time.time(),
    )
    if not genuine:
        detail = _("The signature is missing, wrong or too old.")
        return JsonResponse({"outcome": "refused", "detail": detail}, status=403)
    raw = body
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raw = (request.POST.get("email") or request.POST.get("body-mime") or "").encode()
    recipient = request.headers.get("X-Agora-Recipient") or request.POST.get("recipient", "")
    try:
        received = inbound.receive(raw, recipient=recipient)
    except AgoraError as error:
        outcome = "unknown address" if isinstance(error, inbound.UnknownAddress) else "refused"
        return JsonResponse({"outcome": outcome, "detail": str(error.message)}, status=error.status)
    return JsonResponse({"outcome": received.outcome, "comment": received.comment_id})
