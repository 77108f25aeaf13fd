"""Accounts: sign-up, verification, login, reset, profile. Thin views over the services."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from agora.core import ratelimit
from agora.core.forms import bind, submit
from agora.core.redirects import safe_next_url

from . import services
from .forms import LogInForm, PasswordResetRequestForm, ProfileForm, SetPasswordForm, SignUpForm


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.method == "POST":
        # A stranger can hit this: counted per address before anything else (429 past it).
        ratelimit.check_and_hit(
            "signup",
            f"ip:{ratelimit.client_ip(request)}",
            message=_("Too many sign-ups from your address. Please try again in an hour."),
        )
    form = bind(SignUpForm, request)
    then = safe_next_url(request, "")  # where they were going (an invitation): back there

    def sign_up_and_log_in(data):
        user = services.sign_up(**data, language=request.LANGUAGE_CODE[:2], then=then)
        services.log_in(request=request, email=user.email, password=data["password"])
        return user

    outcome = submit(form, sign_up_and_log_in)
    if outcome.done:
        messages.success(
            request,
            _("Welcome! We sent a link to %(email)s: open it to verify your address.")
            % {"email": outcome.result.email},
        )
        return redirect(then or "home")
    context = {"form": form, "next": then}
    return render(request, "accounts/signup.html", context, status=outcome.status)


@require_http_methods(["GET"])
def verify(request, uidb64, token):
    services.verify_email(uidb64=uidb64, token=token)
    messages.success(request, _("Thank you, your e-mail address is verified."))
    return redirect(safe_next_url(request))


@login_required
@require_POST
def resend_verification(request):
    services.resend_verification(user=request.user)
    messages.success(
        request, _("We sent a new verification link to %(email)s.") % {"email": request.user.email}
    )
    return redirect(safe_next_url(request))


@require_http_methods(["GET", "POST"])
def log_in(request):
    form = bind(LogInForm, request)
    outcome = submit(form, lambda data: services.log_in(request=request, **data))
    if outcome.done:
        return redirect(safe_next_url(request))
    context = {"form": form, "next": safe_next_url(request, "")}
    return render(request, "accounts/login.html", context, status=outcome.status)


@require_POST
def log_out(request):
    logout(request)
    messages.info(request, _("You are logged out. See you soon."))
    return redirect("home")


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = bind(PasswordResetRequestForm, request)
    outcome = submit(
        form,
        lambda data: services.request_password_reset(
            email=data["email"], ip=ratelimit.client_ip(request)
        ),
    )
    if outcome.done:
        return render(request, "accounts/reset_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/reset_request.html", {"form": form}, status=outcome.status)


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request, uidb64, token):
    services.reset_token_user(uidb64=uidb64, token=token)  # a dead link says so at once
    form = bind(SetPasswordForm, request)
    outcome = submit(
        form,
        lambda data: services.reset_password(uidb64=uidb64, token=token, password=data["password"]),
    )
    if outcome.done:
        messages.success(request, _("Your password is changed. You can log in now."))
        return redirect("accounts:login")
    return render(request, "accounts/reset_confirm.html", {"form": form}, status=outcome.status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    initial = {"display_name": user.display_name, "language": user.language, "bio": user.bio}
    form = bind(ProfileForm, request, initial=initial)
    outcome = submit(form, lambda data: services.update_profile(user=user, **data))
    if outcome.done:
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form}, status=outcome.status)


@require_POST
def switch_language(request):
    """The header's language switch: for a member it changes their profile's language (which
    wins over the browser's), then, for anyone, Django's own switch (cookie and redirect)."""
    if request.user.is_authenticated:
        services.set_language(user=request.user, language=request.POST.get("language", ""))
    return set_language(request)
