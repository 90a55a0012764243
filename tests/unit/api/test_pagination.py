"""Relay windows and cursors (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.api.graphql_types import connection, decode_cursor, encode_cursor, window_of
from service.errors import InvalidInputError


def test_cursors_round_trip_and_garbage_is_refused() -> None:
    assert decode_cursor(encode_cursor(41)) == 41
    for bad in ("", "bm9wZQ==", "!!!", encode_cursor(3)[:-2] + "x"):
        with pytest.raises(InvalidInputError, match="invalid cursor"):
            decode_cursor(bad)


def test_without_first_or_last_a_page_has_the_default_size() -> None:
    assert window_of(None, None, None, None).bounds(1000) == (0, 50)


def test_page_sizes_outside_the_limit_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="first"):
        window_of(501, None, None, None)
    with pytest.raises(InvalidInputError, match="last"):
        window_of(None, None, -1, None)


@given(
    total=st.integers(0, 40),
    first=st.none() | st.integers(0, 10),
    last=st.none() | st.integers(0, 10),
    after=st.none() | st.integers(0, 45),
    before=st.none() | st.integers(0, 45),
)
def test_windows_slice_like_relay(
    total: int, first: int | None, last: int | None, after: int | None, before: int | None
) -> None:
    items = list(range(total))
    window = window_of(
        first,
        encode_cursor(after) if after is not None else None,
        last,
        encode_cursor(before) if before is not None else None,
    )
    start, end = window.bounds(total)
    expected = items[(after + 1 if after is not None else 0) :]
    expected = [i for i in expected if before is None or i < before]
    if first is None and last is None:
        expected = expected[:50]
    if first is not None:
        expected = expected[:first]
    if last is not None:
        expected = expected[-last:] if last else []
    assert items[start:end] == expected
    page = connection(items[start:end], start, total)
    assert page.page_info.has_next_page == (end < total)
    assert page.page_info.has_previous_page == (start > 0)
