"""The moderation journey, in a real browser against a real server and worker.

Three members flag a post against the charter; a jury of five, drawn at random, votes to
remove it; the post disappears for everyone but its author, who sees a banner and a notice
with the statement of reasons; the public journal records the decision without the removed
text; the author appeals; a fresh jury of seven, none of the first jurors, restores the post;
the journal and the author's notices say so.

The live server is another process: its data are prepared, and the random juries read, by
small Python scripts run against its database with the server's environment.
"""

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PASSWORD = "jury-lanterne-4821"  # every account of this journey shares it

SLUG = "atelier-jury"
COMMUNITY_NAME = "L'Atelier du Jury"
ARTICLE = ("Kindness", "Criticise ideas, never people.")
POST_TITLE = "About the new roaster"
POST_BODY = "The new roaster is an idiot who burns every single batch."
FLAG_NOTE = "A person is insulted here, not an idea."
APPEAL_REASON = "I was talking about the roasting machine, not about a person."
FLAGGED_MESSAGE = "Thank you: your flag is recorded. The author will not know who flagged."
VOTED_MESSAGE = "Your vote is counted. Thank you for judging."

# Runs inside the live server's environment: accounts, a founded community whose members
# joined ten days ago (so they may sit on juries), and the post that will be flagged.
SETUP_SCRIPT = r"""
import json, sys
from datetime import timedelta

import django

django.setup()

from agora.accounts.services import create_verified_account
from agora.communities.services import charter as charter_services
from agora.communities.services import communities as communities_services
from agora.communities.services import identity as identity_services
from agora.communities.services import membership as membership_services
from agora.communities.models import Membership
from agora.conversations.services import write_post
from agora.core.clock import now

spec = json.loads(sys.argv[1])
password = spec["password"]


def account(handle, name):
    return create_verified_account(
        email=f"{handle}@example.org",
        handle=handle,
        display_name=name,
        password=password,
        language="en",
    )


steward = account("mj_steward", "Stella Steward")
community = communities_services.create_community(
    founder=steward,
    name=spec["name"],
    slug=spec["slug"],
    description="Where the jury of the e2e tests sits.",
    visibility="public",
)
charter_services.publish_charter_version(
    community=community,
    by=steward,
    articles=[
        {"title": spec["article"][0], "body": spec["article"][1]},
        {"title": "No spam", "body": "Announce commercial links as such."},
    ],
)
identity_services.set_identity(
    community=community,
    by=steward,
    address_form="neutral",
    emoji_policy="sparing",
    tone=["warm"],
    preferred_terms=[],
    banned_terms=[],
    language="en",
)
identity_services.set_mindset(community=community, by=steward, values=["Nobody outranks anybody."])

people = {"author": account("mj_author", "Aurore Author")}
people.update({f"flagger{n}": account(f"mj_flagger{n}", f"Flavie Flagger{n}") for n in (1, 2, 3)})
people.update({f"member{n}": account(f"mj_member{n:02d}", f"Member {n:02d}") for n in range(1, 14)})
for user in people.values():
    membership_services.consent_to_charter(community=community, user=user, version_number=1)
Membership.objects.filter(community=community).update(joined_at=now() - timedelta(days=10))

post = write_post(
    community=community, author=people["author"], title=spec["title"], body=spec["body"]
)
people["steward"] = steward
print(json.dumps({
    "post_id": post.pk,
    "people": {key: {"email": u.email, "handle": u.handle, "name": u.display_name}
               for key, u in people.items()},
}))
"""

# Every case on the post, oldest first, with its jury (the draw is random).
CASES_SCRIPT = r"""
import json, sys

import django

django.setup()

from agora.moderation.models import Case

cases = Case.objects.filter(post_id=int(sys.argv[1])).order_by("pk")
print(json.dumps([
    {
        "id": case.pk,
        "appeal_of": case.appeal_of_id,
        "state": case.state,
        "jury_size": case.jury_size,
        "jurors": sorted(case.jurors.filter(released_at__isnull=True)
                         .values_list("user__handle", flat=True)),
    }
    for case in cases
]))
"""


@dataclass(frozen=True)
class Person:
    email: str
    handle: str
    name: str


