"""Reading inputs: formats, front matter, encodings, skips, order and robustness."""

from __future__ import annotations

import codecs
import json
import os
import random
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Document, Skip
from kg.sources import decode_bytes, detect_lang, iter_documents

RU = "В 2023 году впервые пройдут прямые выборы акимов 45 районов"
RU_LONG = (
    "Президент Казахстана Касым-Жомарт Токаев предложил перейти к смешанной избирательной системе. "
    "В 2023 году впервые пройдут прямые выборы акимов 45 районов и городов областного значения.\n"
    "Смертная казнь отменена, Конституционный суд восстановлен.\n"
)
EN = "Kazakhstan will hold direct elections of district akims in 2023."


class Run:
    """What one iter_documents call produced."""

    def __init__(self, paths: list[Path | str], **kwargs: object) -> None:
        self.skips: list[Skip] = []
        self.warnings: list[str] = []
        self.docs: list[Document] = list(
            iter_documents(paths, on_skip=self.skips.append, on_warning=self.warnings.append, **kwargs)
        )

    @property
    def ids(self) -> list[str]:
        return [doc.id for doc in self.docs]

    @property
    def doc(self) -> Document:
        assert len(self.docs) == 1, (self.docs, self.skips)
        return self.docs[0]

    @property
    def skip(self) -> Skip:
        assert len(self.skips) == 1, (self.docs, self.skips)
        return self.skips[0]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


# --------------------------------------------------------------------------- text and front matter


def test_txt_front_matter_fields_and_exact_body(tmp_path: Path) -> None:
    body = "\nЗаголовок\n\nТекст статьи.\n"
    path = write(
        tmp_path / "a.txt",
        "---\nid: art-1\ntitle: Выборы\npublisher: Liter.kz\ndate: 2022-03-16\n"
        "url: https://example.kz/a\nlang: ru\n---\n" + body,
    )
    doc = Run([path]).doc
    assert doc == Document(
        id="art-1",
        text=body,  # only the newline after the closing fence is dropped
        lang="ru",
        title="Выборы",
        publisher="Liter.kz",
        date="2022-03-16",
        url="https://example.kz/a",
        source=str(path),
    )


def test_txt_without_front_matter_uses_stem_and_first_line(tmp_path: Path) -> None:
    text = "\n\n  Выборы акимов пройдут в 2023 году  \n\n" + RU + "\n"
    doc = Run([write(tmp_path / "news-7.txt", text)]).doc
    assert (doc.id, doc.text, doc.title, doc.lang, doc.date) == (
        "news-7",
        text,
        "Выборы акимов пройдут в 2023 году",
        "ru",
        None,
    )


def test_crlf_front_matter_keeps_crlf_body(tmp_path: Path) -> None:
    body = "Line one\r\nLine two\r\n"
    doc = Run([write(tmp_path / "w.txt", "---\r\nid: w1\r\n---\r\n" + body)]).doc
    assert (doc.id, doc.text) == ("w1", body)


def test_md_title_drops_heading_marks(tmp_path: Path) -> None:
    doc = Run([write(tmp_path / "n.md", "# Reform news\n\n" + EN)]).doc
    assert (doc.title, doc.lang, doc.text) == ("Reform news", "en", "# Reform news\n\n" + EN)


def test_empty_front_matter_block(tmp_path: Path) -> None:
    doc = Run([write(tmp_path / "e.txt", "---\n---\n" + EN)]).doc
    assert (doc.id, doc.text) == ("e", EN)


def test_numeric_id_becomes_string(tmp_path: Path) -> None:
    assert Run([write(tmp_path / "n.txt", "---\nid: 42\n---\n" + EN)]).doc.id == "42"


