from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from agora.core.clock import now

HANDLE_VALIDATOR = RegexValidator(
    r"^[a-z0-9_]{3,30}$",
    _("Use 3 to 30 lower-case letters, digits or underscores."),
)


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        # Accounts are created through agora.accounts.services.sign_up; this exists for
        # Django's own tooling (createsuperuser, the test client's helpers).
        email = self.normalize_email(email).lower()
        fields.setdefault("handle", email.split("@")[0][:30].lower())
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, email_verified_at=now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Their public name is the handle (for @mentions)."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    handle = models.CharField(
        _("handle"), max_length=30, unique=True, validators=[HANDLE_VALIDATOR]
    )
    display_name = models.CharField(_("display name"), max_length=80)
    bio = models.TextField(_("about you"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, blank=True, default=""
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["handle", "display_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(handle__regex=r"^[a-z0-9_]{3,30}$"),
                name="accounts_user_handle_format",
            ),
        ]

    def __str__(self):
        return self.display_name or self.handle

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None
