"""YAML for the shipped data files (taxonomy, tag vocabulary, author page keys).

libyaml's loader when PyYAML was built with it (the wheels on PyPI are): the same
documents as `yaml.safe_load`, about ten times faster. The three data files cost
the pure-Python loader about 0.2 s on every build, a no-op build included.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """Like `yaml.safe_load`; raises `yaml.YAMLError` the same way."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
