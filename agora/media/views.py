"""Serving an image's sizes: every request is checked, since private stays private."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.communities.decorators import community_view
from agora.core.errors import NotFound
from agora.core.forms import bind, submit

from . import access, selectors
from .forms import CommunityPictureForm, MediaSettingsForm, PictureForm
from .services import looks
from .services import settings as settings_services

CONTENT_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}
# Content-hashed names never change: a public image may be kept a year by anyone; a
# members-only one only by this person's browser, and not for long.
PUBLIC_CACHE = "public, max-age=31536000, immutable"
MEMBERS_CACHE = "private, max-age=3600"


@require_GET
def image(request, key, filename):
    found = selectors.image_by_key(key)
    if found is None:
        raise NotFound()
    decision = access.decide(request.user, found)
    if decision is None:
        raise NotFound()
    rendition = next(
        (r for r in found.renditions if r["name"].rsplit("/", 1)[-1] == filename), None
    )
    if rendition is None:
        raise NotFound()
    name = rendition["name"]
    if _is_local():
        response = FileResponse(
            default_storage.open(name, "rb"),
            content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]],
        )
        response["Cache-Control"] = PUBLIC_CACHE if decision == access.PUBLIC else MEMBERS_CACHE
    else:
        # The object store answers itself, through a link signed for a few minutes.
        response = HttpResponseRedirect(default_storage.url(name))
        response["Cache-Control"] = "private, max-age=60"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _is_local() -> bool:
    try:
        default_storage.path("x")
    except NotImplementedError:
        return False
    return True


def _read(upload) -> bytes:
    """An uploaded file's bytes, at most one more than the largest limit (the service says
    why it is too large)."""
    return upload.read(50 * 1024 * 1024 + 1)


@login_required
@require_http_methods(["GET", "POST"])
def avatar_page(request):
    """A member's face: upload a photo, or go back to their initials."""
    form = bind(PictureForm, request)
    outcome = submit(
        form, lambda data: looks.set_avatar(user=request.user, data=_read(data["file"]))
    )
    if outcome.done:
        messages.success(request, _("Your photo is saved."))
        return redirect("media:avatar")
    return render(request, "media/avatar_page.html", {"form": form}, status=outcome.status)


@login_required
@require_POST
def avatar_remove(request):
    looks.remove_avatar(user=request.user)
    messages.success(request, _("Your photo is removed: your initials stand in for it."))
    return redirect("media:avatar")


@community_view(steward=True)
@require_http_methods(["GET", "POST"])
def pictures(request, community):
    """A community's logo and cover, and its rules for members' photos (stewards)."""
    which = request.POST.get("which") if request.method == "POST" else None
    logo_form = (
        bind(CommunityPictureForm, request, prefix="logo")
        if which == "logo"
        else (CommunityPictureForm(prefix="logo"))
    )
    cover_form = (
        bind(CommunityPictureForm, request, prefix="cover")
        if which == "cover"
        else (CommunityPictureForm(prefix="cover"))
    )
    rules_form = (
        bind(MediaSettingsForm, request, instance=selectors.settings_of(community))
        if which == "rules"
        else MediaSettingsForm(instance=selectors.settings_of(community))
    )
    status = 200
    if which in ("logo", "cover"):
        form = logo_form if which == "logo" else cover_form
        outcome = submit(
            form,
            lambda data: looks.set_community_image(
                community=community,
                by=request.user,
                purpose=which,
                data=_read(data["file"]),
                alt=data["alt"],
            ),
        )
        if outcome.done:
            messages.success(request, _("The picture is saved."))
            return redirect("media:pictures", community.slug)
        status = outcome.status
    elif which == "rules":
        outcome = submit(
            rules_form,
            lambda data: settings_services.update_media_settings(
                community=community, by=request.user, **data
            ),
        )
        if outcome.done:
            messages.success(request, _("The rules for photos are saved."))
            return redirect("media:pictures", community.slug)
        status = outcome.status
    elif which is not None:
        raise NotFound()
    context = {
        "community": community,
        "look": selectors.look_of(community),
        "logo_form": logo_form,
        "cover_form": cover_form,
        "rules_form": rules_form,
    }
    return render(request, "media/pictures.html", context, status=status)


@community_view(steward=True)
@require_POST
def picture_remove(request, community, which):
    if which not in ("logo", "cover"):
        raise NotFound()
    looks.remove_community_image(community=community, by=request.user, purpose=which)
    messages.success(request, _("The picture is removed."))
    return redirect("media:pictures", community.slug)
