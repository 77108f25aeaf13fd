"""The AgoraError tree: what services raise when a person asked for something they cannot have.

Each error carries a message a person understands (translated) and the HTTP status an
interface should answer with. Views turn them into form errors or error pages, the API into
problem+json, the CLI into exit status 2.
"""

from django.utils.translation import gettext_lazy as _


class AgoraError(Exception):
    status = 400
    default_message = _("This request could not be completed.")

    def __init__(self, message=None, *, link=None, link_text=None):
        self.message = message or self.default_message
        # An optional place that helps: where to go to fix what is missing.
        self.link = link
        self.link_text = link_text
        super().__init__(str(self.message))


class InvalidInput(AgoraError):
    status = 400
    default_message = _("Some of what you entered is not valid.")

    def __init__(self, message=None, *, errors=None, **kwargs):
        super().__init__(message, **kwargs)
        # field name -> list of messages, for forms.
        self.errors = errors or {}


class NotAllowed(AgoraError):
    status = 403
    default_message = _("You are not allowed to do this.")


class NotFound(AgoraError):
    status = 404
    default_message = _("This page does not exist, or is not visible to you.")


class Conflict(AgoraError):
    status = 409
    default_message = _("This has already been done.")


class TooManyRequests(AgoraError):
    status = 429
    default_message = _("Too many attempts. Please wait a little and try again.")
