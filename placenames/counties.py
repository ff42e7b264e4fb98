"""The seven county-level divisions of 宣城市 and the schematic map drawn on the column page.

The polygons are a diagram, not a survey: each division sits roughly where it lies (郎溪 in the
north-east, 广德 to the east, 泾县 to the west, 旌德 and 绩溪 in the south), and neighbours touch.
"""

COUNTIES = ["宣州区", "郎溪县", "广德市", "宁国市", "泾县", "绩溪县", "旌德县"]
COUNTY_CHOICES = [(name, name) for name in COUNTIES]

# name -> (polygon points in a 420×380 viewBox, label position)
MAP_SHAPES = {
    "宣州区": ([(150, 20), (270, 10), (285, 80), (270, 150), (210, 175), (150, 160), (130, 90)], (205, 95)),
    "郎溪县": ([(270, 10), (360, 25), (375, 100), (330, 125), (285, 80)], (325, 68)),
    "广德市": ([(285, 80), (330, 125), (375, 100), (405, 160), (390, 235), (320, 230), (270, 150)], (345, 180)),
    "泾县": ([(30, 110), (130, 90), (150, 160), (210, 175), (190, 240), (120, 275), (50, 240)], (115, 185)),
    "宁国市": (
        [(210, 175), (270, 150), (320, 230), (390, 235), (350, 300), (270, 320), (230, 270), (190, 240)],
        (292, 258),
    ),
    "旌德县": ([(120, 275), (190, 240), (230, 270), (225, 320), (160, 320)], (180, 293)),
    "绩溪县": ([(160, 320), (225, 320), (230, 270), (270, 320), (280, 365), (190, 372), (150, 345)], (218, 345)),
}
MAP_VIEWBOX = "0 0 420 380"


def points(polygon):
    return " ".join(f"{x},{y}" for x, y in polygon)
