"""One view, two renderings: the fragment for htmx, the whole page otherwise."""

from django.shortcuts import render


def render_page_or_fragment(request, page, fragment, context, status=200):
    template = fragment if request.htmx else page
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response
