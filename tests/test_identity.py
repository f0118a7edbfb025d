"""Which reform a claim is about: key shapes, the registry's entries, minted keys, and the document's say."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.identity import Registry, RegistryFile, parse_key
from kg.model import Claim
from kg.rules import RuleError, default_grammar_dir, load_grammar


def claim(reform: str, office: str | None = None, level: str | None = None, subject: str | None = None,
          year: int | None = None, claim_date: str | None = None, start: int = 0) -> Claim:  # fmt: skip
    return Claim("d", 0, start, start + 1, "x", reform, "r", "planned", office=office, level=level, subject=subject,
                 year=year, claim_date=claim_date)  # fmt: skip


@pytest.fixture(scope="module")
def registry(pipe) -> Registry:  # type: ignore[no-untyped-def]
    return pipe.grammar.registry


@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("direct-election/akim/district", ("direct-election", "akim", "district", None)),
        ("referendum/-/-/constitution-2022", ("referendum", "-", "-", "constitution-2022")),
        ("decentralization/-/rural/budgets", ("decentralization", "-", "rural", "budgets")),
    ],
)
def test_parse_key(key: str, parts: tuple) -> None:
    assert parse_key(key) == parts


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("direct-election/akim", "is not code/institution/level"),
        ("elections/akim/district", "unknown code"),
        ("direct-election/mayor/district", "unknown institution"),
        ("direct-election/akim/county", "unknown level"),
        ("referendum/-/-/Constitution 2022", "is not code/institution/level"),
        ("referendum/-/-/../../etc", "is not code/institution/level"),
    ],
)
def test_bad_keys_are_named(key: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_key(key)


@pytest.mark.parametrize(
    ("c", "key"),
    [
        (claim("direct-election", "akim", "district"), "direct-election/akim/district"),
        (claim("direct-election", "akim", "city-regional"), "direct-election/akim/district"),
        (claim("direct-election", None, "rural"), "direct-election/akim/rural"),
        (claim("direct-election", "akim"), "direct-election/akim/-"),  # minted: no level named
        (claim("electoral-system", "maslikhat", "region"), "electoral-system/maslikhat/-"),
        (claim("electoral-system", "parliament", claim_date="2022-03-16"), "electoral-system/mazhilis/-"),
        (claim("electoral-system", "parliament", claim_date="2025-09-08"), "electoral-system/parliament/-"),
        (claim("constitutional-court", "president", "region"), "constitutional-court/-/-"),
        (claim("referendum", year=2022), "referendum/-/-/constitution-2022"),
        (claim("referendum", claim_date="2022-09-01"), "referendum/-/-/constitution-2022"),
        (claim("referendum", subject="unicameral-parliament", year=2022), "referendum/-/-/unicameral-parliament"),
        (claim("referendum", year=2027), "referendum/-/-/unicameral-parliament"),
        (claim("referendum", year=1995), "referendum/-/-"),  # minted: another vote
        (claim("parliament-powers", "senate", subject="senate-quota"), "parliament-powers/senate/-/senate-quota"),
        (claim("parliament-powers", "mazhilis", subject="senate-quota"), "parliament-powers/senate/-/senate-quota"),
        (claim("parliament-powers", "mazhilis"), "parliament-powers/mazhilis/-"),  # minted: no subject
        (claim("decentralization", "akim", "rural"), "decentralization/-/rural/budgets"),
        (claim("decentralization", "akim", "city-regional", "powers"), "decentralization/-/district/powers"),
        (claim("decentralization", "maslikhat", None, "self-government"), "decentralization/-/-/self-government"),
        (claim("decentralization", "akim", "region", "powers"), "decentralization/-/region/powers"),  # minted
    ],
)
def test_keys(registry: Registry, c: Claim, key: str) -> None:
    assert registry.key(c) == key


def test_a_claim_takes_the_level_and_subject_its_document_agrees_on(registry: Registry) -> None:
    claims = [
        claim("direct-election", "akim", "district", start=0),
        claim("direct-election", "akim", start=10),  # «Такие выборы пройдут в 2023 году»
        claim("referendum", subject="unicameral-parliament", start=20),
        claim("referendum", year=2026, start=30),
    ]
    keys = [c.reform_key for c in registry.assign(claims)]
    assert keys == [
        "direct-election/akim/district",
        "direct-election/akim/district",
        "referendum/-/-/unicameral-parliament",
        "referendum/-/-/unicameral-parliament",
    ]
    assert [c.level for c in registry.assign(claims)] == ["district", None, None, None]  # slots stay the sentence's


def test_a_document_that_disagrees_leaves_the_claim_its_own(registry: Registry) -> None:
    claims = [
        claim("direct-election", "akim", "district", start=0),
        claim("direct-election", "akim", "rural", start=10),
        claim("direct-election", "akim", start=20),
    ]
    assert [c.reform_key for c in registry.assign(claims)][2] == "direct-election/akim/-"


def test_registry_labels_and_minted_reforms(registry: Registry) -> None:
    known = registry.reform("direct-election/akim/district")
    assert known.registered and known.label_en == "Direct elections of district akims"
    assert known.label_ru and known.comment_en
    minted = registry.reform("direct-election/akim/-")
    assert not minted.registered and minted.label_en is None


def test_every_entry_has_labels_in_both_languages_and_a_unique_key(registry: Registry) -> None:
    entries = list(registry)
    assert len({e.key for e in entries}) == len(entries)
    assert all(e.label["en"] and e.label["ru"] for e in entries)


def test_every_reform_code_has_a_registry_entry(registry: Registry) -> None:
    from kg.vocab import REFORM_CODES

    assert {e.code for e in registry} == set(REFORM_CODES)


def _write(folder: Path, body: str) -> list[Path]:
    (folder / "registry.yaml").write_text(body, encoding="utf-8")
    return [default_grammar_dir() / "gazetteers", folder]


ENTRY = """about: test
registry:
  - key: {key}
    code: {code}
    label: {label}
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (ENTRY.format(key="death-penalty/-/-", code="death-penalty", label="{en: A}"), "label needs both en and ru"),
        (ENTRY.format(key="death-penalty/-/-", code="referendum", label="{en: A, ru: Б}"),
         "does not start with its code"),
        (ENTRY.format(key="death-penalty/x/-", code="death-penalty", label="{en: A, ru: Б}"),
         "unknown institution"),
        (ENTRY.format(key="death-penalty/-/-", code="death-penalty", label="{en: A, ru: Б}") + "    extra: 1\n",
         "unknown field|Extra inputs"),
        (ENTRY.format(key="death-penalty/-/-", code="death-penalty", label="{en: A, ru: Б}")
         + "  - key: death-penalty/-/-\n    code: death-penalty\n    label: {en: A, ru: Б}\n", "duplicate reform key"),
        ("about: test\nmint:\n  - {code: elections}\nregistry:\n  - {key: death-penalty/-/-, code: death-penalty, "
         "label: {en: A, ru: Б}}\n", "unknown reform code"),
    ],
)  # fmt: skip
def test_registry_files_are_checked(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(RuleError, match=message) as info:
        load_grammar(_write(tmp_path, body))
    assert str(info.value).startswith(str(tmp_path / "registry.yaml"))
    assert "\n" not in str(info.value)


def test_the_registry_schema_is_strict() -> None:
    assert RegistryFile.model_config.get("extra") == "forbid"
