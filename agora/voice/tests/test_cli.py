"""`agora voice check`, run as a separate process like a person or a script would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]

# Every test here runs the `agora` command in its own process: out of `make test-fast`.
pytestmark = pytest.mark.process


def voice(*args, stdin: bytes):
    return subprocess.run(
        [sys.executable, "-m", "agora.cli", "voice", "check", *args],
        cwd=BASE_DIR,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_one_text_gives_findings_as_json():
    text = "Supprimez ce commentaire ou vous serez banni. Tu comprends ?"
    result = voice("--lang", "fr", "--address", "vous", stdin=text.encode())
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["kind"], text[f["start"] : f["end"]]) for f in findings] == [
        ("boss", "Supprimez ce commentaire"),
        ("address_form", "Tu"),
    ]
    assert set(findings[0]) == {"kind", "start", "end", "message", "suggestion"}


def test_identity_file(tmp_path):
    identity = tmp_path / "identity.json"
    identity.write_text(
        json.dumps({"address_form": "tu", "banned_terms": ["interdit"], "emoji_policy": "none"})
    )
    text = "C'est interdit 🙅, revenez demain."
    result = voice("--identity", str(identity), stdin=text.encode())
    assert result.returncode == 0
    kinds = [f["kind"] for f in json.loads(result.stdout)["findings"]]
    assert kinds == ["banned_term", "emoji", "address_form"]


def test_jsonl_keeps_order_and_reports_bad_lines():
    lines = [
        {"text": "Stop complaining", "lang": "en"},
        "this is not json",
        {"text": "Salut toi", "lang": "fr", "address": "vous"},
        {"lang": "fr"},
        {"text": "Partagez vos photos !", "lang": "fr", "address": "vous"},
    ]
    payload = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    result = voice("--jsonl", stdin=payload.encode())
    assert result.returncode == 2
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(out) == 5
    assert [f["kind"] for f in out[0]["findings"]] == ["boss"]
    assert out[1]["line"] == 2 and "not valid JSON" in out[1]["error"]
    assert [f["kind"] for f in out[2]["findings"]] == ["address_form"]
    assert out[3]["line"] == 4
    assert out[4] == {"findings": []}
    stderr = result.stderr.decode()
    assert "line 2" in stderr and "line 4" in stderr


def test_empty_text_is_an_empty_result():
    result = voice(stdin=b"")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"findings": []}


def test_bad_input_exits_2_with_a_message(tmp_path):
    invalid_utf8 = voice(stdin=b"caf\xe9 \xff")
    assert invalid_utf8.returncode == 2 and b"not valid UTF-8" in invalid_utf8.stderr
    unknown = voice("--lang", "de", stdin=b"Hallo")
    assert unknown.returncode == 2 and b"unknown language" in unknown.stderr
    huge = voice(stdin=b"x" * 100_000)
    assert huge.returncode == 2 and b"at most" in huge.stderr
    missing = voice("--identity", str(tmp_path / "nope.json"), stdin=b"hi")
    assert missing.returncode == 2 and b"identity file" in missing.stderr
    bad_choice = voice("--address", "thou", stdin=b"hi")
    assert bad_choice.returncode == 2 and b"invalid choice" in bad_choice.stderr
