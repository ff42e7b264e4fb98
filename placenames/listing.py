"""What the column page and a story page show: filters, the county map and approved works.

Filters are plain query-string links (`?county=泾县&kind=photo`) so a filtered list can be shared
and cached per URL. An unknown value is ignored with a notice instead of an error.
"""

from urllib.parse import urlencode

from django.db.models import F, Q

from news.models import paginate

from .counties import COUNTIES, MAP_SHAPES, MAP_VIEWBOX, points
from .models import PlaceStoryPage, Work

STORIES_PER_PAGE = 12
WORKS_ON_COLUMN = 12
KINDS = [(value, label) for value, label in Work.Kind.choices]
KIND_VALUES = {value for value, _label in KINDS}


def parse_filters(params):
    """(county or None, kind or None, list of ignored values)."""
    ignored = []
    county = (params.get("county") or "").strip() or None
    kind = (params.get("kind") or "").strip() or None
    if county is not None and county not in COUNTIES:
        ignored.append(county[:20])
        county = None
    if kind is not None and kind not in KIND_VALUES:
        ignored.append(kind[:20])
        kind = None
    return county, kind, ignored


def query(county=None, kind=None):
    """`?county=..&kind=..` (or `?` alone for no filter: a link to the unfiltered column)."""
    params = [(k, v) for k, v in (("county", county), ("kind", kind)) if v]
    return "?" + urlencode(params) if params else "?"


def stories_queryset(column, county=None, kind=None):
    stories = PlaceStoryPage.objects.live().child_of(column)
    if county:
        stories = stories.filter(county=county)
    if kind:
        with_works = Work.objects.approved().filter(kind=kind).values("story_id")
        stories = stories.filter(pk__in=with_works)
    return stories


def county_counts(column, kind=None):
    """{county: number of stories its map link would list} (the kind filter applies)."""
    counts = dict.fromkeys(COUNTIES, 0)
    rows = stories_queryset(column, kind=kind).values_list("county", flat=True)
    for county in rows:
        if county in counts:
            counts[county] += 1
    return counts


def works_queryset(column, county=None, kind=None):
    works = Work.objects.approved().select_related("image", "video", "story")
    story_ids = PlaceStoryPage.objects.child_of(column).live().values("pk")
    if county:
        works = works.filter(story__county=county, story__in=story_ids)
    else:
        # Works not linked to a story still belong to the column (they name a place by text).
        works = works.filter(Q(story__in=story_ids) | Q(story__isnull=True))
    if kind:
        works = works.filter(kind=kind)
    return works.order_by(F("moderated_at").desc(nulls_last=True), "-pk")


def column_context(column, request):
    county, kind, ignored = parse_filters(request.GET)
    stories = stories_queryset(column, county, kind).select_related("cover").order_by("path")
    counts = county_counts(column, kind)
    kind_labels = dict(KINDS)
    map_areas = [
        {
            "name": name,
            "count": counts[name],
            "url": query(name, kind),
            "points": points(MAP_SHAPES[name][0]),
            "label_x": MAP_SHAPES[name][1][0],
            "label_y": MAP_SHAPES[name][1][1],
            "active": name == county,
        }
        for name in COUNTIES
    ]
    return {
        "county": county,
        "kind": kind,
        "kind_label": kind_labels.get(kind, ""),
        "ignored_filters": ignored,
        "stories": paginate(request, stories, STORIES_PER_PAGE),
        "works": list(works_queryset(column, county, kind)[:WORKS_ON_COLUMN]),
        "county_links": [{"name": "全部区县", "url": query(None, kind), "active": county is None}]
        + [{"name": name, "url": query(name, kind), "active": name == county} for name in COUNTIES],
        "kind_links": [{"name": "全部作品", "url": query(county, None), "active": kind is None}]
        + [{"name": label, "url": query(county, value), "active": value == kind} for value, label in KINDS],
        "map_areas": map_areas,
        "map_viewbox": MAP_VIEWBOX,
        "filter_query": query(county, kind).lstrip("?"),
        "breadcrumb": list(column.get_ancestors().filter(depth__gt=1).specific(defer=True)) + [column],
    }


def story_context(story, request):
    works = list(
        Work.objects.approved()
        .filter(story=story)
        .select_related("image", "video")
        .order_by(F("moderated_at").asc(nulls_last=True), "pk")
    )
    return {
        "gallery": list(story.gallery_images.select_related("image")),
        "image_works": [w for w in works if w.image_id and not w.is_video],
        "video_works": [w for w in works if w.is_video and w.video_id],
        "breadcrumb": list(story.get_ancestors().filter(depth__gt=1).specific(defer=True)) + [story],
    }
