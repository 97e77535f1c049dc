"""Headless Chromium (Debian's ``chromium`` and ``chromium-driver``) driven through selenium.

``.ci/run`` installs both; where they are missing, the tests that need them skip and say so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Without the background-networking flags Chromium keeps trying to reach the (closed) network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
]


def missing() -> str | None:
    """Why no browser can run here, or ``None``."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            return f"{path} not found: apt-get install {package} (.ci/run installs it)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed: pip install -e '.[test]'"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A selenium driver on a fresh headless Chromium profile; skips when there is none."""
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="summarizer-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(html: Path, png: Path) -> None:
    """A screenshot of the report's first screen, with its first item opened in the reader.

    Taken in a child process: selenium talks to chromedriver over HTTP, which a test's cassette
    (vcrpy) would otherwise intercept."""
    subprocess.run(
        [sys.executable, "-m", "tests.browser", str(html), str(png)],
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=120,
    )


def _screenshot(html: Path, png: Path) -> None:
    with chromium() as driver:
        driver.get(html.resolve().as_uri())
        items = driver.find_elements("css selector", ".kind .item")
        if items:
            items[0].click()
        driver.execute_script("window.scrollTo(0, 0)")
        png.write_bytes(driver.get_screenshot_as_png())


if __name__ == "__main__":
    _screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
