"""The refusals of an upload that carry their own HTTP status."""

from django.utils.translation import gettext_lazy as _

from agora.core.errors import InvalidInput


class TooLarge(InvalidInput):
    status = 413
    default_message = _("This file is too large.")


class UnsupportedImage(InvalidInput):
    status = 415
    default_message = _("This file is not a picture we accept.")
