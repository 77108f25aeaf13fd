"""Every moderation step through HTTP, as members and stewards use it."""

import pytest

from agora.conversations import services as conversations
from agora.moderation.models import Case, Flag, Juror, ModerationSettings


@pytest.fixture
def post(jury_community):
    return conversations.write_post(
        community=jury_community,
        author=jury_community.members[0],
        title="Avis",
        body="Le barista est un incapable.",
    )


def flag_url(post):
    return f"/c/{post.community.slug}/p/{post.pk}/flag/"


def flagged_case(client_for, post):
    for member in post.community.members[1:4]:
        response = client_for(member).post(flag_url(post), {"article": 1, "note": "blessant"})
        assert response.status_code == 302
    return Case.objects.get(post=post)


def test_flag_page_offers_the_articles_and_records_one_flag(client_for, jury_community, post):
    member = jury_community.members[1]
    client = client_for(member)
    page = client.get(flag_url(post))
    assert page.status_code == 200
    assert "1. Kindness" in page.content.decode() and "2. No spam" in page.content.decode()
    response = client.post(flag_url(post), {"article": 2, "note": "pub"})
    assert response.status_code == 302
    assert Flag.objects.filter(member=member, post=post, article__number=2).exists()
    again = client.post(flag_url(post), {"article": 1})
    assert again.status_code == 409
    assert "already flagged" in again.content.decode()
    bad = client_for(jury_community.members[2]).post(flag_url(post), {"article": "x"})
    assert bad.status_code == 400


def test_outsiders_cannot_flag_and_anonymous_people_are_sent_to_log_in(client_for, olga, post):
    assert client_for(olga).post(flag_url(post), {"article": 1}).status_code == 403
    response = client_for().post(flag_url(post), {"article": 1})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Flag.objects.exists()