def run_script(agora_server, script: str, *args: str):
    """Run a Python script against the live server's database; its last line is JSON."""
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=BASE_DIR,
        env=agora_server.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"the script failed:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def _path(pattern: str) -> re.Pattern:
    """A URL pattern for expect(page).to_have_url(), anchored on the path."""
    return re.compile(r"^https?://[^/]+" + pattern + r"(?:[?#].*)?$")


def log_in(new_context, person: Person) -> Page:
    """A fresh browser context (its own cookies) where `person` logged in through the form."""
    page = new_context().new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name=f"@{person.handle}")).to_be_visible()
    return page


def flag_post(page: Page, post_path: str) -> None:
    page.goto(post_path)
    page.get_by_test_id("flag-post").click()
    expect(page).to_have_url(_path(post_path + "flag/"))
    expect(page.get_by_role("heading", name="Flag against the charter")).to_be_visible()
    page.get_by_label("Which article does it break?").select_option(label=f"1. {ARTICLE[0]}")
    page.get_by_label("Note for the jury (optional)").fill(FLAG_NOTE)
    page.get_by_role("button", name="Flag", exact=True).click()
    expect(page).to_have_url(_path(post_path))
    expect(page.get_by_role("status").filter(has_text=FLAGGED_MESSAGE)).to_be_visible()


def open_seat(page: Page, case_id: int, slug: str) -> None:
    """A juror finds the case among the juries waiting for their vote, and opens it."""
    page.get_by_test_id("notices-link").click()
    expect(page).to_have_url(_path("/moderation/notices/"))
    seat = page.get_by_test_id("jury-seat").filter(has_text=f"Case {case_id} in")
    expect(seat).to_have_count(1)
    seat.click()
    expect(page).to_have_url(_path(f"/c/{slug}/cases/{case_id}/"))


def vote(page: Page, choice: str, reason: str = "") -> None:
    form = page.get_by_test_id("vote-form")
    expect(form).to_be_visible()
    form.get_by_role("radio", name=choice, exact=True).check()
    if reason:
        form.get_by_label("Reason (optional)").fill(reason)
    form.get_by_role("button", name="Vote", exact=True).click()
    expect(page.get_by_role("status").filter(has_text=VOTED_MESSAGE)).to_be_visible()
    expect(page.get_by_test_id("vote-form")).to_have_count(0)


