import shutil

import pytest
from captcha.models import CaptchaStore
from django.test import RequestFactory, override_settings

from website import ratelimit
from website.captcha import digits_challenge, spoken


def test_challenge_is_digits_only():
    for _ in range(50):
        challenge, response = digits_challenge()
        assert challenge == response and challenge.isdigit() and len(challenge) == 4


def test_spoken_digits_are_chinese():
    assert spoken("4071") == "四，零，七，一"


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng 未安装")
def test_audio_captcha_is_a_wav(client):
    key = CaptchaStore.generate_key()
    response = client.get(f"/captcha/audio-zh/{key}.wav")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response.content[:4] == b"RIFF"


@pytest.mark.django_db
def test_audio_for_unknown_key_is_404(client):
    assert client.get("/captcha/audio-zh/nope.wav").status_code == 404


def test_rate_limit_counts_per_address():
    rf = RequestFactory()
    a = rf.post("/", REMOTE_ADDR="10.0.0.1")
    b = rf.post("/", REMOTE_ADDR="10.0.0.2")
    assert [ratelimit.hit("t", a, 3, 60) for _ in range(4)] == [False, False, False, True]
    assert ratelimit.hit("t", b, 3, 60) is False


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_forwarded_address_behind_trusted_proxy():
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert ratelimit.client_ip(request) == "1.2.3.4"
