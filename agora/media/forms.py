from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_ALT_LENGTH, MediaSettings

ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/avif"


class PictureForm(forms.Form):
    """One picture: an avatar, a logo or a cover (read from its bytes by the service)."""

    file = forms.FileField(
        label=_("Picture"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )


class CommunityPictureForm(PictureForm):
    alt = forms.CharField(
        label=_("Description for people who cannot see it"),
        max_length=MAX_ALT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MediaSettingsForm(forms.ModelForm):
    class Meta:
        model = MediaSettings
        fields = [
            "max_megabytes",
            "max_megapixels",
            "images_per_post",
            "images_per_hour",
            "require_alt",
        ]
