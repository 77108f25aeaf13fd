from . import selectors


def refused_address(request):
    """A member whose address the mail server refused is told on every page until they
    change it (`Suppression`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"refused_address": lambda: selectors.refusal_to_tell(user)}
