from __future__ import annotations

import markdown
import pytest

from generator.render.escape import escape_markdown, external_url, front_matter_value

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]
PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "{{ config }} {% raw %}",
    "!!! note\n    admonition",
    "text {: onclick=alert(1) }",
    "[^1] footnote *[HTML]: abbr",
    '--8<-- "/etc/passwd"',
    "# heading | table | row",
    "1986. A list?",
    "back\\slash `code` **bold** _em_",
    "- not a list",
    "+ not a list",
    "--- not a rule",
    "=== not a heading",
    "> not a quote",
    "1) not a list",
    "C# and F# stay",
    "x <= y && y >= z",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_untrusted_text_renders_as_typed(payload):
    # As a paragraph, and as the second line of a list item (where a setext
    # underline or a nested list could start).
    item = markdown.markdown(f"- title\n  {escape_markdown(payload)}", extensions=EXTENSIONS)
    assert "<h" not in item and item.count("<li>") == 1 and "<blockquote" not in item
    html = markdown.markdown(escape_markdown(payload), extensions=EXTENSIONS)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html and "<code>" not in html and "<h" not in html
    assert "<ol" not in html and "<ul" not in html and "<hr" not in html
    import re
    from html import unescape

    text = unescape(re.sub(r"<[^>]+>", "", html)).strip()
    assert text == " ".join(payload.split())


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://x/y", "//evil.com", "http://"]
)
def test_only_http_urls_become_links(url):
    assert external_url(url) == ""


def test_front_matter_value_is_quoted_and_html_escaped():
    import yaml

    value = front_matter_value('--- a: "b" & <c> !tag *x')
    assert (
        yaml.safe_load(f"title: {value}")["title"] == "--- a: &quot;b&quot; &amp; &lt;c&gt; !tag *x"
    )
