"""The launch journey, in a real browser against a real server and worker.

A steward founds a community through the wizard, follows the launch checklist (a welcome
status, pinned), creates an invitation link; a newcomer joins through it and sees the welcome;
the newcomer asks a question, the steward answers it; the newcomer receives the e-mail,
replies to it from their mail client (`agora mail receive`, as the MTA pipes it), and the
steward's page, open on the question all along, offers the new comment without reloading.
"""

import re
import subprocess
import sys
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

import pytest
from playwright.sync_api import expect

from .conftest import _ACTIVE_LOGS, BASE_DIR, REPLY_DOMAIN, _log_tails, _read_messages
from .test_journey import Person, _path, field, publish_first_charter, sign_up_and_verify

pytestmark = pytest.mark.e2e

STEWARD = Person("noor@example.org", "noor_h", "Noor Haddad", "fournil-aurore-6142")
NEWCOMER = Person("tomas@example.org", "tomas_k", "Tomás Kane", "levain-matinal-3907")

NAME = "The Corner Bakery"
SLUG = "corner-bakery"
ARTICLES = [
    ("Kindness", "We criticise ideas, never people."),
    ("Share", "Recipes are shared freely; sources are named."),
]
WELCOME_TITLE = "Welcome to the bakery"
WELCOME_BODY = "Hello and welcome! Tell us which bread you bake on Sundays."
QUESTION_TITLE = "How long should a starter rest?"
QUESTION_BODY = "My rye starter smells of vinegar after two days. Should I feed it sooner?"
ANSWER = "Feed it every twelve hours at room temperature; the sour smell then fades."
REPLY_WORDS = "Thank you Noor, I will feed it twice a day from tonight."
REPLY_SIGNATURE = "Tomás, baking in Lyon"
# Notification e-mails leave with the task queued with them (the sweep, every 30 s, catches
# a lost one).
MAIL_WAIT = 75.0
# An open page checks what is new every 20 s (`conversations.live.EVERY_MS`).
LIVE_TIMEOUT_MS = 45_000


def wait_for_message(mail_dir, recipient: str, subject: str, timeout: float = MAIL_WAIT):
    """The newest e-mail to `recipient` with this subject, complete (the worker writes it:
    poll, and read it again while its file is still being written)."""
    deadline = time.monotonic() + timeout
    while True:
        for _mtime, message in _read_messages(mail_dir):
            if recipient.lower() not in str(message.get("To", "")).lower():
                continue
            # Django folds a long encoded subject onto its next line: the parsed value
            # starts with that fold's space.
            if str(message.get("Subject", "")).strip() != subject:
                continue
            body = message.get_body(preferencelist=("plain",))
            if body is not None and "-- \n" in body.get_content():  # down to the footer
                return message
        if time.monotonic() > deadline:
            seen = [(str(m.get("To")), str(m.get("Subject"))) for _t, m in _read_messages(mail_dir)]
            pytest.fail(
                f"No e-mail « {subject} » reached {recipient} within {timeout:.0f} s "
                f"(e-mails written: {seen}).\n{_log_tails(_ACTIVE_LOGS)}",
                pytrace=False,
            )
        time.sleep(0.5)


def reply_by_email(received, sender: Person, words: str, signature: str) -> bytes:
    """What a mail client sends when its user answers `received`: their words on top, the
    original quoted below its "On … wrote:" line, their signature at the end."""
    original = received.get_body(preferencelist=("plain",)).get_content()
    quoted = "\n".join(f"> {line}".rstrip() for line in original.splitlines())
    reply = EmailMessage()
    reply["From"] = f"{sender.name} <{sender.email}>"
    reply["To"] = str(received["Reply-To"])
    reply["Subject"] = f"Re: {str(received['Subject']).strip()}"
    reply["Date"] = formatdate(localtime=True)
    reply["Message-ID"] = make_msgid(domain="example.org")
    reply["In-Reply-To"] = str(received["Message-ID"])
    reply["References"] = str(received["Message-ID"])
    header = f"On {received['Date']}, {received['From']} wrote:"
    reply.set_content(f"{words}\n\n{header}\n{quoted}\n\n-- \n{signature}\n")
    return reply.as_bytes()


