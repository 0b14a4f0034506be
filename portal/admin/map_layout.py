"""Where the map draws its markers, labels and outline: labels never overlap.

Pure geometry, no flask: each municipality gets a circle (assistants) and a square (shifts);
its label is put at the first free spot around it, moving outwards, with a leader line when
it had to move away. The outline is the convex hull of the municipal centres, pushed out a
little: an approximate shape of the region, not its border.
"""

import math
from dataclasses import dataclass
from typing import Any

FONT = 11
CHAR_WIDTH = 0.6 * FONT  # a generous average for sans-serif text, so estimates err wide
LINE = 1.3 * FONT
# Offsets tried around a point, nearest first: eight directions at growing distances.
DIRECTIONS = [(1, 0.6), (1, -0.6), (-1, 0.6), (-1, -0.6), (0, 1), (0, -1), (1, 0), (-1, 0)]
RADII = [8, 14, 22, 32, 44, 58, 74, 92, 112, 136, 164]
LEADER_FROM = 14  # labels farther than this get a line back to their place


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: "Box") -> bool:
        """True when the two rectangles share any area."""
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )

    def inside(self, width: float, height: float) -> bool:
        """True when the rectangle lies within the canvas."""
        return (
            self.x >= 0 and self.y >= 0 and self.x + self.w <= width and self.y + self.h <= height
        )


@dataclass(frozen=True)
class Placed:
    """One municipality as drawn: marker sizes, the label's box and an optional leader line."""

    point: Any  # a MapPoint (x, y, name, supply, demand)
    radius: float
    side: float
    text: str
    box: Box
    leader: tuple[float, float, float, float] | None

    @property
    def text_x(self) -> float:
        """Where the label's text starts."""
        return round(self.box.x + 1, 1)

    @property
    def text_y(self) -> float:
        """The label's baseline."""
        return round(self.box.y + FONT, 1)


def marker_sizes(supply: int, demand: int) -> tuple[float, float]:
    """The circle's radius (assistants) and the square's side (shifts; 0 when none)."""
    radius = round(3 + 3 * math.sqrt(supply), 1)
    side = round(6 + 4 * math.sqrt(demand), 1) if demand else 0.0
    return radius, side


def _marker_boxes(x: float, y: float, radius: float, side: float) -> list[Box]:
    boxes = [Box(x - radius, y - radius, 2 * radius, 2 * radius)]
    if side:
        boxes.append(Box(x + 4, y - side - 2, side, side))
    return boxes


def _label_box(x: float, y: float, dx: float, dy: float, r: float, w: float) -> Box:
    """The label's box when put r px from the point in direction (dx, dy)."""
    cx, cy = x + dx * r, y + dy * r
    left = cx if dx > 0 else (cx - w if dx < 0 else cx - w / 2)
    top = cy if dy > 0 else (cy - LINE if dy < 0 else cy - LINE / 2)
    return Box(round(left, 1), round(top, 1), round(w, 1), round(LINE, 1))


def _leader(x: float, y: float, box: Box) -> tuple[float, float, float, float]:
    """A line from the point to the nearest point of the label's box."""
    nx = min(max(x, box.x), box.x + box.w)
    ny = min(max(y, box.y), box.y + box.h)
    return (round(x, 1), round(y, 1), round(nx, 1), round(ny, 1))


def place_labels(points, width: float, height: float) -> list[Placed]:
    """Each point with a label box that overlaps no other label and no marker."""
    sized = []
    for p in points:
        radius, side = marker_sizes(p.supply, p.demand)
        sized.append((p, radius, side))
    markers = [b for p, r, s in sized for b in _marker_boxes(p.x, p.y, r, s)]
    taken: list[Box] = []
    placed = []

    # Crowded places first: they have the fewest free spots.
    def crowding(item):
        p = item[0]
        return -sum(1 for q, _r, _s in sized if math.hypot(q.x - p.x, q.y - p.y) < 60)

    for p, radius, side in sorted(sized, key=lambda item: (crowding(item), item[0].y)):
        text = f"{p.name} {p.supply}/{p.demand}"
        w = len(text) * CHAR_WIDTH + 2
        chosen = None
        for r in RADII:
            for dx, dy in DIRECTIONS:
                box = _label_box(p.x, p.y, dx, dy, r + radius, w)
                if not box.inside(width, height):
                    continue
                if any(box.overlaps(b) for b in taken) or any(box.overlaps(m) for m in markers):
                    continue
                chosen = (box, r)
                break
            if chosen:
                break
        if chosen is None:  # no free spot near: stack below everything else, with a leader
            top = max((b.y + b.h for b in taken), default=0) + 2
            chosen = (Box(2, top, w, LINE), LEADER_FROM + 1)
        box, r = chosen
        taken.append(box)
        leader = _leader(p.x, p.y, box) if r > LEADER_FROM else None
        placed.append(Placed(p, radius, side, text, box, leader))
    return sorted(placed, key=lambda item: item.point.name)


def _cross(o, a, b) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def outline(points, margin: float = 18) -> list[tuple[float, float]]:
    """The convex hull of the points (monotone chain), pushed `margin` px outwards."""
    pts = sorted({(p.x, p.y) for p in points})
    if len(pts) < 3:
        return pts
    lower: list[tuple[float, float]] = []
    for q in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], q) <= 0:
            lower.pop()
        lower.append(q)
    upper: list[tuple[float, float]] = []
    for q in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], q) <= 0:
            upper.pop()
        upper.append(q)
    hull = lower[:-1] + upper[:-1]
    cx = sum(x for x, _y in hull) / len(hull)
    cy = sum(y for _x, y in hull) / len(hull)
    out = []
    for x, y in hull:
        d = math.hypot(x - cx, y - cy) or 1
        out.append((round(x + (x - cx) / d * margin, 1), round(y + (y - cy) / d * margin, 1)))
    return out


def svg_points(polygon: list[tuple[float, float]]) -> str:
    """A polygon as the value of an SVG points attribute."""
    return " ".join(f"{x},{y}" for x, y in polygon)
