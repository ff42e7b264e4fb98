"""docs/architecture.md stays a true map: every docs page has a row, every file it names exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_docs_page_is_in_the_mechanism_table():
    table = DOC.split("## Where each mechanism lives", 1)[1]
    pages = {p.name for p in (ROOT / "docs").glob("*.md")} - {"architecture.md"}
    missing = [page for page in sorted(pages) if f"`docs/{page}`" not in table]
    assert missing == []


def test_every_file_and_folder_named_exists():
    named = set(re.findall(r"`((?:[a-z_]+/)+[A-Za-z_.-]*)`", DOC))
    named |= set(re.findall(r"`(\.?[a-z_.-]+\.(?:toml|lock|yaml|md|baseline))`", DOC))
    assert len(named) > 60
    made_at_run_time = {"var/cache/", "feed/"}  # the file cache's folder; a column's feed URL
    missing = sorted(path for path in named - made_at_run_time if not (ROOT / path).exists())
    assert missing == []
