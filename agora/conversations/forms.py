from django import forms
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from agora.core.errors import InvalidInput

from .models import ReactionKind
from .services import COMMENT_BODY_MAX, POST_BODY_MAX, POST_TITLE_MAX


class StatusForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=POST_TITLE_MAX, required=False)
    body = forms.CharField(
        label=_("Status"), max_length=POST_BODY_MAX, widget=forms.Textarea({"rows": 4})
    )


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=POST_TITLE_MAX)
    body = forms.CharField(
        label=_("Text"),
        max_length=POST_BODY_MAX,
        widget=forms.Textarea({"rows": 6}),
        help_text=_("Markdown works: **bold**, *italic*, [links](https://…), @handle to mention."),
    )
    is_question = forms.BooleanField(
        label=_("This is a question: I am waiting for an answer"), required=False
    )


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=POST_TITLE_MAX, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=POST_BODY_MAX, widget=forms.Textarea({"rows": 6})
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=COMMENT_BODY_MAX, widget=forms.Textarea({"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)


# The image picker posts the keys of the images it staged, and each one's description.
IMAGE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def posted_images(data, *, strict: bool = True) -> list[tuple[str, str]]:
    """[(key, description), ...] from a form carrying the image picker, in the order shown.
    Strict (publishing): a malformed key is refused; otherwise (showing a refused form
    again) it is skipped."""
    found = []
    for key in data.getlist("images")[:20]:
        if not 20 <= len(key) <= 32 or not set(key) <= IMAGE_KEY_CHARS:
            if strict:
                raise InvalidInput(
                    gettext_now("An image is no longer available: remove it and add it again.")
                )
            continue
        alt = data.get(f"alt_{key}", "")
        found.append((key, alt if strict else alt[:1000]))
    return found
