"""Writes for accounts: sign-up, verification, login with lockout, reset, profile."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import authenticate, login, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from agora.core import mail, ratelimit
from agora.core.clock import now
from agora.core.errors import InvalidInput, TooManyRequests

from .models import Language, User
from .tokens import password_reset_tokens, verification_tokens

RESERVED_HANDLES = {"admin", "agora", "steward", "stewards", "root", "support", "system"}


def _uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def _user_from_uid(uidb64: str):
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def send_verification_email(*, user: User, then: str = "") -> None:
    """The link that verifies the address; `then`, a path on this site, is where it leads
    afterwards (the invitation the person signed up from)."""
    link = settings.BASE_URL + reverse(
        "accounts:verify", args=[_uid(user), verification_tokens.make_token(user)]
    )
    if then.startswith("/") and not then.startswith("//"):
        link += "?" + urlencode({"next": then})
    mail.send_templated(
        recipient=user, template="accounts/email/verify", context={"user": user, "link": link}
    )


def sign_up_problems(user: User, password: str) -> dict[str, list[str]]:
    """What stops this account from being created, per field, all at once: an address or a
    handle already taken (or reserved), a weak password. Empty when it can be."""
    errors: dict[str, list[str]] = {}
    if user.email and User.objects.filter(email__iexact=user.email).exists():
        errors["email"] = [_("An account already uses this e-mail address. Try logging in.")]
    if user.handle and (
        user.handle in RESERVED_HANDLES or User.objects.filter(handle=user.handle).exists()
    ):
        errors["handle"] = [_("This handle is taken. Please choose another.")]
    if password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    return errors


@transaction.atomic
def sign_up(
    *, email: str, handle: str, display_name: str, password: str, language: str = "",
    then: str = "",
) -> User:  # fmt: skip
    """Create an unverified account and send the verification e-mail after commit (its link
    leads on to `then`, a path on this site, once verified).

    Raises InvalidInput (with per-field messages) when the e-mail or handle is taken or the
    password is weak.
    """
    email = User.objects.normalize_email(email).strip().lower()
    handle = handle.strip().lower()
    user = User(email=email, handle=handle, display_name=display_name.strip(), language=language)
    errors = sign_up_problems(user, password)
    if errors:
        raise InvalidInput(_("Please correct the errors below."), errors=errors)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent sign-up took the address or handle
        raise InvalidInput(
            _("An account already uses this e-mail address or handle."),
            errors={"email": [_("An account already uses this e-mail address or handle.")]},
        ) from exc
    send_verification_email(user=user, then=then)
    return user


@transaction.atomic
def verify_email(*, uidb64: str, token: str) -> User:
    """Mark the account's address verified. The link dies once used."""
    user = _user_from_uid(uidb64)
    if user is None or not verification_tokens.check_token(user, token):
        raise InvalidInput(
            _("This verification link is invalid or has expired. Ask for a new one.")
        )
    user.email_verified_at = now()
    user.save(update_fields=["email_verified_at"])
    return user


def resend_verification(*, user: User) -> None:
    if user.is_verified:
        raise InvalidInput(_("Your e-mail address is already verified."))
    ratelimit.check_and_hit(
        "verification_resend",
        f"user:{user.pk}",
        message=_("We have sent several e-mails already. Please wait an hour and try again."),
    )
    with transaction.atomic():
        send_verification_email(user=user)


def log_in(*, request, email: str, password: str) -> User:
    """Authenticate and start a session, locking out after repeated failures.

    Failures are counted per account and per IP address; past the limit every attempt,
    right or wrong, is refused with TooManyRequests until the window ends.
    """
    email = (email or "").strip().lower()
    ip = ratelimit.client_ip(request)
    keys = (f"email:{email}", f"ip:{ip}")
    if any(ratelimit.is_exceeded("login_failure", key) for key in keys):
        raise TooManyRequests(
            _("Too many failed logins. For your safety, logging in is paused for 15 minutes.")
        )
    user = authenticate(request, username=email, password=password)
    if user is None:
        for key in keys:
            ratelimit.hit("login_failure", key)
        raise InvalidInput(_("This e-mail address and password do not match an account."))
    ratelimit.reset("login_failure", keys[0])
    login(request, user)
    return user


def request_password_reset(*, email: str, ip: str) -> None:
    """Send a reset link if the address has an account; say nothing either way."""
    email = (email or "").strip().lower()
    message = _("Too many reset requests. Please wait an hour and try again.")
    ratelimit.check_and_hit("password_reset", f"ip:{ip}", f"email:{email}", message=message)
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    link = settings.BASE_URL + reverse(
        "accounts:reset", args=[_uid(user), password_reset_tokens.make_token(user)]
    )
    with transaction.atomic():
        mail.send_templated(
            recipient=user, template="accounts/email/reset", context={"user": user, "link": link}
        )


def reset_token_user(*, uidb64: str, token: str) -> User:
    user = _user_from_uid(uidb64)
    if user is None or not password_reset_tokens.check_token(user, token):
        raise InvalidInput(_("This reset link is invalid or has expired. Ask for a new one."))
    return user


@transaction.atomic
def reset_password(*, uidb64: str, token: str, password: str) -> User:
    """Set a new password; the link dies because the password hash changes."""
    user = reset_token_user(uidb64=uidb64, token=token)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(
            _("Please choose a stronger password."), errors={"password": list(exc.messages)}
        ) from exc
    user.set_password(password)
    if user.email_verified_at is None:
        # Following the link proved the address.
        user.email_verified_at = now()
    user.save(update_fields=["password", "email_verified_at"])
    return user


@transaction.atomic
def update_profile(*, user: User, display_name: str, language: str, bio: str = "") -> User:
    user.display_name = display_name.strip()
    user.language = language
    user.bio = bio.strip()
    user.save(update_fields=["display_name", "language", "bio"])
    return user


def set_language(*, user: User, language: str) -> None:
    """The language a member reads Agora in (and receives its e-mail in), chosen from the
    switch in the page header."""
    if language not in Language.values:
        raise InvalidInput(_("Choose French or English."))
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


@transaction.atomic
def create_verified_account(
    *, email: str, handle: str, display_name: str, password: str, language: str = ""
) -> User:
    """An account whose address the operator vouches for (CLI set-up, demo data).

    Same checks as sign_up; no verification e-mail.
    """
    email = User.objects.normalize_email(email).strip().lower()
    errors = {}
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("An account already uses this e-mail address.")]
    if User.objects.filter(handle=handle).exists() or handle in RESERVED_HANDLES:
        errors["handle"] = [_("This handle is taken. Please choose another.")]
    user = User(
        email=email,
        handle=handle,
        display_name=display_name.strip(),
        language=language,
        email_verified_at=now(),
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    try:
        # The fields' own rules (the handle's format, the address's); uniqueness was asked
        # above, and the database's constraints decide a race.
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise InvalidInput(_("Please correct the errors below."), errors=errors)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # created by someone else since the checks above
        raise InvalidInput(
            _("An account already uses this e-mail address or handle."),
            errors={"email": [_("An account already uses this e-mail address or handle.")]},
        ) from exc
    return user
