from django.shortcuts import render

from .errors import AgoraError


class AgoraErrorMiddleware:
    """Turn an AgoraError that no view handled into a page with its status and message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, AgoraError):
            return None
        template = "core/fragments/error.html" if getattr(request, "htmx", False) else "error.html"
        return render(request, template, {"error": exception}, status=exception.status)
