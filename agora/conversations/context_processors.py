from . import live, selectors


def unread_notifications(request):
    """The unread count in the header: one query, only for a logged-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": lambda: selectors.unread_count(user),
        "live_url": lambda: live.url(user),
        "live_every": live.EVERY_MS,
    }
