"""`agora voice check`: the voice coach on the command line (no Django needed).

One text on standard input → one JSON object; `--jsonl` → one result per input line, in
order, with the model loaded once. Exit 0 whatever the coach finds; 2 for bad arguments or
malformed input, with a message on standard error.
"""

import json
import sys

from .engine import LANGUAGES, Identity, VoiceError, analyse


def add_arguments(parser) -> None:
    parser.add_argument("--lang", default="fr", help="language of the text: fr or en")
    parser.add_argument(
        "--address", choices=["tu", "vous", "neutral"], help="the identity's form of address"
    )
    parser.add_argument("--identity", metavar="FILE", help="a whole identity as a JSON file")
    parser.add_argument("--ui-lang", help="language of the messages (default: --lang)")
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='read one JSON object per line: {"text", "lang", "address", "identity"?}',
    )


def _fail(message: str) -> int:
    print(f"agora voice check: {message}", file=sys.stderr)
    return 2


def _identity(base: dict, address: str | None) -> Identity:
    data = dict(base)
    if address:
        data["address_form"] = address
    return Identity.from_dict(data)


def _read_stdin() -> str:
    raw = sys.stdin.buffer.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise VoiceError(
            f"standard input is not valid UTF-8 (byte {error.start}); save the text as UTF-8."
        ) from error


def run(args) -> int:
    if args.lang not in LANGUAGES:
        return _fail(f"unknown language {args.lang!r}: use fr or en.")
    base: dict = {}
    if args.identity:
        try:
            with open(args.identity, encoding="utf-8") as handle:
                base = json.load(handle)
            _identity(base, args.address)
        except OSError as error:
            return _fail(f"cannot read the identity file: {error.strerror}.")
        except (ValueError, VoiceError) as error:
            return _fail(f"the identity file is not a valid identity: {error}")
    try:
        text = _read_stdin()
    except VoiceError as error:
        return _fail(str(error))
    if args.jsonl:
        return _run_lines(text, base, args)
    try:
        findings = analyse(
            text, _identity(base, args.address), lang=args.lang, ui_lang=args.ui_lang
        )
    except VoiceError as error:
        return _fail(str(error))
    _print({"findings": [f.as_dict() for f in findings]})
    return 0


def _run_lines(text: str, base: dict, args) -> int:
    status = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise VoiceError(f"not valid JSON ({error.msg}, column {error.colno}).") from error
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise VoiceError('each line needs a JSON object with a "text" string.')
            identity = _identity(
                item.get("identity", base) or base, item.get("address", args.address)
            )
            findings = analyse(
                item["text"],
                identity,
                lang=item.get("lang", args.lang),
                history=item.get("history", []) or [],
                ui_lang=args.ui_lang,
            )
        except (ValueError, VoiceError) as error:
            print(f"agora voice check: line {number}: {error}", file=sys.stderr)
            _print({"line": number, "error": str(error)})
            status = 2
            continue
        _print({"findings": [f.as_dict() for f in findings]})
    return status


def _print(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()
