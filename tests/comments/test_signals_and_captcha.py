"""comments_changed tells the page cache what to purge; the larger captcha image is really larger."""

import io

import pytest
from captcha.models import CaptchaStore
from PIL import Image

from comments import moderation
from comments.signals import comments_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    events = []

    def receiver(sender, page_ids, action, comment_ids, **kwargs):
        events.append((action, page_ids, comment_ids))

    comments_changed.connect(receiver, dispatch_uid="test-received")
    yield events
    comments_changed.disconnect(dispatch_uid="test-received")


def test_signal_after_commit_for_each_change(make_comment, admin_user, received, django_capture_on_commit_callbacks):
    comment = make_comment("信号测试", status="pending")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moderation.approve([comment], admin_user)
    assert received == []  # not before the transaction commits
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.set_reply(comment, "官方回复", admin_user)
        moderation.reject([comment], admin_user)
        comment.delete()
    assert [e[0] for e in received] == ["approve", "reply", "reject", "delete"]
    assert all(e[1] == {comment.page_id} for e in received)


def test_nothing_changed_sends_nothing(make_comment, admin_user, received, django_capture_on_commit_callbacks):
    comment = make_comment("已通过")
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation.approve([comment], admin_user) == 0
        assert moderation.set_reply(comment, "", admin_user) is False
    assert received == []


def test_large_captcha_is_twice_the_size(client):
    key = CaptchaStore.generate_key()
    small = Image.open(io.BytesIO(client.get(f"/captcha/image/{key}/").content))
    response = client.get(f"/captcha/image/{key}@2/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    large = Image.open(io.BytesIO(response.content))
    assert large.size == (small.width * 2, small.height * 2)
    assert client.get("/captcha/image/0000@2/").status_code == 410
