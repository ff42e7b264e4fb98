"""Captcha shared by every public form (comments, works): digits only, with Mandarin audio.

django-simple-captcha draws the image; the challenge is digits so elderly visitors and screen
reader users can answer it, and the audio version speaks them in Mandarin with espeak-ng where it
is installed (the library's own audio needs flite and English).
"""

import random
import shutil
import subprocess

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

CHINESE_DIGITS = "零一二三四五六七八九"
PURGE_CACHE_KEY = "captcha:expired-purged"


def purge_expired_now_and_then():
    """Delete expired CaptchaStore rows, at most once per CAPTCHA_PURGE_SECONDS across all app
    servers (the shared cache decides who purges). Called whenever a captcha is made, so the table
    stays small even where cron's `manage.py captcha_clean` is not installed. True if it purged."""
    from captcha.models import CaptchaStore
    from django.conf import settings
    from django.core.cache import cache

    try:
        due = cache.add(PURGE_CACHE_KEY, 1, getattr(settings, "CAPTCHA_PURGE_SECONDS", 300))
    except Exception:  # cache down: leave it to cron rather than purge on every request
        return False
    if not due:
        return False
    CaptchaStore.remove_expired()
    return True


def purge_on_new_captcha(sender, created=False, raw=False, **kwargs):
    if created and not raw:
        purge_expired_now_and_then()


def digits_challenge():
    from django.conf import settings

    length = getattr(settings, "CAPTCHA_LENGTH", 4)
    digits = "".join(random.choice("0123456789") for _ in range(length))
    return digits, digits


def spoken(digits):
    """'4071' -> '四，零，七，一': separate syllables are easier to catch than a number."""
    return "，".join(CHINESE_DIGITS[int(d)] for d in digits if d.isdigit())


def espeak_path():
    return shutil.which("espeak-ng") or shutil.which("espeak")


@never_cache
def captcha_audio_zh(request, key):
    """The digits of captcha `key` as a WAV file spoken in Mandarin."""
    from captcha.models import CaptchaStore

    from comments.forms import is_captcha_key

    store = CaptchaStore.objects.filter(hashkey=key).first() if is_captcha_key(key) else None
    binary = espeak_path()
    if store is None or binary is None:
        raise Http404("语音验证码不可用")
    text = spoken(store.challenge)
    result = subprocess.run(
        [binary, "-v", "cmn", "-s", "120", "-g", "12", "--stdout", text],
        capture_output=True,
        timeout=10,
        check=False,
    )
    if result.returncode != 0 or not result.stdout:
        raise Http404("语音验证码不可用")
    response = HttpResponse(result.stdout, content_type="audio/wav")
    response["Content-Disposition"] = 'inline; filename="captcha.wav"'
    return response


@never_cache
def captcha_image_2x(request, key):
    """The captcha image twice as large. django-simple-captcha's own @2 image keeps the fixed
    CAPTCHA_IMAGE_SIZE while doubling the font, which crops the digits; this scales the 1x image."""
    import io

    from captcha.views import captcha_image
    from PIL import Image

    from comments.forms import is_captcha_key

    if not is_captcha_key(key):
        return HttpResponse(status=410)  # as for an unknown key; never a NUL byte in a query
    response = captcha_image(request, key, scale=1)
    if response.status_code != 200:
        return response
    image = Image.open(io.BytesIO(response.content))
    large = image.resize((image.width * 2, image.height * 2), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    large.save(buffer, "PNG")
    return HttpResponse(buffer.getvalue(), content_type="image/png")
