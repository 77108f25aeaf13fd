"""`agora moderation verify-draw`, run as a separate process like an auditor would."""

import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]

# Every test here runs the `agora` command in its own process: out of `make test-fast`.
pytestmark = pytest.mark.process


def test_verify_draw_reruns_a_stored_draw_and_detects_tampering(tmp_path):
    """The real command in a subprocess, on a SQLite file database prepared here."""
    import os

    database = tmp_path / "audit.sqlite3"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="config.settings.base",
    )
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "agora.cli", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert run("migrate", "--quiet").returncode == 0
    setup = subprocess.run(
        [sys.executable, "-c", SETUP_CASE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr.decode()
    case_id = setup.stdout.decode().strip()
    ok = run("moderation", "verify-draw", case_id)
    assert ok.returncode == 0, ok.stderr.decode()
    assert b"Every draw matches." in ok.stdout and b"round 1: seed" in ok.stdout
    tamper = subprocess.run(
        [sys.executable, "-c", TAMPER.format(case_id=case_id)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert tamper.returncode == 0, tamper.stderr.decode()
    bad = run("moderation", "verify-draw", case_id)
    assert bad.returncode == 1 and b"does not match" in bad.stderr
    assert run("moderation", "verify-draw", "999").returncode == 2
    assert run("moderation", "verify-draw", "abc").returncode == 2


SETUP_CASE = """
import django; django.setup()
from datetime import timedelta
from agora.accounts.services import create_verified_account
from agora.communities.services import charter, communities, identity, membership
from agora.conversations import services as conv
from agora.core import clock
from agora.moderation.services import cases
users = [create_verified_account(email=f"u{n}@example.org", handle=f"user{n}",
         display_name=f"U{n}", password="correct horse battery staple") for n in range(9)]
community = communities.create_community(founder=users[0], name="Audit", slug="audit",
                               description="", visibility="public")
charter.publish_charter_version(community=community, by=users[0],
                          articles=[{"title": "Kind", "body": "Be kind."}])
identity.set_identity(community=community, by=users[0], address_form="vous", emoji_policy="free",
               tone=[], preferred_terms=[], banned_terms=[])
identity.set_mindset(community=community, by=users[0], values=["Nobody outranks anybody."])
for user in users[1:]:
    membership.consent_to_charter(community=community, user=user, version_number=1)
clock.advance(timedelta(days=10))
post = conv.write_post(community=community, author=users[1], title="T", body="B")
for user in users[2:5]:
    cases.flag_item(member=user, post=post, article_number=1)
from agora.moderation.models import Case
print(Case.objects.get(post=post).pk)
"""

TAMPER = """
import django; django.setup()
from agora.accounts.models import User
from agora.moderation.models import Juror
seated = Juror.objects.filter(case_id={case_id})
outsider = User.objects.exclude(pk__in=seated.values("user_id")).first()
juror = seated.first()
juror.user = outsider
juror.save(update_fields=["user"])
"""
