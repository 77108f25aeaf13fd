"""The French catalogue is complete, and the interface really speaks French when asked.

The catalogue is read with a small parser of our own (no polib): an entry whose msgstr is
empty, or that carries the ``fuzzy`` flag, is listed by name so it is easy to fix. Run
``make messages`` to refresh the catalogue and ``compilemessages`` (``scripts/setup`` does it)
to build the ``.mo`` file Django reads.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [v for k, v in sorted(self.fields.items()) if k.startswith("msgstr")]

    def __str__(self) -> str:
        context = self.fields.get("msgctxt")
        label = repr(self.msgid) if context is None else f"{self.msgid!r} (context {context!r})"
        return f"line {self.line}: {label}"


def _unquote(literal: str) -> str:
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(text: str) -> tuple[Entry, list[Entry]]:
    """Return the header entry and the message entries; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    last_key = None

    def start(number: int) -> Entry:
        entry = Entry(line=number)
        entries.append(entry)
        return entry

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, last_key = None, None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            current = current or start(number)
            current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
        elif line.startswith("#"):
            current = current or start(number)
        elif match := _KEYWORD.match(line):
            key, literal = match.groups()
            if current is None or (key in ("msgctxt", "msgid") and key in current.fields):
                current = start(number)
            current.line = current.line if current.fields else number
            current.fields[key] = _unquote(literal)
            last_key = key
        elif line.startswith('"') and current is not None and last_key:
            current.fields[last_key] += _unquote(line)
        else:
            raise AssertionError(f"{PO_FILE.name}:{number}: cannot read {raw!r}")
    entries = [e for e in entries if "msgid" in e.fields]
    header = next(e for e in entries if e.msgid == "" and "msgctxt" not in e.fields)
    return header, [e for e in entries if e is not header]


@pytest.fixture(scope="module")
def catalogue():
    assert PO_FILE.exists(), f"{PO_FILE} is missing: run `make messages`"
    return parse_po(PO_FILE.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.deactivate()


def test_the_parser_reads_plurals_contexts_and_continuations():
    header, entries = parse_po(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        '#, fuzzy, python-format\nmsgctxt "post kind"\nmsgid ""\n"Two "\n"lines"\n'
        'msgid_plural "many"\nmsgstr[0] "un"\nmsgstr[1] ""\n\n'
        '#~ msgid "old"\n#~ msgstr ""\n'
    )
    assert header.fields["msgstr"] == "Language: fr\n"
    [entry] = entries
    assert entry.msgid == "Two lines"
    assert entry.fields["msgctxt"] == "post kind"
    assert entry.flags == {"fuzzy", "python-format"}
    assert entry.translations == ["un", ""]


def test_the_header_declares_french_utf8_and_french_plurals(catalogue):
    header, _ = catalogue
    meta = dict(
        line.split(": ", 1) for line in header.fields["msgstr"].splitlines() if ": " in line
    )
    assert meta["Language"] == "fr"
    assert "charset=UTF-8" in meta["Content-Type"]
    assert meta["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n>1);"
    assert "fuzzy" not in header.flags


def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    _, entries = catalogue
    assert entries, "the French catalogue holds no message"
    untranslated = [str(e) for e in entries if not all(s.strip() for s in e.translations)]
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    plural_gaps = [
        str(e) for e in entries if "msgid_plural" in e.fields and len(e.translations) != 2
    ]
    problems = (
        [f"untranslated: {e}" for e in untranslated]
        + [f"fuzzy: {e}" for e in fuzzy]
        + [f"needs msgstr[0] and msgstr[1]: {e}" for e in plural_gaps]
    )
    assert not problems, "French catalogue:\n" + "\n".join(problems)


def test_translations_keep_the_placeholders_of_their_source(catalogue):
    _, entries = catalogue
    wrong = []
    for entry in entries:
        expected = set(_PLACEHOLDER.findall(entry.msgid + entry.fields.get("msgid_plural", "")))
        for text in entry.translations:
            if set(_PLACEHOLDER.findall(text)) != expected:
                wrong.append(f"{entry}: {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_compiled_catalogue_exists():
    assert MO_FILE.exists(), f"{MO_FILE} is missing: run `manage.py compilemessages`"


def test_the_login_page_speaks_french_when_the_browser_asks(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert "<h1>Se connecter</h1>" in html
    assert "Mot de passe oublié" in html
    assert "Log in" not in html


def test_the_login_page_speaks_english_when_the_browser_asks(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "<h1>Log in</h1>" in html
    assert "Forgot your password?" in html
    assert "Se connecter" not in html
