"""Moving an article or changing its slug keeps the old address working (Wagtail's automatic redirects)."""

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect


def path_of(page):
    page.refresh_from_db()
    return page.url


def test_auto_create_is_on():
    assert getattr(settings, "WAGTAILREDIRECTS_AUTO_CREATE", True) is True


def test_slug_change_redirects_old_url(client, make_article, django_capture_on_commit_callbacks):
    page = make_article("旧标题", slug="old-slug")
    old_url = path_of(page)
    assert client.get(old_url).status_code == 200
    latest = page.get_latest_revision_as_object()
    latest.slug = "new-slug"
    # Wagtail sends page_slug_changed once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        latest.save_revision().publish()
    new_url = path_of(page)
    assert new_url != old_url
    assert Redirect.objects.filter(old_path=old_url.rstrip("/"), redirect_page=page).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(new_url)
    assert client.get(new_url).status_code == 200


def test_move_redirects_old_url(client, make_article, columns):
    page = make_article("移动的文章", slug="moved", column="bmdt")
    old_url = path_of(page)
    page.move(columns["tzgg"], pos="last-child")
    new_url = path_of(page)
    assert "/tzgg/" in new_url
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(new_url)


def test_move_in_admin_redirects_old_url(admin_client, client, make_article, columns):
    page = make_article("后台移动", slug="admin-moved", column="bmdt")
    old_url = path_of(page)
    response = admin_client.post(reverse("wagtailadmin_pages:move_confirm", args=(page.pk, columns["zcwj"].pk)))
    assert response.status_code == 302
    new_url = path_of(page)
    assert "/zcwj/" in new_url
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(new_url)


def test_slug_change_in_admin_redirects_old_url(
    admin_client, client, make_article, article_data, django_capture_on_commit_callbacks
):
    page = make_article("后台改地址", slug="before")
    old_url = path_of(page)
    data = article_data("后台改地址", "after", paragraphs=["正文。"], **{"action-publish": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 302
    new_url = path_of(page)
    assert new_url.endswith("/after/")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(new_url)
