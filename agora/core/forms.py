"""Form helpers shared by every app: one way for a view to run a service for a form
(`bind`, `submit`), service errors on forms, ISO day and time inputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms

from . import params
from .errors import AgoraError, InvalidInput

ISO_DAY = "%Y-%m-%d"
ISO_TIME = "%H:%M"


class IsoDateInput(forms.DateInput):
    """`<input type="date">` with its value in ISO (2026-12-16) whatever the language.

    Browsers take and send only ISO days in this input and silently drop anything else; a
    plain DateInput is localised (French gives 16/12/2026), which empties the field.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DAY)


class IsoTimeInput(forms.TimeInput):
    """`<input type="time">` with its value in ISO hours and minutes (18:30), whatever the
    language (the input steps by the minute)."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_TIME)


class FlatSelect(forms.Select):
    """A `<select>` of many plain options (time zones: about 600) in one template, where
    Django's own renders one template per option: the settings page took 50 ms for them."""

    template_name = "core/widgets/flat_select.html"


class DayField(forms.DateField):
    """A day from an `<input type="date">`: read by `params.parse_day` like a day in a query
    string (ISO, as browsers send it, and within the days Agora computes with), so a day
    near the ends of `date` is a form error rather than an OverflowError further on."""

    widget = IsoDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            value = value.date()
        try:
            if isinstance(value, date):
                return params.check_day(value)
            return params.parse_day(str(value).strip())
        except InvalidInput as error:
            raise forms.ValidationError(str(error.message), code="invalid") from error


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
    """The form bound to the POSTed data (and files), or unbound for a GET."""
    if request.method != "POST":
        return form_class(None, **kwargs)
    if request.FILES:
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(request.POST, **kwargs)


@dataclass(frozen=True)
class Submission:
    """What became of a form: `done` once the service ran (`result` is what it returned);
    otherwise `status` is the one to show the form again with: 200 before it was sent, 400
    when it does not validate, or the service's own (409, 403…), its messages on the form."""

    done: bool
    status: int
    result: Any = None
    error: AgoraError | None = None  # the service's refusal, for pages that show its link


def submit(form, action: Callable[[dict], Any], *, also=()) -> Submission:
    """Run `action(form.cleaned_data)` — one service call — for a bound and valid form (and
    valid `also` forms or formsets sent with it, which the action reads itself).

    The service's AgoraError becomes form errors and the status to answer with; any other
    error is a bug and goes up to the error page (500).
    """
    if not form.is_bound:
        return Submission(done=False, status=200)
    valid = [part.is_valid() for part in (form, *also)]  # each one, so all show their errors
    if not all(valid):
        return Submission(done=False, status=400)
    try:
        result = action(form.cleaned_data)
    except AgoraError as error:
        add_service_error(form, error)
        return Submission(done=False, status=error.status, error=error)
    return Submission(done=True, status=200, result=result)