def test_jurors_see_the_item_article_and_notes_never_who_flagged(client_for, post):
    case = flagged_case(client_for, post)
    juror = Juror.objects.filter(case=case).first().user
    page = client_for(juror).get(f"/c/{post.community.slug}/cases/{case.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Le barista est un incapable." in html and "Kindness" in html and "blessant" in html
    for flagger in post.community.members[1:4]:
        assert f"@{flagger.handle}" not in html.replace(f"@{juror.handle}", "")
        assert flagger.display_name not in html
    assert 'data-testid="vote-form"' in html


def test_people_not_on_the_case_get_404(client_for, post, olga):
    case = flagged_case(client_for, post)
    url = f"/c/{post.community.slug}/cases/{case.pk}/"
    jurors = set(Juror.objects.filter(case=case).values_list("user_id", flat=True))
    bystander = next(
        m for m in post.community.members[1:] if m.pk not in jurors and m != post.author
    )
    assert client_for(bystander).get(url).status_code == 404
    assert client_for(olga).get(url).status_code == 404
    assert client_for(bystander).post(url + "vote/", {"choice": "keep"}).status_code == 404


def test_votes_through_the_form_decide_and_the_journal_shows_the_statement(client_for, post):
    case = flagged_case(client_for, post)
    jurors = [j.user for j in Juror.objects.filter(case=case)]
    url = f"/c/{post.community.slug}/cases/{case.pk}/vote/"
    assert client_for(jurors[0]).post(url, {"choice": "perhaps"}).status_code == 400
    for juror in jurors[:3]:
        response = client_for(juror).post(url, {"choice": "remove", "reason": "insulte"})
        assert response.status_code == 302
    late = client_for(jurors[3]).post(url, {"choice": "keep"})
    assert late.status_code == 409 and "already decided" in late.content.decode()
    journal = client_for().get(f"/c/{post.community.slug}/journal/").content.decode()
    assert "Removed by a jury" in journal
    assert "3 to remove, 0 to keep" in journal
    assert f"post #{post.pk}" in journal
    assert "incapable" not in journal  # a reference, never the removed text
    # The case's entries name neither flaggers nor jurors (the community did not choose to
    # name jurors); the journal also holds the founder's mandate, which names its holder.
    case_entries = "".join(
        part.split("</article>")[0]
        for part in journal.split('data-testid="journal-entry"')[1:]
        if f"post #{post.pk}" in part.split("</article>")[0]
    )
    assert "Removed by a jury" in case_entries
    for person in [*post.community.members[1:4], *jurors]:
        assert person.handle not in case_entries
    other = client_for(post.community.members[5]).get(f"/c/{post.community.slug}/p/{post.pk}/")
    assert "removed after a moderation decision" in other.content.decode()
    assert "incapable" not in other.content.decode()
    mine = client_for(post.author).get(f"/c/{post.community.slug}/p/{post.pk}/")
    assert 'data-testid="removed-banner"' in mine.content.decode()
    notices = client_for(post.author).get("/moderation/notices/").content.decode()
    assert "Removed by a jury" in notices and "can appeal once within 14 days" in notices


def test_the_journal_names_jurors_when_the_community_chose_so(client_for, post):
    ModerationSettings.objects.create(community=post.community, journal_names_jurors=True)
    case = flagged_case(client_for, post)
    jurors = [j.user for j in Juror.objects.filter(case=case)]
    for juror in jurors[:3]:
        client_for(juror).post(
            f"/c/{post.community.slug}/cases/{case.pk}/vote/", {"choice": "keep"}
        )
    journal = client_for().get(f"/c/{post.community.slug}/journal/").content.decode()
    assert all(juror.handle in journal for juror in jurors[:3])


def test_urgent_action_needs_a_mandate_an_article_and_a_reason(client_for, post, camille):
    url = f"/c/{post.community.slug}/p/{post.pk}/hide/"
    assert client_for(post.community.members[1]).post(url, {"article": 1}).status_code == 403
    short = client_for(camille).post(url, {"article": 1, "reason": "non"})
    assert short.status_code == 400 and "at least 10 characters" in short.content.decode()
    response = client_for(camille).post(url, {"article": 1, "reason": "Insulte envers l'équipe."})
    case = Case.objects.get(post=post)
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/")
    journal = client_for().get(f"/c/{post.community.slug}/journal/").content.decode()
    assert "urgent action" in journal and "Insulte envers l&#x27;équipe." in journal
    queue = client_for(camille).get(f"/c/{post.community.slug}/moderation/").content.decode()
    assert f"/cases/{case.pk}/" in queue and "hidden, pending review" in queue


def test_the_author_appeals_through_the_form(client_for, post):
    case = flagged_case(client_for, post)
    for juror in [j.user for j in Juror.objects.filter(case=case)][:3]:
        client_for(juror).post(
            f"/c/{post.community.slug}/cases/{case.pk}/vote/", {"choice": "remove"}
        )
    url = f"/c/{post.community.slug}/cases/{case.pk}/appeal/"
    assert client_for(post.community.members[1]).get(url).status_code == 404
    page = client_for(post.author).get(f"/c/{post.community.slug}/cases/{case.pk}/")
    assert url in page.content.decode()
    short = client_for(post.author).post(url, {"reason": "non"})
    assert short.status_code == 400
    response = client_for(post.author).post(url, {"reason": "Je parlais d'une machine."})
    assert response.status_code == 302
    assert Case.objects.filter(appeal_of=case).exists()


def test_private_community_moderation_pages_are_invisible_to_outsiders(
    client_for, community_factory, olga
):
    private = community_factory(visibility="private", slug="secret")
    for path in ("journal/", "moderation/", "cases/1/"):
        assert client_for(olga).get(f"/c/secret/{path}").status_code == 404
        assert client_for().get(f"/c/secret/{path}").status_code == 404
    assert private.slug == "secret"


def test_notices_need_a_login_and_say_so_when_empty(client_for, olga):
    assert client_for().get("/moderation/notices/").status_code == 302
    page = client_for(olga).get("/moderation/notices/")
    assert page.status_code == 200 and "No notice" in page.content.decode()


def test_jurors_see_their_seats_and_a_badge_until_they_vote(client_for, post):
    case = flagged_case(client_for, post)
    juror = Juror.objects.filter(case=case).first().user
    home = client_for(juror).get("/").content.decode()
    assert 'data-testid="moderation-count">1<' in home
    page = client_for(juror).get("/moderation/notices/").content.decode()
    assert f"/cases/{case.pk}/" in page and "Juries waiting for your vote" in page
    client_for(juror).post(f"/c/{post.community.slug}/cases/{case.pk}/vote/", {"choice": "keep"})
    assert 'data-testid="moderation-count"' not in client_for(juror).get("/").content.decode()


def test_notices_are_marked_read_once_seen(client_for, post, camille):
    from agora.moderation.services import cases as case_services

    case_services.hide_urgently(
        steward=camille, post=post, article_number=1, reason="Insulte envers l'équipe."
    )
    author = client_for(post.author)
    assert 'data-testid="moderation-count">1<' in author.get("/").content.decode()
    assert "urgent action" in author.get("/moderation/notices/").content.decode()
    assert 'data-testid="moderation-count"' not in author.get("/").content.decode()


def test_a_vote_after_the_deadline_is_refused_and_changes_nothing(client_for, post, clock):
    from agora.testing.snapshots import snapshot

    case = flagged_case(client_for, post)
    juror = Juror.objects.filter(case=case).first().user
    clock.advance(hours=73)
    client = client_for(juror)  # logging in writes last_login: before the snapshot
    before = snapshot()
    response = client.post(f"/c/{post.community.slug}/cases/{case.pk}/vote/", {"choice": "remove"})
    assert response.status_code == 403
    assert "deadline" in response.content.decode()
    assert snapshot() == before


def test_stewards_change_the_settings_and_impossible_combinations_are_refused(
    client_for, jury_community, camille
):
    from agora.moderation.selectors import settings_of
    from agora.moderation.services.settings import FIELDS

    url = f"/c/{jury_community.slug}/moderation/settings/"
    assert client_for(jury_community.members[0]).get(url).status_code == 403
    page = client_for(camille).get(url)
    assert page.status_code == 200
    data = {name: getattr(settings_of(jury_community), name) for name in FIELDS}
    data["journal_names_jurors"] = "on"
    bad = client_for(camille).post(url, {**data, "appeal_jury_size": 3, "jury_size": 5})
    assert bad.status_code == 400 and "larger than the first jury" in bad.content.decode()
    assert not settings_of(jury_community).pk
    good = client_for(camille).post(url, {**data, "jury_size": 3, "quorum": 2})
    assert good.status_code == 302
    jury_community.refresh_from_db()  # the page saved them through its own object
    saved = settings_of(jury_community)
    assert (saved.jury_size, saved.quorum, saved.journal_names_jurors) == (3, 2, True)
