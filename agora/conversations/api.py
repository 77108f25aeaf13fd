from datetime import datetime

from ninja import Field, Router, Schema, Status

from agora.communities.selectors import access_community
from agora.core.errors import InvalidInput
from agora.voice import MAX_TEXT_LENGTH, VoiceError

from . import selectors, services
from .permissions import check_can_use_coach
from .services import POST_BODY_MAX, POST_TITLE_MAX

router = Router(tags=["conversations"])


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


class FeedOut(Schema):
    items: list[PostOut]
    next_cursor: str | None


class StatusIn(Schema):
    title: str = Field("", max_length=POST_TITLE_MAX)
    body: str = Field(..., max_length=POST_BODY_MAX)


class PostIn(Schema):
    title: str = Field(..., max_length=POST_TITLE_MAX)
    body: str = Field(..., max_length=POST_BODY_MAX)
    is_question: bool = False


@router.get("{slug}/posts", response=FeedOut, auth=None)
def feed(request, slug: str, after: str | None = None):
    """The community's feed, newest first; pass next_cursor as `after` for the next page."""
    community = access_community(request.user, slug)
    return selectors.community_feed(community, after)


@router.post("{slug}/statuses", response={201: PostOut})
def publish_status(request, slug: str, payload: StatusIn):
    """Publish a status. Refused (409) until the charter, identity and mindset exist."""
    community = access_community(request.user, slug)
    return Status(
        201, services.publish_status(community=community, by=request.user, **payload.dict())
    )


@router.post("{slug}/posts", response={201: PostOut})
def write_post(request, slug: str, payload: PostIn):
    community = access_community(request.user, slug)
    return Status(
        201, services.write_post(community=community, author=request.user, **payload.dict())
    )


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
