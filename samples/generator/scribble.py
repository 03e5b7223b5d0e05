"""Geometry of a handwritten-looking signature: random spline strokes inside a box.

Used as vector paths in digitally signed copies and rasterised (with ink texture) in scans.
"""

from __future__ import annotations

import random

Point = tuple[float, float]


def _catmull_rom(points: list[Point], samples: int = 10) -> list[Point]:
    out: list[Point] = []
    n = len(points)
    for i in range(n - 1):
        p0, p1 = points[max(i - 1, 0)], points[i]
        p2, p3 = points[i + 1], points[min(i + 2, n - 1)]
        for s in range(samples):
            t = s / samples
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(  # type: ignore[misc]
                    0.5
                    * (
                        2 * p1[k]
                        + (-p0[k] + p2[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                        + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3
                    )
                    for k in (0, 1)
                )
            )
    out.append(points[-1])
    return out


def _main_stroke(rng: random.Random, x0: float, y0: float, w: float, h: float) -> list[Point]:
    """Cursive-like writing: a trochoid (loops where the pen turns back) with drifting letter heights."""
    import math

    mid = y0 + h * rng.uniform(0.4, 0.55)
    letters = max(3, min(12, int(w / (h * rng.uniform(0.25, 0.4)))))
    freq = 2 * math.pi * letters
    loop = rng.uniform(0.8, 1.6)  # >1: loops, <1: arcades
    heights = [rng.choice([0.35, 0.45, 0.5, 0.9, 1.0]) * rng.uniform(0.8, 1.1) for _ in range(letters + 2)]
    steps = letters * 16
    points: list[Point] = [(x0, mid - h * rng.uniform(0.1, 0.3))]
    for i in range(steps + 1):
        t = i / steps
        k = min(int(t * letters), letters)
        amp = h * 0.38 * (heights[k] * (1 - (t * letters - k)) + heights[k + 1] * (t * letters - k))
        x = x0 + w * t - loop * (w / freq) * math.sin(freq * t)
        y = mid + amp * math.cos(freq * t + math.pi) * (1.3 if k == 0 else 1.0)
        points.append((x, y))
    return points


def _flourish(rng: random.Random, x0: float, y0: float, w: float, h: float) -> list[Point]:
    y = y0 + h * rng.uniform(0.1, 0.3)
    points = [
        (x0 + w * rng.uniform(0.0, 0.2), y + h * rng.uniform(-0.05, 0.1)),
        (x0 + w * rng.uniform(0.35, 0.5), y - h * rng.uniform(0.0, 0.1)),
        (x0 + w * rng.uniform(0.7, 0.95), y + h * rng.uniform(0.0, 0.15)),
    ]
    return _catmull_rom(points, samples=14)


def scribble_strokes(rng: random.Random, box: tuple[float, float, float, float]) -> list[list[Point]]:
    """Polylines of one signature inside box (x0, y0, x1, y1); y grows in either direction."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    strokes = [_main_stroke(rng, x0, y0, w * rng.uniform(0.55, 0.75), h)]
    if rng.random() < 0.6:  # second word (surname)
        start = x0 + w * rng.uniform(0.45, 0.6)
        strokes.append(_main_stroke(rng, start, y0, (x1 - start) * rng.uniform(0.6, 0.95), h * 0.85))
    if rng.random() < 0.7:
        strokes.append(_flourish(rng, x0, y0, w, h))
    return strokes
