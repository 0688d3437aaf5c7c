"""hooks/check_site.py: each check has a broken case and a tricky valid case, exact messages."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import BASE_CONFIG, PNG_1X1, BuildSite

# ── Links and the split with MkDocs' own validation ───────────────────────────────────────────


def test_markdown_link_to_missing_doc_is_reported_once_by_mkdocs_with_its_line(
    build_site: BuildSite,
) -> None:
    site = build_site({"index.md": "# Home\n\nText.\n\nSee [gone](nope.md).\n"})
    assert site.warnings == [
        "Doc file 'index.md' line 5 contains a link 'nope.md', "
        "but the target is not found among documentation files."
    ]


def test_markdown_link_anchor_is_reported_once_with_line_and_suggestion(
    build_site: BuildSite,
) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "vm.md": "# VMs\n\n## Type 2\n\nText.\n",
            "containers.md": "# Containers\n\nSee [type 2](vm.md#typ-2).\n",
        }
    )
    assert site.warnings == [
        "Doc file 'containers.md' line 3 contains a link 'vm.md#typ-2', "
        "but the doc 'vm.md' does not contain an anchor '#typ-2'. Did you mean '#type-2'?"
    ]


def test_raw_html_link_anchor_is_checked_against_the_final_html(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "vm.md": "# VMs\n\n## Type 2\n",
            "containers.md": '# Containers\n\n<a href="../vm/#typ-2">type 2</a>\n',
        }
    )
    assert site.warnings == [
        "Doc file 'containers.md' line 3 contains a link '../vm/#typ-2', "
        "but the doc 'vm.md' does not contain an anchor '#typ-2'. Did you mean '#type-2'?"
    ]


def test_tricky_anchors_are_valid(build_site: BuildSite) -> None:
    site = build_site(
        {
            "vm.md": """\
                # VMs

                ## Type 2 hypervisors {#hosted}

                A claim.[^1]

                <a name="legacy"></a>Old anchor.

                [^1]: The source.
                """,
            "index.md": """\
                # Home

                [attr_list id](vm.md#hosted), <a href="vm/#hosted">raw</a>, [name](vm.md#legacy),
                [footnote](vm.md#fn:1), <a href="vm/#fnref:1">back</a>, [top](#),
                <a href="vm/#legacy">legacy</a>
                """,
        }
    )
    assert site.warnings == []


def test_heading_slug_replaced_by_an_explicit_id_is_gone(build_site: BuildSite) -> None:
    site = build_site(
        {"index.md": "# Home\n\n## Old title {#new-title}\n\n<a href='#old-title'>x</a>\n"}
    )
    assert site.warnings == [
        "Doc file 'index.md' line 5 contains a link '#old-title', but there is no such anchor "
        "on this page. Did you mean '#new-title'?"
    ]


def test_hash_comment_in_a_code_block_is_no_anchor(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n\n```bash\n# install-step\napt-get install x\n```\n\n"
            '<a href="#install-step">step</a>\n'
        }
    )
    assert site.warnings == [
        "Doc file 'index.md' line 8 contains a link '#install-step', "
        "but there is no such anchor on this page."
    ]


def test_raw_html_link_to_a_md_file_is_broken(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "guide/setup.md": '# Setup\n\n<a href="../intro.md">i</a>\n',
            "guide/intro.md": "# Intro\n",
        }
    )
    assert site.warnings == [
        "Doc file 'guide/setup.md' line 3 contains a link '../intro.md', but the target "
        "'guide/intro.md' is not found in the built site (MkDocs converts links to .md files "
        "only in Markdown links). Did you mean '../intro/'?"
    ]


def test_links_inside_code_are_text(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": """\
                # Home

                Inline `[x](gone.md)` and `<a href="gone.html">`.

                ```html
                <a href="gone.html">not a link</a> <img src="gone.png">
                ```

                <!-- <a href="gone-too.html">commented out</a> -->
                """
        }
    )
    assert site.warnings == []


def test_directory_urls_and_unicode_paths_are_valid(build_site: BuildSite) -> None:
    site = build_site(
        {
            "über/straße.md": "# Straße\n\n## Ort {#ort}\n",
            "index.md": """\
                # Home

                [md](über/straße.md#ort), <a href="über/straße/">raw</a>,
                <a href="%C3%BCber/stra%C3%9Fe/#ort">encoded</a>,
                <a href="über/straße">no slash</a>,
                <a href="mailto:someone@example.org">mail</a>, <a href="tel:+123">phone</a>,
                <a href="https://example.com/not-checked">external</a>
                """,
        }
    )
    assert site.warnings == []


def test_case_mismatch_is_broken_even_on_a_case_insensitive_disk(build_site: BuildSite) -> None:
    site = build_site({"index.md": '# Home\n\n<a href="Guide/">guide</a>\n', "guide.md": "# G\n"})
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains a link 'Guide/', but the target 'Guide' is not "
        "found in the built site; the file 'guide/index.html' differs only in case, and web "
        "servers such as GitHub Pages are case-sensitive. Did you mean 'guide/'?"
    ]


def test_root_absolute_link_breaks_under_a_project_site(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": '# Home\n\n<a href="/guide/">guide</a> <a href="/repo/guide/">ok</a>\n',
            "guide.md": "# G\n",
        },
        extra_config="",
        base_config=BASE_CONFIG.replace("https://example.org/", "https://example.org/repo/"),
    )
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains a link '/guide/', but the site is served under "
        "'/repo/'; use a relative link. Did you mean 'guide/'?"
    ]


def test_broken_template_link_is_reported_once_naming_the_template(build_site: BuildSite) -> None:
    site = build_site(
        {"index.md": "# Home\n", "other.md": "# Other\n"},
        extra_config="theme:\n  name: mkdocs\n  custom_dir: overrides\n",
        files={
            "overrides/main.html": """\
                {% extends "base.html" %}
                {% block footer %}
                <a href="{{ 'nowhere/' | url }}">broken</a>
                {% endblock %}
                """
        },
    )
    assert site.warnings == [
        "Template 'overrides/main.html' line 3 contains a link 'nowhere/' (on page 'index.md' "
        "and 1 other), but the target 'nowhere' is not found in the built site."
    ]


# ── Images ────────────────────────────────────────────────────────────────────────────────────


def test_image_problems(build_site: BuildSite) -> None:
    site = build_site(
        {
            "img/a.png": PNG_1X1,
            "index.md": """\
                # Home

                <img src="img/missing.png" alt="Missing">
                <img src="img/a.png">
                ![](img/a.png)
                <img src="img/a.png" alt="Chart" srcset="img/a.png 1x, img/a@2x.png 2x">
                <picture><source srcset="img/b.webp"><img src="img/a.png" alt="Pic"></picture>
                <img src="https://cdn-images.medium.com/max/800/x.png" alt="Hot">
                <img src="http://example.org/x.png" alt="Insecure">
                """,
        }
    )
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains an image 'img/missing.png', "
        "but the target is not found in the built site.",
        "Doc file 'index.md' line 4 contains an image 'img/a.png', but it has no alt text.",
        "Doc file 'index.md' line 5 contains an image 'img/a.png', but its alt text is empty; "
        "say what it shows: ![what it shows](…).",
        "Doc file 'index.md' line 6 contains an image 'img/a@2x.png', "
        "but the target is not found in the built site. Did you mean 'img/a.png'?",
        "Doc file 'index.md' line 7 contains an image 'img/b.webp', "
        "but the target is not found in the built site.",
        "Doc file 'index.md' line 8 contains an image "
        "'https://cdn-images.medium.com/max/800/x.png', but it is hot-linked from another "
        "host 'cdn-images.medium.com'; copy it into the docs.",
        "Doc file 'index.md' line 9 contains an image 'http://example.org/x.png', "
        "but it is loaded over insecure http: from 'example.org'.",
    ]


def test_decorative_and_described_images_are_valid(build_site: BuildSite) -> None:
    site = build_site(
        {
            "img/a.png": PNG_1X1,
            "index.md": "# Home\n",
            "guide/page.md": """\
                # Page

                ![A chart](../img/a.png)
                <img src="../../img/a.png" alt="" role="presentation">
                <img src="../../img/a.png" alt="" aria-hidden="true">
                <img src="../../img/a.png" alt="">
                <img src="../../img/a.png" alt="a > b, quoted">
                """,
        }
    )
    assert site.warnings == []


def test_raw_image_path_right_from_source_but_wrong_from_url(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": "# Home\n",
            "blog/img/a.png": PNG_1X1,
            "blog/post.md": '# Post\n\n<img src="img/a.png" alt="A">\n',
        }
    )
    assert site.warnings == [
        "Doc file 'blog/post.md' line 3 contains an image 'img/a.png', but the target "
        "'blog/post/img/a.png' is not found in the built site; the path is right from the "
        "Markdown file, but a browser resolves it from the page's URL. Did you mean '../img/a.png'?"
    ]


# ── Diagrams and ids ──────────────────────────────────────────────────────────────────────────


def test_mermaid_diagrams_need_acc_title_and_descr(build_site: BuildSite) -> None:
    site = build_site(
        {
            "index.md": """\
                # Home

                ```mermaid
                flowchart LR
                  accTitle: Described
                  accDescr: A goes to B.
                  A --> B
                ```

                ```mermaid
                flowchart LR
                  accTitle: Only a title
                  A --> B
                ```

                <div class="mermaid">
                flowchart LR
                  C --> D
                </div>
                """
        }
    )
    assert site.warnings == [
        "Doc file 'index.md' line 10 contains a Mermaid diagram without accDescr, "
        "so screen readers get no description of it.",
        "Doc file 'index.md' contains a Mermaid diagram without accTitle and accDescr, "
        "so screen readers get no description of it.",
    ]


def test_duplicate_ids_are_reported(build_site: BuildSite) -> None:
    site = build_site({"index.md": "# Home\n\n## One {#same}\n\n## Two {#same}\n\n## Three\n"})
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains the id 'same' more than once; "
        "links to it reach only the first."
    ]


# ── Summary, rebuilds, strict mode, command line ──────────────────────────────────────────────


def test_summary_line_and_state_reset_between_builds(build_site: BuildSite) -> None:
    docs = {"index.md": "# Home\n\n<a href='#nope'>x</a> [ok](#home)\n"}
    first = build_site(docs)
    second = build_site(docs)  # `mkdocs serve` rebuilds with the module already imported
    assert first.warnings == second.warnings
    assert len(second.warnings) == 1
    summary = [line for line in second.infos if line.startswith("check_site:")]
    assert len(summary) == 1
    assert re.fullmatch(
        r"check_site: checked 1 pages, \d+ URLs and 0 diagrams: 1 problem in \d+\.\d\d seconds\.",
        summary[0],
    )


def test_strict_build_fails_on_a_hook_warning(tmp_path, build_site: BuildSite) -> None:
    build_site({"index.md": "# Home\n\n<a href='#nope'>x</a>\n"})
    finished = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 1
    assert "Doc file 'index.md' line 3 contains a link '#nope'" in finished.stderr


# ── Rules new with sitecheck: fragments, queries, the site's own address, alt text ───────────


def test_top_text_fragments_and_code_line_ranges_are_valid_anchors(build_site: BuildSite) -> None:
    site = build_site(
        {
            "vm.md": """\
                # VMs

                <pre><span id="__codelineno-0-2"></span>line two</pre>
                """,
            "index.md": """\
                # Home

                [top](#), <a href="#top">top</a>, <a href="vm/#top">their top</a>,
                <a href="vm/#:~:text=line%20two">a text fragment</a>,
                <a href="vm/#__codelineno-0-2:5">lines 2 to 5</a>,
                <a href="vm/#__codelineno-0-2">line 2</a>
                """,
        }
    )
    assert site.warnings == []


def test_line_range_of_a_missing_code_line_is_a_missing_anchor(build_site: BuildSite) -> None:
    site = build_site(
        {
            "vm.md": '# VMs\n\n<pre><span id="__codelineno-0-2"></span>two</pre>\n',
            "index.md": '# Home\n\n<a href="vm/#__codelineno-1-2:5">lines</a>\n',
        }
    )
    assert site.warnings == [
        "Doc file 'index.md' line 3 contains a link 'vm/#__codelineno-1-2:5', but the doc "
        "'vm.md' does not contain an anchor '#__codelineno-1-2:5'. Did you mean "
        "'#__codelineno-0-2'?"
    ]


def test_query_strings_are_stripped_before_a_local_target_is_resolved(
    build_site: BuildSite,
) -> None:
    site = build_site(
        {
            "img/a.png": PNG_1X1,
            "vm.md": "# VMs\n\n## Hosted {#hosted}\n",
            "index.md": """\
                # Home

                <a href="vm/?tab=2#hosted">ok</a> <img src="img/a.png?v=3" alt="A">
                <a href="?print=1">this page</a>
                <a href="gone/?tab=2">broken</a>
                """,
        }
    )
    assert site.warnings == [
        "Doc file 'index.md' line 5 contains a link 'gone/?tab=2', "
        "but the target 'gone' is not found in the built site."
    ]


def test_absolute_links_to_the_sites_own_address_are_checked(build_site: BuildSite) -> None:
    site = build_site(
        {
            "vm.md": "# VMs\n\n## Hosted {#hosted}\n",
            "index.md": """\
                # Home

                <a href="https://example.org/vm/#hosted">ok</a>,
                <a href="HTTPS://EXAMPLE.ORG/vm/">ok, upper-case host</a>,
                <a href="https://example.org">the home page</a>,
                <a href="https://example.org.evil.com/nowhere/">another host</a>,
                <a href="https://example.org/nowhere/">broken</a>,
                <a href="https://example.org/vm/#typ-2">no such anchor</a>
                """,
        }
    )
    assert site.warnings == [
        "Doc file 'index.md' line 7 contains a link 'https://example.org/nowhere/', "
        "but the target 'nowhere' is not found in the built site.",
        "Doc file 'index.md' line 8 contains a link 'https://example.org/vm/#typ-2', "
        "but the doc 'vm.md' does not contain an anchor '#typ-2'.",
    ]


def test_empty_alt_is_decorative_in_html_but_forgotten_in_markdown(
    build_site: BuildSite,
) -> None:
    site = build_site(
        {
            "img/a.png": PNG_1X1,
            "index.md": """\
                # Home

                <img src="img/a.png" alt="">

                ![A chart](img/a.png) and ![ ](img/a.png)

                <p><img src="img/a.png" alt=''></p>
                """,
        },
        extra_config="theme:\n  name: mkdocs\n  custom_dir: overrides\n",
        files={
            "overrides/main.html": """\
                {% extends "base.html" %}
                {% block footer %}<img src="{{ 'img/a.png' | url }}" alt="">{% endblock %}
                """
        },
    )
    assert site.warnings == [
        "Doc file 'index.md' line 5 contains an image 'img/a.png', but its alt text is empty; "
        "say what it shows: ![what it shows](…)."
    ]
