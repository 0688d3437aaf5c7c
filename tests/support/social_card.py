"""Draw the link-preview image, docs/assets/images/social-card.png (1200 x 630), with Chromium.

The PNG is committed; run this only to change it, then look at the result:

    .venv/bin/python -m tests.support.social_card

The card is plain HTML and CSS (no web fonts, no images), so drawing it asks no host.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "docs/assets/images/social-card.png"
WIDTH, HEIGHT = 1200, 630

CARD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><style>
  html, body { margin: 0; width: 1200px; height: 630px; }
  body {
    box-sizing: border-box; padding: 72px 80px;
    display: flex; flex-direction: column; justify-content: space-between;
    font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
    color: #fff; background: #303fa1;
  }
  .kicker { font-size: 30px; letter-spacing: .12em; text-transform: uppercase; opacity: .85; }
  h1 { margin: 18px 0 0; font-size: 84px; line-height: 1.08; font-weight: 700; }
  p { margin: 26px 0 0; font-size: 34px; line-height: 1.35; max-width: 900px; opacity: .92; }
  .stack { display: flex; gap: 28px; align-items: flex-end; }
  .box { border: 4px solid rgba(255,255,255,.9); border-radius: 10px; padding: 14px 20px;
         font-size: 26px; white-space: nowrap; }
  .vm { background: rgba(255,255,255,.12); }
  .ct { background: rgba(255,255,255,.24); }
  .foot { display: flex; justify-content: space-between; align-items: flex-end; }
  .tag { font-size: 28px; opacity: .85; white-space: nowrap; }
</style></head><body>
  <div>
    <div class="kicker">A short course</div>
    <h1>Virtual machines<br>vs containers</h1>
    <p>How each works, where the analogy breaks, how to choose, and how to try both safely.</p>
  </div>
  <div class="foot">
    <div class="stack">
      <div class="box vm">VM: its own kernel</div>
      <div class="box ct">Container: a shared kernel</div>
    </div>
    <div class="tag">Exercises · Quiz</div>
  </div>
</body></html>
"""


def draw(output: Path = OUTPUT) -> Path:
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.route("**/*", lambda route: route.abort())  # nothing to fetch
            page.set_content(CARD)
            page.screenshot(path=str(output), full_page=False)
        finally:
            browser.close()
    return output


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


if __name__ == "__main__":
    print(draw())
