"""Keyset pagination: lists that grow (feeds, the journal, notifications) are read newest
first by (created_at, id), from a cursor, at a constant cost whatever the page — never
`OFFSET` and `COUNT(*)`, which collapse past a million rows."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q

from . import params


@dataclass
class Page:
    items: list
    next_cursor: str | None


def encode_cursor(created_at: datetime, pk: int) -> str:
    """The cursor that starts the next page after the item with this (created_at, id)."""
    raw = f"{created_at.isoformat()}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """(created_at, id) of a cursor; None (from the top) for none, a garbled or an
    out-of-range one (which would overflow in the database)."""
    if not cursor:
        return None
    try:
        moment, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        moment, pk = datetime.fromisoformat(moment), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not (params.usable_day(moment.date()) and params.usable_id(pk)):
        return None
    return moment, pk


def keyset_page(queryset, cursor: str | None, size: int | None = None) -> Page:
    """Newest first by (created_at, id); constant cost whatever the page number."""
    size = size or settings.AGORA_PAGE_SIZE
    position = decode_cursor(cursor)
    if position is not None:
        moment, pk = position
        # The redundant `created_at <= moment` lets SQLite seek the (…, created_at, id) index
        # to the cursor instead of walking every newer row (measured in bench/pages.py).
        queryset = queryset.filter(created_at__lte=moment).filter(
            Q(created_at__lt=moment) | Q(created_at=moment, pk__lt=pk)
        )
    items = list(queryset.order_by("-created_at", "-pk")[: size + 1])
    last = items[size - 1] if len(items) > size else None
    next_cursor = encode_cursor(last.created_at, last.pk) if last is not None else None
    return Page(items[:size], next_cursor)
