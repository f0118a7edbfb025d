"""Web pages (``.html``, ``.htm``) and web archives (``.warc``, ``.warc.gz``) as input.

A saved page is mostly not the article: menus, share bars, related links, comments and
cookie banners surround it. trafilatura finds the article and its metadata; on top of it
this module drops the page furniture trafilatura keeps on real layouts (elements whose
class or id names comments, sharing, related or promoted links, cookies, ads; paragraphs
that are mostly link text, such as "Read also: …"; a bare date line). The document text
is the headline on the first line, then the paragraphs, one blank line apart, as the
other readers make it (the rules read the headline as a sentence, and a blank line ends
a paragraph); offsets of claims point into that extracted text.

A WARC file is read record by record as a stream (warcio), so memory does not depend on
its size. Each ``response`` record holding an HTML page (HTTP 200, ``text/html``) is one
article, with the record's target URI as ``url`` and the WARC-Date as the date when the
page gives none; other records (requests, metadata, images, redirects) are passed over
without a word. A broken record (bad framing, a truncated gzip member, a failed digest, a
wrong Content-Length, a file that ends inside a record) is one Skip naming its offset,
and reading goes on at the next record start found after it.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import hashlib
import io
import itertools
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import unquote, urlsplit

from kg.model import Document, Skip

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "HTML_SUFFIXES",
    "MAX_PAGE_BYTES",
    "WARC_SUFFIXES",
    "Page",
    "WarcCounts",
    "decode_html",
    "extract_page",
    "is_warc",
    "read_html_file",
    "read_warc_file",
]

HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
# trafilatura's own limit; a page past it is not an article, and reading stays bounded.
MAX_PAGE_BYTES = 20_000_000
# htmldate rejects dates after this; a fixed bound keeps a build of the same files the same
# on any day (a WARC record is bounded by its capture date instead).
_LATEST_DATE = "2099-12-31"
_TITLE_MAX = 200
_HTML_TYPES = ("text/html", "application/xhtml+xml")

_Item = Document | Skip
_Warn = Callable[[str], None]


@dataclass(frozen=True)
class Page:
    """What extraction found on one page; ``text`` starts with the headline when there is one."""

    text: str
    title: str | None
    date: str | None
    publisher: str | None
    url: str | None


# ---------------------------------------------------------------------------
# Decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """The page as text: a BOM, then the HTTP charset, then ``<meta charset>``, then a guess.

    A declared charset that does not decode the bytes (a page that says UTF-8 and is cp1251)
    is passed over for the guess of :func:`kg.sources.decode_bytes`, which tells the Russian
    code pages apart. Raises ``kg.sources.UndecodableError`` for binary data.
    """
    from kg.sources import UndecodableError, decode_bytes

    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UndecodableError("binary data (contains NUL bytes), not an HTML page")
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data).text
    declared = []
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        declared.append(match.group(1))
    if match := _META_CHARSET.search(data[:4096]):
        declared.append(match.group(1).decode("ascii"))
    for name in declared:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):  # a meta tag read as ASCII cannot say so
            continue
        try:
            return data.decode("cp1251" if codec == "windows-1251" else codec)
        except UnicodeDecodeError:
            continue
    return decode_bytes(data).text


# ---------------------------------------------------------------------------
# Extraction

# Class or id words of page furniture; a token matches when one of its parts (split at - and _) is one.
_NOISE_PARTS = frozenset(
    "comment comments share sharing sharedaddy social socials related relatedposts readmore readalso also "
    "promo subscribe subscription newsletter donate donation cookie cookies consent gdpr advert adverts "
    "advertisement ads ad banner sponsored partners tweet".split()
)
_NOISE_PAIRS = frozenset({("read", "more"), ("read", "also"), ("more", "news"), ("see", "also")})
_PART_SPLIT = re.compile(r"[-_]+")
_KEEP_TAGS = frozenset({"html", "head", "body", "main", "article", "h1"})
_BLOCKS = frozenset({"p", "head", "item", "quote", "list", "table", "row", "cell", "div", "code", "section"})
_SPACES = re.compile(r"\s+")
_MONTHS = (
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*|"
    r"jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|года?|г|at|в"
)
_DATE_LINE = re.compile(rf"(?:[\d\s.,:/|·–—-]|\b(?:{_MONTHS})\b)+", re.IGNORECASE)
_LINK_SHARE = 0.5  # a paragraph with at least this share of its characters in links is navigation


def _is_noise(value: str) -> bool:
    for token in value.lower().split():
        parts = [p for p in _PART_SPLIT.split(token) if p]
        if any(p in _NOISE_PARTS for p in parts) or any(pair in _NOISE_PAIRS for pair in itertools.pairwise(parts)):
            return True
    return False


def _prune(tree: HtmlElement) -> None:
    """Remove the elements whose class or id names page furniture, never one holding the headline.

    trafilatura keeps comment threads, "Read also" boxes and promotion blocks that sit inside
    the article's container on many layouts; their words would be read as the article's.
    """
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _KEEP_TAGS:
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if names.strip() and _is_noise(names):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is None or element.find(".//h1") is not None:
            continue
        if element.get("itemprop") == "articleBody" or element.find(".//*[@itemprop='articleBody']") is not None:
            continue
        _drop(element)


def _drop(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _paragraphs(body: HtmlElement) -> list[tuple[str, int]]:
    """The body's paragraphs as (text, characters inside links); ``<lb>`` breaks a line, two a paragraph."""
    paragraphs: list[tuple[str, int]] = []
    lines: list[str] = []
    current: list[str] = []
    linked = 0

    def end_line() -> None:
        line = _SPACES.sub(" ", "".join(current)).strip()
        current.clear()
        if line:
            lines.append(line)

    def end_paragraph() -> None:
        nonlocal linked
        end_line()
        if lines:
            paragraphs.append(("\n".join(lines), linked))
        lines.clear()
        linked = 0

    def add(text: str | None, in_link: bool) -> None:
        nonlocal linked
        if text:
            current.append(text)
            if in_link:
                linked += len(text.strip())

    def walk(element: HtmlElement, in_link: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        in_link = in_link or tag == "ref"
        if tag in _BLOCKS:
            end_paragraph()
        if tag == "lb":
            if current and "".join(current).strip():
                end_line()
            elif lines:  # a second break in a row ends the paragraph
                end_paragraph()
        add(element.text, in_link)
        for child in element:
            walk(child, in_link)
            add(child.tail, in_link and child.tag != "ref")
        if tag in _BLOCKS:
            end_paragraph()

    walk(body, False)
    end_paragraph()
    return paragraphs


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = _SPACES.sub(" ", title).strip()
    if len(title) > _TITLE_MAX:
        title = title[:_TITLE_MAX].rstrip() + "…"
    return title or None


def _same(a: str, b: str) -> bool:
    return _SPACES.sub(" ", a).strip().casefold() == _SPACES.sub(" ", b).strip().casefold()


_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—:»·•/-]|::)\s+")


