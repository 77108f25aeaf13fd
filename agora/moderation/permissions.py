"""can_* answers a question; check_* raises with a message a person understands."""

from agora.communities import selectors as community_selectors
from agora.core.errors import NotFound

from .models import Juror


def can_see_case(user, case) -> bool:
    """Jurors (even released ones), the author and the stewards; nobody else."""
    if not user.is_authenticated:
        return False
    if case.author_id == user.pk or community_selectors.is_steward(user, case.community):
        return True
    return Juror.objects.filter(case=case, user=user).exists()


def check_can_see_case(user, case) -> None:
    if not can_see_case(user, case):
        raise NotFound()
