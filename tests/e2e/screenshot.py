"""Regenerate docs/app.png: the page after analysing the bundled 软件技术 syllabi.

    python tests/e2e/screenshot.py docs/app.png

Uses the shipped default model (calibrated, as a program head gets it) and Debian's chromium, like the
browser test.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from playwright.sync_api import sync_playwright

from align.settings import CORPORA_DIR, Settings
from align.ui.config import ServeSettings
from align.ui.page import build_app, launch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import CHROMIUM, CHROMIUM_ARGS


def main(out: Path) -> None:
    settings = replace(Settings(), cache_dir=None)
    with tempfile.TemporaryDirectory() as data:
        serve = ServeSettings(data_dir=Path(data))
        app = build_app(settings, serve)
        _, url, _ = launch(app, serve, block=False, quiet=True)
        syllabi = sorted((CORPORA_DIR / "syllabi" / "软件技术").glob("*.md"))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            page.goto(url)
            page.locator("#library input").click()
            page.get_by_role("option", name="Web前端开发职业技能等级标准（内置）").click()
            page.locator("#syllabus-upload input[type=file]").set_input_files([str(s) for s in syllabi])
            page.locator(f'#syllabus-upload td.filename[aria-label="{syllabi[-1].name}"]').wait_for()
            page.click("#run")
            page.locator("#headline strong").first.wait_for(timeout=180_000)
            page.locator("#bars canvas, #bars svg").first.wait_for()
            page.wait_for_timeout(1500)
            box = page.locator("#bars").bounding_box()
            height = page.evaluate("window.scrollY") + box["y"] + box["height"] + 16
            page.screenshot(
                path=str(out), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": height}
            )
            browser.close()
        app.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/app.png"))
