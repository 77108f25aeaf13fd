"""Jury draws: reproducible from the stored seed, and a tampered draw is detected."""

from agora.moderation.models import (
    Draw,
)
from agora.moderation.services import draws

from .conftest import flag_until_case


def test_the_draw_is_reproducible_and_a_tampered_draw_is_detected(jury_community, post):
    case = flag_until_case(post, jury_community.members[1:4])
    draw = Draw.objects.get(case=case)
    assert draws.draw_from(seed=draw.seed, eligible=draw.eligible, size=5) == draw.drawn
    Draw.objects.filter(pk=draw.pk).update(drawn=list(reversed(draw.drawn)))
    assert not draws.verify_draw(case)[0].ok
