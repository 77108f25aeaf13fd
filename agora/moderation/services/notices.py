"""Members' notices: read state only (they are written by `journal.record`)."""

from django.db import transaction

from agora.core.clock import now

from ..models import Notice


@transaction.atomic
def mark_read(*, user, ids: list[int]) -> int:
    return Notice.objects.filter(recipient=user, pk__in=ids, read_at__isnull=True).update(
        read_at=now()
    )
