from ninja import Router, Schema

from . import selectors

router = Router(tags=["communities"])


class CommunityOut(Schema):
    slug: str
    name: str
    description: str
    visibility: str
    member_count: int
    post_count: int


@router.get("", response=list[CommunityOut], auth=None)
def list_communities(request):
    """Communities visible to the caller (public ones, and private ones they belong to)."""
    return list(selectors.filter_communities_visible_to(request.user).order_by("name")[:100])


@router.get("{slug}", response=CommunityOut, auth=None)
def get_community(request, slug: str):
    return selectors.access_community(request.user, slug)
