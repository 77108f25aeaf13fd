import re

import pytest
from django.db import connection

from agora.core.markdown import render_markdown

pytestmark = pytest.mark.django_db


def test_csp_forbids_inline_scripts_and_other_origins(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_carry_no_inline_script(client_for, the_community, member_michu):
    client = client_for(member_michu)
    for url in ("/", "/c/the-community/", "/c/the-community/charter/", "/accounts/profile/"):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts, url
        assert all('src="/static/' in tag for tag in scripts), scripts
        assert not re.search(r"\son[a-z]+=", html), url


def test_htmx_is_served_by_the_app(client):
    response = client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200


def test_sqlite_runs_in_wal_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only (this run uses PostgreSQL)")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(1)">x</a>',
        "![x](x)\n<svg onload=alert(1)>",
        "<iframe src=https://example.org></iframe>",
        '<div style="background:url(javascript:alert(1))">x</div>',
    ],
)
def test_markdown_renders_hostile_input_inert(source):
    tags = _real_tags(render_markdown(source))
    names = {name for name, _attrs in tags}
    assert not names & {"script", "iframe", "svg", "img", "style", "object", "embed"}
    for _name, attrs in tags:
        for attribute, value in attrs:
            assert not attribute.startswith("on"), attrs
            assert attribute != "style", attrs
            if attribute == "href":
                assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"} or (
                    ":" not in value
                ), value


def _real_tags(html):
    """Tags the browser would build (escaped text such as &lt;svg&gt; is not a tag)."""
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_markdown_keeps_ordinary_formatting_and_safe_links():
    html = render_markdown("**gras** *italique* [site](https://example.org) `code`")
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert 'href="https://example.org"' in html and 'rel="nofollow ugc noopener"' in html
    assert "<code>code</code>" in html


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
