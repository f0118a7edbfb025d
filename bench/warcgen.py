"""Web archives for the tests and benchmarks, written with warcio as a crawler writes them.

A crawl of a news site holds much more than article pages: the request for each
response, redirects, 404s, images and scripts, a warcinfo record, metadata and revisit
records. ``crawl`` gives such a mix, from one seeded ``random.Random``, around the HTML
pages it is given; ``write_warc`` writes records to a ``.warc`` or ``.warc.gz`` file
(one gzip member per record, with block and payload digests).
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Rec", "crawl", "record_bytes", "write_warc"]


@dataclass(frozen=True)
class Rec:
    """One WARC record to write: ``kind`` is the WARC-Type; an HTTP status and headers for responses."""

    kind: str
    uri: str
    payload: bytes = b""
    status: str = "200 OK"
    headers: tuple[tuple[str, str], ...] = field(default=(("Content-Type", "text/html; charset=utf-8"),))
    date: str = "2022-09-01T06:00:00Z"
    record_id: str | None = None


def record_bytes(rec: Rec, gzip: bool) -> bytes:
    """One record as it would be written to a file (a gzip member when ``gzip``)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    warc_headers = {"WARC-Date": rec.date}
    if rec.record_id:
        warc_headers["WARC-Record-ID"] = rec.record_id
    if rec.kind == "warcinfo":
        record = writer.create_warcinfo_record("crawl.warc", {"software": "bench/warcgen.py", "format": "WARC/1.1"})
    elif rec.kind in ("response", "request"):
        if rec.kind == "request":
            http = StatusAndHeaders(f"GET {rec.uri} HTTP/1.1", [("Host", "example.kz")], is_http_request=True)
        else:
            headers = [*rec.headers, ("Content-Length", str(len(rec.payload)))]
            http = StatusAndHeaders(rec.status, headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            rec.uri, rec.kind, payload=io.BytesIO(rec.payload), http_headers=http, warc_headers_dict=warc_headers
        )
    else:  # metadata, resource
        record = writer.create_warc_record(
            rec.uri,
            rec.kind,
            payload=io.BytesIO(rec.payload),
            warc_content_type="text/plain",
            warc_headers_dict=warc_headers,
        )
    writer.write_record(record)
    return out.getvalue()


def write_warc(path: Path, records: Iterable[Rec | bytes], gzip: bool | None = None) -> Path:
    """Write ``records`` (or raw bytes, for broken ones) to ``path``; gzip by default for ``.gz`` names."""
    gzip = path.name.endswith(".gz") if gzip is None else gzip
    with open(path, "wb") as out:
        for rec in records:
            out.write(rec if isinstance(rec, bytes) else record_bytes(rec, gzip))
    return path


def crawl(pages: Sequence[bytes], n: int, seed: int = 1, html_share: float = 0.5) -> Iterator[Rec]:
    """A warcinfo record, then ``n`` captures: about ``html_share`` of them article pages, each with its request."""
    rnd = random.Random(seed)
    yield Rec("warcinfo", "")
    for i in range(n):
        uri = f"https://news.example.kz/ru/article-{i}.html"
        date = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00Z"  # captured after every page was published
        yield Rec("request", uri, date=date)
        roll = rnd.random()
        if roll < html_share:
            yield Rec("response", uri, pages[i % len(pages)], date=date)
        elif roll < html_share + 0.25:
            image = rnd.randbytes(rnd.randint(2_000, 20_000))
            yield Rec("response", uri.replace(".html", ".jpg"), image, headers=(("Content-Type", "image/jpeg"),))
        elif roll < html_share + 0.35:
            headers = (("Content-Type", "text/html"), ("Location", "https://news.example.kz/"))
            yield Rec("response", uri, b"<html>Moved</html>", status="301 Moved Permanently", headers=headers)
        elif roll < html_share + 0.4:
            yield Rec("response", uri, b"<html><body>Not found</body></html>", status="404 Not Found")
        else:
            yield Rec("metadata", uri, f"outlinks: {rnd.randint(10, 90)}".encode(), date=date)
