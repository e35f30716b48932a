"""Shared test hooks."""

from __future__ import annotations

from typing import Any

import pytest


def pytest_make_parametrize_id(config: pytest.Config, val: Any, argname: str) -> str | None:
    """Table cases name themselves by their text; ids from this hook are not ASCII-escaped,
    so a failing case reads as Chinese, not as \\u escapes."""
    return getattr(val, "zhibiao_case_id", None)
