"""`agora rules check`: the charter matcher on the command line (no Django needed).

Terms come from a file (one term or phrase per line), patterns from `--pattern` (repeatable);
standard input holds one JSON object per line, `{"text": ...}`; each gets one line
`{"matches": [{"term" or "pattern", "start", "end"}]}`, in order. Exit 2, with a message on
standard error, for an unreadable term file, an invalid pattern or a malformed input line
(the other lines are still answered).
"""

import json
import sys

from .matching import Matcher, RuleError

MAX_LINE_LENGTH = 1_000_000  # characters; a longer line is refused, not matched


def add_arguments(parser) -> None:
    parser.add_argument("--terms", metavar="FILE", help="watched terms, one per line (UTF-8)")
    parser.add_argument(
        "--pattern",
        action="append",
        default=[],
        metavar="RE",
        help="an RE2 pattern (repeatable); matched without case or accents",
    )


def _fail(message: str) -> int:
    print(f"agora rules check: {message}", file=sys.stderr)
    return 2


def _read_terms(path: str) -> list[str]:
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RuleError(f"the term file is not UTF-8 (byte {error.start}).") from error
    return [line.strip() for line in text.splitlines() if line.strip()]


def run(args) -> int:
    if not args.terms and not args.pattern:
        return _fail("give --terms FILE, --pattern RE, or both.")
    try:
        terms = _read_terms(args.terms) if args.terms else []
        matcher = Matcher(terms, args.pattern)
    except OSError as error:
        return _fail(f"cannot read the term file: {error.strerror}.")
    except RuleError as error:
        return _fail(str(error))
    status = 0
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            status = _line_error(number, "not valid UTF-8.")
            continue
        if not line.strip():
            continue
        if len(line) > MAX_LINE_LENGTH:
            status = _line_error(number, f"longer than {MAX_LINE_LENGTH} characters.")
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            status = _line_error(number, f"not valid JSON ({error.msg}, column {error.colno}).")
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            status = _line_error(number, 'each line needs a JSON object with a "text" string.')
            continue
        _print({"matches": [m.as_dict() for m in matcher.find(item["text"])]})
    return status


def _line_error(number: int, message: str) -> int:
    print(f"agora rules check: line {number}: {message}", file=sys.stderr)
    _print({"line": number, "error": message})
    return 2


def _print(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()
