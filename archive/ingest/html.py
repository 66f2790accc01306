"""HTML page -> plain text: page chrome removed, paragraph breaks kept."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from archive.ingest.tables import html_tables_to_text

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "link",
    "meta",
)
_CHROME = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|topbar|sidebar|"
    r"share|print|copyright|banner|toolbar|position|location|skip)([-_\s]|\d|$)",
    re.IGNORECASE,
)
_BLOCK = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "blockquote",
    "pre",
    "center",
    "td",
    "th",
    "hr",
    "address",
    "figure",
    "figcaption",
)
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2048].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower():
        return True
    return bool(re.match(r"<(head|body|meta|div|p|h1|table|article)\b", head))


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Return ``(text, page_title)``."""
    soup = BeautifulSoup(markup, "lxml")
    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else None
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(["header", "footer"]):  # site chrome, unless inside the article
        if isinstance(tag, Tag) and tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    for tag in soup.find_all(True):
        if isinstance(tag, Tag) and not tag.decomposed and _is_chrome(tag):
            tag.decompose()
    root: Tag = soup.body if isinstance(soup.body, Tag) else soup
    main = root.find(["main", "article"])
    if isinstance(main, Tag) and len(main.get_text(strip=True)) > 0.5 * len(
        root.get_text(strip=True)
    ):
        root = main
    html_tables_to_text(root)  # task tables -> pipe tables (archive.ingest.tables)
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = [_SPACES.sub(" ", line).strip() for line in root.get_text().splitlines()]
    return _join_paragraphs(lines), page_title


def _is_chrome(tag: Tag) -> bool:
    if tag.name in {"html", "body", "main", "article"}:
        return False
    classes: list[str] = list(tag.get("class") or [])
    names = " ".join([*classes, str(tag.get("id") or ""), str(tag.get("role") or "")])
    return bool(names.strip()) and bool(_CHROME.search(names))


def _join_paragraphs(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip() + "\n"
