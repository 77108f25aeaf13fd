from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SLUG_VALIDATOR, AddressForm, EmojiPolicy, Visibility


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    slug = forms.CharField(
        label=_("Address"),
        max_length=50,
        validators=[SLUG_VALIDATOR],
        help_text=_("The community lives at /c/address/. Lower-case letters, digits, hyphens."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PUBLIC,
    )

    def clean_slug(self):
        return self.cleaned_data["slug"].lower()


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=4000, required=False, widget=forms.Textarea({"rows": 3})
    )


ArticleFormSet = forms.formset_factory(
    ArticleForm, extra=3, max_num=50, absolute_max=50, validate_max=True
)


class CharterMetaForm(forms.Form):
    summary = forms.CharField(
        label=_("What changed, in one sentence"),
        max_length=300,
        required=False,
        help_text=_("Members read this when they are asked to consent again."),
    )


class IdentityForm(forms.Form):
    address_form = forms.ChoiceField(
        label=_("How the community addresses its members"),
        choices=AddressForm.choices,
        widget=forms.RadioSelect,
    )
    tone = forms.CharField(
        label=_("Tone, in a few words"),
        max_length=200,
        required=False,
        help_text=_("Separated by commas: warm, playful, precise…"),
    )
    preferred_terms = forms.CharField(
        label=_("Preferred terms"),
        max_length=4000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_('One per line: "term -> replacement", e.g. "clients -> membres".'),
    )
    banned_terms = forms.CharField(
        label=_("Banned terms"),
        max_length=4000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("One per line. The voice coach points them out; it never blocks."),
    )
    emoji_policy = forms.ChoiceField(
        label=_("Emoji"), choices=EmojiPolicy.choices, widget=forms.RadioSelect
    )
    signature = forms.CharField(label=_("Signature"), max_length=80, required=False)
    signature_required = forms.BooleanField(
        label=_("Statuses end with the signature"), required=False
    )
    language = forms.ChoiceField(
        label=_("The community speaks"),
        choices=[("fr", "Français"), ("en", "English")],
        initial="fr",
    )
    coach_for_members = forms.BooleanField(
        label=_("Members can use the voice coach on their own posts"), required=False
    )
    preferred_length = forms.IntegerField(
        label=_("Preferred length of a status (characters)"),
        min_value=50,
        max_value=10000,
        initial=600,
    )


class MindsetForm(forms.Form):
    values = forms.CharField(
        label=_("Values, one per line"),
        max_length=2500,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("One to ten short statements, e.g. “Nobody here outranks anybody.”"),
    )


class ConsentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=1_000_000)
    agree = forms.BooleanField(
        label=_("I have read this charter and I agree to live by it."),
        error_messages={"required": _("Tick the box to consent to the charter.")},
    )
