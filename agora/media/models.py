"""Images members upload, their sizes, and the community's rules for them.

An `Image` is one uploaded picture: the request stores the upload as received under
`uploads/` (never served), the worker turns it into its sizes (`renditions`, stored under
content-hashed names, every piece of metadata left behind) and deletes the upload. Who may
see it is decided by whoever uses it (`agora.media.access`): a post's images by the post, a
community's logo by the community.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agora.communities.models import Community


class Purpose(models.TextChoices):
    """What an image is for: it decides who may see it (`access`) and how it is shown."""

    POST = "post", pgettext_lazy("image purpose", "In a post")
    COMMENT = "comment", pgettext_lazy("image purpose", "In a comment")
    AVATAR = "avatar", pgettext_lazy("image purpose", "Avatar")
    LOGO = "logo", pgettext_lazy("image purpose", "Community logo")
    COVER = "cover", pgettext_lazy("image purpose", "Community cover")
    # In a planned status of the editorial calendar: its stewards see it until it is
    # published, when it becomes a post's like any other.
    STATUS = "status", pgettext_lazy("image purpose", "In a planned status")


class ImageState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("image state", "Being prepared")
    READY = "ready", pgettext_lazy("image state", "Ready")
    FAILED = "failed", pgettext_lazy("image state", "Could not be prepared")
    # Removed (a post deleted, a jury's decision, an account erased): files deleted, the row
    # kept for what cites it (a case, a perceptual hash).
    WITHHELD = "withheld", pgettext_lazy("image state", "Withheld")


MAX_ALT_LENGTH = 1000


class Image(models.Model):
    # In every URL of the image: long and random, so it says nothing and cannot be guessed.
    key = models.CharField(max_length=32, unique=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="images"
    )
    # The community it was uploaded to (none for an avatar): its limits and its privacy.
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="images"
    )
    state = models.CharField(max_length=10, choices=ImageState.choices, default="pending")
    alt = models.TextField(_("description"), max_length=MAX_ALT_LENGTH, blank=True)
    # Shown size, orientation applied (known from the header at upload, exact once ready).
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    byte_size = models.PositiveIntegerField()  # of the upload as received
    sha256 = models.CharField(max_length=64)  # of the upload as received
    phash = models.CharField(max_length=16, blank=True, db_index=True)
    upload_name = models.CharField(max_length=200, blank=True)  # "" once processed
    # [{"w": 640, "h": 480, "f": "webp", "name": "img/ab/<key>/<digest>-640.webp"}, ...]
    renditions = models.JSONField(default=list, blank=True)
    failure = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(db_index=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["uploader", "community", "-created_at"], name="image_uploads_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose__in=[p.value for p in Purpose]),
                name="image_purpose_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in ImageState]),
                name="image_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(width__gt=0, height__gt=0), name="image_has_a_size"
            ),
            models.CheckConstraint(
                condition=models.Q(community__isnull=False)
                | models.Q(purpose__in=[Purpose.AVATAR.value]),
                name="image_community_unless_avatar",
            ),
        ]

    def __str__(self):
        return f"image {self.key}"

    @property
    def is_ready(self) -> bool:
        return self.state == ImageState.READY

    def stored_names(self) -> list[str]:
        """Every file of this image in storage: its sizes, and the upload while it waits."""
        names = [r["name"] for r in self.renditions]
        return [*names, self.upload_name] if self.upload_name else names


class MediaSettings(models.Model):
    """A community's rules for images (read with `selectors.settings_of`)."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="media_settings"
    )
    max_megabytes = models.PositiveSmallIntegerField(_("largest file, in megabytes"), default=15)
    max_megapixels = models.PositiveSmallIntegerField(
        _("largest picture, in megapixels"), default=50
    )
    images_per_post = models.PositiveSmallIntegerField(_("images per post"), default=10)
    images_per_hour = models.PositiveSmallIntegerField(
        _("images a member may upload per hour"), default=60
    )
    require_alt = models.BooleanField(
        _("every image needs a description"),
        default=False,
        help_text=_("Publishing waits until each image is described for people who cannot see it."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_megabytes__gte=1, max_megabytes__lte=50),
                name="media_max_megabytes_range",
            ),
            models.CheckConstraint(
                condition=models.Q(max_megapixels__gte=1, max_megapixels__lte=100),
                name="media_max_megapixels_range",
            ),
            models.CheckConstraint(
                condition=models.Q(images_per_post__gte=1, images_per_post__lte=10),
                name="media_images_per_post_range",
            ),
            models.CheckConstraint(
                condition=models.Q(images_per_hour__gte=1, images_per_hour__lte=1000),
                name="media_images_per_hour_range",
            ),
        ]

    def __str__(self):
        return f"media settings of {self.community_id}"


class Avatar(models.Model):
    """A member's face. Without one, pages draw a default from their name (`media` tags)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avatar"
    )
    image = models.OneToOneField(Image, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"avatar of {self.user_id}"


class CommunityLook(models.Model):
    """A community's logo and cover."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="look")
    logo = models.OneToOneField(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cover = models.OneToOneField(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"look of {self.community_id}"
