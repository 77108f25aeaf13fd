from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Decision
from .services.cases import MAX_NOTE, MAX_REASON


def article_choices(version) -> list[tuple[int, str]]:
    return [(a.number, f"{a.number}. {a.title}") for a in version.articles.all()]


class FlagForm(forms.Form):
    article = forms.TypedChoiceField(label=_("Which article does it break?"), coerce=int)
    note = forms.CharField(
        label=_("Note for the jury (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author will never know who flagged."),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = article_choices(version)


class HideForm(forms.Form):
    article = forms.TypedChoiceField(label=_("Article"), coerce=int)
    reason = forms.CharField(
        label=_("Reason (public, in the journal)"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = article_choices(version)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=pgettext_lazy("jury vote", "Your vote"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should a new jury decide otherwise?"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the new jurors read it; it is not published in the journal."),
    )


class ModerationSettingsForm(forms.ModelForm):
    class Meta:
        from .models import ModerationSettings

        model = ModerationSettings
        fields = [
            "flag_threshold", "jury_size", "appeal_jury_size", "juror_min_days",
            "juror_rest_days", "vote_hours", "quorum", "appeal_days", "mute_after_removals",
            "mute_window_days", "mute_days", "journal_names_jurors",
        ]  # fmt: skip
