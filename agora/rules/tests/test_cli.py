"""`agora rules check`, run as a separate process like a person or a script would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.process  # runs a command in its own process


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
