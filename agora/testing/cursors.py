"""Keyset cursors as a client could send them, for tests of the feeds' `after` parameter:
well formed or not, in range or not (`core.pagination` reads them)."""

import base64


def forge_cursor(moment: str, pk) -> str:
    """The cursor text for any (moment, id), unchecked: ISO moments, ids past 64 bits…"""
    return base64.urlsafe_b64encode(f"{moment}|{pk}".encode()).decode()


def cursor_from_the_future() -> str:
    """A cursor after every row there is: the first page of any feed."""
    return forge_cursor("2100-01-01T00:00:00+00:00", 999999999)
