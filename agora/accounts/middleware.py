from django.utils import translation

# The open pages' live check, which must not load the session and the user.
LIVE_PATH = "/live/"


class ProfileLanguageMiddleware:
    """A member's profile language wins over the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path_info == LIVE_PATH:
            user = None  # the live check reads no session (conversations.live): numbers only
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
