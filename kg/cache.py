"""An on-disk cache of what compiling the grammar reads: the parsed rule files and the words it lemmatized.

Parsing the YAML and lemmatizing every gazetteer term and rule lemma took most of a
second at each start, on every ``kg`` command. The compiled grammar itself holds
closures and cannot be stored, but it is quick to rebuild from these two. The cache is
keyed by the rule files' paths and bytes, the package version and the versions of the
lemmatizers, so an edited rule file or a new dictionary makes a new entry; it lives in
``$XDG_CACHE_HOME/reform-kg`` (``~/.cache/reform-kg``), may be deleted at any time, and
is never trusted: a file that does not parse or does not match its key is ignored and
the grammar is compiled from the rule files. Files are written to a temporary name and
renamed, so a reader never sees half of one. ``REFORM_KG_CACHE=off`` turns it off.
lemminflect's lemma table is kept there too (:func:`english_lemmas`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import marshal
import os
import tempfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1
_PACKAGES = ("pymorphy3", "pymorphy3-dicts-ru", "DAWG2", "DAWG2-Python", "lemminflect", "pydantic", "PyYAML")


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off."""
    if os.environ.get("REFORM_KG_CACHE", "").lower() in ("off", "0", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reform-kg"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(names: Sequence[str], contents: Sequence[bytes]) -> str:
    """What makes two grammars extract alike wherever they are installed: the rule files' names and bytes,
    and the versions of reform-kg and of what reads them (a cluster's workers must match the client's)."""
    import kg

    h = hashlib.sha256(f"grammar|{kg.__version__}".encode())
    for package in _PACKAGES:
        h.update(f"|{package}={_version(package)}".encode())
    for name, content in zip(names, contents, strict=True):
        h.update(b"\0" + name.encode("utf-8", "surrogatepass") + b"\0")
        h.update(hashlib.sha256(content).digest())
    return h.hexdigest()


def key(paths: Sequence[Path], contents: Sequence[bytes]) -> str:
    """The cache key of a grammar: its files' paths and bytes, and the versions of what reads them."""
    import kg

    h = hashlib.sha256(f"{FORMAT}|{kg.__version__}".encode())
    for package in _PACKAGES:
        h.update(f"|{package}={_version(package)}".encode())
    for path, content in zip(paths, contents, strict=True):
        h.update(b"\0" + str(path).encode("utf-8", "surrogatepass") + b"\0")
        h.update(hashlib.sha256(content).digest())
    return h.hexdigest()


def _encode(value: Any) -> Any:
    """YAML values as JSON: dates (YAML timestamps) become tagged objects, so they come back as dates."""
    if isinstance(value, dict):
        return {"$map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "$map" in value:
            return {_decode(k): _decode(v) for k, v in value["$map"]}
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        raise ValueError("untagged object")
    return value


Words = dict[str, tuple[tuple[str, ...], frozenset[str], str]]


def load(cache_key: str, n_docs: int) -> tuple[list[Any], Words] | None:
    """The parsed documents and word analyses stored under ``cache_key``, or None (missing or unusable)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"grammar-{cache_key}.json").read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["key"] != cache_key or len(data["docs"]) != n_docs:
            return None
        docs = [_decode(doc) for doc in data["docs"]]
        words: Words = {}
        for word, (lemmas, tags, pos) in data["words"].items():
            if not (isinstance(word, str) and isinstance(pos, str)):
                return None
            words[word] = (tuple(str(x) for x in lemmas), frozenset(str(x) for x in tags), pos)
        return docs, words
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store(cache_key: str, docs: Sequence[Any], words: Words) -> None:
    """Write the cache entry atomically; a failure (read-only home, full disk) only costs the next start."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        payload = {
            "format": FORMAT,
            "key": cache_key,
            "docs": [_encode(doc) for doc in docs],
            "words": {w: [list(lemmas), sorted(tags), pos] for w, (lemmas, tags, pos) in words.items()},
        }
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".grammar-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(payload, out, ensure_ascii=False)
            os.replace(tmp, folder / f"grammar-{cache_key}.json")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):
        return


def english_lemmas() -> None:
    """Give lemminflect its lemma table from the cache, or cache it once lemminflect has read it.

    lemminflect parses a gzipped CSV of 80,000 lines into a dictionary at its first lemma,
    half a second of every process that reads English; ``marshal`` loads the same
    dictionary in a tenth of that. The entry is keyed by lemminflect's version and the
    table file's size and time, and checked before use; anything unexpected leaves
    lemminflect to read its own file.
    """
    try:
        from lemminflect.core.Lemmatizer import Lemmatizer

        lemmatizer = Lemmatizer()
        if hasattr(lemmatizer, "lemma_dict"):
            return
        table = Path(lemmatizer.lemma_lu_fn)
        info = table.stat()
    except (ImportError, AttributeError, OSError, TypeError):
        return
    folder = cache_dir()
    if folder is None:
        return
    digest = hashlib.sha256(
        f"{FORMAT}|{_version('lemminflect')}|{table}|{info.st_size}|{info.st_mtime_ns}".encode()
    ).hexdigest()
    path = folder / f"lemminflect-{digest}.marshal"
    try:
        data = marshal.loads(path.read_bytes())
        if _lemma_table(data):
            lemmatizer.lemma_dict = data
            return
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = lemmatizer._getLemmaDict()  # lemminflect reads its own file
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".lemminflect-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps(data))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return


def _lemma_table(data: object) -> bool:
    """Whether ``data`` has the shape of lemminflect's table: word → {upos: (lemma, …)}, tens of thousands."""
    if not isinstance(data, dict) or len(data) < 10_000:
        return False
    for word, forms in itertools.islice(data.items(), 0, None, max(1, len(data) // 50)):
        if not (isinstance(word, str) and isinstance(forms, dict)):
            return False
        for upos, lemmas in forms.items():
            if not (isinstance(upos, str) and isinstance(lemmas, tuple) and all(isinstance(x, str) for x in lemmas)):
                return False
    return True