@pytest.mark.parametrize(
    ("raw", "expected", "shown"),
    [
        ("2022-03-16", "2022-03-16", None),
        ("'2022-03-16'", "2022-03-16", None),
        ("2022-03-16T10:30:00+05:00", "2022-03-16", None),
        ("2022-03-16 10:30", "2022-03-16", None),
        ("", None, None),  # no date given: nothing to warn about
        ("2022-13-45", None, '"2022-13-45"'),
        ("2022-02-30", None, '"2022-02-30"'),
        ("16.03.2022", None, '"16.03.2022"'),
        ("yesterday", None, '"yesterday"'),
        ("2022", None, "2022"),
        ("[2022, 3]", None, "[2022, 3]"),
    ],
)
def test_front_matter_date(tmp_path: Path, raw: str, expected: str | None, shown: str | None) -> None:
    path = write(tmp_path / "d.txt", f"---\ntitle: T\ndate: {raw}\n---\n{EN}")
    run = Run([path])
    assert (run.doc.title, run.doc.date) == ("T", expected)
    warning = f"warning: {path}:3: date {shown} is not a date (expected YYYY-MM-DD); read without a date"
    assert run.warnings == ([warning] if shown else [])


def _records(*dates: str | None, meta: bool = False) -> list[dict[str, object]]:
    records = [{"text": EN, **({"date": d} if d is not None else {})} for d in dates]
    return [{"text": r["text"], "meta": {"date": r["date"]}} for r in records] if meta else records


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("a.jsonl", "".join(json.dumps(r) + "\n" for r in _records("ok", "2022-13-45")), ["{}:1", "{}:2"]),
        ("b.json", json.dumps(_records(None, "2022-13-45")), ["{}: item 2"]),
        ("c.json", json.dumps(_records("yesterday", meta=True)[0]), ["{}"]),
    ],
)
def test_a_bad_json_date_is_a_named_warning(tmp_path: Path, name: str, content: str, where: list[str]) -> None:
    path = write(tmp_path / name, content)
    run = Run([path])
    assert run.skips == [] and all(doc.date is None for doc in run.docs)
    assert [w.split(": date ")[0] for w in run.warnings] == ["warning: " + w.format(path) for w in where]


# --------------------------------------------------------------------------- JSON


def test_json_corpus_format(tmp_path: Path) -> None:
    record = {
        "id": "dev-ru-001",
        "lang": "ru",
        "meta": {"title": "Т", "publisher": "P", "date": "2022-03-16", "url": None},
        "text": RU,
        "claims": [{"quote": RU, "reform": "direct-election"}],
        "non_claims": [],
    }
    path = write(tmp_path / "c.json", json.dumps(record, ensure_ascii=False))
    assert Run([path]).doc == Document(
        id="dev-ru-001", text=RU, lang="ru", title="Т", publisher="P", date="2022-03-16", source=str(path)
    )


def test_json_list_of_records(tmp_path: Path) -> None:
    records = [{"id": "a", "text": EN}, {"text": RU}, 7, {"id": "d", "text": "  "}]
    run = Run([write(tmp_path / "batch.json", json.dumps(records))])
    assert run.ids == ["a", "batch-2"]
    assert [s.reason for s in run.skips] == ["item 3: is a number, not an object", "item 4: empty 'text'"]


def test_real_corpus_file_reads() -> None:
    seed = Path("/work/shared/corpus/seed-ru-000.json")
    if not seed.exists():
        pytest.skip("shared corpus not mounted")
    doc = Run([seed]).doc
    assert doc.id == "seed-ru-000"
    assert doc.lang == "ru"
    assert doc.text == json.loads(seed.read_text(encoding="utf-8"))["text"]


# --------------------------------------------------------------------------- JSONL


def test_jsonl_bad_lines_are_skipped_with_line_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "one", "text": EN, "date": "2023-01-05"}),
        "{not json",
        "",
        json.dumps({"title": "no text"}),
        json.dumps({"text": ""}),
        json.dumps([1, 2]),
        json.dumps({"text": RU, "lang": "kk"}),
        json.dumps({"text": RU}, ensure_ascii=False),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    run = Run([path])
    assert run.ids == ["one", "feed-8"]
    assert run.docs[0].date == "2023-01-05"
    assert run.docs[1].lang == "ru"
    assert [(s.line, s.reason.split(":")[0]) for s in run.skips] == [
        (2, "invalid JSON"),
        (4, "no 'text' field"),
        (5, "empty 'text'"),
        (6, "line is a list, not a JSON object"),
        (7, "unsupported language 'kk' (supported"),
    ]
    assert all(s.path == str(path) for s in run.skips)
    assert run.skips[0].message().startswith(f"warning: {path}:2: skipped: invalid JSON")


