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
import sqlite3
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


Lemmas = dict[str, tuple[str, ...]]  # lemminflect's answer: upos → lemmas


def _plain_lower(word: str) -> bool:
    """Whether lemminflect reads ``word`` as it is written: lowercase, so its answer keeps no capitals."""
    return word == word.lower() and not word.isupper() and not (word and word[0].isupper())


class EnglishLexicon:
    """lemminflect's answers for lowercase words, read from an on-disk table instead of from lemminflect.

    Importing lemminflect (and numpy, for its out-of-vocabulary model) and loading its
    80,000-word table cost a third of a second in every process that reads English. The
    table is written once into an SQLite file as lemminflect's own answer for each word it
    knows (``getAllLemmas``), so a word it does not know is not in it; answers of the
    out-of-vocabulary model (``getAllLemmasOOV``, for names) are added as words come. The
    file is keyed like the marshal entry (lemminflect's version, its files' sizes and times),
    built under a temporary name and renamed, and any error reading it leaves lemminflect to
    answer. A word with capitals always goes to lemminflect, whose answer keeps its style.
    """

    def __init__(self) -> None:
        self._db: Any = None
        self._pid = 0
        self._failed = False

    def __getstate__(self) -> dict[str, Any]:  # a worker opens its own connection
        return {"_db": None, "_pid": 0, "_failed": self._failed}

    def all_lemmas(self, word: str) -> Lemmas:
        """``lemminflect.getAllLemmas(word)``."""
        db = self._open() if _plain_lower(word) else None
        if db is not None:
            try:
                row = db.execute("SELECT found FROM lemmas WHERE word = ?", (word,)).fetchone()
                return marshal.loads(row[0]) if row else {}
            except _UNREADABLE:  # a damaged file: lemminflect answers
                self._failed = True
        from lemminflect import getAllLemmas

        english_lemmas()
        return getAllLemmas(word)

    def oov_lemmas(self, word: str, upos: str) -> Lemmas:
        """``lemminflect.getAllLemmasOOV(word, upos)``, remembered on disk."""
        db = self._open() if _plain_lower(word) else None
        if db is not None:
            try:
                row = db.execute("SELECT found FROM oov WHERE word = ? AND upos = ?", (word, upos)).fetchone()
                if row:
                    return marshal.loads(row[0])
            except _UNREADABLE:  # a damaged file: lemminflect answers
                self._failed = True
                db = None
        from lemminflect import getAllLemmasOOV

        found = getAllLemmasOOV(word, upos)
        if db is not None:
            try:
                db.execute("INSERT OR IGNORE INTO oov VALUES (?, ?, ?)", (word, upos, marshal.dumps(found)))
                db.commit()
            except sqlite3.Error:  # read-only or locked: only the next process pays
                pass
        return found

    def _open(self) -> Any:
        if self._failed:
            return None
        if self._db is not None and self._pid == os.getpid():
            return self._db
        self._db = None
        try:
            self._db = _lexicon_db()
        except (*_UNREADABLE, ImportError):  # no cache, no lemminflect files: lemminflect answers
            self._db = None
        self._pid = os.getpid()
        self._failed = self._db is None
        return self._db


_LEXICON_FORMAT = 1
_UNREADABLE = (sqlite3.Error, OSError, ValueError, EOFError, TypeError, IndexError)


def _lexicon_db() -> Any:
    """The open lexicon file, built first when missing; None when caching is off."""
    import importlib.util

    folder = cache_dir()
    spec = importlib.util.find_spec("lemminflect")
    if folder is None or spec is None or not spec.submodule_search_locations:
        return None
    resources = Path(next(iter(spec.submodule_search_locations))) / "resources"
    h = hashlib.sha256(f"{FORMAT}|{_LEXICON_FORMAT}|{_version('lemminflect')}".encode())
    for name in ("lemma_lu.csv.gz", "lemma_overrides.csv", "model_lemma.pkl.gz"):
        info = (resources / name).stat()
        h.update(f"|{resources / name}|{info.st_size}|{info.st_mtime_ns}".encode())
    path = folder / f"lemminflect-{h.hexdigest()}.sqlite"
    if not path.exists():
        _build_lexicon(path)
    db = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=0.2, check_same_thread=False)
    db.execute("PRAGMA synchronous = OFF")
    (count,) = db.execute("SELECT value FROM meta WHERE key = 'words'").fetchone()
    if db.execute("SELECT count(*) FROM lemmas").fetchone()[0] != count or count < 10_000:
        db.close()
        raise ValueError("incomplete lexicon")
    return db


def _build_lexicon(path: Path) -> None:
    from lemminflect import getAllLemmas
    from lemminflect.core.Lemmatizer import Lemmatizer

    english_lemmas()
    lemmatizer = Lemmatizer()
    words = {*lemmatizer._getLemmaDict(), *lemmatizer._getOverridesDict()}
    rows = [(w, marshal.dumps(getAllLemmas(w))) for w in sorted(words) if isinstance(w, str) and _plain_lower(w)]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".lemminflect-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("CREATE TABLE lemmas (word TEXT PRIMARY KEY, found BLOB NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE oov (word TEXT, upos TEXT, found BLOB NOT NULL, PRIMARY KEY (word, upos))")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)")
            db.executemany("INSERT INTO lemmas VALUES (?, ?)", rows)
            db.execute("INSERT INTO meta VALUES ('words', ?)", (len(rows),))
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