def _publisher_from_title(tree: HtmlElement, headline: str | None) -> str | None:
    """The site's name from ``<title>``: the part beside the headline ("Headline — Site", "Site | Headline")."""
    element = tree.find(".//title")
    if element is None or not headline:
        return None
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(_SPACES.sub(" ", element.text_content()).strip())]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return None
    if _same(parts[0], headline):
        candidate = parts[-1]
    elif _same(parts[-1], headline):
        candidate = parts[0]
    else:
        return None
    return candidate if 1 < len(candidate) <= 100 and not _same(candidate, headline) else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host or None


def extract_page(html: str, *, url: str | None = None, latest: str | None = None) -> Page | None:
    """The article of one HTML page, or None when the page holds no article text.

    ``url`` is where the page came from (a WARC record's target URI), used when the page
    names none; ``latest`` is the latest acceptable publication date (YYYY-MM-DD).
    """
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    _prune(tree)
    found = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_links=True,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        date_extraction_params={"original_date": True, "extensive_search": True, "max_date": latest or _LATEST_DATE},
    )
    if found is None or found.body is None:
        return None
    title = _clean_title(found.title)
    kept = []
    for text, linked in _paragraphs(found.body):
        if linked >= _LINK_SHARE * len(text.replace("\n", "")):
            continue  # "Read also: <link>", a list of related links
        if _DATE_LINE.fullmatch(text):
            continue  # "6 May 2022, 10:12" under the headline
        if title and len(kept) < 3 and _same(text, title):
            continue  # the headline repeated in the body
        kept.append(text)
    if not kept:
        return None
    text = "\n\n".join([title, *kept] if title else kept)
    page_url = found.url or url
    publisher = _clean_title(found.sitename) or _publisher_from_title(tree, title) or _host(page_url)
    return Page(text=text, title=title, date=found.date, publisher=publisher, url=page_url)


