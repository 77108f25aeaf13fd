"""iCalendar (RFC 5545) for the calendar feed: a few lines of text, no dependency."""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.urls import reverse

from agora.core.clock import now


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(community, statuses) -> str:
    host = settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "agora"
    edit = settings.BASE_URL + reverse("workbench:calendar", args=[community.slug])
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Agora//Editorial calendar//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(community.name)}",
    ]
    generated = stamp(now())
    for planned in statuses:
        summary = planned.title or planned.body[:60] or "…"
        description = f"[{planned.get_state_display()}] {planned.body[:1000]}\n{edit}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:planned-{planned.pk}@{host}",
            f"DTSTAMP:{generated}",
            f"DTSTART:{stamp(planned.publish_at)}",
            "DURATION:PT15M",
            f"SUMMARY:{escape(summary)}",
            f"DESCRIPTION:{escape(description)}",
            f"STATUS:{'CANCELLED' if planned.state == 'failed' else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