def test_launch_invite_welcome_answer_and_reply_by_email(new_context, mail_link, agora_server):
    community_path = f"/c/{SLUG}/"

    # 1. The steward signs up and founds the community through the wizard.
    steward = new_context().new_page()
    sign_up_and_verify(steward, STEWARD, mail_link)
    steward.get_by_role("link", name="Start a community").click()
    expect(steward).to_have_url(_path("/c/new/"))
    field(steward, "Name").press_sequentially("The Corner Bakéry")
    expect(field(steward, "Address")).to_have_value("the-corner-bakery")  # follows the name
    field(steward, "Name").fill(NAME)
    field(steward, "Address").fill(SLUG)  # one of their own: the name no longer changes it
    field(steward, "Name").press_sequentially("!")
    expect(field(steward, "Address")).to_have_value(SLUG)
    field(steward, "Name").fill(NAME)
    field(steward, "Description").fill("Sourdough, rye and the people who bake them.")
    steward.get_by_role("radio", name=re.compile(r"^Public")).check()
    steward.get_by_role("button", name="Create and write the charter").click()

    publish_first_charter(steward, SLUG, ARTICLES)

    expect(steward).to_have_url(_path(f"/c/{SLUG}/setup/identity/"))
    steward.get_by_role("radio", name="Neutral").check()
    field(steward, "Tone, in a few words").fill("warm, precise")
    steward.get_by_role("radio", name="Sparingly (one or two)").check()
    field(steward, "The community speaks").select_option(label="English")
    steward.get_by_role("button", name="Save the identity").click()
    expect(steward.get_by_text("The community's identity is saved.")).to_be_visible()

    expect(steward).to_have_url(_path(f"/c/{SLUG}/setup/mindset/"))
    field(steward, "Values, one per line").fill("Bread is shared.\nNobody outranks anybody.")
    steward.get_by_role("button", name="Save the mindset").click()
    expect(steward.get_by_text("The community's mindset is saved.")).to_be_visible()
    expect(steward).to_have_url(_path(community_path))

    # 2. The launch checklist: the foundations are ticked; the welcome status is next.
    launch = steward.get_by_test_id("launch-checklist")
    expect(launch).to_be_visible()
    for step in ("charter", "identity", "mindset"):
        expect(launch.get_by_test_id(f"launch-{step}")).to_have_attribute("data-done", "true")
    for step in ("welcome", "answered"):
        expect(launch.get_by_test_id(f"launch-{step}")).to_have_attribute("data-done", "false")

    launch.get_by_role("link", name="Publish a welcome status and pin it").click()
    expect(steward).to_have_url(_path(f"/c/{SLUG}/statuses/new/"))
    field(steward, "Title (optional)").fill(WELCOME_TITLE)
    field(steward, "Status").fill(WELCOME_BODY)
    steward.get_by_role("button", name="Publish", exact=True).click()
    expect(steward.get_by_text("Your status is published.")).to_be_visible()
    expect(steward).to_have_url(_path(rf"/c/{SLUG}/p/\d+/"))
    steward.get_by_role("button", name="Pin to the top").click()
    expect(steward.get_by_text("Pinned: it comes first on the community's page.")).to_be_visible()
    expect(steward.get_by_test_id("pin-post")).to_have_text("Unpin")

    steward.get_by_role("link", name=f"← {NAME}").click()
    expect(steward).to_have_url(_path(community_path))
    expect(launch.get_by_test_id("launch-welcome")).to_have_attribute("data-done", "true")
    expect(launch).to_contain_text("4 steps of")
    pinned = steward.get_by_test_id("pinned-posts").get_by_test_id("pinned-post")
    expect(pinned).to_have_count(1)
    expect(pinned).to_contain_text(WELCOME_TITLE)

    # 3. An invitation link, from "Invite": shown once.
    steward.get_by_test_id("invite-link").click()
    expect(steward).to_have_url(_path(f"/c/{SLUG}/invitations/"))
    field(steward, "Number of uses (empty: unlimited)").fill("5")
    steward.get_by_role("button", name="Create a link").click()
    expect(steward.get_by_test_id("new-link")).to_be_visible()
    link = steward.get_by_test_id("new-link-url").input_value()
    assert re.fullmatch(re.escape(agora_server.base_url) + r"/invite/[^/\s]+/", link), link
    expect(steward.get_by_test_id("invitations")).to_contain_text("0 / 5")

    # 4. The newcomer opens the link, creates an account, comes back to it and joins.
    newcomer = new_context().new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name=f"You are invited to join {NAME}")).to_be_visible()
    expect(newcomer.get_by_text(f"Invited by {STEWARD.name}.")).to_be_visible()
    expect(newcomer.get_by_text(ARTICLES[0][1])).to_be_visible()
    # "Create an account" keeps the invitation: back on it after signing up, and again
    # after the verification link.
    newcomer.get_by_role("link", name="Create an account").click()
    field(newcomer, "E-mail address").fill(NEWCOMER.email)
    field(newcomer, "Handle").fill(NEWCOMER.handle)
    field(newcomer, "Display name").fill(NEWCOMER.name)
    field(newcomer, "Password").fill(NEWCOMER.password)
    newcomer.get_by_role("button", name="Create my account").click()
    expect(newcomer).to_have_url(link)
    verify = mail_link(NEWCOMER.email)
    assert "/accounts/verify/" in verify and "next=" in verify, verify
    newcomer.goto(verify)
    expect(newcomer).to_have_url(link)
    expect(newcomer.get_by_text("Thank you, your e-mail address is verified.")).to_be_visible()
    expect(newcomer.get_by_text(ARTICLES[1][1])).to_be_visible()
    expect(newcomer.get_by_text("Bread is shared.")).to_be_visible()  # the mindset
    newcomer.get_by_label("I have read this charter and I agree to live by it.").check()
    newcomer.get_by_role("button", name="I consent and join").click()
    expect(newcomer).to_have_url(_path(f"/c/{SLUG}/welcome/"))
    expect(newcomer.get_by_text(f"Welcome to {NAME}!")).to_be_visible()
    # The welcome: the pinned welcome status, then three good ways to start.
    welcome = newcomer.get_by_test_id("welcome-status")
    expect(welcome).to_contain_text(WELCOME_TITLE)
    expect(welcome).to_contain_text("Tell us which bread you bake on Sundays.")
    expect(welcome.get_by_test_id("pinned-mark")).to_be_visible()
    expect(newcomer.locator("ol.todo li")).to_have_count(3)
    expect(newcomer.get_by_test_id("todo-introduce")).to_be_visible()
    ask = newcomer.get_by_test_id("todo-ask")
    expect(ask).to_be_visible()

    # The steward sees who came in through the link; the link itself is not shown again.
    steward.reload()
    expect(steward.get_by_test_id("new-link")).to_have_count(0)
    expect(steward.get_by_test_id("invitations")).to_contain_text("1 / 5")
    expect(steward.get_by_test_id("invitations")).to_contain_text(NEWCOMER.name)

    # 5. The newcomer asks a question, from the welcome page's "things to do".
    ask.get_by_role("link", name="Ask your first question").click()
    expect(newcomer).to_have_url(_path(f"/c/{SLUG}/posts/new/"))
    expect(newcomer.get_by_label("This is a question: I am waiting for an answer")).to_be_checked()
    field(newcomer, "Title").fill(QUESTION_TITLE)
    field(newcomer, "Text").fill(QUESTION_BODY)
    newcomer.get_by_role("button", name="Publish", exact=True).click()
    expect(newcomer).to_have_url(_path(rf"/c/{SLUG}/p/\d+/"))
    expect(newcomer.get_by_role("heading", name=QUESTION_TITLE)).to_be_visible()
    question_path = re.sub(r"^https?://[^/]+", "", newcomer.url).split("#")[0]

    # 6. The steward finds it on the community page and answers it; their page stays open.
    steward.goto(community_path)
    question = steward.locator("#feed li.post").filter(has_text=QUESTION_TITLE)
    expect(question.locator(".tag.question")).to_be_visible()
    # Only the welcome status is pinned: the question, in the feed below, is an ordinary post.
    expect(question, "an unpinned post is shown as pinned").to_have_attribute("data-testid", "post")
    expect(question.get_by_test_id("pinned-mark")).to_have_count(0)
    expect(question.get_by_role("button", name="Unpin")).to_have_count(0)
    question.get_by_role("link", name=QUESTION_TITLE).click()
    expect(steward).to_have_url(_path(question_path))
    field(steward, "Your comment").fill(ANSWER)
    steward.get_by_role("button", name="Comment", exact=True).click()
    answer = steward.get_by_test_id("comment").filter(has_text=ANSWER)
    expect(answer).to_be_visible()
    expect(steward.get_by_test_id("comment")).to_have_count(1)
    steward.evaluate("window.notReloaded = true")

    # 7. The newcomer receives the e-mail; its Reply-To is a reply address.
    subject = f"{STEWARD.name} replied to « {QUESTION_TITLE} »"
    received = wait_for_message(agora_server.mail_dir, NEWCOMER.email, subject)
    reply_to = parseaddr(str(received["Reply-To"]))[1]
    assert re.fullmatch(rf"reply\+[^@\s]+@{re.escape(REPLY_DOMAIN)}", reply_to), reply_to
    text = received.get_body(preferencelist=("plain",)).get_content()
    assert ANSWER in text, text
    assert question_path in text, text
    assert "Or reply to this e-mail" in text, text

    # 8. They reply from their mail client; the MTA pipes the reply to `agora mail receive`.
    raw = reply_by_email(received, NEWCOMER, REPLY_WORDS, REPLY_SIGNATURE)
    result = subprocess.run(
        [sys.executable, "-m", "agora.cli", "mail", "receive"],
        input=raw,
        cwd=BASE_DIR,
        env=agora_server.env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, f"exit {result.returncode}: {out}{err}"
    assert re.fullmatch(r"comment \d+", out.strip()), out

    # 9. The steward's open page offers the new comment, and shows it without reloading.
    news = steward.get_by_test_id("new-comments")
    expect(news).to_have_text("1 new comment — show", timeout=LIVE_TIMEOUT_MS)
    expect(steward.locator(".thread-live .live-region")).to_have_text("1 new comment — show")
    news.focus()
    news.press("Enter")  # from the keyboard
    expect(news).to_have_count(0)
    expect(steward.get_by_test_id("comment")).to_have_count(2)
    # The focus goes to the thread brought in, not back to the top of the page.
    expect(steward.locator(".thread-body .comment a").first).to_be_focused()
    reply = steward.get_by_test_id("comment").filter(has_text=REPLY_WORDS)
    expect(reply).to_be_visible()
    # A reply to the answer the e-mail told of: one level under it.
    expect(answer).to_have_class(re.compile(r"\bdepth-0\b"))
    expect(reply).to_have_class(re.compile(r"\bdepth-1\b"))
    expect(reply.locator(".author")).to_contain_text(NEWCOMER.name)
    expect(reply.locator(".prose")).to_have_text(REPLY_WORDS)
    page_text = steward.locator("main").inner_text()
    for left_out in (REPLY_SIGNATURE, "wrote:", "Or reply to this e-mail", "You receive this"):
        assert left_out not in page_text, f"{left_out!r} is on the page"
    assert steward.evaluate("window.notReloaded === true"), "the page reloaded"

    # A member who is not a steward has now answered: the checklist ticks that step too.
    steward.goto(community_path)
    expect(launch.get_by_test_id("launch-answered")).to_have_attribute("data-done", "true")

    assert not new_context.server_errors, (
        f"the server answered with errors: {new_context.server_errors}"
    )
