"""One solved captcha lets one 作品征集 post through, even when two arrive at once: both read the
captcha row before either deletes it, and only the one whose delete removed it is accepted."""

import pytest
from captcha.models import CaptchaStore
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.query import QuerySet
from django.test import Client

from placenames.forms import WorkSubmissionForm
from placenames.models import Work
from tests.placenames import files

pytestmark = pytest.mark.django_db
URL = "/placenames/submit/"


def new_captcha():
    key = CaptchaStore.generate_key()
    return key, CaptchaStore.objects.get(hashkey=key).response


def while_reading_the_captcha(monkeypatch, meanwhile):
    """Run `meanwhile` (the other request) right after this request has read the captcha row."""
    original_first = QuerySet.first
    done = []

    def first(qs):
        obj = original_first(qs)
        if qs.model is CaptchaStore and obj is not None and not done:
            done.append(True)
            meanwhile()
        return obj

    monkeypatch.setattr(QuerySet, "first", first)
    return done


def test_the_captcha_field_accepts_a_captcha_read_by_two_checks_once(monkeypatch):
    key, answer = new_captcha()
    field = WorkSubmissionForm().fields["captcha"]
    other = []
    done = while_reading_the_captcha(monkeypatch, lambda: other.append(field.clean([key, answer])))
    with pytest.raises(ValidationError) as refused:
        field.clean([key, answer])
    assert done and other  # the other check went through
    assert "验证码不正确或已过期" in str(refused.value)


def test_two_simultaneous_posts_with_one_captcha_store_one_work(monkeypatch, column, story):
    key, answer = new_captcha()

    def data(title):
        return {
            "title": title,
            "kind": "photo",
            "story": str(story.pk),
            "description": "雾中的军部旧址。",
            "author_name": "李华",
            "phone": "13912345678",
            "consent": "on",
            "captcha_0": key,
            "captcha_1": answer,
            "file": SimpleUploadedFile("photo.jpg", files.jpeg_bytes(), "image/jpeg"),
        }

    statuses = []
    while_reading_the_captcha(monkeypatch, lambda: statuses.append(Client().post(URL, data("第二份")).status_code))
    statuses.append(Client().post(URL, data("第一份")).status_code)
    assert sorted(statuses) == [200, 302]  # one accepted, the other shown the form again
    assert Work.objects.count() == 1
    assert not CaptchaStore.objects.filter(hashkey=key).exists()


def test_a_wrong_answer_still_uses_the_captcha_up():
    key, answer = new_captcha()
    field = WorkSubmissionForm().fields["captcha"]
    wrong = str((int(answer) + 1) % 10000).zfill(4)
    with pytest.raises(ValidationError):
        field.clean([key, wrong])
    assert not CaptchaStore.objects.filter(hashkey=key).exists()
    with pytest.raises(ValidationError):
        field.clean([key, answer])


def test_full_width_digits_are_accepted():
    key, answer = new_captcha()
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in answer)
    assert WorkSubmissionForm().fields["captcha"].clean([key, full_width])[0] == key
