"""The axe-core oracle must be able to fail, or '0 violations' on our pages proves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accessibility import axe_unavailable_reason, axe_violations


@pytest.mark.skipif(axe_unavailable_reason() is not None, reason=str(axe_unavailable_reason()))
def test_axe_finds_a_missing_language_an_image_without_text_and_faint_text(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html><head><title>x</title></head><body><main><img src="a.png">'
                    '<p style="color:#ccc;background:#fff">Fristen er tirsdag</p></main></body></html>')
    assert {v["id"] for v in axe_violations(page)} >= {"html-has-lang", "image-alt", "color-contrast"}
