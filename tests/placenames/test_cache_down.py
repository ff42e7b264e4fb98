"""With the cache down or hung, a citizen's work is still accepted and its file kept (issue 12.2)."""

import pytest

from placenames.models import Work
from tests.cache_faults import cache_down, cache_hung

from .test_submit import post_work  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fault", [cache_down, cache_hung], ids=["down", "hung"])
def test_work_is_accepted_without_the_cache(post_work, fault):  # noqa: F811
    with fault():
        response = post_work()
    assert response.status_code == 302, response.content[:300]
    work = Work.objects.get()
    assert work.image.file.size > 0
