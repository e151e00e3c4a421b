"""The hand-made programme's groups have 2–4 members, so the digest's tests run with a threshold of 3 (Vik hidden,
the others shown); the default of 5 and complementary suppression are tested in test_suppression.py."""

from __future__ import annotations

import pytest

from bot.settings import Settings


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, digest_min_group_size=3, _env_file=None)  # type: ignore[call-arg]
