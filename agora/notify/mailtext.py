"""What a member wrote in a reply by e-mail, without what their mail client added: the quoted
history and its "On … wrote:" line, forwarded headers, signatures and "Sent from my phone".

Pure functions of an `email.message.EmailMessage`: the plain-text part when there is one
(every client sends one beside the HTML), else the HTML part turned into text with its
quoted blocks left out. Attachments are not read.
"""

from __future__ import annotations

import html
import re

# A line that starts the quoted history: everything from it on is dropped.
_QUOTE_HEADERS = [
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*Le\b.{0,300}\ba\s+écrit\s*:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*-{2,}\s*(Original Message|Message d.origine|Message original)\b", re.I),
    re.compile(r"^\s*-{2,}\s*(Forwarded message|Message transféré)\b", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),  # Outlook's rule above the quoted message
]
# Outlook quotes with a block of headers: "From: …" then "Sent:"/"Date:" within two lines.
_HEADER_FROM = re.compile(r"^\s*\*?(From|De)\s*:\*?\s", re.IGNORECASE)
_HEADER_NEXT = re.compile(r"^\s*\*?(Sent|Date|Envoyé|To|À)\s*:\*?\s", re.IGNORECASE)
# Where a signature starts: the standard delimiter, and what phones and webmails append.
_SIGNATURES = [
    re.compile(r"^-- ?$"),
    re.compile(r"^\s*(Sent from|Envoyé de|Envoyé depuis|Get Outlook for|Obtenir Outlook)\b", re.I),
]


def reply_text(message) -> str:
    """The member's own words in `message`, trimmed; "" when there are none."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return trim(content)


def trim(text: str) -> str:
    """Cut the quoted history and the signature; drop quoted (">") lines left in between."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        # "On Mon, 7 Dec 2026 at 10:00, Agora <reply+…@…>" may wrap before "wrote:".
        pair = line + " " + (lines[index + 1] if index + 1 < len(lines) else "")
        if any(p.match(line) or p.match(pair) for p in _QUOTE_HEADERS[:2]):
            break
        if any(p.match(line) for p in _QUOTE_HEADERS[2:]):
            break
        if _HEADER_FROM.match(line) and any(
            _HEADER_NEXT.match(following) for following in lines[index + 1 : index + 3]
        ):
            break
        if any(p.match(line) for p in _SIGNATURES):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


_QUOTED_BLOCKS = re.compile(
    r"<blockquote\b.*?</blockquote>|<div[^>]*class=\"?[^\">]*(gmail_quote|moz-cite-prefix)"
    r"[^>]*>.*",  # Gmail and Thunderbird put the history after this, to the end
    re.IGNORECASE | re.DOTALL,
)
_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/h\d|/tr)\b[^>]*>", re.IGNORECASE)
_HIDDEN = re.compile(r"<(style|script|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """The text of an HTML reply, line breaks kept, quoted blocks left out."""
    markup = _HIDDEN.sub("", markup)
    markup = _QUOTED_BLOCKS.sub("", markup)
    markup = _BREAKS.sub("\n", markup)
    text = html.unescape(_TAGS.sub("", markup)).replace("\xa0", " ")
    return re.sub(r"\n{3,}", "\n\n", text)