def test_jsonl_accepts_crlf_and_nested_meta(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "x", "meta": {"title": "T", "date": "2024-03-15"}, "text": EN})] * 1
    doc = Run([write(tmp_path / "w.jsonl", "\r\n".join([*lines, ""]))]).doc
    assert (doc.id, doc.title, doc.date) == ("x", "T", "2024-03-15")


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    """Peak memory stays far below the file size: lines are read one at a time."""
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": RU + " " + "x" * 2_000}, ensure_ascii=False) + "\n"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(2_000):
            out.write(line)
    size = path.stat().st_size
    skips: list[Skip] = []
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_documents([path], on_skip=skips.append))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (count, skips) == (2_000, [])
    assert peak < size / 4, (peak, size)  # reading it whole would need more than size


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "cp1251", "koi8_r"])
@pytest.mark.parametrize("text", [RU, RU_LONG, RU.upper()])
def test_txt_encodings_decode_exactly(tmp_path: Path, encoding: str, text: str) -> None:
    data = b"\xff\xfe" + text.encode("utf-16-le") if encoding == "utf-16-le-bom" else text.encode(encoding)
    run = Run([write(tmp_path / "enc.txt", data)])
    assert run.doc.text == text  # no BOM, no mojibake
    assert run.doc.lang == "ru"
    assert run.warnings == []


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_short_single_byte_text_warns_but_decodes(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "short.txt", "Мажилис одобрил закон".encode(encoding))
    run = Run([path])
    assert run.doc.text == "Мажилис одобрил закон"
    assert run.warnings == [f"warning: {path}: encoding guessed as {encoding} (unsure)"]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_single_byte_front_matter(tmp_path: Path, encoding: str) -> None:
    raw = f"---\ntitle: Выборы акимов\n---\n{RU_LONG}".encode(encoding)
    doc = Run([write(tmp_path / "fm.md", raw)]).doc
    assert (doc.title, doc.text) == ("Выборы акимов", RU_LONG)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1251", "koi8_r"])
def test_jsonl_and_json_encodings(tmp_path: Path, encoding: str) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": RU_LONG}, ensure_ascii=False) for i in range(3)]
    run = Run([write(tmp_path / "l.jsonl", "\n".join(lines).encode(encoding))])
    assert run.ids == ["r0", "r1", "r2"]
    assert {d.text for d in run.docs} == {RU_LONG}
    assert run.skips == []
    single = json.dumps({"id": "j", "text": RU_LONG}, ensure_ascii=False).encode(encoding)
    assert Run([write(tmp_path / "j.json", single)]).doc.text == RU_LONG


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_jsonl_lines_longer_than_the_sniffed_block(tmp_path: Path, encoding: str) -> None:
    long_text = (RU_LONG * 400)[:70_001]  # > 64 KiB, so the sniffed block ends mid-line
    lines = [json.dumps({"text": t}, ensure_ascii=False) for t in (long_text, RU, long_text)]
    run = Run([write(tmp_path / "long.jsonl", "\n".join(lines).encode(encoding))])
    assert ([d.text for d in run.docs], run.skips, run.warnings) == ([long_text, RU, long_text], [], [])


