"""Fill the 敏感词 list with a starter list (website.sensitive_words) when it is empty.

An empty list made the checks before publishing report 未发现敏感词 without checking anything.
A list the bureau already keeps is left alone.
"""

from django.db import migrations


def fill(apps, schema_editor):
    from website.sensitive_words import STARTER_NOTE, STARTER_WORDS

    SensitiveWord = apps.get_model("website", "SensitiveWord")
    if SensitiveWord.objects.exists():
        return
    SensitiveWord.objects.bulk_create(SensitiveWord(word=word, note=STARTER_NOTE) for word in STARTER_WORDS)
    try:  # the cached (empty) list: historical models send no signals to clear it
        from django.core.cache import cache

        from website.models import SENSITIVE_WORDS_CACHE_KEY

        cache.delete(SENSITIVE_WORDS_CACHE_KEY)
    except Exception:  # noqa: BLE001 - a cache that is down expires the key on its own within the hour
        pass


class Migration(migrations.Migration):
    dependencies = [("website", "0006_chinese_default_workflow_names")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
