"""`load_demo`: put the whole demo site (from the root page down) under 三审三校."""

from django.apps import apps

from .setup import WHOLE_SITE_MESSAGE, setup_all


def load(home, stdout):
    setup_all(apps)
    stdout.write(WHOLE_SITE_MESSAGE)