def test_jsonl_undecodable_line_is_skipped(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": RU}, ensure_ascii=False).encode("utf-8")
    bad = b'{"text": "\xff\xfe broken"}'
    run = Run([write(tmp_path / "m.jsonl", good + b"\n" + bad + b"\n" + good.replace(b"ok", b"ok2"))])
    assert run.ids == ["ok", "ok2"]
    assert (run.skip.line, run.skip.reason) == (2, "line is not valid utf-8 text")


def test_jsonl_utf16_bad_line_is_skipped(tmp_path: Path) -> None:
    def line(doc_id: str) -> bytes:
        return (json.dumps({"id": doc_id, "text": RU}, ensure_ascii=False) + "\n").encode("utf-16-le")

    lone_surrogate = b"\x00\xd8" + "x\n".encode("utf-16-le")
    data = codecs.BOM_UTF16_LE + line("u1") + lone_surrogate + line("u3")
    run = Run([write(tmp_path / "u.jsonl", data)])
    assert run.ids == ["u1", "u3"]
    assert (run.skip.line, run.skip.reason) == (2, "line is not valid utf-16 text")


def test_western_single_byte_english(tmp_path: Path) -> None:
    text = "Café “quoted” naïve résumé text in English about reforms."
    assert Run([write(tmp_path / "w.txt", text.encode("cp1252"))]).doc.text == text


def test_decode_bytes_reports_codec() -> None:
    assert decode_bytes(RU.encode("koi8_r")).encoding == "koi8_r"
    assert decode_bytes(RU.encode("cp1251")).encoding == "cp1251"
    assert decode_bytes(RU.encode("utf-8")).encoding == "utf-8"


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RU, "ru"),
        (EN, "en"),
        ("Tokayev proposed: «Выборы акимов районов»", "ru"),  # 21 of 37 letters Cyrillic
        ("Kazakhstan Astana Almaty Shymkent reforms: акимы", "en"),
        ("2023 — 45", "en"),
    ],
)
def test_detect_lang(text: str, expected: str) -> None:
    assert detect_lang(text) == expected


@pytest.mark.parametrize(
    ("declared", "expected"), [("ru", "ru"), ("RU", "ru"), ("ru-RU", "ru"), ("en_US", "en"), ("en", "en")]
)
def test_declared_lang_wins_over_detection(tmp_path: Path, declared: str, expected: str) -> None:
    assert Run([write(tmp_path / "l.txt", f"---\nlang: {declared}\n---\n{EN}")]).doc.lang == expected


