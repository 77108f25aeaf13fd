from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HANDLE_VALIDATOR, Language, User


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    handle = forms.CharField(
        label=_("Handle"),
        max_length=30,
        validators=[HANDLE_VALIDATOR],
        help_text=_("Others mention you with @handle. Lower-case letters, digits, underscores."),
    )
    display_name = forms.CharField(label=_("Display name"), max_length=80)
    password = forms.CharField(
        label=_("Password"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not a common password."),
    )

    def clean_handle(self):
        return self.cleaned_data["handle"].lower()


class LogInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=User._meta.get_field("display_name").max_length
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("As my browser says"))] + list(Language.choices),
        required=False,
    )
    bio = forms.CharField(
        label=_("About you"), max_length=500, required=False, widget=forms.Textarea({"rows": 3})
    )
