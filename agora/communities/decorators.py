from functools import wraps

from django.contrib.auth.views import redirect_to_login

from . import permissions, selectors


def community_view(*, login: bool = False, steward: bool = False):
    """Resolve /c/<slug>/ first, so a private community answers 404 before anything else.

    Then ask for a login (redirect) and, for steward pages, a mandate (403). The view
    receives the community instead of the slug.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            community = selectors.access_community(request.user, slug)
            if (login or steward) and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if steward:
                permissions.check_can_steward(request.user, community)
            return view(request, community, *args, **kwargs)

        return wrapper

    return decorator
