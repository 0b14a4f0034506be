"""Great-circle distances on a sphere tuned for Finland.

A sphere of radius 6391.7 km keeps haversine within about 0.15 % of the WGS-84 geodesic
between 59.5 and 70.1 degrees north (see shared/data/README.md); R = 6371.0 would
underestimate by 0.23-0.39 %.
"""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6391.7


def haversine_km(lat1, lon1, lat2, lon2):
    """Return the haversine distance in km; scalars give a float, arrays broadcast."""
    p1, l1, p2, l2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lat1, lon1, lat2, lon2))
    h = np.sin((p2 - p1) * 0.5) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) * 0.5) ** 2
    d = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(d) if np.ndim(d) == 0 else d


def unit_vectors(lat, lon) -> np.ndarray:
    """Return an (n, 3) array of unit vectors for points given in degrees."""
    p = np.radians(np.asarray(lat, dtype=np.float64))
    la = np.radians(np.asarray(lon, dtype=np.float64))
    cp = np.cos(p)
    return np.stack([cp * np.cos(la), cp * np.sin(la), np.sin(p)], axis=-1)


def cos_of_radius(radius_km) -> np.ndarray:
    """Return cos(central angle) of a radius; a dot product >= it means within the radius."""
    r = np.asarray(radius_km, dtype=np.float64)
    ang = np.clip(np.nan_to_num(r, nan=-1.0) / EARTH_RADIUS_KM, -1.0, np.pi)
    # A negative or NaN radius admits nothing: a threshold above any dot product.
    return np.where(ang < 0.0, 2.0, np.cos(ang))
