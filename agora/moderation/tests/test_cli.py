"""`agora rules check`, run as a separate process like a person or a script would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]

# Every test here runs the `agora` command in its own process: out of `make test-fast`.
pytestmark = pytest.mark.process


def rules(*args, stdin: bytes):
    return subprocess.run(
        [sys.executable, "-m", "agora.cli", "rules", "check", *args],
        cwd=BASE_DIR,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def lines(result):
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_terms_and_patterns_give_one_result_per_line_with_original_offsets(tmp_path):
    terms = tmp_path / "terms.txt"
    terms.write_text("con\ngros con\n\nDéfaite\n", encoding="utf-8")
    texts = ["Le contenu est CON ! Quelle défaite 🎉", "Achetez du VI@GRA", "rien"]
    stdin = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    result = rules("--terms", str(terms), "--pattern", "vi[a@]gra", stdin=stdin.encode())
    assert result.returncode == 0, result.stderr
    out = lines(result)
    assert out == [
        {
            "matches": [
                {"term": "con", "start": 15, "end": 18},
                {"term": "Défaite", "start": 28, "end": 35},
            ]
        },
        {"matches": [{"pattern": "vi[a@]gra", "start": 11, "end": 17}]},
        {"matches": []},
    ]
    assert texts[0][28:35] == "défaite"


def test_an_invalid_pattern_exits_2_with_a_clear_message():
    result = rules("--pattern", "(a)\\1", stdin=b'{"text": "aa"}\n')
    assert result.returncode == 2
    assert b"cannot be used" in result.stderr and b"RE2" in result.stderr
    assert result.stdout == b""


def test_malformed_lines_exit_2_but_the_others_are_answered(tmp_path):
    terms = tmp_path / "terms.txt"
    terms.write_text("spam\n")
    stdin = b'{"text": "spam"}\nnot json\n{"txt": 1}\n\xff\xfe\n{"text": "SPAM!"}\n'
    result = rules("--terms", str(terms), stdin=stdin)
    assert result.returncode == 2
    out = lines(result)
    assert out[0] == {"matches": [{"term": "spam", "start": 0, "end": 4}]}
    assert [o.get("line") for o in out[1:4]] == [2, 3, 4]
    assert out[4] == {"matches": [{"term": "spam", "start": 0, "end": 4}]}
    assert b"line 2: not valid JSON" in result.stderr
    assert b'line 3: each line needs a JSON object with a "text" string' in result.stderr
    assert b"line 4: not valid UTF-8" in result.stderr


def test_missing_arguments_and_unreadable_files_exit_2(tmp_path):
    result = rules(stdin=b"")
    assert result.returncode == 2 and b"give --terms FILE" in result.stderr
    result = rules("--terms", str(tmp_path / "missing.txt"), stdin=b"")
    assert result.returncode == 2 and b"cannot read the term file" in result.stderr
    binary = tmp_path / "terms.bin"
    binary.write_bytes(b"\xff\xfe\x00")
    result = rules("--terms", str(binary), stdin=b"")
    assert result.returncode == 2 and b"not UTF-8" in result.stderr


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
from agora.communities import services as c
from agora.conversations import services as conv
from agora.core import clock
from agora.moderation.services import cases
users = [create_verified_account(email=f"u{n}@example.org", handle=f"user{n}",
         display_name=f"U{n}", password="correct horse battery staple") for n in range(9)]
community = c.create_community(founder=users[0], name="Audit", slug="audit",
                               description="", visibility="public")
c.publish_charter_version(community=community, by=users[0],
                          articles=[{"title": "Kind", "body": "Be kind."}])
c.set_identity(community=community, by=users[0], address_form="vous", emoji_policy="free",
               tone=[], preferred_terms=[], banned_terms=[])
c.set_mindset(community=community, by=users[0], values=["Nobody outranks anybody."])
for user in users[1:]:
    c.consent_to_charter(community=community, user=user, version_number=1)
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
