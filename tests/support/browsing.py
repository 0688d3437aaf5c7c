"""A page in Debian's headless Chromium, with every request to another host blocked and
recorded, and every failed response and console error kept for the test to assert on."""

from __future__ import annotations

from typing import Any


class PageWatch:
    def __init__(self, page: Any, origin: str) -> None:
        self.page = page
        self.origin = origin
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        page.on("response", self._on_response)
        page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/") or url.startswith("data:"):
            route.continue_()
        else:
            # Aborted before any connection is made: nothing leaves the machine.
            self.blocked.append(url)
            route.abort()

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_response(self, response: Any) -> None:
        if response.status != 200:
            self.failed.append(f"{response.status} {response.url}")

    def problems(self) -> list[str]:
        return (
            [f"request to another host: {url}" for url in self.blocked]
            + [f"response not 200: {entry}" for entry in self.failed]
            + [f"console error: {text}" for text in self.console_errors]
        )
