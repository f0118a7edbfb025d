"""End-to-end ``kg build`` speed in sentences per CPU-second, and peak memory, on generated and real text.

Corpora (``--corpora``, all by default):

* ``claims40``: ``--docs`` synthetic articles, half Russian and half English, where about
  a third of the sentences are reform claims (from varied templates with speakers,
  numbers, dates and statuses) and the rest turnout, prices, weather and quotes;
* ``news5``: ``--docs`` articles where about 5% of sentences name a reform, as in a real
  archive, and the rest is everyday news with a real vocabulary (``bench/newsgen.py``:
  economy, weather, sport, culture, city life);
* ``gold``: the project's annotated sets, ``tests/*/*.json`` (real vocabulary, written
  for the project).

Two thirds of a generated corpus are ``.txt`` files with YAML front matter, the rest
``.jsonl`` files of 25 articles each. Each corpus is built ``--runs`` times with
``python -m kg build DIR -o OUT --no-html`` (validation on, as by default) in a child
process; its CPU time (user + sys, from ``getrusage(RUSAGE_CHILDREN)``) covers start-up,
grammar, reading, extraction, RDF, SHACL and Turtle. It prints the medians::

    python bench/build_bench.py --docs 500 --runs 3
    python bench/build_bench.py --root ../main          # the same, with another checkout's code
    python bench/build_bench.py --memory 1000 10000 100000 --corpora news5
    python bench/build_bench.py --corpora gold --dirs ../sets/real-a   # folders of real-vocabulary articles
    python bench/build_bench.py --against ../main  # side by side: runs alternate between the two codes

``--against ROOT`` builds each corpus with both codes in turn (this checkout's or ``--root``'s
first, then ROOT's, ``--runs`` times), after one warm-up build each (the grammar cache is keyed
by the rule files' paths, so a fresh copy's first build compiles its grammar), and prints both
medians and minimums and their ratio: on a machine shared with other work, CPU seconds drift by
a fifth from one minute to the next, and only runs that alternate compare two codes fairly.

``--memory N…`` builds the chosen generated corpora at N documents each once and prints
the peak resident memory (``bench/memory.py``'s measurement: ``/usr/bin/time -v`` and a
watchdog). ``--also-no-validate`` adds a row per corpus with ``--no-validate``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import run_build
from newsgen import everyday_sentence

ROOT = Path(__file__).resolve().parent.parent
JSONL_BATCH = 25

# --------------------------------------------------------------------------- Russian

RU_SPEAKERS = (
    "Касым-Жомарт Токаев",
    "Глава государства",
    "Президент",
    "председатель ЦИК Нурлан Абдиров",
    "государственный советник Ерлан Карин",
    "председатель Сената Маулен Ашимбаев",
)
RU_VERBS = ("заявил", "сообщил", "отметил", "подчеркнул", "напомнил")
RU_CLAIMS = (
    "{speaker} {verb}, что в {year} году впервые пройдут прямые выборы акимов {n_districts} районов.",
    "По словам {speaker_gen}, со следующего года акимов районов будут избирать сами жители.",
    "Жители сёл впервые напрямую избрали {n_rural} сельских акимов.",
    "{speaker} предложил понизить проходной барьер на выборах в Мажилис с 7 до {threshold} процентов.",
    "Проходной порог для партий на выборах в маслихаты снижен до {threshold} процентов.",
    "{speaker} предложил снизить регистрационный порог для партий с 20 000 до {members} человек.",
    "С 1 января {year} года в Казахстане действует Конституционный суд.",
    "Кроме того, {speaker} выступил с инициативой воссоздать Конституционный суд.",
    "Смертная казнь в Казахстане отменена в конце {past_year} года.",
    "{speaker} {verb}, что президент будет избираться на один семилетний срок без права переизбрания.",
    "Избранные акимы будут распоряжаться самостоятельными бюджетами своих сельских округов.",
    "{speaker} предложил перейти к смешанной избирательной системе: 70% депутатов Мажилиса будут "
    "избираться по партийным спискам, а 30% — по одномандатным округам.",
    "Токаев подписал закон о мирных собраниях: порядок проведения митингов упростят.",
    "В {year} году в стране появятся избранные населением акимы районов.",
)
RU_OTHER = (
    "По данным Центральной избирательной комиссии, явка составила {pct},{pct_frac}%.",
    "На {seats} должностей претендовали {candidates} кандидатов.",
    "В {month_ru} цены на продукты выросли на {pct_small} процента, сообщает Бюро национальной статистики.",
    "Синоптики обещают в {city_ru} до {temp} градусов тепла.",
    "Курс тенге к доллару на бирже составил {rate} тенге.",
    "Аким области провёл приём граждан по личным вопросам.",
    "Как отметили в ведомстве, работа будет продолжена.",
    "В выборах в Мажилис приняли участие акимы районов.",
    "Всего в стране насчитывается {n_rural} сельских акимов.",
    "Конституционный суд работал в Казахстане с 1992 по 1995 год.",
    "Подробнее читайте в нашем Telegram-канале.",
    "«Мы продолжим работу по модернизации экономики», — сказал министр.",
)
RU_GEN = {
    "Касым-Жомарт Токаев": "Касым-Жомарта Токаева",
    "Глава государства": "Главы государства",
    "Президент": "Президента",
    "председатель ЦИК Нурлан Абдиров": "председателя ЦИК Нурлана Абдирова",
    "государственный советник Ерлан Карин": "государственного советника Ерлана Карина",
    "председатель Сената Маулен Ашимбаев": "председателя Сената Маулена Ашимбаева",
}
RU_MONTHS = ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре")
RU_CITIES = ("Астане", "Алматы", "Шымкенте", "Караганде", "Актобе")
RU_TITLES = (
    "Токаев: прямые выборы акимов районов пройдут в {year} году",
    "Что изменится после реформ: объясняем",
    "ЦИК подвёл итоги выборов",
    "Политическая модернизация: новые инициативы",
)

# --------------------------------------------------------------------------- English

EN_SPEAKERS = (
    "President Kassym-Jomart Tokayev",
    "Tokayev",
    "The Head of State",
    "CEC chairman Nurlan Abdirov",
    "Senate chairman Maulen Ashimbayev",
)
EN_VERBS = ("said", "announced", "told reporters", "noted")
EN_CLAIMS = (
    "{speaker} {verb} that direct elections of akims in {n_districts} districts will be held in {year}.",
    "Rural akims have been elected by popular vote since {past_year}.",
    "{speaker} also called for the barrier for parties to enter the Mazhilis to be lowered from 7 percent "
    "to {threshold} percent.",
    "Parties will need just {threshold}% of the vote to win seats in the Mazhilis.",
    "Kazakhstan's Constitutional Court was officially re-established on January 1, {year}.",
    "{speaker} proposed restoring the Constitutional Court.",
    "The amended Constitution also drops any mention of the death penalty.",
    "{speaker} proposed switching the Mazhilis to a mixed electoral system, with 70 percent of deputies "
    "elected from party lists and 30 percent in single-mandate districts.",
    "Registering a new party will require {members_en} members instead of 20,000, {speaker_lower} {verb}.",
    "He also proposed handing rural akims more control over local budgets.",
    "{speaker} {verb} the president will serve a single seven-year term.",
    "Direct elections will be extended to all districts next year.",
)
EN_OTHER = (
    "Turnout was {pct}.{pct_frac}%, the Central Election Commission said.",
    "Some {candidates} candidates ran for {seats} seats.",
    "Inflation slowed to {pct_small_en}% in {month_en}, the statistics bureau reported.",
    "Temperatures in {city_en} are expected to reach {temp} degrees Celsius.",
    "The tenge traded at {rate} to the dollar on Tuesday.",
    "The akim of the district voted in the parliamentary elections.",
    "The Constitutional Court heard three cases last week.",
    "Read more on our Telegram channel.",
    "\u201cWe will continue to modernize the economy,\u201d the minister said.",
    "Under the current rules, all party-list seats in the Mazhilis are filled proportionally.",
)
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September")
EN_CITIES = ("Astana", "Almaty", "Shymkent", "Karaganda", "Aktobe")
EN_TITLES = (
    "Kazakhstan to hold direct elections of district akims in {year}",
    "What the reforms change: an explainer",
    "Election commission sums up the vote",
    "Tokayev outlines new political reforms",
)
PUBLISHERS = {
    "ru": ("Tengrinews", "Kazinform", "Vlast.kz", "Zakon.kz", "Orda.kz"),
    "en": ("The Astana Times", "Reuters", "Kazinform", "Eurasianet"),
}


def _values(rnd: random.Random, year: int) -> dict[str, object]:
    return {
        "year": rnd.choice((year, year + 1, year + 2)),
        "past_year": rnd.randint(2019, year),
        "n_districts": rnd.choice((42, 45, 17, 10)),
        "n_rural": rnd.choice(("730", "2 345", "1 089")),
        "threshold": rnd.choice((5, 4, 3)),
        "members": (members := rnd.choice(("5 000", "10 000"))),
        "members_en": members.replace(" ", ","),
        "pct": rnd.randint(30, 80),
        "pct_frac": rnd.randint(0, 9),
        "pct_small": (pct_small := rnd.choice(("0,4", "1,2", "2,5"))),
        "pct_small_en": pct_small.replace(",", "."),
        "seats": rnd.randint(10, 98),
        "candidates": rnd.randint(100, 400),
        "temp": rnd.randint(5, 38),
        "rate": f"{rnd.randint(420, 520)}",
        "month_ru": rnd.choice(RU_MONTHS),
        "month_en": rnd.choice(EN_MONTHS),
        "city_ru": rnd.choice(RU_CITIES),
        "city_en": rnd.choice(EN_CITIES),
    }


def _fill(rnd: random.Random, lang: str, year: int) -> dict[str, object]:
    values = _values(rnd, year)
    if lang == "ru":
        speaker = rnd.choice(RU_SPEAKERS)
        values.update(speaker=speaker, speaker_gen=RU_GEN[speaker], verb=rnd.choice(RU_VERBS))
    else:
        speaker = rnd.choice(EN_SPEAKERS)
        values.update(speaker=speaker, speaker_lower=speaker[0].lower() + speaker[1:], verb=rnd.choice(EN_VERBS))
    return values


def _article(rnd: random.Random, i: int, lang: str) -> dict[str, str]:
    """A ``claims40`` article: about a third of its sentences are reform claims."""
    year = rnd.randint(2019, 2024)
    date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    claims, other = (RU_CLAIMS, RU_OTHER) if lang == "ru" else (EN_CLAIMS, EN_OTHER)
    paragraphs: list[str] = []
    for _ in range(rnd.randint(3, 6)):
        sentences = []
        for _ in range(rnd.randint(2, 4)):
            values = _fill(rnd, lang, year)
            template = rnd.choice(claims) if rnd.random() < 0.35 else rnd.choice(other)
            sentences.append(template.format(**values))
        paragraphs.append(" ".join(sentences))
    return _record(rnd, i, lang, year, date, paragraphs)


def _news_article(rnd: random.Random, i: int, lang: str, share: float = 0.05) -> dict[str, str]:
    """A ``news5`` article: everyday news, a reform claim in about ``share`` of its sentences."""
    year = rnd.randint(2019, 2024)
    date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    claims = RU_CLAIMS if lang == "ru" else EN_CLAIMS
    paragraphs: list[str] = []
    for _ in range(rnd.randint(3, 6)):
        sentences = []
        for _ in range(rnd.randint(2, 4)):
            if rnd.random() < share:
                sentences.append(rnd.choice(claims).format(**_fill(rnd, lang, year)))
            else:
                sentences.append(everyday_sentence(rnd, lang))
        paragraphs.append(" ".join(sentences))
    return _record(rnd, i, lang, year, date, paragraphs)


def _record(rnd: random.Random, i: int, lang: str, year: int, date: str, paragraphs: list[str]) -> dict[str, str]:
    titles = RU_TITLES if lang == "ru" else EN_TITLES
    return {
        "id": f"bench-{lang}-{i:05d}",
        "title": rnd.choice(titles).format(year=year + 1),
        "publisher": rnd.choice(PUBLISHERS[lang]),
        "date": date,
        "url": f"https://news.example/{lang}/{i}",
        "lang": lang,
        "text": "\n\n".join(paragraphs),
    }


Article = Callable[[random.Random, int, str], dict[str, str]]
GENERATED: dict[str, Article] = {"claims40": _article, "news5": _news_article}


def write_corpus(folder: Path, n_docs: int, seed: int = 11, article: Article = _article) -> None:
    """``n_docs`` articles: two thirds .txt with front matter, the rest .jsonl batches."""
    rnd = random.Random(seed)
    batch: list[dict[str, str]] = []
    for i in range(n_docs):
        record = article(rnd, i, "ru" if i % 2 == 0 else "en")
        if i % 3 != 2:
            front = "\n".join(
                f"{key}: {json.dumps(record[key], ensure_ascii=False)}"
                for key in ("id", "title", "publisher", "date", "url", "lang")
            )
            path = folder / f"{record['id']}.txt"
            path.write_text(f"---\n{front}\n---\n{record['title']}\n\n{record['text']}\n", encoding="utf-8")
        else:
            batch.append(record)
            if len(batch) == JSONL_BATCH:
                _write_jsonl(folder, batch)
                batch = []
    if batch:
        _write_jsonl(folder, batch)


def _write_jsonl(folder: Path, batch: list[dict[str, str]]) -> None:
    lines = (json.dumps(record, ensure_ascii=False) for record in batch)
    (folder / f"{batch[0]['id']}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def gold_sets(root: Path = ROOT) -> list[Path]:
    """The annotated sets in ``tests/*/`` (the gold JSON format)."""
    return sorted(d for d in (root / "tests").iterdir() if d.is_dir() and any(d.glob("*.json")))


@dataclass
class Timing:
    sentences: int = 0
    claims: int = 0
    triples: int = 0
    cpu: float = 0.0  # user + sys, seconds
    wall: float = 0.0


def build_once(paths: list[Path], out: Path, root: Path, *, validate: bool = True, extra: Sequence[str] = ()) -> Timing:
    """One ``kg build`` (plus ``extra`` options) in a child process; its CPU time from ``getrusage(RUSAGE_CHILDREN)``:
    the ``-j`` workers' included, a Dask cluster's not."""
    cmd = [sys.executable, "-m", "kg", "build", *map(str, paths), "-o", str(out), "--no-html", *extra]
    if not validate:
        cmd.append("--no-validate")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"kg build {' '.join(extra)} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    summary = done.stdout.splitlines()[0]  # "N documents, N sentences, N claims, N triples, …"
    numbers = [int(part.split()[0]) for part in summary.split(", ")[:4]]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(numbers[1], numbers[2], numbers[3], cpu, wall)


def _median(runs: list[Timing]) -> Timing:
    return Timing(
        runs[0].sentences,
        runs[0].claims,
        runs[0].triples,
        statistics.median(t.cpu for t in runs),
        statistics.median(t.wall for t in runs),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=500, help="articles per generated corpus (half Russian)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each corpus (medians reported)")
    parser.add_argument(
        "--corpora", default="claims40,news5,gold", help="comma-separated: claims40, news5, gold (default: all)"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose kg runs (default: this one)")
    parser.add_argument("--also-no-validate", action="store_true", help="add a --no-validate row per corpus")
    parser.add_argument("--memory", type=int, nargs="*", metavar="DOCS", help="peak memory at these corpus sizes")
    parser.add_argument("--keep", type=Path, help="write the corpora and outputs here instead of a temp folder")
    parser.add_argument("--dirs", type=Path, nargs="*", default=[], help="also folders of articles, one row each")
    parser.add_argument("--against", type=Path, help="another checkout: alternate runs with it and print the ratio")
    args = parser.parse_args(argv)
    corpora = [c.strip() for c in args.corpora.split(",") if c.strip()]
    unknown = set(corpora) - {*GENERATED, "gold"}
    if unknown or args.docs < 1 or args.runs < 1:
        parser.error(f"unknown corpora {sorted(unknown)}" if unknown else "--docs and --runs must be positive")
    root = args.root.resolve()
    roots = [root, args.against.resolve()] if args.against else [root]

    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-build-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.against:
            warm = work / "warm"
            warm.mkdir(exist_ok=True)
            (warm / "a.txt").write_text("Tokayev said direct elections of akims will be held.\n", encoding="utf-8")
            for r in roots:
                build_once([warm], work / "out-warm", r)
        print(f"# kg from {' against '.join(map(str, roots))}; {args.docs} documents per generated corpus; "
              f"median of {args.runs} runs")  # fmt: skip
        print(f"{'corpus':10} {'validate':>8} {'docs':>6} {'sentences':>9} {'claims':>7} {'triples':>8} "
              f"{'CPU s':>7} {'wall s':>7} {'sent/CPU-s':>10}")  # fmt: skip
        for name in [*corpora, *(str(d) for d in args.dirs)]:
            if name not in GENERATED and name != "gold":  # a folder of --dirs
                paths = [Path(name)]
                docs = sum(1 for p in paths[0].iterdir() if p.is_file())
                name = paths[0].name
            elif name == "gold":
                paths = gold_sets()
                docs = sum(len(list(p.glob("*.json"))) for p in paths)
            else:
                folder = work / name
                if folder.exists():
                    shutil.rmtree(folder)
                folder.mkdir()
                write_corpus(folder, args.docs, article=GENERATED[name])
                paths, docs = [folder], args.docs
            for validate in (True, False) if args.also_no_validate else (True,):
                runs: dict[Path, list[Timing]] = {r: [] for r in roots}
                for run in range(args.runs):
                    for r in roots:
                        runs[r].append(build_once(paths, work / f"out-{name}-{run}", r, validate=validate))
                for r in roots:
                    t = _median(runs[r])
                    label = name if len(roots) == 1 else f"{name}@{r.name}"
                    print(
                        f"{label:10} {'on' if validate else 'off':>8} {docs:>6} {t.sentences:>9} {t.claims:>7} "
                        f"{t.triples:>8} {t.cpu:>7.2f} {t.wall:>7.2f} {t.sentences / t.cpu:>10.0f}",
                        flush=True,
                    )
                if len(roots) == 2:
                    mine, theirs = (statistics.median(t.cpu for t in runs[r]) for r in roots)
                    best_mine, best_theirs = (min(t.cpu for t in runs[r]) for r in roots)
                    print(f"{name}: {roots[1].name} / {roots[0].name} CPU-s: median {theirs / mine:.2f}, "
                          f"min {best_theirs / best_mine:.2f}", flush=True)  # fmt: skip
        for size in args.memory or []:
            for name in (c for c in corpora if c in GENERATED):
                folder = work / f"{name}-{size}"
                folder.mkdir(exist_ok=True)
                write_corpus(folder, size, article=GENERATED[name])
                run = run_build(
                    f"{name}-{size}", folder, work / f"out-{name}-{size}", validate=True, html=False,
                    max_rss_mb=8000, root=root,
                )  # fmt: skip
                status = "" if run.returncode == 0 else f" (exit {run.returncode}{', ' + (run.killed or '')})"
                print(
                    f"memory {name} {size} documents: peak RSS {run.peak_rss_mb:.0f} MB, {run.seconds:.1f} s wall, "
                    f"{run.claims} claims, {run.triples} triples{status}",
                    flush=True,
                )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
