"""The Playwright set-up of the browser tests (Debian's Chromium, zh-CN) for the scenarios."""

from tests.browser.conftest import _wagtail_base_data, browser_context_args, browser_type_launch_args  # noqa: F401
