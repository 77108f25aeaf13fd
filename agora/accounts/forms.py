from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HANDLE_VALIDATOR, Language, User
from .services import sign_up_problems


class HandleField(forms.CharField):
    """A handle as typed, lower-cased before it is checked ("Michu" is "michu")."""

    def to_python(self, value):
        return super().to_python(value).strip().lower()


class SignUpForm(forms.Form):
    """Every problem at once, the form's and the service's (an address or handle taken, a
    weak password); what was typed stays, but the password."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    handle = HandleField(
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

    def clean(self):
        data = super().clean()
        candidate = User(
            email=(data.get("email") or "").lower(),
            handle=data.get("handle") or "",
            display_name=data.get("display_name") or "",
        )
        for field, messages in sign_up_problems(candidate, data.get("password") or "").items():
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return data


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
