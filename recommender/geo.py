"""Great-circle distances on a sphere tuned for Finland.

A sphere of radius 6391.7 km keeps haversine within about 0.15 % of the WGS-84 geodesic
between 59.5 and 70.1 degrees north (see shared/data/README.md); R = 6371.0 would
underestimate by 0.23-0.39 %.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from .types import FloatArray

EARTH_RADIUS_KM = 6391.7


@overload
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float: ...
@overload
def haversine_km(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> float | FloatArray: ...
def haversine_km(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> float | FloatArray:
    """Return the haversine distance in km; scalars give a float, arrays broadcast."""
    p1, l1, p2, l2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lat1, lon1, lat2, lon2))
    h = np.sin((p2 - p1) * 0.5) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) * 0.5) ** 2
    d = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(d) if np.ndim(d) == 0 else np.asarray(d, dtype=np.float64)


def unit_vectors(lat: ArrayLike, lon: ArrayLike) -> FloatArray:
    """Return an (n, 3) array of unit vectors for points given in degrees."""
    p = np.radians(np.asarray(lat, dtype=np.float64))
    la = np.radians(np.asarray(lon, dtype=np.float64))
    cp = np.cos(p)
    return np.stack([cp * np.cos(la), cp * np.sin(la), np.sin(p)], axis=-1)


def cos_of_radius(radius_km: ArrayLike) -> FloatArray:
    """Return cos(central angle) of a radius; a dot product >= it means within the radius."""
    r = np.asarray(radius_km, dtype=np.float64)
    ang = np.clip(np.nan_to_num(r, nan=-1.0) / EARTH_RADIUS_KM, -1.0, np.pi)
    # A negative or NaN radius admits nothing: a threshold above any dot product.
    return np.where(ang < 0.0, 2.0, np.cos(ang))
