"""Make contributed text safe to publish: one allowlist, in one module.

Everything a pull request writes is untrusted. Front-matter values are text and
reach HTML escaped (``escape_meta`` for what MkDocs and the theme print, Jinja's
autoescape for the packaged templates). Markdown bodies and prose fields are
converted to HTML and then cleaned with nh3 (Ammonia) under an allowlist that
keeps what the Markdown extensions and Material emit (admonitions, details, tabs,
tables, footnotes, highlighted code, task lists, attr_list ids and classes, math)
and nothing that runs script, submits a form or moves the reader elsewhere.

Nothing on a page loads from another origin unless the organisation allowed that
host: an external iframe, image, video or audio becomes a link that says what it
is and where it opens ("Video: Event storming — opens on youtube.com").
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup, escape

from ..urls import SAFE_SCHEMES, safe_url
from .i18n import Labels

_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "data", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul", "var", "wbr",
    # Media: kept only when their source is on this site or on an allowed host (see ``_media``).
    "iframe", "video", "audio", "source", "track",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "input": {"checked", "disabled", "name"},  # task lists and content tabs; no form can submit them
    "label": {"for"},
    "details": {"open"},
    "time": {"datetime"},
    "data": {"value"},
    "div": {"data-tabs"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading"},
    "video": {"src", "controls", "width", "height", "muted", "loop", "playsinline"},
    "audio": {"src", "controls", "loop"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox", "radio"}}, "ol": {"type": {"1", "a", "A", "i", "I"}}}


def _cleaner(tags: set[str], attributes: dict[str, set[str]], values: dict[str, Any]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags={"script", "style", "template", "noscript", "textarea", "select", "option", "math", "svg"}
        - tags,
        attributes=attributes,
        tag_attribute_values=values,
        url_schemes=set(SAFE_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )


_BODY = _cleaner(_TAGS, _ATTRIBUTES, _ATTRIBUTE_VALUES)
#: Prose from front matter (a domain, a summary): inline text, emphasis, code and links.
_INLINE_TAGS = {"a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "s", "strong", "sub", "sup"}
_PROSE = _cleaner(_INLINE_TAGS | {"p", "ul", "ol", "li"}, {"a": {"href"}, "abbr": {"title"}}, {})
_TEXT = _cleaner(set(), {}, {})

#: A tag after nh3 has serialised it: attribute values always double-quoted, never containing '"'.
_ATTRS = r'((?:\s+[^\s=>/]+(?:="[^"]*")?)*)'
_MEDIA = re.compile(rf"<(iframe|video|audio){_ATTRS}\s*>(.*?)</\1>|<(img|source|track){_ATTRS}\s*/?>", re.S)
_ATTR = re.compile(r'([^\s=>/]+)(?:="([^"]*)")?')
#: Ids Material and PyMdown Extensions generate; any other id starting with "__" could clobber the theme's own.
_THEME_IDS = re.compile(r'\bid="__(?!(?:codelineno|tabbed|span|details)[-_])')


def host_of(url: str) -> str | None:
    """The host of an absolute or protocol-relative URL, or None for a reference to this site."""
    if not re.match(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//", url):
        return None
    try:
        return (urlsplit(url.strip()).hostname or "").lower() or None
    except ValueError:
        return ""


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """``host`` is one of ``allowed`` or a subdomain of one ('www.youtube.com' under 'youtube.com')."""
    return any(host == a or host.endswith("." + a) for a in allowed)


_KINDS = {"iframe": "embed", "video": "video", "audio": "audio", "img": "image", "source": "media", "track": "media"}
#: What an untitled embed from a well-known host is, so its link can say so.
_EMBED_HOSTS = {
    "youtube.com": "video", "youtube-nocookie.com": "video", "youtu.be": "video", "vimeo.com": "video",
    "dailymotion.com": "video", "loom.com": "video", "soundcloud.com": "audio", "anchor.fm": "audio",
    "spotify.com": "audio", "podbean.com": "audio", "buzzsprout.com": "audio",
}  # fmt: skip


class Sanitiser:
    """Clean converted Markdown and front-matter prose for one site.

    ``external_hosts`` lists the hosts pages may load from (``youtube.com`` allows
    its subdomains too); everything else external becomes a link. ``label`` gives
    the words for those links in the site's language.
    """

    def __init__(self, external_hosts: Iterable[str] = (), label: Callable[..., str] | None = None) -> None:
        self.external_hosts = tuple(h.lower().strip(".") for h in external_hosts)
        self.label = label or _english
        self.prose_md = markdown.Markdown()
        # Front-matter prose is Markdown without raw HTML: what looks like a tag is shown as text.
        self.prose_md.preprocessors.deregister("html_block")
        self.prose_md.inlinePatterns.deregister("html")

    def body(self, html_text: str) -> str:
        """A page's converted Markdown, safe to publish."""
        cleaned = _BODY.clean(html_text)
        if (
            "<iframe" in cleaned
            or "<img" in cleaned
            or "<video" in cleaned
            or "<audio" in cleaned
            or ("<source" in cleaned or "<track" in cleaned)
        ):
            cleaned = _MEDIA.sub(self._media, cleaned)
        if 'id="__' in cleaned:
            cleaned = _THEME_IDS.sub('id="user-__', cleaned)
        return cleaned

    def prose(self, text: Any) -> Markup:
        """Short Markdown from front matter as inline HTML (a single paragraph loses its ``<p>``)."""
        if not text:
            return Markup("")
        text = str(text)
        if _plain(text):
            return Markup(text)  # what Markdown and the cleaner would make of it, without them (most summaries)
        converted = self.prose_md.reset().convert(text)
        if converted.startswith("<p>") and converted.endswith("</p>") and converted.count("<p>") == 1:
            converted = converted[3:-4]
        return Markup(_PROSE.clean(converted))

    def _media(self, match: re.Match[str]) -> str:
        tag, attrs, inner = match.group(1) or match.group(4), match.group(2) or match.group(5) or "", match.group(3)
        values: dict[str, str] = {}
        for name, value in _ATTR.findall(attrs):
            values.setdefault(name, html.unescape(value))
        src = values.get("src", "")
        host = host_of(src) if src else None
        if tag == "img" and host is None:
            return match.group(0)  # an image of this site
        if host and host_allowed(host, self.external_hosts):
            return match.group(0)
        if tag in ("source", "track"):
            return ""  # its video or audio element becomes the link
        if not src and tag in ("video", "audio") and inner and "<source" in inner:
            sources = re.findall(r'<source\b[^>]*\ssrc="([^"]*)"', inner)
            src = html.unescape(sources[0]) if sources else ""
            host = host_of(src) if src else None
            if src and (host is None or host_allowed(host, self.external_hosts)):
                return match.group(0)  # its sources are on this site or an allowed host
        if not src:
            return ""  # nothing to play or show
        if host is None and tag != "iframe":
            return match.group(0)  # a video or sound file of this site
        name = values.get("title") or values.get("alt") or ""
        host = (host or "").removeprefix("www.") or src
        kind = _KINDS[tag]
        if tag == "iframe":
            kind = next((k for h, k in _EMBED_HOSTS.items() if host_allowed(host, (h,))), kind)
        kind = "external_" + kind
        text = self.label(kind, title=name, host=host) if name else self.label(kind + "_untitled", host=host)
        start = match.start()
        inside_link = match.string.rfind("<a ", 0, start) > match.string.rfind("</a>", 0, start)
        if inside_link or not safe_url(src):  # a linked image: the link it sits in stays the way out
            return f'<span class="commons-external">{escape(text)}</span>'
        return f'<a class="commons-external" href="{escape(src)}">{escape(text)}</a>'


