"""Generate a synthetic MkDocs + Material site with deliberately planted faults.

    python bench/generate_site.py OUT_DIR --pages 1000 [--seed 1]

Writes OUT_DIR/mkdocs.yml, OUT_DIR/docs/ (pages in nested folders, ~20 links per page with
anchors and images, footnotes, attr_list ids, code blocks holding link-like text, decorative
images, Mermaid diagrams with accTitle/accDescr) and OUT_DIR/manifest.json, which lists every
planted fault: its kind, the page and line, and a token that any report of it must contain.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

# The smallest valid PNG (1x1, transparent): real image files, so "exists" checks are honest.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
SHARED_IMAGES = 20
SECTIONS = 10
FOLDERS_PER_SECTION = 10
HEADINGS = ("overview", "details", "notes")
FAULT_KINDS = (
    "md_missing_page",  # [x](missing-7.md)                    MkDocs validation finds it
    "md_bad_anchor",  # [x](page.md#no-such-7)                  MkDocs validation finds it
    "md_missing_image",  # ![x](img/missing-7.png)              MkDocs validation finds it
    "html_md_link",  # <a href="…/page.md">: never converted, 404 on the web
    "html_bad_anchor",  # <a href="…/page/#gone-7">
    "html_img_source_relative",  # <img src> right from the .md file, wrong from the page URL
    "img_no_alt",  # <img src="…" > without alt
    "img_empty_alt",  # ![](…): empty alt, not marked decorative
    "case_mismatch",  # <a href="…/Page-0012/">: fine on macOS, 404 on GitHub Pages
    "hotlink",  # <img src="https://cdn.example.com/…">
    "mermaid_no_acc",  # a diagram without accTitle/accDescr
    "duplicate_id",  # two headings with the same {#id}
)

CONFIG = """\
site_name: Synthetic benchmark site
site_url: https://example.org/bench/
theme:
  name: material
  features:
    - navigation.sections
    - navigation.prune
validation:
  nav:
    omitted_files: warn
    not_found: warn
    absolute_links: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
markdown_extensions:
  - attr_list
  - footnotes
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.highlight
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


@dataclass
class Fault:
    kind: str
    page: str  # source path of the page, relative to docs/
    line: int
    token: str  # a report of this fault names the page and contains this text


@dataclass
class PageSpec:
    number: int
    folder: str  # "s03/t07"

    @property
    def stem(self) -> str:
        return f"page-{self.number:04d}"

    @property
    def src(self) -> str:
        return f"{self.folder}/{self.stem}.md"

    @property
    def url_dir(self) -> str:
        return f"{self.folder}/{self.stem}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--faults", type=int, help="default: one per 20 pages")
    arguments = parser.parse_args()
    if arguments.pages < 10:
        parser.error("--pages must be at least 10")
    faults = generate(arguments.out_dir, arguments.pages, arguments.seed, arguments.faults)
    print(f"Wrote {arguments.pages} pages and {len(faults)} planted faults to {arguments.out_dir}")