def test_strict_lang_filters_and_reports(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", RU)
    write(tmp_path / "b.txt", EN)
    run = Run([tmp_path], strict_lang="ru")
    assert run.ids == ["a"]
    assert run.skip.reason == "document 'b' is in 'en', not 'ru'"


def test_strict_lang_rejects_unknown_value(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="strict_lang"):
        Run([tmp_path], strict_lang="kk")


# --------------------------------------------------------------------------- skips


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bin.txt", b"GIF89a\x00\x01\x02\x00", "binary file (contains NUL bytes)"),
        ("ctl.txt", bytes(range(1, 9)) * 20 + b"text", "binary file (mostly control characters)"),
        ("bin.jsonl", b'{"text": "a"}\x00\n', "binary file (contains NUL bytes)"),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b" \n\t\r\n ", "empty file"),
        ("empty.json", b"\n", "empty file"),
        ("empty.jsonl", b"\n\n", "empty file"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty file"),
        ("nobody.txt", b"---\nid: x\n---\n\n  \n", "no text (empty or whitespace only)"),
        ("yaml.txt", b"---\ntitle: a: b\n---\ntext", "front matter is not valid YAML: mapping values"),
        ("tag.txt", b"---\nx: !!python/object:os.system ls\n---\ntext", "front matter is not valid YAML"),
        ("list.txt", b"---\n- a\n- b\n---\ntext", "front matter is not a mapping of fields (got list)"),
        ("open.txt", b"---\nid: x\ntext without end\n", "front matter not closed"),
        ("badid.txt", b"---\nid: [1, 2]\n---\ntext", "field 'id' must be a single value, not a list"),
        ("lang.txt", b"---\nlang: kk\n---\ntext", "unsupported language 'kk' (supported: en, ru)"),
        ("bad.json", b'{"id": "x", "text": }', "invalid JSON: Expecting value (line 1, column 21)"),
        ("deep.json", b"[" * 100_000, "invalid JSON"),
        ("str.json", b'"just a string"', "JSON must be an object or a list of objects, not a string"),
        ("nolist.json", b"[]", "JSON list holds no documents"),
        ("notext.json", b'{"id": "x"}', "no 'text' field"),
        ("numtext.json", b'{"text": 5}', "'text' must be a string, not int"),
        ("data.csv", b"a,b\n1,2\n", "unsupported file extension '.csv'"),
        ("Makefile", b"all:\n", "unsupported file extension (none)"),
        ("utf16.txt", b"\xff\xfe\x00\xd8", "invalid UTF-16 text at byte 2"),
        (
            "noise.txt",
            random.Random(0).randbytes(300),
            "bytes are not text in UTF-8, UTF-16, cp1251, KOI8-R or cp1252",
        ),
    ],
)
def test_each_bad_file_gives_one_skip_and_the_rest_still_reads(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    bad = write(tmp_path / name, content)
    write(tmp_path / "zz-good.txt", EN)
    run = Run([tmp_path])
    assert run.ids == ["zz-good"]
    assert run.skip.path == str(bad)
    assert run.skip.reason.startswith(reason), run.skip.reason
    assert run.skip.line is None


def test_invalid_yaml_date_does_not_sink_front_matter(tmp_path: Path) -> None:
    run = Run([write(tmp_path / "d.txt", "---\ntitle: T\ndate: 2022-02-30\n---\n" + EN)])
    assert (run.doc.title, run.doc.date) == ("T", None)
    assert len(run.warnings) == 1 and 'date "2022-02-30" is not a date' in run.warnings[0]


def test_missing_path(tmp_path: Path) -> None:
    run = Run([tmp_path / "nope.txt"])
    assert (run.docs, run.skip.reason) == ([], "file not found")


def test_dangling_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing-target.txt")
    for paths in ([link], [tmp_path]):
        run = Run(paths)
        assert (run.docs, run.skip.path, run.skip.reason) == (
            [],
            str(link),
            "file not found (broken symbolic link)",
        )


def test_permission_error_is_a_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs as root too: the denial is injected where the file is read."""
    locked = write(tmp_path / "locked.txt", EN)
    write(tmp_path / "open.txt", EN)
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    run = Run([tmp_path])
    assert run.ids == ["open"]
    assert (run.skip.path, run.skip.reason) == (str(locked), "cannot read file: permission denied")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_chmod_000_is_a_skip(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.jsonl", json.dumps({"text": EN}))
    locked.chmod(0)
    try:
        run = Run([locked])
    finally:
        locked.chmod(0o644)
    assert (run.docs, run.skip.reason) == ([], "cannot read file: permission denied")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    run = Run([tmp_path])
    assert run.skip.reason == "not a regular file"


def test_directory_named_like_a_file_is_walked(tmp_path: Path) -> None:
    write(tmp_path / "x.txt" / "inner.txt", EN)
    run = Run([tmp_path / "x.txt"])
    assert (run.ids, run.skips) == (["inner"], [])


def test_no_warning_callback_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path / "s.txt", "Мажилис одобрил закон".encode("koi8_r"))
    docs = list(iter_documents([path], on_skip=pytest.fail))
    assert [d.text for d in docs] == ["Мажилис одобрил закон"]


# --------------------------------------------------------------------------- order, ids


def test_folders_are_walked_in_sorted_order_without_hidden(tmp_path: Path) -> None:
    layout = [
        "b/2.txt",
        "a.txt",
        "b/1.md",
        "c.jsonl",
        "b/sub/0.txt",
        ".hidden.txt",
        ".git/x.txt",
        "b/.h/y.txt",
    ]
    for rel in layout:
        content = json.dumps({"text": EN}) if rel.endswith(".jsonl") else EN
        write(tmp_path / rel, content)
    run = Run([tmp_path])
    assert run.ids == ["a", "1", "2", "0", "c-1"]
    assert [Path(d.source).relative_to(tmp_path).as_posix() for d in run.docs] == [
        "a.txt",
        "b/1.md",
        "b/2.txt",
        "b/sub/0.txt",
        "c.jsonl",
    ]
    assert run.skips == []
    assert Run([tmp_path]).docs == run.docs  # same again


def test_explicit_paths_are_read_in_one_sorted_order(tmp_path: Path) -> None:
    """Which of two documents with one id is kept must not depend on how the inputs were listed."""
    z = write(tmp_path / "z.txt", EN)
    a = write(tmp_path / "a.txt", EN)
    assert Run([z, str(a)]).ids == Run([a, z]).ids == ["a", "z"]


def test_suffixes_limit_folder_walks(tmp_path: Path) -> None:
    write(tmp_path / "README.md", "# Corpus\n")
    write(tmp_path / "notes.csv", "a,b\n")
    write(tmp_path / "d1.json", json.dumps({"id": "d1", "text": EN}))
    assert (Run([tmp_path], suffixes={".json"}).ids, Run([tmp_path], suffixes={"json"}).skips) == (["d1"], [])


def test_duplicate_ids_skip_the_later_document(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", "---\nid: same\n---\n" + EN)
    second = write(tmp_path / "b.json", json.dumps({"id": "same", "text": RU}))
    run = Run([tmp_path])
    assert [(d.id, d.source) for d in run.docs] == [("same", str(first))]
    assert run.skip == Skip(str(second), f"duplicate document id 'same' (first seen in {first})")


@pytest.mark.parametrize(
    ("url_a", "url_b", "text_b", "kept"),
    [
        ("https://ex.kz/news/1", "https://ex.kz/news/1", EN, ["a"]),  # a page captured twice
        ("https://ex.kz/news/1", "http://EX.kz:80/news/1/#top", EN, ["a"]),  # the same page, written otherwise
        ("https://ex.kz/news/1", "https://ex.kz/news/1", EN.replace(" ", "  \n"), ["a"]),  # only spacing differs
        ("https://ex.kz/news/1", "https://ex.kz/news/1", EN + " Updated.", ["a", "b"]),  # a new version is read
        ("https://ex.kz/news/1", "https://ex.kz/news/2", EN, ["a", "b"]),  # one text on two pages: two articles
        ("https://ex.kz/news/1?id=1", "https://ex.kz/news/1?id=2", EN, ["a", "b"]),  # the query names the page
        ("https://ex.kz:8443/n", "https://ex.kz/n", EN, ["a", "b"]),  # another port, another server
        ("http://[bad/1", "http://[bad/1", EN, ["a"]),  # a URL that cannot be parsed is compared as written
        (None, None, EN, ["a", "b"]),  # without a URL nothing says they are one page
    ],
)
def test_a_page_captured_again_is_read_once(
    tmp_path: Path, url_a: str | None, url_b: str | None, text_b: str, kept: list[str]
) -> None:
    write(tmp_path / "a.json", json.dumps({"id": "a", "text": EN, "url": url_a}))
    second = write(tmp_path / "b.json", json.dumps({"id": "b", "text": text_b, "url": url_b}))
    run = Run([tmp_path])
    assert run.ids == kept
    if kept == ["a"]:
        assert run.skips == [Skip(str(second), "document 'b' is the same page as 'a' (same URL, same text)")]
    else:
        assert run.skips == []


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", EN)
    run = Run([path, tmp_path])
    assert run.ids == ["a"]
    assert run.skips == []


# --------------------------------------------------------------------------- robustness

_PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(lambda s: ("---\n" + s).encode("utf-8", "surrogatepass")),
        st.text(max_size=300).map(lambda s: s.encode("cp1251", "replace")),
        st.text(max_size=300).map(lambda s: s.encode("utf-16", "surrogatepass")),
    ),
    suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl"]),
)
def test_never_raises_on_arbitrary_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "doc" + suffix)
        path.write_bytes(data)
        skips: list[Skip] = []
        docs = list(iter_documents([path], on_skip=skips.append, on_warning=lambda _: None))
        for doc in docs:
            assert doc.text.strip()
            assert doc.lang in {"ru", "en"}
            assert doc.id
        if suffix != ".jsonl" and suffix != ".json":
            assert len(docs) + len(skips) == 1


@_PROPERTY
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("\n\r\t"),
        min_size=1,
        max_size=300,
    ).filter(lambda s: s.strip() and not s.startswith("---"))
)
def test_utf8_text_round_trips_exactly(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "doc.txt")
        path.write_bytes(text.encode("utf-8"))
        docs = list(iter_documents([path], on_skip=pytest.fail))
        assert [d.text for d in docs] == [text]


# --------------------------------------------------------------------------- symbolic links and excluded folders


def _tree(tmp_path: Path) -> Path:
    """in/ with an article, and links of every kind: in and out of the inputs, files and folders, a loop."""
    root = tmp_path / "in"
    write(root / "a.txt", RU)
    write(root / "sub" / "b.txt", EN)
    write(tmp_path / "outside" / "c.txt", RU_LONG)
    (root / "same.txt").symlink_to("a.txt")  # a second way to a.txt
    (root / "sub-again").symlink_to("sub")  # a second way to sub/
    (root / "loop").symlink_to(".")  # a folder link back up
    (root / "far.txt").symlink_to(tmp_path / "outside" / "c.txt")
    (root / "far-dir").symlink_to(tmp_path / "outside")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    return root


OUTSIDE = "outside the inputs (--follow-symlinks reads it)"


@pytest.mark.parametrize(
    ("follow", "ids", "skipped"),
    [
        (False, ["a", "b"], ["far-dir", "far.txt", "passwd.txt"]),
        (True, ["a", "c", "passwd", "b"], []),
    ],
)
def test_one_symlink_policy_for_files_and_folders(tmp_path: Path, follow: bool, ids: list[str], skipped: list[str]):
    root = _tree(tmp_path)
    run = Run([root], follow_symlinks=follow)
    assert sorted(run.ids) == sorted(ids)  # each file once, however many ways lead to it; the loop ends
    assert [Path(s.path).name for s in run.skips] == skipped
    assert all(s.reason.startswith("symbolic link to /") and s.reason.endswith(OUTSIDE) for s in run.skips)


def test_a_link_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert Run([root / "far.txt"]).doc.text == RU_LONG  # the user chose it


def test_a_folder_given_through_a_link_is_its_own_scope(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (tmp_path / "via").symlink_to(root)
    run = Run([tmp_path / "via"])
    assert sorted(run.ids) == ["a", "b"]
    assert sorted(Path(s.path).name for s in run.skips) == ["far-dir", "far.txt", "passwd.txt"]


@pytest.mark.parametrize("out", ["in/out", "in/sub/out", "in"])
def test_excluded_output_folder_and_files_are_not_read(tmp_path: Path, out: str) -> None:
    root = _tree(tmp_path)
    outdir = tmp_path / out
    write(outdir / "graph.ttl", "@prefix ex: <http://example.org/> .\n")
    write(outdir / "graph.html", "<!doctype html>")
    if outdir != root:
        write(outdir / "notes.txt", EN)  # inside the output folder: not an input
    run = Run([root], exclude=[outdir, outdir / "graph.ttl", outdir / "graph.html"])
    assert sorted(run.ids) == ["a", "b"]
    assert [Path(s.path).name for s in run.skips] == ["far-dir", "far.txt", "passwd.txt"]


# --------------------------------------------------------------------------- messages per file


@pytest.mark.parametrize(("bad", "shown", "more"), [(3, 3, 0), (10, 10, 0), (11, 10, 1), (2500, 10, 2490)])
def test_skips_per_file_are_capped_with_a_count(tmp_path: Path, bad: int, shown: int, more: int) -> None:
    lines = [json.dumps({"id": "ok", "text": RU})] + ["{not json"] * bad
    path = write(tmp_path / "n.jsonl", "\n".join(lines) + "\n")
    other = write(tmp_path / "x.json", "[1, 2, 3]")
    run = Run([path, other], per_file=10)
    assert run.ids == ["ok"]
    mine = [s for s in run.skips if s.path == str(path)]
    assert [s.line for s in mine if not s.more] == list(range(2, 2 + shown))
    assert [s.more for s in mine if s.more] == ([more] if more else [])
    assert sum(s.count for s in mine) == bad
    assert [s.path for s in run.skips if s.path != str(path)] == [str(other)] * 3  # another file has its own share


def test_warnings_per_file_are_capped_with_a_count(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"d{i}", "text": RU, "date": "someday"}) for i in range(25)]
    path = write(tmp_path / "dates.jsonl", "\n".join(lines) + "\n")
    run = Run([path], per_file=10)
    assert len(run.docs) == 25
    assert len(run.warnings) == 11
    assert run.warnings[-1] == f"warning: {path}: 15 more warning(s) not shown"
