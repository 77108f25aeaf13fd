from . import selectors


def moderation_badges(request):
    """Lazy counts for the header: open jury seats and unread notices (no query unless shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "jury_duties": lambda: selectors.open_seats_count(user),
        "unread_notices": lambda: selectors.notices_for(user).filter(read_at__isnull=True).count(),
    }
