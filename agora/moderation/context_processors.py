import functools

from . import selectors


def moderation_badges(request):
    """Lazy counts for the header: open jury seats and unread notices (one query, if shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = functools.cache(lambda: selectors.badge_counts(user))
    return {
        "jury_duties": lambda: counts()["seats"],
        "unread_notices": lambda: counts()["unread"],
    }
