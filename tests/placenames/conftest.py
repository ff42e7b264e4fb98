"""Fixtures for the 红色地名 column: the column, stories and works, built only as needed."""

import io

import pytest
from django.core.files.images import ImageFile

from tests.placenames.files import jpeg_bytes


@pytest.fixture
def column(home):
    from placenames.models import PlaceNameColumnPage

    page = PlaceNameColumnPage(
        title="忆红色地名 感峥嵘岁月", slug="hongse-diming", intro="红色地名故事。", show_in_menus=True
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def make_story(column):
    from placenames.models import PlaceStoryPage

    counter = {"n": 0}

    def factory(place_name="云岭新四军军部旧址", county="泾县", **fields):
        counter["n"] += 1
        fields.setdefault("title", f"{place_name}的故事")
        fields.setdefault("slug", f"story-{counter['n']}")
        story = PlaceStoryPage(place_name=place_name, county=county, **fields)
        column.add_child(instance=story)
        story.save_revision().publish()
        return story

    return factory


@pytest.fixture
def story(make_story):
    return make_story()


@pytest.fixture
def make_work(db):
    """A work with a real picture; approved unless status says otherwise."""
    from wagtail.images.models import Image

    from placenames.models import Work

    counter = {"n": 0}

    def factory(title=None, kind="photo", story=None, status="approved", author_name="张三", **fields):
        counter["n"] += 1
        title = title or f"作品{counter['n']}"
        image = Image(title=title)
        image.file = ImageFile(io.BytesIO(jpeg_bytes()), name=f"work-{counter['n']}.jpg")
        image.save()
        return Work.objects.create(
            title=title,
            kind=kind,
            story=story,
            image=image,
            author_name=author_name,
            phone="13912345678",
            consent=True,
            status=status,
            **fields,
        )

    return factory


@pytest.fixture
def captcha_answer():
    """Read the captcha key out of a rendered form and return (key, answer)."""
    import re

    from captcha.models import CaptchaStore

    def read(html):
        key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
        return key, CaptchaStore.objects.get(hashkey=key).response

    return read
