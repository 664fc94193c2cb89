"""What GitHub would render as live Markdown: prose outside code fences and code spans."""

from __future__ import annotations

import re

FENCE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1`*[ \t]*$", re.S | re.M)


def visible_prose(markdown: str) -> str:
    """Drop fenced blocks, code spans and HTML comments (GitHub renders neither mentions nor links in them)."""
    text = FENCE.sub("", markdown)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    # Code spans: a run of N backticks up to the next run of exactly N.
    out, i = [], 0
    while i < len(text):
        if text[i] == "`":
            j = i
            while j < len(text) and text[j] == "`":
                j += 1
            ticks = text[i:j]
            close = re.compile(rf"(?<!`){ticks}(?!`)").search(text, j)
            if close:
                i = close.end()
                continue
            out.append(ticks)
            i = j
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def live_mentions(markdown: str) -> list[str]:
    return re.findall(r"(?<![\w`])@[A-Za-z0-9][\w-]*(?:/[\w-]+)?", visible_prose(markdown))


def live_issue_refs(markdown: str, allowed: set[int] = frozenset()) -> list[str]:
    refs = re.findall(r"(?<![\w&])#(\d+)", visible_prose(markdown))
    return [r for r in refs if int(r) not in allowed]


def unbalanced_fences(markdown: str) -> bool:
    opens = re.findall(r"^(`{3,})", markdown, flags=re.M)
    return len(opens) % 2 == 1


# -- the same questions asked of a real CommonMark parser (markdown-it-py, GFM autolinks via linkify) -----
# GitHub renders issue bodies with cmark-gfm; markdown-it-py follows the same CommonMark spec, and its
# linkify stands in for GFM's extended autolinks (bare https://… and www.…). What it parses as a link,
# an image or raw HTML in a body is what GitHub would make live.

_MENTION_TEXT = re.compile(r"(?<![\w`])[@\uff20\ufe6b][A-Za-z0-9][\w-]*(?:/[\w-]+)?")
_REF_TEXT = re.compile(r"(?:(?<![\w&])|(?<=[\w.-]/[\w.-]))[#\uff03](\d+)|\bGH-(\d+)", re.I)
# autoheal's own HTML in its templates: hidden markers and the collapsible sections.
OWN_HTML = re.compile(r"<!--.*?-->|</?(?:details|summary|sub)(?: open)?>", re.S)


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"linkify": True, "html": True}).enable(["linkify", "table", "strikethrough"])


def live_constructs(markdown: str, *, allowed_hrefs: tuple[str, ...] = (), allowed_refs: set[int] = frozenset()) -> list[str]:
    """Everything in `markdown` a reader could click, be pinged by or load: links (but to `allowed_hrefs`
    prefixes), images, raw HTML other than autoheal's own tags, mentions and issue references in text
    (code spans and fences excluded, as GitHub does)."""
    found: list[str] = []

    def walk(tokens, in_link=False):
        for tok in tokens:
            if tok.type == "link_open":
                href = tok.attrs.get("href", "")
                if not href.startswith(allowed_hrefs) or not allowed_hrefs:
                    found.append(f"link {href}")
            elif tok.type == "image":
                found.append(f"image {tok.attrs.get('src', '')}")
            elif tok.type in ("html_inline", "html_block"):
                rest = OWN_HTML.sub("", tok.content)
                if re.search(r"</?[A-Za-z!?]", rest):
                    found.append(f"html {tok.content.strip()[:80]}")
            elif tok.type == "text":
                found.extend(f"mention {m}" for m in _MENTION_TEXT.findall(tok.content))
                for m in _REF_TEXT.finditer(tok.content):
                    number = int(m.group(1) or m.group(2))
                    if number not in allowed_refs or m.group(2):
                        found.append(f"reference {m.group(0)}")
            if tok.children:
                walk(tok.children, in_link)

    walk(_parser().parse(markdown))
    return found
