"""How fast the extraction and the whole ``kg build`` run, on synthetic news.

It writes ``--docs`` synthetic articles, about half Russian and half English, to a temp
folder: news sentences from varied templates (reform claims with speakers, numbers,
dates and statuses, mixed with turnout figures, economy, weather and quotes that are
not claims), two thirds as ``.txt`` files with YAML front matter and the rest as
``.jsonl`` files of 25 articles each. Then it times, ``--runs`` times each:

* the extraction: ``kg.pipeline.Pipeline().extract(kg.sources.iter_documents(...))`` with
  one compiled ``Pipeline`` (compiling the grammar is timed once, apart), and prints the
  median seconds, documents/s, sentences/s and the claims found;
* ``kg build DIR -o OUT --no-html`` as a subprocess (interpreter start, grammar, reading,
  extraction, RDF, SHACL validation and Turtle), median wall time::

    python bench/build_bench.py --docs 500 --runs 3
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.model import Skip
from kg.pipeline import Pipeline
from kg.sources import iter_documents

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


def _article(rnd: random.Random, i: int, lang: str) -> dict[str, str]:
    year = rnd.randint(2019, 2024)
    date = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    claims, other = (RU_CLAIMS, RU_OTHER) if lang == "ru" else (EN_CLAIMS, EN_OTHER)
    paragraphs: list[str] = []
    for _ in range(rnd.randint(3, 6)):
        sentences = []
        for _ in range(rnd.randint(2, 4)):
            values = _values(rnd, year)
            if lang == "ru":
                speaker = rnd.choice(RU_SPEAKERS)
                values.update(speaker=speaker, speaker_gen=RU_GEN[speaker], verb=rnd.choice(RU_VERBS))
            else:
                speaker = rnd.choice(EN_SPEAKERS)
                values.update(
                    speaker=speaker, speaker_lower=speaker[0].lower() + speaker[1:], verb=rnd.choice(EN_VERBS)
                )
            template = rnd.choice(claims) if rnd.random() < 0.35 else rnd.choice(other)
            sentences.append(template.format(**values))
        paragraphs.append(" ".join(sentences))
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


def write_corpus(folder: Path, n_docs: int, seed: int = 11) -> None:
    """``n_docs`` articles: two thirds .txt with front matter, the rest .jsonl batches."""
    rnd = random.Random(seed)
    batch: list[dict[str, str]] = []
    for i in range(n_docs):
        article = _article(rnd, i, "ru" if i % 2 == 0 else "en")
        if i % 3 != 2:
            front = "\n".join(
                f"{key}: {json.dumps(article[key], ensure_ascii=False)}"
                for key in ("id", "title", "publisher", "date", "url", "lang")
            )
            path = folder / f"{article['id']}.txt"
            path.write_text(f"---\n{front}\n---\n{article['title']}\n\n{article['text']}\n", encoding="utf-8")
        else:
            batch.append(article)
            if len(batch) == JSONL_BATCH:
                _write_jsonl(folder, batch)
                batch = []
    if batch:
        _write_jsonl(folder, batch)


def _write_jsonl(folder: Path, batch: list[dict[str, str]]) -> None:
    lines = (json.dumps(article, ensure_ascii=False) for article in batch)
    (folder / f"{batch[0]['id']}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=500, help="synthetic articles (half Russian, half English)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timing (median reported)")
    args = parser.parse_args(argv)
    if args.docs < 1 or args.runs < 1:
        parser.error("--docs and --runs must be positive")

    with tempfile.TemporaryDirectory(prefix="kg-build-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(corpus, args.docs)
        files = sorted(corpus.iterdir())
        size = sum(f.stat().st_size for f in files)
        print(
            f"{args.docs} articles in {len(files)} files "
            f"({sum(f.suffix == '.txt' for f in files)} .txt, {sum(f.suffix == '.jsonl' for f in files)} .jsonl), "
            f"{size / 1e6:.2f} MB; median of {args.runs} runs"
        )

        started = time.perf_counter()
        pipe = Pipeline()
        print(f"grammar compiled once in {time.perf_counter() - started:.2f} s")
        seconds: list[float] = []
        skipped: list[Skip] = []
        for _ in range(args.runs):
            skipped.clear()
            started = time.perf_counter()
            kept, claims, sentences = pipe.extract(iter_documents([corpus], on_skip=skipped.append))
            seconds.append(time.perf_counter() - started)
        extract_s = statistics.median(seconds)
        by_lang = {lang: sum(1 for c in claims if c.doc_id.startswith(f"bench-{lang}-")) for lang in ("ru", "en")}
        print(
            f"extract: {extract_s:.2f} s, {len(kept) / extract_s:.0f} documents/s, "
            f"{sentences / extract_s:.0f} sentences/s; {len(kept)} documents, {sentences} sentences, "
            f"{len(claims)} claims (ru {by_lang['ru']}, en {by_lang['en']}), {len(skipped)} skipped"
        )

        walls: list[float] = []
        summary = ""
        for run in range(args.runs):
            out = Path(tmp) / f"out-{run}"
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--no-html"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            walls.append(time.perf_counter() - started)
            if done.returncode != 0:
                print(f"kg build exited {done.returncode}: {done.stderr.strip()[-500:]}", file=sys.stderr)
                return 1
            lines = done.stdout.strip().splitlines()
            summary = lines[0] if lines else ""  # the summary line, then "wrote …"
        print(f"kg build --no-html: {statistics.median(walls):.2f} s wall (median); last summary: {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