#: Characters that mean nothing to Markdown or HTML inside a line of text (with letters and digits).
_INERT = frozenset(" ,.;:'\"()?%/-")


def _plain(text: str) -> bool:
    """One line of words and punctuation that Markdown and HTML read as itself: no markup, nothing to escape."""
    return (
        text[:1].isalpha()  # a digit could start a list; a space, code
        and not text[-1:].isspace()
        and all(char.isalnum() or char in _INERT for char in text)
    )


def _english(key: str, **values: Any) -> str:
    return Labels("en")(key, **values)


def text(value: Any) -> str:
    """HTML that may hold tags (a heading's inner HTML, a title MkDocs took from one) as text only."""
    return _TEXT.clean(str(value))


def escape_meta(value: Any) -> Any:
    """A front-matter value as MkDocs and the theme will print it: every string escaped, recursively."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [escape_meta(item) for item in value]
    if isinstance(value, dict):
        return {key: escape_meta(item) for key, item in value.items()}
    return value


# -- Markdown for engines that run no sanitiser (``commons generate``) ------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_RAW_HTML = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel):[^\s<>]*)>", re.I)
_INLINE_TARGET = re.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?((?:[^\s()<>]|\([^\s()]*\))*)>?((?:\s+(?:\"[^\"]*\"|'[^']*'))?)\s*\)"
)
_REF_DEFINITION = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)<?(\S+?)>?(\s.*)?$")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTR_PAIR = re.compile(r"""[^\s=#.]+\s*=\s*(?:"[^"]*"|'[^']*'|\S+)""")


def _protect_code(line: str, fix: Callable[[str], str]) -> str:
    """Apply ``fix`` to a line outside its inline code spans."""
    out, last = [], 0
    for match in _CODE_SPAN.finditer(line):
        out += [fix(line[last : match.start()]), match.group(0)]
        last = match.end()
    return "".join(out) + fix(line[last:])


class _MarkdownNeutraliser:
    def __init__(self, sanitiser: Sanitiser) -> None:
        self.sanitiser = sanitiser

    def target(self, match: re.Match[str]) -> str:
        bang, text_, url, title = match.groups()
        if not safe_url(url):
            url = "#"
        host = host_of(url)
        if bang and host and not host_allowed(host, self.sanitiser.external_hosts):
            host = host.removeprefix("www.")
            label = (
                self.sanitiser.label("external_image", title=text_, host=host)
                if text_
                else (self.sanitiser.label("external_image_untitled", host=host))
            )
            return f"[{label}]({url})"
        return f"{bang}[{text_}]({url}{title})"

    def line(self, text_: str) -> str:
        definition = _REF_DEFINITION.match(text_)
        if definition and not safe_url(definition.group(2)):
            return f"{definition.group(1)}#"
        text_ = _AUTOLINK.sub(lambda m: f"\x02{m.group(1)}\x03", text_)  # keep safe autolinks
        text_ = _RAW_HTML.sub("&lt;", text_)
        text_ = text_.replace("\x02", "<").replace("\x03", ">")
        text_ = _INLINE_TARGET.sub(self.target, text_)
        return _ATTR_LIST.sub(lambda m: "{" + _ATTR_PAIR.sub("", m.group(0)[1:-1]) + "}", text_)


def markdown_text(sanitiser: Sanitiser, body: str) -> str:
    """A contributor's Markdown made safe for an engine that cleans nothing after conversion.

    Raw HTML shows as text, links with another scheme point nowhere, remote images become
    links, attribute lists keep only ids and classes. Fenced code stays as written.
    """
    neutral = _MarkdownNeutraliser(sanitiser)
    out, fence = [], ""
    for line in body.split("\n"):
        opened = _FENCE.match(line.lstrip(" >-*+0123456789.") if not fence else line.strip())
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            out.append(line)
        elif opened:
            fence = opened.group(1)
            out.append(line)
        else:
            out.append(_protect_code(line, neutral.line))
    return "\n".join(out)