def generate(
    out_dir: Path, page_count: int, seed: int, fault_count: int | None = None
) -> list[Fault]:
    rng = random.Random(seed)
    docs = out_dir / "docs"
    (docs / "img").mkdir(parents=True, exist_ok=True)
    (out_dir / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for index in range(SHARED_IMAGES):
        (docs / "img" / f"pic-{index:02d}.png").write_bytes(PNG_1X1)
    pages = [
        PageSpec(
            number, f"s{number % SECTIONS:02d}/t{(number // SECTIONS) % FOLDERS_PER_SECTION:02d}"
        )
        for number in range(page_count)
    ]
    bodies = {page.src: page_body(page, pages, rng) for page in pages}
    faults = plant_faults(
        pages, bodies, rng, fault_count or max(len(FAULT_KINDS), page_count // 20)
    )
    write_fault_images(docs, faults)
    for src, lines in bodies.items():
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (docs / "index.md").write_text(home_page(pages), encoding="utf-8")
    manifest = {"pages": page_count, "seed": seed, "faults": [asdict(f) for f in faults]}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return faults


def home_page(pages: list[PageSpec]) -> str:
    links = "\n".join(f"- [{page.stem}]({page.src})" for page in pages[:20])
    return f"# Synthetic site\n\n{links}\n"


def page_body(page: PageSpec, pages: list[PageSpec], rng: random.Random) -> list[str]:
    """About 20 valid links: Markdown, raw HTML, anchors, images; plus tricky valid cases."""
    up_to_docs = "../../"  # from the .md file in sNN/tNN/ to docs/
    up_to_site = "../../../"  # from the page URL sNN/tNN/page-NNNN/ to the site root

    def markdown_link() -> str:
        other = rng.choice(pages)
        anchor = rng.choice(("", *(f"#{name}" for name in HEADINGS)))
        return f"[{other.stem}]({up_to_docs}{other.src}{anchor})"

    def image(index: int) -> str:
        return f"{up_to_docs}img/pic-{index % SHARED_IMAGES:02d}.png"

    lines = [f"# Page {page.number}", "", "## Overview", ""]
    for _ in range(4):
        lines.append(f"See {markdown_link()}, {markdown_link()} and {markdown_link()}.")
        lines.append("")
    lines += [f"![Chart {page.number}]({image(page.number)})", ""]
    lines += ["## Details {#details}", ""]
    other = rng.choice(pages)
    lines += [
        f'<a href="{up_to_site}{other.url_dir}#overview">raw HTML link</a> and '
        f"[back to the overview](#overview).",
        "",
        f'<img src="{up_to_site}img/pic-{(page.number + 1) % SHARED_IMAGES:02d}.png" '
        f'alt="Raw chart {page.number}">',
        "",
        f'<img src="{up_to_site}img/pic-00.png" alt="" role="presentation">',
        "",
        f"A claim with a footnote.[^1] See {markdown_link()} and {markdown_link()}.",
        "",
        "```markdown",
        "[not a link](nowhere.md#nothing) <a href='nowhere.html'>",
        "```",
        "",
        "Inline code `[also not a link](nowhere.md)` stays text.",
        "",
    ]
    if page.number % 10 == 0:
        lines += [
            "```mermaid",
            "flowchart LR",
            f"  accTitle: Flow of page {page.number}",
            "  accDescr: A leads to B.",
            "  A --> B",
            "```",
            "",
        ]
    lines += ["## Notes", "", '<a name="legacy-anchor"></a>Old anchor target.', ""]
    lines += [f"[^1]: Footnote of page {page.number}.", ""]
    return lines


def plant_faults(
    pages: list[PageSpec], bodies: dict[str, list[str]], rng: random.Random, count: int
) -> list[Fault]:
    faults = []
    chosen = rng.sample(pages, min(count, len(pages)))
    for index, page in enumerate(chosen):
        kind = FAULT_KINDS[index % len(FAULT_KINDS)]
        other = rng.choice([candidate for candidate in pages if candidate is not page])
        lines, token = fault_lines(kind, index, page, other)
        body = bodies[page.src]
        body.append("")
        faults.append(Fault(kind, page.src, len(body) + 1, token))
        body.extend(lines)
    return faults


def fault_lines(kind: str, index: int, page: PageSpec, other: PageSpec) -> tuple[list[str], str]:
    up_to_docs, up_to_site = "../../", "../../../"
    other_url = f"{up_to_site}{other.url_dir}"
    if kind == "md_missing_page":
        return [f"[gone](missing-{index}.md)"], f"missing-{index}.md"
    if kind == "md_bad_anchor":
        return [f"[bad anchor]({up_to_docs}{other.src}#no-such-{index})"], f"no-such-{index}"
    if kind == "md_missing_image":
        return [f"![Missing chart]({up_to_docs}img/missing-{index}.png)"], f"missing-{index}.png"
    if kind == "html_md_link":
        return [f'<a href="{up_to_site}{other.src}">raw link to a .md</a>'], other.src
    if kind == "html_bad_anchor":
        return [f'<a href="{other_url}#gone-{index}">gone</a>'], f"gone-{index}"
    if kind == "html_img_source_relative":
        # Right relative to docs/sNN/tNN/page.md, wrong from the page's URL sNN/tNN/page/.
        return [f'<img src="{up_to_docs}img/shot-{index}.png" alt="Shot">'], f"shot-{index}.png"
    if kind == "img_no_alt":
        return [f'<img src="{up_to_site}img/noalt-{index}.png">'], f"noalt-{index}.png"
    if kind == "img_empty_alt":
        return [f"![]({up_to_docs}img/empty-{index}.png)"], f"empty-{index}.png"
    if kind == "case_mismatch":
        shouted = other.url_dir.replace("page-", "Page-")
        return [f'<a href="{up_to_site}{shouted}">case</a>'], shouted.split("/")[-2]
    if kind == "hotlink":
        return [f'<img src="https://cdn.example.com/hot-{index}.png" alt="Hot">'], f"hot-{index}"
    if kind == "mermaid_no_acc":
        return ["```mermaid", "flowchart LR", "  X --> Y", "```"], "Mermaid"
    if kind == "duplicate_id":
        return [f"## Again {{#dup-{index}}}", "", f"## Once more {{#dup-{index}}}"], f"dup-{index}"
    raise ValueError(f"unknown fault kind '{kind}'")


def write_fault_images(docs: Path, faults: list[Fault]) -> None:
    """Images that exist, so only the planted problem (alt, path from URL) is wrong."""
    for fault in faults:
        if fault.kind in {"html_img_source_relative", "img_no_alt", "img_empty_alt"}:
            (docs / "img" / fault.token).write_bytes(PNG_1X1)


if __name__ == "__main__":
    main()
