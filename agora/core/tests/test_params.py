"""Days, ids and page numbers read from requests: what is accepted, what is refused."""

from datetime import date

import pytest
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils import translation

from agora.core import params
from agora.core.converters import IdConverter
from agora.core.errors import InvalidInput


@pytest.fixture(autouse=True)
def _english():
    # The messages are asserted in English, whatever a previous request activated.
    with translation.override("en"):
        yield


def test_the_usable_days_leave_two_years_at_either_end_of_python_s_range():
    assert params.EARLIEST_DAY.isoformat() == "0003-01-01"  # as tests/test_hostile_input.py
    assert params.LATEST_DAY.isoformat() == "9997-12-31"


@pytest.mark.parametrize(
    "text, expected",
    [
        (None, None),
        ("", None),
        ("2026-12-16", date(2026, 12, 16)),
        ("0003-01-01", date(3, 1, 1)),
        ("9997-12-31", date(9997, 12, 31)),
    ],
)
def test_parse_day_reads_iso_days(text, expected):
    assert params.parse_day(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("0002-12-31", "too far in the past or the future"),
        ("9998-01-01", "too far in the past or the future"),
        ("2026-02-30", "is not a day"),
        ("16/12/2026", "is not a day"),
        ("20261216", "is not a day"),
        ("2026-W51-3", "is not a day"),
        ("٢٠٢٦-١٢-١٦", "is not a day"),
        ("x" * 500, "is not a day"),
    ],
)
def test_parse_day_refuses_with_a_message(text, message):
    with pytest.raises(InvalidInput) as refused:
        params.parse_day(text)
    assert message in str(refused.value.message)
    assert len(str(refused.value.message)) < 200  # a long input is shortened


@pytest.mark.parametrize(
    "text, expected",
    [(None, None), ("", None), ("1", 1), ("007", 7), (str(params.MAX_ID), 2**63 - 1)],
)
def test_parse_id_reads_database_ids(text, expected):
    assert params.parse_id(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("0", "is not an identifier"),
        ("000", "is not an identifier"),
        ("-1", "is not an identifier"),
        ("+1", "is not an identifier"),
        (" 1", "is not an identifier"),
        ("1_000", "is not an identifier"),
        ("²", "is not an identifier"),
        ("1.0", "is not an identifier"),
        (str(2**63), "too large"),
        ("9" * 5000, "too large"),  # beyond Python's own limit for int() of a string
        ("0" * 30 + "1" + "0" * 19, "too large"),
    ],
)
def test_parse_id_refuses_with_a_message(text, message):
    with pytest.raises(InvalidInput) as refused:
        params.parse_id(text)
    assert message in str(refused.value.message)


def test_parse_page_starts_at_one():
    assert params.parse_page(None) == 1
    assert params.parse_page("") == 1
    assert params.parse_page("3") == 3
    assert params.parse_page("99999") == 99999  # past the last page: the paginator's business
    for text in ("0", "-2", "last", "1.5", "9" * 20):
        with pytest.raises(InvalidInput):
            params.parse_page(text)


def test_the_id_converter_takes_what_a_database_integer_holds():
    converter = IdConverter()
    assert converter.to_python(str(params.MAX_ID)) == params.MAX_ID
    assert len(str(params.MAX_ID)) == 19  # the converter's regex allows 19 digits
    for text in ("0", str(params.MAX_ID + 1)):
        with pytest.raises(ValueError):
            converter.to_python(text)
    assert converter.to_url(12) == "12"


def test_a_path_with_an_id_too_large_matches_no_route():
    assert resolve(f"/c/x/p/{params.MAX_ID}/").url_name == "post"
    for number in (params.MAX_ID + 1, 10**22, 0):
        with pytest.raises(Resolver404):
            resolve(f"/c/x/p/{number}/")
