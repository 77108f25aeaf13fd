"""Safe Markdown: the one module allowed to mark HTML as safe.

Text is rendered once, when it is written, and the HTML is stored beside it. markdown-it-py
runs with raw HTML off ("js-default"), then nh3 keeps only an allow-list of tags and
attributes and only http, https and mailto links; relative links pass.
"""

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("js-default", {"linkify": False, "typographer": False}).enable("strikethrough")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

MENTION_RE = re.compile(r"(?<![\w@/])@([a-z0-9_]{3,30})\b", re.IGNORECASE)


def _demote_headings(html: str) -> str:
    # A post's own headings sit below the page's h1/h2.
    return re.sub(r"<(/?)h([12])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}>", html)


def render_markdown(text: str, *, mention_url=None) -> str:
    """Render Markdown to sanitised HTML; every script, handler and javascript: link is gone.

    mention_url(handle) -> str | None turns @handle into a link when the handle exists.
    """
    html = _demote_headings(_md.render(text or ""))
    if mention_url is not None:
        html = _link_mentions(html, mention_url)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )


def _link_mentions(html: str, mention_url) -> str:
    # Only touch text outside tags and outside <code>/<pre>/<a>.
    out, depth_skip = [], 0
    for part in re.split(r"(<[^>]+>)", html):
        if part.startswith("<"):
            tag = re.match(r"</?(\w+)", part)
            if tag and tag.group(1) in {"code", "pre", "a"}:
                depth_skip += -1 if part.startswith("</") else 1
            out.append(part)
        elif depth_skip > 0:
            out.append(part)
        else:

            def replace(match):
                url = mention_url(match.group(1).lower())
                if not url:
                    return match.group(0)
                return f'<a href="{escape(url)}">@{escape(match.group(1))}</a>'

            out.append(MENTION_RE.sub(replace, part))
    return "".join(out)


def find_mentions(text: str) -> set[str]:
    """Handles written as @handle in a text, lower-cased."""
    return {m.group(1).lower() for m in MENTION_RE.finditer(text or "")}


def stored_html(html: str) -> SafeString:
    """Mark HTML produced by render_markdown (and stored) as safe for templates."""
    return mark_safe(html)  # noqa: S308 - produced by render_markdown above, sanitised by nh3
