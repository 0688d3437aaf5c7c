"""Read what Material drew: its diagrams live in closed shadow roots, which page scripts
cannot open, so we ask the browser through the DevTools protocol (DOM.getDocument with
pierce), as an assistive technology would."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DrawnDiagram:
    role_description: str
    title: str
    description: str
    has_content: bool

    @property
    def is_error(self) -> bool:
        # Mermaid draws a syntax error as a diagram of its own, marked with this role.
        return self.role_description == "error" or not self.has_content


def drawn_diagrams(page: Any) -> list[DrawnDiagram]:
    session = page.context.new_cdp_session(page)
    try:
        root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    finally:
        session.detach()
    return [_describe(svg) for svg in _svgs_in_mermaid_shadow_roots(root)]


def wait_for_diagrams(page: Any, expected: int, timeout_s: float = 20.0) -> list[DrawnDiagram]:
    """Scroll to the diagrams as a reader would (they are drawn when they come near the
    viewport) and poll until `expected` are drawn or time runs out; return what is drawn."""
    deadline = time.monotonic() + timeout_s
    diagrams = drawn_diagrams(page)
    while len(diagrams) < expected and time.monotonic() < deadline:
        page.evaluate("document.querySelector('[data-mermaid-pending]')?.scrollIntoView()")
        page.wait_for_timeout(100)
        diagrams = drawn_diagrams(page)
    return diagrams


def _attributes(node: dict[str, Any]) -> dict[str, str]:
    flat = node.get("attributes", [])
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _svgs_in_mermaid_shadow_roots(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    classes = _attributes(node).get("class", "").split()
    if node.get("nodeName") == "DIV" and "mermaid" in classes:
        for shadow in node.get("shadowRoots", []):
            found.extend(c for c in shadow.get("children", []) if c.get("nodeName") == "svg")
    for child in node.get("children", []):
        found.extend(_svgs_in_mermaid_shadow_roots(child))
    return found


def _text_of(node: dict[str, Any]) -> str:
    if node.get("nodeType") == 3:
        return node.get("nodeValue", "")
    return "".join(_text_of(child) for child in node.get("children", []))


def _describe(svg: dict[str, Any]) -> DrawnDiagram:
    children = svg.get("children", [])
    title = next((_text_of(c) for c in children if c.get("nodeName") == "title"), "")
    description = next((_text_of(c) for c in children if c.get("nodeName") == "desc"), "")
    drawn = [c for c in children if c.get("nodeName") in {"g", "rect", "path"}]
    return DrawnDiagram(
        role_description=_attributes(svg).get("aria-roledescription", ""),
        title=title.strip(),
        description=" ".join(description.split()),
        has_content=bool(drawn),
    )
