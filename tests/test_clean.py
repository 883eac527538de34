from __future__ import annotations

import pytest

from generator.ingest.clean import clean_abstract, extract_links
from generator.ingest.latex import latex_to_text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\em emphasised} and {\bf bold} and {\it italic}", "emphasised and bold and italic"),
        (r"improves by 5\% over", "improves by 5% over"),
        (
            r"models, \eg transformers, \ie attention, \etc",
            "models, e.g. transformers, i.e. attention, etc.",
        ),
        (r"H\"older continuity", "H\u00f6lder continuity"),
        (r"Fr\'echet distance", "Fr\u00e9chet distance"),
        (r"a na\"{\i}ve baseline", "a na\u00efve baseline"),
        (r"complexity $O(n^2)$ here", "complexity O(n\u00b2) here"),
        (r"$\alpha$-divergence", "\u03b1-divergence"),
        (r"error 10^{-3} and x_{1}", "error 10\u207b\u00b3 and x\u2081"),
        (r"$\mathbf{x}_{t}$ state", "x\u209c state".replace("\u209c", "_t")),
        ("plain text stays", "plain text stays"),
        (r"see https://github.com/a_b/c_{d}", "see https://github.com/a_b/c_{d}"),
    ],
)
def test_latex_to_text(latex, text):
    assert latex_to_text(latex) == text


@pytest.mark.parametrize(
    "latex", [r"\textbf{x} \unknowncommand y", r"{\em a}\% \cite{b} $\frac{1}{2}$", r"\\ \\"]
)
def test_latex_leaves_no_backslash(latex):
    assert "\\" not in latex_to_text(latex)


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Code: https://github.com/x/y.", ["https://github.com/x/y"]),
        ("at https://github.com/x/y{https://github.com/x/y}.", ["https://github.com/x/y"]),
        (
            'Project page: "http://mmlab.ie.cuhk.edu.hk/projects/CMP/".',
            ["http://mmlab.ie.cuhk.edu.hk/projects/CMP"],
        ),
        ("(see https://x.org/a_(b))", ["https://x.org/a_(b)"]),
        ("(see https://x.org/a)", ["https://x.org/a"]),
        ("available at github.com/rocketappslab/bdmm.", ["https://github.com/rocketappslab/bdmm"]),
        ("javascript:alert(1) and data:text/html,x", []),
    ],
)
def test_extract_links(text, links):
    assert extract_links(text) == links


def test_doubled_url_collapses_in_abstract_text():
    text = "Code is at https://github.com/k/CSFPN{https://github.com/k/CSFPN}."
    assert clean_abstract(text) == "Code is at https://github.com/k/CSFPN."


def test_hyphenation_at_hard_wraps_is_joined():
    assert clean_abstract("self-super-\nvised learning") == "self-supervised learning"
