"""Forms and services meet here: one way for a view to run a service for a form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import AgoraError, InvalidInput


def add_service_error(form, error: InvalidInput | Exception) -> None:
    """Put an AgoraError's messages on a bound form, by field where the service named one."""
    errors = getattr(error, "errors", None) or {}
    placed = False
    for field, messages in errors.items():
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            form.add_error(field if field in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, str(getattr(error, "message", error)))


def bind(form_class, request, **kwargs):
    """The form bound to the POSTed data, or unbound for a GET."""
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


@dataclass(frozen=True)
class Submission:
    """What became of a form: `done` once the service ran (`result` is what it returned);
    otherwise `status` is the one to show the form again with: 200 before it was sent, 400
    when it does not validate, or the service's own (409, 403…), its messages on the form."""

    done: bool
    status: int
    result: Any = None
    error: AgoraError | None = None  # the service's refusal, for pages that show its link


def submit(form, action: Callable[[dict], Any]) -> Submission:
    """Run `action(form.cleaned_data)` — one service call — for a bound and valid form.

    The service's AgoraError becomes form errors and the status to answer with; any other
    error is a bug and goes up to the error page (500).
    """
    if not form.is_bound:
        return Submission(done=False, status=200)
    if not form.is_valid():
        return Submission(done=False, status=400)
    try:
        result = action(form.cleaned_data)
    except AgoraError as error:
        add_service_error(form, error)
        return Submission(done=False, status=error.status, error=error)
    return Submission(done=True, status=200, result=result)
