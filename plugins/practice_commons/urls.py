"""Which URLs the site may link to: one rule for front-matter fields and page bodies.

A link may be ``http``, ``https``, ``mailto`` or ``tel``, or a relative
reference (no scheme, and not ``//host``, which browsers read as another site).
Anything else (``javascript:``, ``data:``, ``vbscript:``, ``file:``...) could run
script or reach outside the intranet page, so it is refused.

The scheme is read as a browser reads it: spaces around the value are ignored,
an upper-case scheme is the same scheme, and tabs or line breaks inside
(``java\\tscript:``) are dropped before parsing, so any control character makes
the URL unsafe rather than guessing how it would be read. Text that only looks
encoded (``&#x6a;avascript:``) is a relative reference, escaped on output.
"""

from __future__ import annotations

import re

__all__ = ["SAFE_SCHEMES", "safe_url", "scheme_of", "url_problem"]

#: Schemes a link may use (the sanitiser's ``url_schemes`` for bodies too).
SAFE_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})

# ASCII only: a browser reads 'ｊａｖａｓｃｒｉｐｔ:' (full-width) as a relative path.
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Browsers treat '\' as '/' in web URLs, so '\\host' and '/\host' are other sites too.
_OTHER_HOST = re.compile(r"[/\\]{2}")


def scheme_of(value: str) -> str | None:
    """The URL's scheme in lower case (``'https'``), or None for a relative reference."""
    match = _SCHEME.match(value.strip(" "))
    return match.group(1).lower() if match else None


def url_problem(value: str) -> str | None:
    """Why the site may not link to ``value``, or None if it may (the rule itself)."""
    if _CONTROL.search(value):
        return "it contains a control character (a tab, a line break...)"
    scheme = scheme_of(value)
    if scheme is None:
        if _OTHER_HOST.match(value.strip(" ")):
            return "it starts with '//', which browsers read as an address on another site"
        return None
    if scheme not in SAFE_SCHEMES:
        return f"the site does not link to '{scheme}:' addresses"
    return None


def safe_url(value: str) -> bool:
    """True if the site may link to ``value``: http(s), mailto, tel or a relative reference.

    >>> safe_url("https://example.org"), safe_url("../guide/"), safe_url("JavaScript:alert(1)")
    (True, True, False)
    """
    return url_problem(value) is None
