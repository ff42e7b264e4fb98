"""浏览 counting: once per visit by a person, never for bots, exact under concurrency."""

import threading

import pytest
from django.db import connection
from django.test import Client

from news.models import PageViewCount, PageViewDay

BROWSER_UA = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"


@pytest.mark.django_db
def test_post_counts_once_per_browser(article):
    c = Client(HTTP_USER_AGENT=BROWSER_UA)
    first = c.post(f"/views/{article.pk}/").json()
    assert first == {"count": 1, "counted": True}
    again = c.post(f"/views/{article.pk}/").json()  # reload by the same browser
    assert again == {"count": 1, "counted": False}
    other = Client(HTTP_USER_AGENT=BROWSER_UA).post(f"/views/{article.pk}/").json()
    assert other["count"] == 2
    assert PageViewDay.objects.get(page_id=article.pk).count == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ua", ["Baiduspider/2.0", "Mozilla/5.0 (compatible; Googlebot/2.1)", "curl/8.0", "", "python-requests/2.31"]
)
def test_bots_do_not_count(article, ua):
    assert Client(HTTP_USER_AGENT=ua).post(f"/views/{article.pk}/").json()["counted"] is False
    assert not PageViewCount.objects.filter(page_id=article.pk).exists()


@pytest.mark.django_db
def test_rendering_does_not_count_and_get_only_reads(client, article):
    client.get(article.url)
    assert Client(HTTP_USER_AGENT=BROWSER_UA).get(f"/views/{article.pk}/").json() == {"count": 0, "counted": False}
    assert not PageViewCount.objects.exists()


@pytest.mark.django_db
def test_unknown_or_draft_page_is_404(make_article):
    draft = make_article("草稿", publish=False)
    assert Client(HTTP_USER_AGENT=BROWSER_UA).post(f"/views/{draft.pk}/").status_code == 404
    assert Client(HTTP_USER_AGENT=BROWSER_UA).post("/views/999999/").status_code == 404


@pytest.mark.django_db
def test_view_endpoint_is_never_cached(article):
    response = Client(HTTP_USER_AGENT=BROWSER_UA).post(f"/views/{article.pk}/")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_visits_add_exactly_fifty(article):
    barrier = threading.Barrier(50)
    errors = []

    def visit():
        try:
            barrier.wait()
            response = Client(HTTP_USER_AGENT=BROWSER_UA).post(f"/views/{article.pk}/")
            assert response.status_code == 200, response.status_code
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=visit) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert PageViewCount.objects.get(page_id=article.pk).count == 50
    assert PageViewDay.objects.get(page_id=article.pk).count == 50


@pytest.mark.django_db
def test_only_articles_count_never_the_root_home_or_a_column(home, columns, article):
    from wagtail.models import Page

    root = Page.objects.get(depth=1)
    for page in (root, home, columns["bmdt"]):
        for method in ("post", "get"):
            response = getattr(Client(HTTP_USER_AGENT=BROWSER_UA), method)(f"/views/{page.pk}/")
            assert response.status_code == 404, (page, method)
    assert not PageViewCount.objects.exclude(page_id=article.pk).exists()
    assert Client(HTTP_USER_AGENT=BROWSER_UA).post(f"/views/{article.pk}/").json()["counted"] is True


@pytest.mark.django_db
def test_views_are_rate_limited_per_address(settings, make_article):
    import uuid

    settings.VIEW_COUNT_RATE_LIMIT = (3, 600)
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 25}"
    articles = [make_article(f"限流{n}") for n in range(5)]
    counted = [
        Client(HTTP_USER_AGENT=BROWSER_UA).post(f"/views/{a.pk}/", REMOTE_ADDR=address).json()["counted"]
        for a in articles
    ]
    assert counted == [True, True, True, False, False]
    assert PageViewCount.objects.filter(page_id__in=[a.pk for a in articles]).count() == 3
    # Another address still counts; a limited address still reads the total.
    assert Client(HTTP_USER_AGENT=BROWSER_UA).post(f"/views/{articles[4].pk}/", REMOTE_ADDR=address + "1").json() == {
        "count": 1,
        "counted": True,
    }
    assert Client().get(f"/views/{articles[4].pk}/", REMOTE_ADDR=address).json()["count"] == 1