# ---------------------------------------------------------------------------
# HTML files

_GENERIC_STEMS = frozenset({"index", "default", "main", "page", "article", "amp", "print", "content"})


def _slug(url: str) -> str:
    """A readable ASCII piece of a URL: its last path segment, else its host."""
    parts = urlsplit(url)
    segment = next((s for s in reversed(parts.path.split("/")) if s), "") or (parts.hostname or "page")
    segment = re.sub(r"\.(?:s?html?|php|aspx?)$", "", unquote(segment), flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-")[:48].strip("-")
    return slug or "page"


def url_id(url: str, *extra: str) -> str:
    """A stable document id from a URL (and, for a WARC record, its record id)."""
    digest = hashlib.sha256("\n".join((url, *extra)).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{_slug(url)}-{digest}"


def _file_id(path: Path, page: Page) -> str:
    """The file name without extension, as for the other formats; ``index.html`` says nothing, so its URL or folder."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    if stem.lower() not in _GENERIC_STEMS:
        return stem
    if page.url:
        return url_id(page.url)
    return f"{path.parent.name}-{stem}" if path.parent.name else stem


def _document(page: Page, *, doc_id: str, source: str, date: str | None, url: str | None) -> Document:
    from kg.sources import detect_lang

    return Document(
        id=doc_id,
        text=page.text,
        lang=detect_lang(page.text),
        title=page.title,
        publisher=page.publisher,
        date=date,
        url=url,
        source=source,
    )


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


# kg render's own page (an old output folder among the inputs): its generator tag, or its title before the tag
_OWN_PAGE = re.compile(
    rb'<meta name="generator" content="reform-kg">|<title>Reforms in the news \xe2\x80\x94 reform-kg</title>'
)


def read_html_file(path: Path, warn: _Warn) -> Iterator[_Item]:
    """One saved page: one Document, or one Skip saying why not."""
    from kg.sources import UndecodableError

    source = str(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_PAGE_BYTES + 1)
    except OSError as err:
        from kg.sources import _os_reason

        yield Skip(source, _os_reason(err))
        return
    if len(data) > MAX_PAGE_BYTES:
        yield Skip(source, f"page larger than {MAX_PAGE_BYTES // 1_000_000} MB")
        return
    if not data.strip():
        yield Skip(source, "empty file")
        return
    if _OWN_PAGE.search(data[:4096]):
        yield Skip(source, "a page written by kg render, not an article")
        return
    try:
        html = decode_html(data)
    except UndecodableError as err:
        yield Skip(source, err.reason)
        return
    del data
    page = extract_page(html)
    if page is None:
        yield Skip(source, "no article text found in the page")
        return
    yield _document(page, doc_id=_file_id(path, page), source=source, date=_iso(page.date), url=page.url)


# ---------------------------------------------------------------------------
# WARC files


@dataclass
class WarcCounts:
    """What a WARC file held: pages read as articles, records passed over, broken records."""

    pages: int = 0
    other: int = 0
    broken: int = 0


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(WARC_SUFFIXES)


class _Broken(Exception):
    """A record that cannot be read; ``offset`` is where it starts in the file."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset
        self.reason = reason


_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START = re.compile(rb"\n(WARC/1\.[01]\r?\n)")
_SCAN_BLOCK = 1 << 20


def _next_start(stream: BinaryIO, after: int, gzipped: bool) -> int | None:
    """The offset of the first record start past ``after``, scanning block by block (bounded memory)."""
    pos = after
    while True:
        stream.seek(pos)
        block = stream.read(_SCAN_BLOCK)
        if not block:
            return None
        if gzipped:
            at = block.find(_GZIP_MAGIC, 1 if pos == after else 0)
            while at != -1:
                if _gzip_warc_at(stream, pos + at):
                    return pos + at
                at = block.find(_GZIP_MAGIC, at + 1)
        elif match := _WARC_START.search(block):
            return pos + match.start(1)
        if len(block) < _SCAN_BLOCK:
            return None
        pos += len(block) - 16  # a signature cut by the block's end is found in the next one


def _gzip_warc_at(stream: BinaryIO, offset: int) -> bool:
    """Whether a gzip member starting at ``offset`` opens with a WARC header line."""
    stream.seek(offset)
    head = stream.read(4096)
    try:
        data = zlib.decompressobj(31).decompress(head, 16)
    except zlib.error:
        return False
    return data.startswith(b"WARC/1.")


def _header(record, name: str) -> str | None:
    value = record.rec_headers.get_header(name)
    return value.strip() if value else None


def _html_response(record) -> str | None:
    """The HTTP Content-Type of a 200 HTML response record, or None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    return content_type


@dataclass(frozen=True)
class _Record:
    offset: int
    uri: str
    date: str | None  # the WARC-Date's day
    record_id: str
    content_type: str
    payload: bytes | None  # the HTML page of a 200 HTML response; None for any other record


# warcio parses untrusted bytes and fails in many ways (a response record without a target URI
# is an AttributeError inside it); any failure while it reads one record is that record broken.
_READ_ERRORS = (Exception,)


def _warc_records(stream: BinaryIO, size: int, gzipped: bool) -> Iterator[_Record | _Broken]:
    """Every record, or a _Broken where one cannot be read; reading resumes at the next record start.

    Each record is checked as warcio reads it: its block digest (when it carries one), the
    blank lines that must follow it (a wrong Content-Length leaves something else there),
    warcio's complaints about corrupt compressed data, and the end of the file (a record
    cut short ends warcio's iteration early and silently).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class Iterator_(ArchiveIterator):
        INC_RECORD = ""  # warcio writes this warning to stderr itself; it is counted in err_count instead

    pos = 0
    while pos < size:
        stream.seek(pos)
        end = pos
        broken: _Broken | None = None
        iterator = Iterator_(stream, check_digests=True)
        try:
            while True:
                with _quiet() as said:
                    try:
                        record = next(iterator)
                    except StopIteration:
                        break
                    except (ArchiveLoadFailed, *_READ_ERRORS) as err:
                        broken = _Broken(_skip_blank(stream, end), f"unreadable record ({_reason(err)})")
                        break
                    start = iterator.offset
                    errors = iterator.err_count
                    try:
                        item = _record(record, start)
                        length = iterator.get_record_length()  # reads the rest of the record
                    except (ArchiveLoadFailed, *_READ_ERRORS) as err:
                        broken = _Broken(start, f"unreadable record ({_reason(err)})")
                        break
                if said.getvalue().strip():
                    broken = _Broken(start, f"corrupt data ({_reason(said.getvalue())})")
                    break
                problems = [p for p in getattr(record.digest_checker, "problems", ()) if p.startswith("block digest")]
                if problems:
                    broken = _Broken(start, "block digest mismatch (the record is corrupt or its Content-Length wrong)")
                    break
                if iterator.err_count > errors:
                    broken = _Broken(start, "no blank line after the record (its Content-Length is wrong)")
                    break
                if getattr(record.raw_stream, "limit", 0) > 0:
                    broken = _Broken(start, "the file ends inside the record (truncated)")
                    break
                end = start + length
                yield item
        finally:
            iterator.close()
        if broken is None:
            if end >= size or _rest_blank(stream, end, size):
                return
            broken = _Broken(end, "the file ends inside a record (truncated) or holds bytes that are no record")
        yield broken
        following = _next_start(stream, broken.offset, gzipped)
        if following is None:
            return
        pos = following


def _record(record, offset: int) -> _Record:
    content_type = _html_response(record)
    payload = record.content_stream().read(MAX_PAGE_BYTES + 1) if content_type is not None else None
    return _Record(
        offset=offset,
        uri=_header(record, "WARC-Target-URI") or "",
        date=_iso(_header(record, "WARC-Date")),
        record_id=_header(record, "WARC-Record-ID") or f"{_header(record, 'WARC-Date')}@{offset}",
        content_type=content_type or "",
        payload=payload,
    )


def _skip_blank(stream: BinaryIO, offset: int) -> int:
    """The offset of the first byte at or after ``offset`` that is not a line break or space."""
    stream.seek(offset)
    head = stream.read(64)
    return offset + len(head) - len(head.lstrip())


def _reason(err: object) -> str:
    text = " ".join(str(err).split())
    if "first line:" in text:  # warcio quotes the bytes it found, which may be compressed garbage
        return text.split("first line:")[0].rstrip(" ,") + ": no WARC header"
    text = text if len(text) <= 120 else text[:119] + "…"
    return text or type(err).__name__


@contextlib.contextmanager
def _quiet() -> Iterator[io.StringIO]:
    """What warcio writes to stderr on its own (corrupt gzip data), captured: it is reported as a Skip instead.

    Held only around warcio's calls, never across a ``yield``: other output is not caught.
    """
    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        yield said


def _rest_blank(stream: BinaryIO, start: int, size: int) -> bool:
    """Whether the bytes from ``start`` to the end are only line breaks and spaces (up to 64 KB looked at)."""
    if size - start > 65536:
        return False
    stream.seek(start)
    return not stream.read().strip()


def read_warc_file(
    path: Path, warn: _Warn, counts: WarcCounts | None = None, at: Callable[[int], None] | None = None
) -> Iterator[_Item]:
    """Every HTML page in a WARC file, as a stream of Documents; broken records are Skips with their offset.

    ``counts`` (when given) is kept up to date; ``at`` hears the offset of each record read, for progress.
    """
    from kg.sources import UndecodableError, _os_reason

    source = str(path)
    counts = counts if counts is not None else WarcCounts()
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed in finally; the generator may stop early
    except OSError as err:
        yield Skip(source, _os_reason(err))
        return
    try:
        size = stream.seek(0, 2)
        if size == 0:
            yield Skip(source, "empty file")
            return
        stream.seek(0)
        gzipped = stream.read(3) == _GZIP_MAGIC
        for item in _warc_records(stream, size, gzipped):
            if at is not None:
                at(item.offset)
            if isinstance(item, _Broken):
                counts.broken += 1
                yield Skip(source, f"record at offset {item.offset}: {item.reason}")
                continue
            if item.payload is None:
                counts.other += 1
                continue
            where = f"record at offset {item.offset}"
            if len(item.payload) > MAX_PAGE_BYTES:
                yield Skip(source, f"{where}: page larger than {MAX_PAGE_BYTES // 1_000_000} MB")
                continue
            try:
                html = decode_html(item.payload, item.content_type)
            except UndecodableError as err:
                yield Skip(source, f"{where}: {err.reason}")
                continue
            page = extract_page(html, url=item.uri or None, latest=_day_after(item.date))
            if page is None:
                yield Skip(source, f"{where}: no article text found in the page")
                continue
            counts.pages += 1
            doc_id = url_id(item.uri or page.url or "page", item.record_id)
            url = item.uri or page.url
            yield _document(page, doc_id=doc_id, source=source, date=_iso(page.date) or item.date, url=url)
    finally:
        stream.close()


def _day_after(iso: str | None) -> str | None:
    """The day after the capture: a page stamped in its own time zone may be a day ahead of UTC."""
    if not iso:
        return None
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()
