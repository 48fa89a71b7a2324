"""The cross-lingual evaluation set (tests/data/crosslingual) holds to its own documented rules."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import shared_data

HERE = Path(__file__).resolve().parents[1] / "data" / "crosslingual"
LANGUAGES = {"en", "sr-Cyrl", "sr-Latn", "sq", "ru", "mk", "hr", "bs"}


def _rows() -> list[list[str]]:
    return [line.split("\t") for line in (HERE / "queries.tsv").read_text(encoding="utf-8").splitlines()[1:]]


def test_every_case_is_rendered_once_in_each_language() -> None:
    rows = _rows()
    cases = {row[1] for row in rows}
    assert len(cases) == 167
    assert Counter(row[2] for row in rows) == dict.fromkeys(LANGUAGES, 167)
    assert all(row[0] == f"{row[1]}-{row[2]}" and row[3].strip() == row[3] != "" for row in rows)


def test_each_language_is_written_in_its_own_script_and_letters() -> None:
    cyrillic = re.compile(r"[\u0400-\u04FF]")
    for qid, _, lang, text in _rows():
        assert bool(cyrillic.search(text)) == (lang in {"sr-Cyrl", "ru", "mk"}), qid
        if lang == "mk":
            assert not re.search(r"[ђћыэъёйщьюя]", text, re.IGNORECASE), qid
        if lang in {"hr", "bs", "sr-Latn"}:
            assert not re.search(r"[ëç]", text, re.IGNORECASE), qid


@pytest.mark.shared_data
def test_the_set_passes_its_validator_against_euvsdisinfo(capsys: pytest.CaptureFixture[str]) -> None:
    """check_files.py: the selection rule, the qrels, the script rules, against the original posts.csv."""
    posts = shared_data("euvsdisinfo-cknabs", "posts.csv")
    spec = importlib.util.spec_from_file_location("check_files", HERE / "check_files.py")
    assert spec is not None and spec.loader is not None
    check_files = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_files)
    argv, sys.argv = sys.argv, ["check_files.py", str(posts)]
    try:
        code = check_files.main()
    finally:
        sys.argv = argv
    out = capsys.readouterr().out
    assert code == 0, out
    assert "qrels lines: 1376" in out