def test_flag_jury_removal_notice_journal_appeal_and_overturn(new_context, agora_server):
    setup = run_script(
        agora_server,
        SETUP_SCRIPT,
        json.dumps(
            {
                "password": PASSWORD,
                "slug": SLUG,
                "name": COMMUNITY_NAME,
                "article": ARTICLE,
                "title": POST_TITLE,
                "body": POST_BODY,
            }
        ),
    )
    people = {key: Person(**value) for key, value in setup["people"].items()}
    by_handle = {person.handle: person for person in people.values()}
    author = people["author"]
    flaggers = [people[f"flagger{n}"] for n in (1, 2, 3)]
    post_id = setup["post_id"]
    post_path = f"/c/{SLUG}/p/{post_id}/"
    journal_path = f"/c/{SLUG}/journal/"

    def cases():
        return run_script(agora_server, CASES_SCRIPT, str(post_id))

    # 1. Three members flag the post against article 1, each from the post's "Flag" link.
    flagger_pages = []
    for flagger in flaggers:
        page = log_in(new_context, flagger)
        flag_post(page, post_path)
        flagger_pages.append(page)
    # Still visible while the jury deliberates.
    expect(flagger_pages[0].get_by_test_id("post-body")).to_contain_text(POST_BODY)

    # 2. The third flag opened a case; a jury of five was drawn at random among the others.
    [case] = cases()
    assert case["appeal_of"] is None and case["state"] == "open", case
    assert case["jury_size"] == 5 and len(case["jurors"]) == 5, case
    excluded = {author.handle, *(f.handle for f in flaggers)}
    assert not excluded & set(case["jurors"]), case
    first_jurors = [by_handle[handle] for handle in case["jurors"]]
    case_path = f"/c/{SLUG}/cases/{case['id']}/"

    # 3. Three jurors read the case (content, article, notes; never who flagged) and remove.
    for number, juror in enumerate(first_jurors[:3], start=1):
        page = log_in(new_context, juror)
        expect(page.get_by_test_id("moderation-count")).to_have_text("1")
        open_seat(page, case["id"], SLUG)
        expect(page.get_by_test_id("case-state")).to_contain_text("A jury of 5 members")
        expect(page.get_by_test_id("case-item")).to_contain_text(POST_BODY)
        expect(page.get_by_role("heading", name=f"Article 1: {ARTICLE[0]}")).to_be_visible()
        expect(page.get_by_text(ARTICLE[1])).to_be_visible()
        expect(page.get_by_role("heading", name="3 flags")).to_be_visible()
        expect(page.get_by_text(FLAG_NOTE)).to_have_count(3)
        expect(page.get_by_text("Who flagged is never shown.")).to_be_visible()
        case_text = page.locator("main").inner_text()
        for flagger in flaggers:
            assert flagger.name not in case_text and flagger.handle not in case_text
        vote(page, "Remove", reason="An insult aimed at a person." if number == 1 else "")
        expect(page.get_by_text("You voted to remove it.")).to_be_visible()
    expect(page.get_by_test_id("case-state")).to_have_text(
        "Decided: removed. 3 to remove, 0 to keep."
    )

    # 4. The post is gone for the other members and for visitors.
    flagger_pages[0].reload()
    expect(
        flagger_pages[0].get_by_text("This post was removed after a moderation decision.")
    ).to_be_visible()
    expect(flagger_pages[0].get_by_text(POST_BODY)).to_have_count(0)
    expect(flagger_pages[0].get_by_test_id("flag-post")).to_have_count(0)
    visitor = new_context().new_page()
    visitor.goto(post_path)
    expect(
        visitor.get_by_text("This post was removed after a moderation decision.")
    ).to_be_visible()
    expect(visitor.get_by_text(POST_BODY)).to_have_count(0)

    # 5. The author still sees it, with a banner that leads to the notice.
    writer = log_in(new_context, author)
    expect(writer.get_by_test_id("moderation-count")).to_have_text("1")  # the unread notice
    writer.goto(post_path)
    banner = writer.get_by_test_id("removed-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Removed after a moderation decision: only you can see this.")
    expect(writer.get_by_test_id("post-body")).to_contain_text(POST_BODY)
    banner.get_by_role("link", name="Your notice says why and how to appeal.").click()
    expect(writer).to_have_url(_path("/moderation/notices/"))
    notice = writer.get_by_test_id("journal-entry")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("Removed by a jury")
    expect(notice).to_contain_text(f"post #{post_id}")
    expect(notice).to_contain_text(f"article 1 « {ARTICLE[0]} » (charter version 1)")
    expect(notice).to_contain_text("By a jury of 5 members drawn at random: 3 to remove")
    expect(notice).to_contain_text("can appeal once within 14 days")
    writer.reload()  # seen: no longer counted as unread
    expect(writer.get_by_test_id("moderation-count")).to_have_count(0)

    # 6. The public journal states the decision, by reference, without the removed text.
    visitor.goto(f"/c/{SLUG}/")
    visitor.get_by_role("link", name="Journal", exact=True).click()
    expect(visitor).to_have_url(_path(journal_path))
    removed = visitor.get_by_test_id("journal-entry").filter(has_text="Removed by a jury")
    expect(removed).to_have_count(1)
    expect(removed).to_contain_text("3 to remove, 0 to keep")
    expect(removed).to_contain_text(f"post #{post_id}")
    expect(removed).to_contain_text("can appeal once within 14 days")
    opened = visitor.get_by_test_id("journal-entry").filter(
        has_text="Sent to a jury by members' flags"
    )
    expect(opened).to_have_count(1)
    journal_text = visitor.locator("main").inner_text()
    assert POST_BODY not in journal_text and "idiot" not in journal_text
    # The case's entries name neither who flagged nor who sat, even when the draw
    # seated the steward; the rest of the journal names only the steward, whose
    # mandate is public by design.
    case_entries = removed.inner_text() + opened.inner_text()
    for person in [*flaggers, *first_jurors]:
        assert person.handle not in case_entries and person.name not in case_entries
        if person != people["steward"]:
            assert person.handle not in journal_text and person.name not in journal_text

    # 7. The author appeals from the case page, giving a reason.
    writer.get_by_role("link", name="See the case").click()
    expect(writer).to_have_url(_path(case_path))
    expect(writer.get_by_test_id("vote-form")).to_have_count(0)
    writer.get_by_role("link", name="Appeal this decision").click()
    expect(writer).to_have_url(_path(case_path + "appeal/"))
    expect(writer.get_by_text("You can appeal once.")).to_be_visible()
    writer.get_by_label("Why should a new jury decide otherwise?").fill(APPEAL_REASON)
    writer.get_by_role("button", name="Appeal", exact=True).click()
    expect(
        writer.get_by_role("status").filter(
            has_text="Your appeal is registered: a new, larger jury will decide."
        )
    ).to_be_visible()
    expect(writer.get_by_role("heading", name=re.compile(r"^Case \d+ · appeal$"))).to_be_visible()
    expect(writer.get_by_test_id("case-state")).to_contain_text("A jury of 7 members")
    appeal_path = re.sub(r"^https?://[^/]+", "", writer.url).split("#")[0]

    # 8. The appeal jury: seven members, none of the first jurors, nor the author or flaggers.
    first, appeal = cases()
    assert first["id"] == case["id"] and appeal["appeal_of"] == case["id"], (first, appeal)
    assert appeal_path == f"/c/{SLUG}/cases/{appeal['id']}/", appeal_path
    assert appeal["jury_size"] == 7 and len(appeal["jurors"]) == 7, appeal
    assert not set(appeal["jurors"]) & set(case["jurors"]), (case, appeal)
    assert not set(appeal["jurors"]) & excluded, appeal
    appeal_jurors = [by_handle[handle] for handle in appeal["jurors"]]
    # The post stays out of sight while the appeal jury deliberates.
    visitor.goto(post_path)
    expect(
        visitor.get_by_text("This post was removed after a moderation decision.")
    ).to_be_visible()

    # 9. Four appeal jurors read the author's reason and vote to keep: a majority of seven.
    for juror in appeal_jurors[:4]:
        page = log_in(new_context, juror)
        open_seat(page, appeal["id"], SLUG)
        expect(page.get_by_test_id("case-item")).to_contain_text(POST_BODY)
        expect(page.get_by_text(APPEAL_REASON)).to_be_visible()
        vote(page, "Keep")
        expect(page.get_by_text("You voted to keep it.")).to_be_visible()
    expect(page.get_by_test_id("case-state")).to_have_text("Decided: kept. 0 to remove, 4 to keep.")

    # 10. The post is back for everyone.
    for other in (visitor, flagger_pages[0]):
        other.goto(post_path)
        expect(other.get_by_test_id("post-body")).to_contain_text(POST_BODY)
        expect(other.get_by_text("removed after a moderation decision")).to_have_count(0)
    writer.goto(post_path)
    expect(writer.get_by_test_id("removed-banner")).to_have_count(0)

    # 11. The journal records the overturn; the author's notices too.
    visitor.goto(journal_path)
    restored = visitor.get_by_test_id("journal-entry").filter(has_text="Restored on appeal")
    expect(restored).to_have_count(1)
    expect(restored).to_contain_text(
        "By a jury of 7 members drawn at random: 0 to remove, 4 to keep."
    )
    expect(restored).to_contain_text("Final: decided on appeal.")
    expect(visitor.get_by_test_id("journal-entry").first).to_contain_text("Restored on appeal")
    expect(
        visitor.get_by_test_id("journal-entry").filter(has_text="Removed by a jury")
    ).to_have_count(1)
    expect(
        visitor.get_by_test_id("journal-entry").filter(has_text="Appealed by the author")
    ).to_have_count(1)
    expect(visitor.get_by_text(APPEAL_REASON)).to_have_count(0)  # for the jurors only

    expect(writer.get_by_test_id("moderation-count")).to_have_text("1")
    writer.get_by_test_id("notices-link").click()
    expect(writer).to_have_url(_path("/moderation/notices/"))
    notices = writer.get_by_test_id("journal-entry")
    expect(notices).to_have_count(2)
    expect(notices.first).to_contain_text("Restored on appeal")
    expect(notices.first).to_contain_text("Final: decided on appeal.")
    expect(notices.nth(1)).to_contain_text("Removed by a jury")

    assert not new_context.server_errors, (
        f"the server answered with errors: {new_context.server_errors}"
    )
