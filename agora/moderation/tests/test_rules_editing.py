"""Stewards put automatic rules on articles in the charter editor and test them first."""

from agora.communities.models import ArticleRule
from agora.conversations import services as conversations


def charter_form(articles):
    data = {"articles-TOTAL_FORMS": str(len(articles)), "articles-INITIAL_FORMS": "0"}
    for index, article in enumerate(articles):
        for key, value in article.items():
            data[f"articles-{index}-{key}"] = value
    return data


KINDNESS = {"title": "Kindness", "body": "Criticise ideas, never people."}


def test_rules_are_saved_with_a_new_version_and_shown_on_the_charter(
    client_for, the_community, camille
):
    data = charter_form(
        [
            {
                **KINDNESS,
                "watched_terms": "con\nabruti\n",
                "terms_action": "reject",
                "shouting": "on",
                "shouting_action": "flag",
            },
            {
                "title": "No spam",
                "body": "Announce commercial links as such.",
                "patterns": "vi[a@]gra\n",
                "patterns_action": "hold",
                "links_days": "7",
                "links_action": "hold",
            },
        ]
    )
    data["summary"] = "Automatic rules"
    response = client_for(camille).post(f"/c/{the_community.slug}/charter/new/", data)
    assert response.status_code == 302
    rules = {(r.article.number, r.kind, r.action) for r in ArticleRule.objects.all()}
    assert rules == {
        (1, "terms", "reject"),
        (1, "shouting", "flag"),
        (2, "pattern", "hold"),
        (2, "links", "hold"),
    }
    assert ArticleRule.objects.get(kind="terms").terms == ["con", "abruti"]
    page = client_for().get(f"/c/{the_community.slug}/charter/").content.decode()
    assert "2 watched terms (reject with an explanation)" in page
    assert "abruti" not in page  # the lists stay with the stewards
    editor = client_for(camille).get(f"/c/{the_community.slug}/charter/new/").content.decode()
    assert "abruti" in editor and "vi[a@]gra" in editor


def test_an_invalid_pattern_is_refused_with_its_reason_and_nothing_is_published(
    client_for, the_community, camille
):
    data = charter_form([{**KINDNESS, "patterns": "(a)\\1", "patterns_action": "hold"}])
    response = client_for(camille).post(f"/c/{the_community.slug}/charter/new/", data)
    assert response.status_code == 400
    assert "Article 1: The pattern" in response.content.decode()
    assert the_community.charter_versions.count() == 1


def test_the_consent_diff_says_when_only_the_rules_changed(
    client_for, the_community, camille, member_michu
):
    data = charter_form(
        [{**KINDNESS, "watched_terms": "con", "terms_action": "hold"},
         {"title": "No spam", "body": "Announce commercial links as such."}]
    )  # fmt: skip
    client_for(camille).post(f"/c/{the_community.slug}/charter/new/", data)
    page = client_for(member_michu).get(f"/c/{the_community.slug}/join/").content.decode()
    assert "Its automatic rules changed." in page


def test_the_tester_shows_matches_in_the_sample_and_among_recent_posts(
    client_for, the_community, camille, member_michu
):
    for body in ("Quel con ce match", "Le contenu est top", "CON !"):
        conversations.write_post(
            community=the_community, author=member_michu, title="Match", body=body
        )
    url = f"/c/{the_community.slug}/charter/rules/test/"
    response = client_for(camille).post(
        url,
        {
            "prefix": "articles-0",
            "articles-0-watched_terms": "con",
            "articles-0-patterns": "",
            "articles-0-sample": "Tu es <b>con</b>, vraiment",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>con</mark>" in html and "&lt;b&gt;" in html  # escaped, highlighted
    assert "Among the last 3 posts, 2 would have been caught." in html
    assert "<html" not in html  # a fragment for htmx
    page = client_for(camille).post(url, {"watched_terms": "con", "sample": "con"})
    assert page.status_code == 200 and "<html" in page.content.decode()


def test_the_tester_explains_an_invalid_pattern_and_is_for_stewards_only(
    client_for, the_community, camille, member_michu
):
    url = f"/c/{the_community.slug}/charter/rules/test/"
    bad = client_for(camille).post(url, {"patterns": "(?<=a)b", "sample": "ab"})
    assert bad.status_code == 400 and "cannot be used" in bad.content.decode()
    assert client_for(member_michu).post(url, {"watched_terms": "x"}).status_code == 403
