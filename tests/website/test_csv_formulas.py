"""CSV exports write cells that a spreadsheet would run as formulas as plain text."""

import csv
import io

import pytest

from editorial.views import csv_response
from website.spreadsheet import safe_cell

DANGEROUS = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def read_csv(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_cells_become_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["民政局", "", "1=1", "a@b.cn", 5, -3, None])
def test_other_cells_are_unchanged(value):
    assert safe_cell(value) == value


def test_editorial_csv_response_neutralises_formulas():
    response = csv_response("x.csv", ["标题", "=1+1"], [(1, DANGEROUS[0], -5, "正常标题")])
    rows = read_csv(response)
    assert rows[0] == ["标题", "'=1+1"]
    assert rows[1] == ["1", "'" + DANGEROUS[0], "-5", "正常标题"]


@pytest.mark.django_db
def test_comment_csv_export_neutralises_formulas(admin_client, article):
    from comments.models import Comment

    Comment.objects.create(page=article, text=DANGEROUS[0], nickname="@某人", status=Comment.Status.APPROVED)
    Comment.objects.create(page=article, text="普通评论", status=Comment.Status.APPROVED)
    response = admin_client.get("/admin/snippets/comments/comment/", {"export": "csv"})
    assert response.status_code == 200
    rows = read_csv(response)
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + DANGEROUS[0] in cells
    assert "'@某人" in cells
    assert "普通评论" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
