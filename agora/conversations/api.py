from datetime import datetime

from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from agora.communities.permissions import check_can_contribute
from agora.communities.selectors import access_community
from agora.core.errors import InvalidInput
from agora.media.links import sizes_of
from agora.media.models import MAX_ALT_LENGTH
from agora.media.services import images as media_services
from agora.voice import MAX_TEXT_LENGTH, VoiceError

from . import selectors, services
from .permissions import check_can_use_coach
from .services import POST_BODY_MAX, POST_TITLE_MAX

router = Router(tags=["conversations"])


class ImageOut(Schema):
    key: str
    state: str
    width: int
    height: int
    alt: str
    # Each size's URL (the checked serving view); empty while the worker prepares it.
    sizes: list[dict]

    @staticmethod
    def resolve_sizes(image) -> list[dict]:
        return sizes_of(image)


class ImageIn(Schema):
    key: str = Field(..., pattern=r"^[A-Za-z0-9_-]{20,32}$")
    alt: str = Field("", max_length=MAX_ALT_LENGTH)


class PostOut(Schema):
    id: int
    kind: str
    title: str
    body_html: str
    author: str = Field(..., alias="author.handle")
    created_at: datetime
    edited_at: datetime | None
    comment_count: int
    reaction_count: int
    images: list[ImageOut] = []

    @staticmethod
    def resolve_images(post) -> list:
        return [attachment.image for attachment in getattr(post, "shown_images", [])]


class FeedOut(Schema):
    items: list[PostOut]
    next_cursor: str | None


class StatusIn(Schema):
    title: str = Field("", max_length=POST_TITLE_MAX)
    body: str = Field(..., max_length=POST_BODY_MAX)
    images: list[ImageIn] = Field([], max_length=10)


class PostIn(Schema):
    title: str = Field(..., max_length=POST_TITLE_MAX)
    body: str = Field(..., max_length=POST_BODY_MAX)
    is_question: bool = False
    images: list[ImageIn] = Field([], max_length=10)


def _images(payload) -> list[tuple[str, str]]:
    return [(image.key, image.alt) for image in payload.images]


@router.get("{slug}/posts", response=FeedOut, auth=None)
def feed(request, slug: str, after: str | None = None):
    """The community's feed, newest first; pass next_cursor as `after` for the next page."""
    community = access_community(request.user, slug)
    return selectors.community_feed(community, after, all_images=True)


@router.post("{slug}/statuses", response={201: PostOut})
def publish_status(request, slug: str, payload: StatusIn):
    """Publish a status. Refused (409) until the charter, identity and mindset exist."""
    community = access_community(request.user, slug)
    data = payload.dict(exclude={"images"})
    post = services.publish_status(
        community=community, by=request.user, images=_images(payload), **data
    )
    return Status(201, selectors.with_images(post))


@router.post("{slug}/posts", response={201: PostOut})
def write_post(request, slug: str, payload: PostIn):
    community = access_community(request.user, slug)
    data = payload.dict(exclude={"images"})
    post = services.write_post(
        community=community, author=request.user, images=_images(payload), **data
    )
    return Status(201, selectors.with_images(post))


@router.post("{slug}/images", response={201: ImageOut})
def upload_image(request, slug: str, file: File[UploadedFile]):
    """Add one image (multipart, field `file`) to publish with a post or status: its type is
    read from its content; refused ones (415, 413, 400) leave nothing behind. Publish it by
    naming its `key` in the post's `images`, with its description."""
    community = access_community(request.user, slug)
    check_can_contribute(request.user, community)
    limits = media_services.limits_for(community)
    if file.size is not None and file.size > limits.max_bytes:
        raise media_services.too_large(file.size, limits.max_bytes)
    image = media_services.receive_image(
        uploader=request.user,
        community=community,
        purpose="post",
        data=file.read(limits.max_bytes + 1),
    )
    return Status(201, image)


class DraftIn(Schema):
    text: str = Field(..., max_length=MAX_TEXT_LENGTH)
    kind: str = Field("status", pattern="^(status|post|comment)$")


class FindingOut(Schema):
    kind: str
    start: int
    end: int
    message: str
    suggestion: str | None


class FindingsOut(Schema):
    findings: list[FindingOut]


@router.post("{slug}/voice", response=FindingsOut)
def voice_check(request, slug: str, payload: DraftIn):
    """The voice coach on a draft: findings with offsets in characters (code points).

    It suggests and never blocks; the signature rule applies to statuses only.
    """
    community = access_community(request.user, slug)
    check_can_use_coach(request.user, community)
    try:
        findings = selectors.coach_findings(
            community=community,
            user=request.user,
            text=payload.text,
            ui_lang=request.LANGUAGE_CODE[:2],
            is_status=payload.kind == "status",
        )
    except VoiceError as error:
        raise InvalidInput(str(error)) from error
    return {"findings": [f.as_dict() for f in findings]}
