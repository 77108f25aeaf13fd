"""The REST API: one NinjaAPI, one router per app. Errors answer as problem+json."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from agora.communities.api import router as communities_router
from agora.conversations.api import router as conversations_router
from agora.core.errors import AgoraError, NotFound

# django_auth derives from APIKeyCookie, so cookie-authenticated writes stay CSRF-checked.
api = NinjaAPI(title="Agora API", version="1", auth=django_auth, urls_namespace="api")
api.add_router("/communities/", communities_router)
api.add_router("/communities/", conversations_router)


def _problem(request, status: int, title: str, detail: str, **extra):
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(AgoraError)
def agora_error(request, exc: AgoraError):
    extra = {"errors": {k: [str(m) for m in v] for k, v in getattr(exc, "errors", {}).items()}}
    if exc.link:
        extra["link"] = exc.link
    return _problem(request, exc.status, type(exc).__name__, str(exc.message), **extra)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _problem(request, 404, "NotFound", str(NotFound.default_message))


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    return _problem(
        request, 422, "InvalidInput", "Some fields are missing or not valid.", errors=exc.errors
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # Malformed JSON (400), a failed CSRF check (403) and the like.
    return _problem(request, exc.status_code, "HttpError", str(exc))


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _problem(request, 401, "NotAuthenticated", "Log in to do this.")
