"""Where generated offers take place: points inside area polygons, street names
and neighbouring areas. Deterministic for a given random generator."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import shape

from praevnav.catalogue.demo import vocab
from praevnav.catalogue.demo.records import AreaInput


class AreaPlaces:
    """Per-area geometry helpers for the generator."""

    def __init__(self, areas: Sequence[AreaInput], *, seed: int, extra_streets: Sequence[str]):
        self.areas = {a.code: a for a in areas}
        self._geoms = {}
        self._centres: dict[str, tuple[float, float]] = {}
        for area in areas:
            geom = shapely.make_valid(shape(area.geometry))
            shapely.prepare(geom)
            self._geoms[area.code] = geom
            point = geom.representative_point()
            self._centres[area.code] = (point.x, point.y)
        self._neighbours = self._rank_neighbours()
        self._streets = self._streets_per_area(seed, extra_streets)

    def _rank_neighbours(self) -> dict[str, list[str]]:
        codes = sorted(self._centres)
        xy = np.array([self._centres[c] for c in codes])
        ranked = {}
        for i, code in enumerate(codes):
            d = ((xy - xy[i]) ** 2).sum(axis=1)
            ranked[code] = [codes[j] for j in np.argsort(d, kind="stable") if j != i]
        return ranked

    def neighbours(self, code: str) -> list[str]:
        """Other areas, nearest first (by representative point)."""
        return self._neighbours[code]

    def _streets_per_area(self, seed: int, extra: Sequence[str]) -> dict[str, list[str]]:
        adjectives = {
            code: adj for code, a in self.areas.items() if (adj := vocab.place_adjective(a.name))
        }
        result = {}
        for code in sorted(self.areas):
            rng = random.Random(f"{seed}-streets-{code}")
            streets = rng.sample(vocab.STREETS_GENERIC, 6) + rng.sample(list(extra), 2)
            # Streets named after the area itself and after its neighbours, as in real towns.
            for other in [code, *self._neighbours[code][:3]]:
                if other in adjectives:
                    suffix = rng.choice(("Straße", "Straße", "Weg", "Allee", "Landstraße"))
                    streets.append(f"{adjectives[other]} {suffix}")
            result[code] = streets
        return result

    def street(self, code: str, rng: random.Random) -> str:
        number = rng.randint(1, 180)
        letter = rng.choice("abc") if rng.random() < 0.08 else ""
        return f"{rng.choice(self._streets[code])} {number}{letter}"

    def point_in(self, code: str, rng: random.Random) -> tuple[float, float]:
        """A point strictly inside the area, denser near its centre (lon, lat)."""
        geom = self._geoms[code]
        minx, miny, maxx, maxy = geom.bounds
        cx, cy = self._centres[code]
        for attempt in range(200):
            if attempt < 100 and rng.random() < 0.7:
                x = rng.gauss(cx, (maxx - minx) / 5)
                y = rng.gauss(cy, (maxy - miny) / 5)
            else:
                x = rng.uniform(minx, maxx)
                y = rng.uniform(miny, maxy)
            x, y = round(x, 6), round(y, 6)
            if shapely.contains_xy(geom, x, y):
                return x, y
        return round(cx, 6), round(cy, 6)
