from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.core import ratelimit
from agora.core.errors import AgoraError
from agora.core.forms import add_service_error
from agora.core.redirects import safe_next_url

from . import services
from .forms import LogInForm, PasswordResetRequestForm, ProfileForm, SetPasswordForm, SignUpForm


@require_http_methods(["GET", "POST"])
def sign_up(request):
    form = SignUpForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            ratelimit.check_and_hit(
                "signup",
                f"ip:{ratelimit.client_ip(request)}",
                message=_("Too many sign-ups from your address. Please try again in an hour."),
            )
            if form.is_valid():
                user = services.sign_up(**form.cleaned_data, language=request.LANGUAGE_CODE[:2])
                services.log_in(
                    request=request, email=user.email, password=form.cleaned_data["password"]
                )
                messages.success(
                    request,
                    _("Welcome! We sent a link to %(email)s: open it to verify your address.")
                    % {"email": user.email},
                )
                return redirect("home")
        except AgoraError as error:
            if error.status != 400:
                return render(request, "error.html", {"error": error}, status=error.status)
            add_service_error(form, error)
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def verify(request, uidb64, token):
    try:
        services.verify_email(uidb64=uidb64, token=token)
    except AgoraError as error:
        return render(request, "error.html", {"error": error}, status=error.status)
    messages.success(request, _("Thank you, your e-mail address is verified."))
    return redirect("home")


@login_required
@require_POST
def resend_verification(request):
    try:
        services.resend_verification(user=request.user)
    except AgoraError as error:
        return render(request, "error.html", {"error": error}, status=error.status)
    messages.success(
        request, _("We sent a new verification link to %(email)s.") % {"email": request.user.email}
    )
    return redirect(safe_next_url(request))


@require_http_methods(["GET", "POST"])
def log_in(request):
    form = LogInForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.log_in(request=request, **form.cleaned_data)
                return redirect(safe_next_url(request))
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": safe_next_url(request, "")},
        status=status,
    )


@require_POST
def log_out(request):
    logout(request)
    messages.info(request, _("You are logged out. See you soon."))
    return redirect("home")


@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.request_password_reset(
                    email=form.cleaned_data["email"], ip=ratelimit.client_ip(request)
                )
                return render(
                    request, "accounts/reset_sent.html", {"email": form.cleaned_data["email"]}
                )
            except AgoraError as error:
                status = error.status
                add_service_error(form, error)
    return render(request, "accounts/reset_request.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request, uidb64, token):
    try:
        services.reset_token_user(uidb64=uidb64, token=token)
    except AgoraError as error:
        return render(request, "error.html", {"error": error}, status=error.status)
    form = SetPasswordForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.reset_password(
                    uidb64=uidb64, token=token, password=form.cleaned_data["password"]
                )
                messages.success(request, _("Your password is changed. You can log in now."))
                return redirect("accounts:login")
            except AgoraError as error:
                add_service_error(form, error)
    return render(request, "accounts/reset_confirm.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    initial = {"display_name": user.display_name, "language": user.language, "bio": user.bio}
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            services.update_profile(user=user, **form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form}, status=status)
