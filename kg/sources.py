"""Reading input articles from disk into :class:`~kg.model.Document` records.

Inputs come from many hands: plain text or Markdown with YAML front matter, JSON
Lines dumps, the gold corpus JSON, saved web pages and web archives (read in
:mod:`kg.web`). They arrive in UTF-8, UTF-16 or the old
Russian single-byte code pages. A bad file must never stop a build, so every
problem becomes one :class:`~kg.model.Skip` passed to ``on_skip`` and reading goes
on with the next file (or the next JSONL line). Text is kept exactly as decoded,
because every later offset points into it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

import yaml
from charset_normalizer import from_bytes

from kg.model import Document, Skip

if TYPE_CHECKING:
    from kg.progress import Progress

__all__ = [
    "SUPPORTED_LANGS",
    "SUPPORTED_SUFFIXES",
    "Decoded",
    "UndecodableError",
    "decode_bytes",
    "detect_lang",
    "iter_documents",
]

SUPPORTED_LANGS = ("en", "ru")
SUPPORTED_SUFFIXES = (".txt", ".md", ".json", ".jsonl", ".html", ".htm", ".warc", ".warc.gz")

_FIELDS = ("id", "title", "publisher", "date", "url", "lang")
_TITLE_MAX = 200
# Enough of a JSONL file to settle its encoding without reading it whole.
_SAMPLE_SIZE = 1 << 16

# ---------------------------------------------------------------------------
# Decoding


class UndecodableError(ValueError):
    """Bytes that are not text in any supported encoding; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec that produced it, and whether that codec was a guess."""

    text: str
    encoding: str
    unsure: bool = False


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The Russian single-byte code pages worth telling apart, and a Western fallback
# for English text saved by old Windows tools.
_CYRILLIC_CODECS = ("cp1251", "koi8_r")
_FALLBACK_CODECS = ("cp1251", "koi8_r", "cp1252")

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CYR_WORD = re.compile(r"[А-Яа-яЁё]+")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
_CYR = re.compile(r"[А-Яа-яЁё]")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC_ANY = re.compile(r"[\u0400-\u04ff]")
# Box drawing, blocks and other pseudo-graphics that a wrong Cyrillic code page
# produces in place of punctuation (KOI8-R maps 0x80-0xBF to them).
_ODD = re.compile(r"[\u2500-\u25ff\u2320-\u2321\u00a0-\u00bf\u0402-\u040f\u0452-\u045f\u0490\u0491]")
_COMMON_PUNCT = set("\u00a0«»°§©®±·")

# Letter frequencies of Russian (per cent), ё folded into е.
_RU_FREQ = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47,
    "р": 4.73, "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81,
    "у": 2.62, "я": 2.01, "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59,
    "ч": 1.44, "й": 1.21, "х": 0.97, "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48,
    "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
}  # fmt: skip
# sum(f*f) for the table: the mean letter frequency of real Russian text.
_RU_EXPECTED = sum(f * f for f in _RU_FREQ.values()) / 100
_BIGRAM_LIST = (
    "ст но то на ен ов ни ра во ко ро ал по ре пр ор ть ли ол ан ка ел ва ог ер од ет де ос ти "
    "ат он ис ин та ле ий ом го не ла ие ия ны ль ит ак ед ки те ар ил ло ав от ам ес ме ск ве "
    "за да ри ым ых ую ей ое ая"
)
_RU_BIGRAMS = frozenset(_BIGRAM_LIST.split())
_MIN_SURE_LETTERS = 20
_LANG_SAMPLE = 1_000_000  # characters read to tell the language
_TITLE_SCAN = 65_536  # characters searched for a first-line title
_MIN_SURE_MARGIN = 0.3


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes, guessing the code page when there is no UTF marker.

    A BOM decides first; then strict UTF-8 (it almost never validates by accident);
    then the Russian single-byte code pages, scored by how Russian the result reads,
    since charset-normalizer alone confuses cp1251 and KOI8-R on short texts; then
    charset-normalizer for what is not Russian. UTF-16 without a BOM counts as
    binary (NUL bytes). Raises :class:`UndecodableError` for binary data and bytes
    no candidate decodes.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise UndecodableError(f"invalid {codec.upper()} text at byte {err.start}") from None
            return Decoded(_strip_bom(text), codec)
    if b"\x00" in data:
        raise UndecodableError("binary file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _guess_single_byte(data)


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _guess_single_byte(data: bytes) -> Decoded:
    scored: list[tuple[float, int, str, str]] = []
    for codec in _CYRILLIC_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score, letters = _russian_score(text[:_SAMPLE_SIZE])
        scored.append((score, letters, codec, text))
    scored.sort(key=lambda item: item[0], reverse=True)
    high = sum(1 for byte in data[:_SAMPLE_SIZE] if byte >= 0x80)
    if scored:
        score, letters, codec, text = scored[0]
        # Russian when the non-ASCII bytes are mostly Cyrillic letters that read well.
        if letters and letters >= 0.6 * high and score > 1.0:
            margin = score - scored[1][0] if len(scored) > 1 else float("inf")
            unsure = letters < _MIN_SURE_LETTERS or margin < _MIN_SURE_MARGIN
            return Decoded(text, codec, unsure)
    matches = from_bytes(data, cp_isolation=list(_FALLBACK_CODECS))
    best = matches.best()
    if best is None:
        raise UndecodableError("bytes are not text in UTF-8, UTF-16, cp1251, KOI8-R or cp1252")
    text = str(best)
    rivals = {str(m) for m in matches if m.chaos <= best.chaos + 0.05}
    unsure = best.chaos >= 0.1 or len(rivals) > 1
    return Decoded(text, _codec_name(best.encoding), unsure)


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _russian_score(text: str) -> tuple[float, int]:
    """How much ``text`` reads like Russian, and how many Cyrillic letters it has.

    Sums the share of common bigrams, the mean letter frequency (relative to real
    Russian) and the share of words cased as words are (lower, Title or CAPS: a
    wrong code page flips the case of each letter, so "Выборы" turns into "бШАНПШ"),
    then subtracts words mixing Latin and Cyrillic and pseudo-graphics that stand
    where punctuation should be. The case signal stays weak on purpose: all-caps
    headlines decoded wrongly look like ordinary lowercase text.
    """
    letters = 0
    words = 0
    cased = 0
    freq = 0.0
    pairs = 0
    hits = 0
    for match in _CYR_WORD.finditer(text):
        word = match.group()
        letters += len(word)
        folded = word.lower().replace("ё", "е")
        freq += sum(_RU_FREQ.get(ch, 0.0) for ch in folded)
        if len(word) > 1:
            words += 1
            cased += word[1:].islower() or word.isupper()
        pairs += len(folded) - 1
        hits += sum(1 for i in range(len(folded) - 1) if folded[i : i + 2] in _RU_BIGRAMS)
    if not letters:
        return 0.0, 0
    mixed = sum(
        len(_CYR.findall(w)) for w in (m.group() for m in _WORD.finditer(text)) if _LATIN.search(w) and _CYR.search(w)
    )
    non_ascii = [ch for ch in text if ord(ch) >= 0x80 and ch not in _COMMON_PUNCT]
    odd = sum(1 for ch in non_ascii if _ODD.match(ch))
    score = (
        2.0 * (hits / pairs if pairs else 0.0)
        + min(freq / letters / _RU_EXPECTED, 1.5)
        + 0.5 * (cased / words if words else 0.5)
        - 2.0 * mixed / letters
        - 2.0 * (odd / len(non_ascii) if non_ascii else 0.0)
    )
    return score, letters


def _binary_reason(text: str) -> str | None:
    """Why ``text`` looks like binary data rather than an article, or None."""
    sample = text[:_SAMPLE_SIZE]
    if not sample:
        return None
    if "\x00" in sample:
        return "binary file (contains NUL characters)"
    if len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        return "binary file (mostly control characters)"
    return None


# ---------------------------------------------------------------------------
# Language


def detect_lang(text: str) -> str:
    """``ru`` when at least 30% of the letters are Cyrillic, else ``en``.

    Reads the first million characters: enough to tell, and a 50 MB dump is not copied.
    """
    sample = text[:_LANG_SAMPLE]
    letters = _LETTER.subn("", sample)[1]  # counts without a list of matches
    if not letters:
        return "en"
    cyrillic = _CYRILLIC_ANY.subn("", sample)[1]
    return "ru" if cyrillic / letters >= 0.3 else "en"


# ---------------------------------------------------------------------------
# Records


class _Bad(Exception):
    """A user-input problem that turns into a Skip; never escapes this module."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _scalar(fields: Mapping[str, object], name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, (dict, list, tuple, set)):
        raise _Bad(f"field '{name}' must be a single value, not a {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _parse_date(value: object) -> str | None:
    """An ISO date, from a date, a datetime or a string starting with one; else None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ]\S.*)?\s*", value)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def _date_field(value: object, where: str, warn: _Warn) -> str | None:
    """The article date; a value that is there but not a date is named in a warning, not dropped silently."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    date = _parse_date(value)
    if date is None:
        shown = json.dumps(value, ensure_ascii=False, default=str)
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        warn(f"warning: {where}: date {shown} is not a date (expected YYYY-MM-DD); read without a date")
    return date


def _parse_lang(value: str | None, text: str) -> str:
    if value is None:
        return detect_lang(text)
    lang = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    if lang not in SUPPORTED_LANGS:
        raise _Bad(f"unsupported language {value!r} (supported: {', '.join(SUPPORTED_LANGS)})")
    return lang


def _first_line_title(text: str, markdown: bool) -> str | None:
    for line in text[:_TITLE_SCAN].splitlines():  # not a list of every line of a huge file
        title = line.strip()
        if markdown:
            title = title.lstrip("#").strip()
        if title:
            if len(title) > _TITLE_MAX:
                title = title[:_TITLE_MAX].rstrip() + "…"
            return title
    return None


def _build(
    fields: Mapping[str, object],
    text: str,
    *,
    default_id: str,
    source: str,
    warn: _Warn,
    where: str | None = None,
    markdown: bool = False,
) -> Document:
    """Turn metadata plus body into a Document; raises _Bad on unusable input.

    ``where`` names the record in warnings (``file:line``, ``file: item 3``); default the file.
    """
    if not text or text.isspace():  # (no stripped copy of a huge text)
        raise _Bad("no text (empty or whitespace only)")
    doc_id = _scalar(fields, "id") or default_id
    lang = _parse_lang(_scalar(fields, "lang"), text)
    return Document(
        id=doc_id,
        text=text,
        lang=lang,
        title=_scalar(fields, "title") or _first_line_title(text, markdown),
        publisher=_scalar(fields, "publisher"),
        date=_date_field(fields.get("date"), where or source, warn),
        url=_scalar(fields, "url"),
        source=source,
    )


def _record_fields(obj: Mapping[str, object]) -> dict[str, object]:
    """Metadata of a JSON record: top-level fields, else the corpus ``meta`` object."""
    meta = obj.get("meta")
    nested: Mapping[str, object] = meta if isinstance(meta, dict) else {}
    return {name: obj[name] if obj.get(name) is not None else nested.get(name) for name in _FIELDS}


def _record_text(obj: Mapping[str, object]) -> str:
    if "text" not in obj or obj["text"] is None:
        raise _Bad("no 'text' field")
    text = obj["text"]
    if not isinstance(text, str):
        raise _Bad(f"'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise _Bad("empty 'text'")
    return text


# ---------------------------------------------------------------------------
# Formats

_Item = Document | Skip
_Warn = Callable[[str], None]


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as strings, so a bad date cannot sink the whole block."""


class _FastFrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same with libyaml's parser (a sixtieth of a second less per file); errors are worded by the other."""


_FrontMatterLoader.yaml_implicit_resolvers = _FastFrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_OPENING = re.compile(r"---[ \t]*(?:\r\n|\n|\r|\Z)")
_CLOSING = re.compile(r"^---[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)
_DATE_KEY = re.compile(r"^[ \t]*['\"]?date['\"]?[ \t]*:", re.MULTILINE | re.IGNORECASE)


def _split_front_matter(text: str) -> tuple[dict[str, object], str, int | None]:
    """Split ``---`` YAML front matter from the body; the body is kept exact.

    Only the line break right after the closing fence is dropped, so offsets into
    the body are offsets into what the author wrote below the block. The third value
    is the file's line number of the ``date:`` field, for warnings.
    """
    opening = _OPENING.match(text)
    if not opening:
        return {}, text, None
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise _Bad("front matter not closed: no '---' line after the opening '---'")
    block = text[opening.end() : closing.start()]
    try:
        data = yaml.load(block, Loader=_FastFrontMatterLoader)
    except Exception:
        try:  # the pure-Python parser words the error (with the line's text), as it always has
            data = yaml.load(block, Loader=_FrontMatterLoader)
        except Exception as err:  # YAMLError, and plain ValueErrors from some tagged scalars
            raise _Bad(f"front matter is not valid YAML: {_one_line(err)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _Bad(f"front matter is not a mapping of fields (got {type(data).__name__})")
    fields = {str(key).strip().lower(): value for key, value in data.items()}
    date = _DATE_KEY.search(block)
    date_line = 2 + block.count("\n", 0, date.start()) if date else None
    return fields, text[closing.end() :], date_line


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _decode(path: Path, data: bytes, warn: _Warn) -> Decoded:
    """Decode a file's bytes; binary or undecodable data raises _Bad, a guess warns."""
    try:
        decoded = decode_bytes(data)
    except UndecodableError as err:
        raise _Bad(err.reason) from None
    reason = _binary_reason(decoded.text)
    if reason:
        raise _Bad(reason)
    if decoded.unsure:
        warn(f"warning: {path}: encoding guessed as {decoded.encoding} (unsure)")
    return decoded


def _read_text_file(path: Path, data: bytes, warn: _Warn) -> Iterator[_Item]:
    source = str(path)
    try:
        text = _decode(path, data, warn).text
        if not text or text.isspace():
            raise _Bad("empty file")
        fields, body, date_line = _split_front_matter(text)
        where = f"{source}:{date_line}" if date_line else source
        markdown = path.suffix.lower() == ".md"
        yield _build(fields, body, default_id=path.stem, source=source, warn=warn, where=where, markdown=markdown)
    except _Bad as bad:
        yield Skip(source, bad.reason)


def _read_json_file(path: Path, data: bytes, warn: _Warn) -> Iterator[_Item]:
    source = str(path)
    try:
        text = _decode(path, data, warn).text
        if not text.strip():
            raise _Bad("empty file")
        value = _loads(text)
    except _Bad as bad:
        yield Skip(source, bad.reason)
        return
    if isinstance(value, dict):
        try:
            yield _build(_record_fields(value), _record_text(value), default_id=path.stem, source=source, warn=warn)
        except _Bad as bad:
            yield Skip(source, bad.reason)
        return
    if not isinstance(value, list):
        yield Skip(source, f"JSON must be an object or a list of objects, not {_json_type(value)}")
        return
    if not value:
        yield Skip(source, "JSON list holds no documents")
        return
    for number, item in enumerate(value, start=1):
        try:
            if not isinstance(item, dict):
                raise _Bad(f"is {_json_type(item)}, not an object")
            fields, text = _record_fields(item), _record_text(item)
            where = f"{source}: item {number}"
            yield _build(fields, text, default_id=f"{path.stem}-{number}", source=source, warn=warn, where=where)
        except _Bad as bad:
            yield Skip(source, f"item {number}: {bad.reason}")


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise _Bad(f"invalid JSON: {err.msg} (line {err.lineno}, column {err.colno})") from None
    except (ValueError, RecursionError) as err:  # e.g. nesting too deep
        raise _Bad(f"invalid JSON: {_one_line(err)}") from None


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    names = {dict: "an object", list: "a list", str: "a string", type(None): "null"}
    return names.get(type(value), "a number")


def _read_jsonl_file(path: Path, warn: _Warn) -> Iterator[_Item]:
    """One document per line, streamed: the file is never held in memory whole."""
    source = str(path)
    try:
        with open(path, "rb") as stream:
            sample = stream.read(_SAMPLE_SIZE)
            try:
                codec = _jsonl_codec(path, sample, warn)
            except _Bad as bad:
                yield Skip(source, bad.reason)
                return
            stream.seek(0)
            yield from _jsonl_records(path, _jsonl_lines(stream, codec), codec, warn)
    except OSError as err:
        yield Skip(source, _os_reason(err))


def _jsonl_codec(path: Path, sample: bytes, warn: _Warn) -> str:
    """Settle one codec for the whole file from its first block.

    UTF-8 wins when most lines with non-ASCII bytes are valid UTF-8: the odd broken
    line is then skipped on its own instead of dragging the file into a guess.
    """
    if not sample.strip():
        raise _Bad("empty file")
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec
    if b"\x00" in sample:
        raise _Bad("binary file (contains NUL bytes)")
    if len(sample) >= _SAMPLE_SIZE and b"\n" in sample:
        sample = sample[: sample.rfind(b"\n") + 1]  # whole lines only
    # A single line longer than the block may end in a cut character: not an error.
    final = len(sample) < _SAMPLE_SIZE or sample.endswith(b"\n")
    lines = sample.split(b"\n")
    wide = [(line, final or i < len(lines) - 1) for i, line in enumerate(lines) if not line.isascii()]
    broken = [line for line, whole in wide if not _is_utf8(line, whole)]
    if len(broken) * 2 <= len(wide):
        return "utf-8"
    try:
        return _decode(path, b"\n".join(broken), warn).encoding
    except _Bad:
        return "utf-8"  # no single-byte reading fits: let the lines fail one by one


def _is_utf8(data: bytes, final: bool = True) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _jsonl_lines(stream: BinaryIO, codec: str) -> Iterator[tuple[int, str | None]]:
    """Numbered lines; None stands for a line that does not decode."""
    if codec.startswith(("utf-16", "utf-32")):
        # Multi-byte code units: split after decoding. Lone surrogates pass through
        # (surrogatepass) so only the lines holding them are lost; a cut-off last
        # code unit fails at the very end.
        reader = io.TextIOWrapper(stream, encoding=codec, errors="surrogatepass", newline="\n")
        number = 0
        while True:
            number += 1
            try:
                line = reader.readline()
            except UnicodeDecodeError:
                yield number, None
                return
            if not line:
                return
            yield number, None if _SURROGATE.search(line) else line
    for number, raw in enumerate(stream, start=1):
        try:
            yield number, raw.decode(codec)
        except UnicodeDecodeError:
            yield number, None


def _jsonl_records(path: Path, lines: Iterator[tuple[int, str | None]], codec: str, warn: _Warn) -> Iterator[_Item]:
    source = str(path)
    seen_text = False
    for number, line in lines:
        if line is None:
            seen_text = True
            yield Skip(source, f"line is not valid {codec} text", line=number)
            continue
        if not line.strip():
            continue
        seen_text = True
        try:
            obj = _loads(_strip_bom(line) if number == 1 else line)
            if not isinstance(obj, dict):
                raise _Bad(f"line is {_json_type(obj)}, not a JSON object")
            fields, text = _record_fields(obj), _record_text(obj)
            where = f"{source}:{number}"
            yield _build(fields, text, default_id=f"{path.stem}-{number}", source=source, warn=warn, where=where)
        except _Bad as bad:
            yield Skip(source, bad.reason, line=number)
    if not seen_text:
        yield Skip(source, "empty file")


def _read_whole(path: Path, warn: _Warn) -> Iterator[_Item]:
    """A .txt, .md or .json file read at once; its bytes are dropped before its documents go on."""
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Skip(str(path), _os_reason(err))
        return
    if not data or data.isspace():
        yield Skip(str(path), "empty file")
        return
    read = _read_json_file if path.suffix.lower() == ".json" else _read_text_file
    items = list(read(path, data, warn))
    del data
    yield from items


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "file not found"
    if isinstance(err, PermissionError):
        return "cannot read file: permission denied"
    if isinstance(err, IsADirectoryError):
        return "cannot read file: is a directory"
    return f"cannot read file: {err.strerror or _one_line(err)}"


def _read_file(path: Path, warn: _Warn, at: Callable[[int], None] | None = None) -> Iterator[_Item]:
    """Every Document and Skip one input file gives, in file order; ``at`` hears a WARC file's record offsets."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        reason = "file not found (broken symbolic link)" if os.path.islink(path) else "file not found"
        yield Skip(str(path), reason)
        return
    except OSError as err:
        yield Skip(str(path), _os_reason(err))
        return
    if stat.S_ISDIR(mode):
        yield Skip(str(path), "cannot read file: is a directory")
        return
    if not stat.S_ISREG(mode):  # a FIFO or device would block or never end
        yield Skip(str(path), "not a regular file")
        return
    suffix = _suffix(path)
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{path.suffix}'" if path.suffix else "(none)"
        expected = ", ".join(SUPPORTED_SUFFIXES)
        yield Skip(str(path), f"unsupported file extension {kind}; expected one of {expected}")
        return
    if suffix == ".jsonl":
        yield from _read_jsonl_file(path, warn)
    elif suffix in (".html", ".htm", ".warc", ".warc.gz"):
        from kg import web  # imported on first use: trafilatura and warcio take a while to load

        if suffix.startswith(".warc"):
            yield from web.read_warc_file(path, warn, at=at)
        else:
            yield from web.read_html_file(path, warn)
    else:
        yield from _read_whole(path, warn)


def _suffix(path: Path) -> str:
    """The format's extension, lowercased; ``.warc.gz`` is one."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


# ---------------------------------------------------------------------------
# Paths


def _hidden(name: str) -> bool:
    return name.startswith(".")


@dataclass(frozen=True)
class _Scope:
    """Where a folder walk may go: inside the given inputs, never into the excluded paths.

    One policy for file and folder symbolic links met in a walk: one that resolves inside
    a given input is read (once, whatever the number of ways to it), one that leaves them
    is skipped with a warning unless ``follow`` is set. A path named on the command line
    is read whatever it is: the user chose it.
    """

    roots: tuple[str, ...]  # real paths of the given inputs
    exclude: frozenset[str]  # real paths never read in a walk (the build's output folder and files)
    follow: bool

    def inside(self, real: str) -> bool:
        return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in self.roots)

    def link_problem(self, path: Path) -> str | None:
        """Why a symbolic link met in a walk is not followed, or None."""
        if self.follow:
            return None
        real = os.path.realpath(path)
        if self.inside(real):
            return None
        return f"symbolic link to {real}, outside the inputs (--follow-symlinks reads it)"


def _walk(folder: Path, suffixes: Collection[str] | None, scope: _Scope, on_skip: Callable[[Skip], None]) -> list[Path]:
    """Files under ``folder``, hidden ones left out, sorted by path for a stable order."""
    found: list[Path] = []
    visited = {os.path.realpath(folder)}  # a folder link back up the tree is not walked twice
    todo = [folder]
    while todo:
        current = todo.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            on_skip(Skip(str(current), f"cannot read folder: {err.strerror or _one_line(err)}"))
            continue
        for entry in entries:
            if _hidden(entry.name):
                continue
            path = Path(entry.path)
            if scope.exclude and os.path.realpath(path) in scope.exclude:
                continue
            link = entry.is_symlink()
            if link and (problem := scope.link_problem(path)):
                on_skip(Skip(str(path), problem))
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                real = os.path.realpath(path)
                if real not in visited:
                    visited.add(real)
                    todo.append(path)
                continue
            if suffixes is not None and _suffix(path) not in suffixes:
                continue
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _expand(
    paths: Sequence[str | Path], suffixes: Collection[str] | None, scope: _Scope, on_skip: Callable[[Skip], None]
) -> Iterator[Path]:
    """Every file once, in one sorted order whatever the order of ``paths``.

    The order decides which of two documents with one id is kept, so it must not depend on how
    the user listed the inputs. A file reached by two ways (a link inside the inputs) is read once.
    """
    found: dict[Path, Path] = {}
    for given in paths:
        path = Path(given)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError:
            is_dir = False  # missing or unreadable: reading the file says which
        for file in _walk(path, suffixes, scope, on_skip) if is_dir else [path]:
            found.setdefault(file.absolute(), file)
    seen: set[str] = set()
    for key in sorted(found, key=lambda p: p.parts):
        real = os.path.realpath(key)
        if real in seen:
            continue
        seen.add(real)
        yield found[key]


# ---------------------------------------------------------------------------
# Entry point


def iter_documents(
    paths: Sequence[str | Path],
    *,
    on_skip: Callable[[Skip], None],
    on_warning: Callable[[str], None] | None = None,
    strict_lang: str | None = None,
    suffixes: Collection[str] | None = None,
    exclude: Collection[str | Path] = (),
    follow_symlinks: bool = False,
    per_file: int | None = None,
    progress: Progress | None = None,
) -> Iterator[Document]:
    """Yield the documents in ``paths`` (files or folders), reporting what is left out.

    Folders are walked recursively in sorted path order, hidden entries skipped, and
    ``exclude`` (the build's output folder) never entered. A symbolic link met in a walk
    is followed when it stays inside the given ``paths`` (or with ``follow_symlinks``),
    else skipped. Each file or JSONL line that cannot be used gives exactly one ``on_skip``
    call and reading goes on; an encoding guessed without confidence or a field that cannot
    be read (a bad date) gives an ``on_warning`` message. ``per_file`` caps the skips and
    warnings passed on for one file: the rest arrive as one Skip with ``more`` set and one
    warning that counts them. ``strict_lang`` (``"ru"`` or ``"en"``) keeps only the
    documents in that language and skips the others. ``suffixes`` (e.g. ``{".json"}``)
    limits which files a folder walk picks up, so a README next to a corpus is not
    read as an article; files named in ``paths`` are always read.
    Document ids are unique within one call: a repeated id is skipped. So is a page captured
    again (a crawl fetches one URL many times): a document whose URL and text are those of
    one already read; a capture whose text changed is a new version and is read. ``progress``
    (:class:`kg.progress.Progress`) is told the input's size, the bytes read and each
    document and skip.
    """
    if strict_lang is not None and strict_lang not in SUPPORTED_LANGS:
        raise ValueError(f"strict_lang must be one of {SUPPORTED_LANGS}, not {strict_lang!r}")
    wanted = {s.lower() if s.startswith(".") else f".{s.lower()}" for s in suffixes} if suffixes else None
    scope = _Scope(
        roots=tuple(os.path.realpath(p) for p in paths),
        exclude=frozenset(os.path.realpath(p) for p in exclude),
        follow=follow_symlinks,
    )
    first_seen: dict[str, str] = {}
    pages_seen: dict[bytes, str] = {}  # digest of (URL, text) -> the id of the document that had them
    files: Iterable[Path] = _expand(paths, wanted, scope, on_skip)
    read = 0  # bytes of the files before this one, for the progress bar
    if progress is not None:
        files = list(files)
        progress.total(sum(_size(path) for path in files))
    for path in files:
        tally = _PerFile(str(path), on_skip, on_warning if on_warning is not None else _ignore, per_file)
        at = None if progress is None else (lambda offset, base=read: progress.advance_to(base + offset))
        for item in _read_file(path, tally.warn, at):
            if isinstance(item, Skip):
                tally.skip(item)
            elif strict_lang is not None and item.lang != strict_lang:
                tally.skip(Skip(item.source, f"document '{item.id}' is in '{item.lang}', not '{strict_lang}'"))
            elif item.id in first_seen:
                reason = f"duplicate document id '{item.id}' (first seen in {first_seen[item.id]})"
                tally.skip(Skip(item.source, reason))
            elif (page := _page_key(item)) is not None and page in pages_seen:
                reason = f"document '{item.id}' is the same page as '{pages_seen[page]}' (same URL, same text)"
                tally.skip(Skip(item.source, reason))
            else:
                first_seen[item.id] = item.source
                if page is not None:
                    pages_seen[page] = item.id
                if progress is not None:
                    progress.document()
                yield item
                continue
            if progress is not None:
                progress.skip()
        tally.close()
        if progress is not None:
            read += _size(path)
            progress.advance_to(read)


def _page_key(doc: Document) -> bytes | None:
    """A digest of a document's URL and text, or None without a URL.

    The URL is compared as a crawler would: scheme (http or https), host case, a default
    port, a trailing slash and the fragment make no other page; whitespace in the text
    makes no other text.
    """
    if not doc.url:
        return None
    key = f"{_page_url(doc.url)}\n{' '.join(doc.text.split())}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()


def _page_url(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # an untrusted URL with a bad port or bracket: compared as written
        return url
    host = (parts.hostname or "").lower()
    where = f"{host}:{port}" if port not in (None, 80, 443) else host
    path = parts.path.rstrip("/") or "/"
    return f"{where}{path}?{parts.query}" if parts.query else f"{where}{path}"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _PerFile:
    """The skips and warnings of one file, the first ``limit`` of each passed on, the rest counted."""

    def __init__(
        self, path: str, on_skip: Callable[[Skip], None], on_warning: Callable[[str], None], limit: int | None
    ) -> None:
        self.path = path
        self.on_skip = on_skip
        self.on_warning = on_warning
        self.limit = limit
        self.skips = self.warnings = 0
        self.hidden_skips = self.hidden_warnings = 0

    def skip(self, item: Skip) -> None:
        self.skips += 1
        if self.limit is None or self.skips <= self.limit:
            self.on_skip(item)
        else:
            self.hidden_skips += 1

    def warn(self, message: str) -> None:
        self.warnings += 1
        if self.limit is None or self.warnings <= self.limit:
            self.on_warning(message)
        else:
            self.hidden_warnings += 1

    def close(self) -> None:
        if self.hidden_skips:
            self.on_skip(Skip(self.path, "", more=self.hidden_skips))
        if self.hidden_warnings:
            self.on_warning(f"warning: {self.path}: {self.hidden_warnings} more warning(s) not shown")


def _ignore(_message: str) -> None:
    """Default ``on_warning``: callers that do not listen are not told."""
