"""Patterns shared by the text cleaners. Every repetition is bounded, so no input
can make a match backtrack for long (URLs over 500 characters are not URLs)."""

from __future__ import annotations

import re

URL_BODY = r"""[^\s<>"'{}|\\^`\[\]]{1,500}"""
URL = re.compile(rf"https?://{URL_BODY}")
