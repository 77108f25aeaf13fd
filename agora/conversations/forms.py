from django import forms
from django.utils.translation import gettext_lazy as _

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
