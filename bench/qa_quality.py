"""Top-1 accuracy of 智能问答 on the citizen question set (tests/qa/questions.py) over the demo site.

    .venv/bin/python bench/qa_quality.py

Builds the demo site in bench/_work/quality.sqlite3 (load_demo), asks every question and writes the
result into bench/RESULTS.md. The pass mark (85%) is pinned by tests/qa/test_quality.py.
"""

import io
import sys
import time

from common import setup_django, stamp, update_section

setup_django("quality.sqlite3")

from django.core.management import call_command  # noqa: E402

from qa import retrieval  # noqa: E402
from tests.qa.questions import evaluate  # noqa: E402

call_command("load_demo", stdout=io.StringIO())
started = time.perf_counter()
correct, total, failures = evaluate(retrieval.answer)
elapsed = time.perf_counter() - started
accuracy = correct / total
lines = [
    "## 智能问答 quality (bench/qa_quality.py)",
    "",
    f"Top-1 accuracy on {total} citizen questions about the demo content: **{correct}/{total} = {accuracy:.1%}**"
    f" (pass mark 85%), {elapsed * 1000 / total:.1f} ms per question.",
]
if failures:
    lines += ["", "Misses (question → expected; got):", ""]
    lines += [f"- {q} → {target}; got {kind} {got}" for q, target, kind, got in failures]
report = "\n".join(lines)
print(report)
update_section("qa-quality", report + "\n\n" + stamp())
sys.exit(0 if accuracy >= 0.85 else 1)
