"""Readers for the export tests: each export parsed back by a real reader, as plain data."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from html.parser import HTMLParser

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def entries_from_json(data: dict) -> list[tuple[str, str, str]]:
    """(kind, a keys, b keys) per entry in the Comparison JSON, in the register's order."""
    out = [(m["kind"], "; ".join(m["a"]), "; ".join(m["b"])) for m in data["matches"]]
    out += [("new", "", k) for k in data["new"]]
    out += [("dropped", k, "") for k in data["dropped"]]
    return out


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def docx_xml(data: bytes, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(part))


def revision_texts(paragraph: etree._Element) -> tuple[str, str]:
    """(text with all revisions accepted, text with all revisions rejected) of a paragraph."""
    accepted, rejected = [], []
    for el in paragraph.iter(f"{W}t", f"{W}delText", f"{W}br"):
        in_ins = any(a.tag == f"{W}ins" for a in el.iterancestors())
        in_del = any(a.tag == f"{W}del" for a in el.iterancestors())
        assert not (in_ins and in_del)
        if el.tag == f"{W}t":
            assert not in_del, "deleted text must be w:delText"
            accepted.append(el.text or "")
            if not in_ins:
                rejected.append(el.text or "")
        elif el.tag == f"{W}delText":
            assert in_del, "w:delText outside w:del"
            rejected.append(el.text or "")
        else:
            if not in_del:
                accepted.append("\n")
            if not in_ins:
                rejected.append("\n")
    return "".join(accepted), "".join(rejected)


def bookmarked_paragraphs(root: etree._Element, prefix: str) -> dict[int, etree._Element]:
    out = {}
    for bm in root.iter(f"{W}bookmarkStart"):
        name = bm.get(f"{W}name") or ""
        if name.startswith(prefix):
            out[int(name[len(prefix) :])] = bm.getparent()
    return out


class HtmlDoc(HTMLParser):
    """Collects what the HTML tests look at: elements with data-* entry attributes, scripts,
    styles, every src/href, and text inside del/ins."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.register_rows: list[tuple[str, str, str]] = []
        self.articles: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.ins: list[str] = []
        self.dels: list[str] = []
        self.text: list[str] = []
        self._stack: list[tuple[str, dict]] = []
        self._buf: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        for k in ("src", "href"):
            if k in a:
                self.urls.append((tag, k, a[k]))
        if tag == "tr" and "data-kind" in a:
            self.register_rows.append((a["data-kind"], a.get("data-a", ""), a.get("data-b", "")))
        if tag == "article" and "data-kind" in a:
            self.articles.append((a["data-kind"], a.get("data-a", ""), a.get("data-b", "")))
        if tag in ("script", "style", "ins", "del"):
            self._buf = []
        self._stack.append((tag, a))

    def handle_endtag(self, tag):
        while self._stack:
            t, a = self._stack.pop()
            if t == tag:
                break
        if tag in ("script", "style", "ins", "del") and self._buf is not None:
            body = "".join(self._buf)
            {
                "script": lambda: self.scripts.append((a, body)),
                "style": lambda: self.styles.append(body),
                "ins": lambda: self.ins.append(body),
                "del": lambda: self.dels.append(body),
            }[tag]()
            self._buf = None

    def handle_data(self, data):
        if self._buf is not None:
            self._buf.append(data)
        self.text.append(data)


def strip_marks(text: str) -> str:
    return re.sub(r"\s+", "", text)
