"""Straight-line and estimated road distances: the one place that converts between them."""

from flask import current_app


class DistanceEstimator:
    """Straight-line km ↔ estimated road km: straight × a detour factor per region.

    The one place that converts both ways, so real routing can replace it later.
    """

    def __init__(self, default: float = 1.3, per_region: dict[str, float] | None = None):
        self.default = default
        self.per_region = per_region or {}

    def factor(self, region: str | None = None) -> float:
        """The detour factor of a region (maakunta), or the default."""
        return self.per_region.get(region or "", self.default)

    def road_km(self, straight_km: float, region: str | None = None) -> float:
        """Estimated road km of a straight-line distance."""
        return straight_km * self.factor(region)

    def straight_km(self, road_km: float, region: str | None = None) -> float:
        """The straight-line km that a road-km limit allows."""
        return road_km / self.factor(region)


def estimator() -> DistanceEstimator:
    """The estimator configured by ROAD_DETOUR_FACTOR (and ROAD_DETOUR_FACTORS per region)."""
    config = current_app.config
    return DistanceEstimator(
        config.get("ROAD_DETOUR_FACTOR", 1.3), config.get("ROAD_DETOUR_FACTORS", {})
    )
