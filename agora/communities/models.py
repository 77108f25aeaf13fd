import hashlib
import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agora.core.models import TimeStampedModel

SLUG_VALIDATOR = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{1,48}[a-z0-9])$",
    _(
        "Use 3 to 50 lower-case letters, digits or hyphens, "
        "starting and ending with a letter or digit."
    ),
)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read; members join by consenting to the charter")
    PRIVATE = "private", _("Private: only members can see it exists")


class Community(TimeStampedModel):
    name = models.CharField(_("name"), max_length=80)
    slug = models.CharField(_("address"), max_length=50, unique=True, validators=[SLUG_VALIDATOR])
    description = models.TextField(_("description"), max_length=1000, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Days and hours are entered and shown in this zone, and stored in UTC (`core.zones`).
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    # Stored counters, kept by the services with F() in the same transaction as the rows.
    member_count = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    # Stewards always invite; members too when the community says so.
    members_invite = models.BooleanField(_("members may invite"), default=False)
    # The launch checklist is done, or a steward dismissed it: it shows no more.
    launch_closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=["public", "private"]),
                name="communities_community_visibility_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE


class Membership(models.Model):
    """A member belongs to a community from the moment they first consent to its charter."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_user")
        ]

    def __str__(self):
        return f"{self.user_id} in {self.community_id}"


class InvitationKind(models.TextChoices):
    LINK = "link", _("link")
    EMAIL = "email", _("e-mail")


class Invitation(models.Model):
    """A way in: a link for whoever holds it (expiry, number of uses) or an e-mail to one
    address (once per address and community). Only a hash of its secret is stored; it
    admits nobody by itself: the newcomer consents to the charter on arrival."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=5, choices=InvitationKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    email = models.EmailField(max_length=254, blank=True)  # lower-cased; e-mail kind only
    secret_hash = models.CharField(max_length=64, unique=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True)  # None: unlimited
    use_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)  # e-mail kind: handed to the server
    # A link may lead to a request the stewards approve, rather than straight in.
    needs_approval = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["community", "-created_at"], name="invitation_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["link", "email"]), name="invitation_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="link", email="")
                | (models.Q(kind="email", max_uses=1) & ~models.Q(email="")),
                name="invitation_email_for_one",
            ),
            models.CheckConstraint(
                condition=models.Q(max_uses__isnull=True)
                | models.Q(use_count__lte=models.F("max_uses")),
                name="invitation_uses_within_max",
            ),
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=models.Q(kind="email"),
                name="invitation_once_per_address",
            ),
        ]

    def __str__(self):
        return f"invitation {self.pk} to {self.community_id}"

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(24)

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class InvitationUse(models.Model):
    """Who came in through which invitation: the steward's page shows it, the journal never."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "user"], name="invitation_used_once_each")
        ]

    def __str__(self):
        return f"{self.user_id} through invitation {self.invitation_id}"


class JoinRequest(models.Model):
    """Someone who came through an invitation that asks for approval: they consented to the
    charter (`charter_version`); a steward admits them or declines."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    charter_version = models.ForeignKey(
        "CharterVersion", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=8, choices=State.choices, default="pending")
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "approved", "declined"]),
                name="join_request_state_valid",
            ),
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=models.Q(state="pending"),
                name="one_pending_request_per_person",
            ),
        ]

    def __str__(self):
        return f"request of {self.user_id} to {self.community_id}"


class StewardMandate(models.Model):
    """A stewardship mandate: a start and, optionally, an end. Founders hold the first ones."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="mandates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mandates"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200)
    # When the end was announced (and so journaled): set once, by a compare-and-set.
    end_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="mandate_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"steward {self.user_id} of {self.community_id}"


class CharterVersion(models.Model):
    """One published version of the charter. Versions are numbered 1, 2, 3… per community."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="charter_versions"
    )
    number = models.PositiveIntegerField()
    summary = models.CharField(_("what changed"), max_length=300, blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"], name="one_charter_version_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="charter_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.community} v{self.number}"


class Article(models.Model):
    charter_version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="articles"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=4000)
    body_html = models.TextField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter_version", "number"], name="one_article_number"
            ),
        ]

    def __str__(self):
        return f"Article {self.number}: {self.title}"


class RuleKind(models.TextChoices):
    TERMS = "terms", _("Watched terms")
    PATTERN = "pattern", _("Pattern")
    LINKS = "links", _("Links from new members")
    RATE = "rate", _("Posting rate")
    SHOUTING = "shouting", _("Shouting")


class RuleAction(models.TextChoices):
    REJECT = "reject", _("Reject with an explanation")
    HOLD = "hold", _("Hold for review")
    FLAG = "flag", _("Publish and open a case")


class ArticleRule(models.Model):
    """An automatic rule carried by an article; published, and frozen, with its version.

    Matching is `agora.rules` (pure Python); a version's rules are compiled once
    and cached by version id, which is safe because a published version never changes.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=10, choices=RuleKind.choices)
    action = models.CharField(max_length=10, choices=RuleAction.choices)
    terms = models.JSONField(default=list, blank=True)  # kind "terms": ["con", "gros mot"]
    pattern = models.CharField(max_length=500, blank=True)  # kind "pattern": one RE2 pattern
    limit = models.PositiveIntegerField(default=0)  # days ("links"), per hour ("rate")

    class Meta:
        ordering = ["article__number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["terms", "pattern", "links", "rate", "shouting"]),
                name="article_rule_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(action__in=["reject", "hold", "flag"]),
                name="article_rule_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind} rule on {self.article}"


class Consent(models.Model):
    """A member's acceptance of one charter version, with its time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    charter_version = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, related_name="consents"
    )
    consented_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "charter_version"], name="one_consent_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} consents to {self.charter_version_id}"


class AddressForm(models.TextChoices):
    TU = "tu", pgettext_lazy("form of address", "Tu (informal French)")
    VOUS = "vous", pgettext_lazy("form of address", "Vous (formal French)")
    NEUTRAL = "neutral", pgettext_lazy("form of address", "Neutral")


class EmojiPolicy(models.TextChoices):
    NONE = "none", _("No emoji")
    SPARING = "sparing", _("Sparingly (one or two)")
    FREE = "free", _("Freely")


class Identity(TimeStampedModel):
    """The community's voice, read by the voice coach."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="identity")
    address_form = models.CharField(max_length=10, choices=AddressForm.choices)
    tone = models.JSONField(default=list, blank=True)  # a few words: ["warm", "playful"]
    preferred_terms = models.JSONField(default=list, blank=True)  # [{"term", "replacement"}]
    banned_terms = models.JSONField(default=list, blank=True)  # ["term", …]
    emoji_policy = models.CharField(max_length=10, choices=EmojiPolicy.choices)
    signature = models.CharField(max_length=80, blank=True)
    signature_required = models.BooleanField(default=False)
    preferred_length = models.PositiveIntegerField(default=600)
    # The language the community speaks (what the voice coach reads drafts as).
    language = models.CharField(
        max_length=2, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )
    # Members may use the voice coach on their own posts (stewards always can).
    coach_for_members = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = _("identities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(address_form__in=["tu", "vous", "neutral"]),
                name="identity_address_form_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(emoji_policy__in=["none", "sparing", "free"]),
                name="identity_emoji_policy_valid",
            ),
        ]

    def __str__(self):
        return f"identity of {self.community_id}"


class Mindset(TimeStampedModel):
    """A short list of value statements, shown with the charter."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="mindset")
    values = models.JSONField(default=list)  # ["We answer every question within a day", …]

    def __str__(self):
        return f"mindset of {self.community_id}"
