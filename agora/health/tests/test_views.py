"""The dashboard over HTTP: who sees what, the period selector, items, CSV, bad input."""

import csv
import io

import pytest

from agora.health.models import HealthSettings, HealthSnapshot

WEEK = "period=custom&first=2026-03-23&last=2026-03-29"
DASH = "/c/the-community/health/"


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_steward_sees_every_section_with_the_hand_worked_figures(week, client_for):
    page = client_for(week["camille"]).get(f"{DASH}?{WEEK}")
    assert page.status_code == 200
    html = page.content.decode()
    for section in ("self-management", "responsiveness", "moderation", "preparation",
                    "workload", "objectives", "attention"):  # fmt: skip
        assert f'id="{section}"' in html, section
    assert ">0.20</a></td>" in html.split('data-testid="gini"')[1][:300]  # 9/44
    assert "50 %" in html  # first answers by members
    assert html.count('<svg class="chart') >= 5
    # Camille works evenings: the page says so, by name, kindly.
    assert 'data-testid="evenings"' in html and "Camille Martin did 60 %" in html


def test_members_see_nothing_until_the_community_shows_a_summary(week, client_for):
    michu = client_for(week["michu"])
    assert michu.get(DASH).status_code == 404
    assert michu.get(f"{DASH}export/self-management.csv").status_code == 404
    HealthSettings.objects.create(community=week["community"], public_summary=True)
    page = michu.get(f"{DASH}?{WEEK}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="self-management"' in html and 'id="responsiveness"' in html
    for private in ('id="moderation"', 'id="workload"', 'id="preparation"', "Camille Martin",
                    'id="objectives"', "items/contributors"):  # fmt: skip
        assert private not in html, private
    # Public lists open; per-person lists and moderation stay closed.
    assert michu.get(f"{DASH}items/questions/?{WEEK}&which=all").status_code == 200
    assert michu.get(f"{DASH}items/contributors/?{WEEK}").status_code == 404
    assert michu.get(f"{DASH}items/cases/?{WEEK}").status_code == 404
    assert michu.get(f"{DASH}export/stewards.csv?{WEEK}").status_code == 404
    assert michu.get(f"{DASH}export/self-management.csv?{WEEK}").status_code == 200
    assert michu.get(f"{DASH}settings/").status_code == 403
    # The summary names nobody, even in the lists behind it.
    statuses = rows_of(michu.get(f"{DASH}items/posts/?{WEEK}&which=statuses&format=csv"))
    assert statuses[1][2:4] == ["S1", ""]
    assert "Camille" not in michu.get(f"{DASH}items/posts/?{WEEK}&which=statuses").content.decode()
    # It is the members' summary: visitors who have not joined get a 404.
    assert client_for().get(f"{DASH}?{WEEK}").status_code == 404
    assert client_for().get(f"{DASH}export/self-management.csv").status_code == 404


def test_a_private_community_dashboard_is_invisible_to_outsiders(
    community_factory, camille, olga, client_for
):
    hidden = community_factory(founder=camille, slug="hidden", visibility="private")
    HealthSettings.objects.create(community=hidden, public_summary=True)
    assert client_for(camille).get("/c/hidden/health/").status_code == 200
    for who in (olga, None):
        client = client_for(who)
        for url in ("", "items/questions/", "export/self-management.csv", "settings/",
                    "digests/"):  # fmt: skip
            assert client.get(f"/c/hidden/health/{url}").status_code == 404, (who, url)


def test_the_items_behind_figures(week, client_for):
    camille = client_for(week["camille"])
    titles = lambda r: [t for t in ("Q1", "Q2", "Q3", "P1", "S1") if f">{t}<" in r.content.decode()]  # noqa: E731
    base = f"{DASH}items/questions/?{WEEK}"
    assert titles(camille.get(f"{base}&which=all")) == ["Q1", "Q2", "Q3"]
    assert titles(camille.get(f"{base}&which=by_members")) == ["Q1"]
    assert titles(camille.get(f"{base}&which=by_stewards")) == ["Q2"]
    assert titles(camille.get(f"{base}&which=unanswered")) == ["Q3"]
    assert titles(camille.get(f"{base}&which=within")) == ["Q1"]
    assert titles(camille.get(f"{base}&which=late")) == ["Q2", "Q3"]
    posts = f"{DASH}items/posts/?{WEEK}"
    assert titles(camille.get(f"{posts}&which=statuses")) == ["S1"]
    assert titles(camille.get(f"{posts}&which=members")) == ["Q1", "Q2", "Q3", "P1"]
    cases = rows_of(camille.get(f"{DASH}items/cases/?{WEEK}&which=flags&format=csv"))
    assert [r[1] for r in cases[1:]] == ["flags"]
    assert cases[1][7:9] == ["yes", "keep"]  # appealed, restored
    contributors = rows_of(camille.get(f"{DASH}items/contributors/?{WEEK}&format=csv"))
    assert contributors[1:] == [["camille", "Camille Martin", "4"], ["michu", "Michu", "3"],
                                ["olga", "Olga", "3"], ["lea", "Lea", "1"]]  # fmt: skip
    acts = rows_of(camille.get(f"{DASH}items/steward/?{WEEK}&user={week['camille'].pk}&format=csv"))
    assert [(r[0], r[3]) for r in acts[1:]] == [
        ("status", "no"), ("comment", "no"), ("comment", "yes"), ("comment", "yes"),
        ("urgent", "yes"),
    ]  # fmt: skip


def test_csv_cells_that_look_like_formulas_stay_text(week, client_for):
    first, _second = week["articles"]
    first.title = '=HYPERLINK("http://evil")'
    first.save()
    user = week["olga"]
    user.display_name = "@SUM(1+1)"
    user.save()
    camille = client_for(week["camille"])
    articles = rows_of(camille.get(f"{DASH}export/articles.csv?{WEEK}"))
    assert articles[1][1] == '\'=HYPERLINK("http://evil")'
    contributors = rows_of(camille.get(f"{DASH}items/contributors/?{WEEK}&format=csv"))
    assert ["olga", "'@SUM(1+1)", "3"] in contributors
    for name, cell in (("-2+3", "'-2+3"), ("+cmd", "'+cmd"), ("\tx", "'\tx"), ("ok", "ok")):
        user.display_name = name
        user.save()
        got = rows_of(camille.get(f"{DASH}items/contributors/?{WEEK}&format=csv"))
        assert ["olga", cell, "3"] in got, name
    # Numbers stay numbers, negative or not.
    self_rows = rows_of(camille.get(f"{DASH}export/self-management.csv?{WEEK}"))
    assert self_rows[0] == ["figure", "value", "previous_period"]
    assert ["contributions", "11", "2"] in self_rows


@pytest.mark.parametrize("table", ["self-management", "daily", "responsiveness",
                                   "response-times", "unanswered", "moderation", "origins",
                                   "articles", "stewards", "preparation", "rituals",
                                   "objectives"])  # fmt: skip
def test_every_table_exports(week, client_for, table):
    response = client_for(week["camille"]).get(f"{DASH}export/{table}.csv?{WEEK}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert len(rows_of(response)) >= 1


@pytest.mark.parametrize(
    "query, message",
    [
        ("period=12", "Choose a period"),
        ("period=custom&first=2026-03-29&last=2026-03-23", "ends after it starts"),
        ("period=custom&first=2099-01-01&last=2099-01-02", "in the future"),
        ("period=custom&first=2024-01-01&last=2026-01-01", "at most 366 days"),
        ("period=custom&first=yesterday&last=2026-01-01", "is not a day"),
        ("period=custom", "first and the last day"),
    ],
)
def test_a_bad_period_gets_a_clear_400(week, client_for, query, message):
    before = HealthSnapshot.objects.count()
    response = client_for(week["camille"]).get(f"{DASH}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert HealthSnapshot.objects.count() == before


@pytest.mark.parametrize(
    "path, status",
    [
        ("items/questions/?which=bogus", 400),
        ("items/cases/?which=%3Cscript%3E", 400),
        ("items/posts/?which=", 400),
        ("items/steward/", 400),
        ("items/steward/?user=abc", 400),
        ("items/cases/?article=1.5", 400),
        ("items/everything/", 404),
        ("export/passwords.csv", 404),
    ],
)
def test_bad_item_requests_get_a_clear_4xx(week, client_for, path, status):
    response = client_for(week["camille"]).get(f"{DASH}{path}")
    assert response.status_code == status
    assert "<script>" not in response.content.decode()


def test_a_custom_period_is_computed_once_then_kept(
    week, client_for, django_assert_max_num_queries
):
    camille = client_for(week["camille"])
    camille.get(f"{DASH}?{WEEK}")
    assert HealthSnapshot.objects.filter(period_days=0).count() == 1
    with django_assert_max_num_queries(10):
        assert camille.get(f"{DASH}?{WEEK}").status_code == 200


@pytest.mark.parametrize("extra", [0, 40])
def test_the_dashboard_reads_a_snapshot_in_a_bounded_number_of_queries(
    week, client_for, django_assert_max_num_queries, extra
):
    from agora.conversations.models import Comment, Post
    from agora.core.clock import now
    from agora.health.services import snapshots

    c = week["community"]
    for i in range(extra):
        post = Post.objects.create(
            community=c, author=week["michu"], kind="question", title=f"x{i}", body="?",
            body_html="?", created_at=now(),
        )  # fmt: skip
        Comment.objects.create(post=post, author=week["camille"], body="!", body_html="!",
                               created_at=now())  # fmt: skip
    snapshots.refresh(c)
    camille = client_for(week["camille"])
    with django_assert_max_num_queries(10):
        assert camille.get(f"{DASH}?period=30").status_code == 200


def test_settings_are_saved_and_checked(week, client_for):
    camille = client_for(week["camille"])
    data = {"public_summary": "on", "work_days": ["0", "1", "2", "3"], "work_starts": "8",
            "work_ends": "16", "digest_enabled": "on", "digest_weekday": "4",
            "digest_hour": "17"}  # fmt: skip
    assert camille.post(f"{DASH}settings/", data).status_code == 302
    saved = HealthSettings.objects.get(community=week["community"])
    assert (saved.public_summary, saved.work_days, saved.work_starts, saved.work_ends) == (
        True, [0, 1, 2, 3], 8, 16,
    )  # fmt: skip
    assert (saved.digest_weekday, saved.digest_hour) == (4, 17)
    bad = dict(data, work_starts="18", work_ends="9")
    response = camille.post(f"{DASH}settings/", bad)
    assert response.status_code == 400
    assert "end after they start" in response.content.decode()
    assert HealthSettings.objects.get(community=week["community"]).work_starts == 8
    for broken in ({"work_days": []}, {"work_days": ["9"]}, {"digest_hour": "24"},
                   {"work_ends": "noon"}):  # fmt: skip
        response = camille.post(f"{DASH}settings/", dict(data, **broken))
        assert response.status_code == 400, broken
    assert client_for(week["michu"]).post(f"{DASH}settings/", data).status_code == 403


def test_working_hours_change_the_out_of_hours_share(week, client_for):
    HealthSettings.objects.create(community=week["community"], work_starts=8, work_ends=22,
                                  work_days=[0, 1, 2, 3, 4, 5, 6])  # fmt: skip
    rows = rows_of(client_for(week["camille"]).get(f"{DASH}export/stewards.csv?{WEEK}"))
    # Working 08–22 every day, Camille's Saturday 13:00 urgent action, Tuesday 20:00 answer
    # and Friday 19:30 comment are all inside working hours.
    assert rows[1][6:8] == ["0", "0.0"]


def test_the_community_page_links_to_the_dashboard(week, client_for):
    home = "/c/the-community/"
    assert 'data-testid="health-link"' in client_for(week["camille"]).get(home).content.decode()
    michu = client_for(week["michu"])
    assert 'data-testid="health-link"' not in michu.get(home).content.decode()
    HealthSettings.objects.create(community=week["community"], public_summary=True)
    assert 'data-testid="health-link"' in michu.get(home).content.decode()
    assert 'data-testid="health-link"' not in client_for().get(home).content.decode()


def test_a_community_on_its_first_day_is_too_early_to_say(community_factory, camille, client_for):
    from agora.conversations import services as conversations

    young = community_factory(founder=camille, slug="day-one")
    conversations.publish_status(community=young, by=camille, body="Bienvenue !")
    html = client_for(camille).get(f"/c/{young.slug}/health/").content.decode()
    gini = html.split('data-testid="gini"')[1][:300]
    assert "too early to say" in gini and "0.00" not in gini
    assert 'data-testid="too-early-shares"' in html  # no bars at 100 %
    assert html.count('data-testid="too-early"') == 6  # Gini, top 1 %, top 10 %, three shares
    self_management = html.split('id="self-management"')[1].split('id="responsiveness"')[0]
    assert "100 %" not in self_management and "0.00" not in self_management
