"""Issue 16 item 14: map labels never overlap; Lapland has a recognisable outline."""

from datetime import UTC, datetime, timedelta
from itertools import combinations

import pytest

from portal.admin import map_layout
from portal.services.staff import dashboard as staff_dashboard
from portal.services.staff.dashboard import MapPoint


def _no_overlaps(placed):
    for a, b in combinations(placed, 2):
        assert not a.box.overlaps(b.box), (a.text, a.box, b.text, b.box)


def test_labels_of_the_real_lapland_map_never_overlap(app):
    points = staff_dashboard.map_points(datetime.now(UTC), datetime.now(UTC) - timedelta(days=28))
    height = staff_dashboard.map_height(points)
    placed = map_layout.place_labels(points, 460, height - 40)
    assert len(placed) == 21
    _no_overlaps(placed)
    for item in placed:
        assert item.box.inside(460, height - 40)
    # the labels of the crowded south-west corner moved apart (the pile-up of the issue)
    names = {p.point.name: p for p in placed}
    south_west = [names[n] for n in ("Tornio", "Keminmaa", "Kemi", "Simo")]
    _no_overlaps(south_west)


@pytest.mark.parametrize("count", [2, 5, 12])
def test_labels_of_points_on_one_spot_get_leader_lines_and_never_overlap(count):
    points = [
        MapPoint(str(n), f"Kunta numero {n}", 200 + n * 0.5, 200, 9, 4, 1) for n in range(count)
    ]
    placed = map_layout.place_labels(points, 460, 500)
    _no_overlaps(placed)
    if count > 8:  # more labels than spots next to the point: some move away with a line
        assert any(p.leader for p in placed)


def test_outline_encloses_every_municipality(app):
    points = staff_dashboard.map_points(datetime.now(UTC), datetime.now(UTC) - timedelta(days=28))
    polygon = map_layout.outline(points)
    assert len(polygon) >= 6

    def inside(x, y):
        hits = False
        for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                hits = not hits
        return hits

    assert all(inside(p.x, p.y) for p in points)


def test_map_page_draws_the_outline_and_leader_lines(staff_client):
    page = staff_client.get("/koordinaattori/kartta").get_data(as_text=True)
    assert "<polygon points=" in page
    assert "<line " in page  # at least one label moved aside with a line back
