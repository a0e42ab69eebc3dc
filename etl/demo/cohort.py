"""The two numeric tools of the demo generator: largest-remainder rounding and one year of cohort flow.

Both work on whole arrays of streams at once (numpy), so a national run of ~16,000 streams over 15 years costs
milliseconds. Only `numpy.random.Generator` draws are random; nothing here reads the clock or a hash.
"""

from __future__ import annotations

import numpy as np

MAX_COURSES = 4


def allocate(total: int, weights: np.ndarray, minimum: np.ndarray | None = None) -> np.ndarray:
    """Split a whole number over weights so that the parts are whole numbers summing exactly to `total`.

    Each part first gets its `minimum`; the rest is shared in proportion to the weights by the largest-remainder
    (Hamilton) method. Ties go to the earlier item, so the result is deterministic.
    """
    weights = np.asarray(weights, dtype=np.float64)
    parts = np.zeros(len(weights), np.int64) if minimum is None else np.asarray(minimum, np.int64).copy()
    rest = int(total) - int(parts.sum())
    if rest < 0:
        raise ValueError(f"cannot allocate {total}: the minimums alone need {int(parts.sum())}")
    if rest == 0:
        return parts
    weight_sum = weights.sum()
    if weight_sum <= 0:
        raise ValueError(f"cannot allocate {total} over zero weights")
    quota = rest * (weights / weight_sum)
    floor = np.floor(quota).astype(np.int64)
    short = rest - int(floor.sum())
    order = np.argsort(-(quota - floor), kind="stable")
    floor[order[:short]] += 1
    return parts + floor


def advance_one_year(students: np.ndarray, length: np.ndarray, promote: np.ndarray, repeat: np.ndarray,
                     graduate: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Move every stream's students from one academic year to the next, before the new intake.

    students: int array [n_streams, 4], students by course (course k at index k-1).
    In course k < D, Bin(E, p_k) are promoted to course k+1; in the final course D, Bin(E, g) graduate. Of those
    who did not move on, Bin(rest, r_k / (1 - p_k)) repeat the course, so that the shares are p, r and 1 - p - r
    (dropouts). Returns (students by course next year without the new intake, graduates per stream).
    """
    n = students.shape[0]
    course = np.arange(MAX_COURSES)[None, :]
    final = course == (length[:, None] - 1)
    move_rate = np.where(final, graduate[:, None], promote)
    moved = rng.binomial(students, move_rate)
    rest = students - moved
    repeat_rate = np.clip(repeat / (1.0 - move_rate), 0.0, 1.0)
    repeated = rng.binomial(rest, repeat_rate)
    graduates = moved[np.arange(n), length - 1]
    promoted = np.where(final, 0, moved)
    nxt = repeated.copy()
    nxt[:, 1:] += promoted[:, :-1]
    return nxt, graduates


def survival(length: np.ndarray, promote: np.ndarray, repeat: np.ndarray) -> np.ndarray:
    """Expected students in course k per student admitted k-1 years earlier, [n_streams, 4] (0 beyond D).

    Used only to size the intake before the draws. With steady intake N, course 1 holds N / (1 - r1) and course
    k holds p(k-1) * E(k-1) / (1 - rk): repeaters stay a year longer in every course they repeat.
    """
    n = len(length)
    out = np.zeros((n, MAX_COURSES))
    level = np.ones(n)
    for k in range(MAX_COURSES):
        level = level / (1.0 - repeat[:, k])
        out[:, k] = np.where(k < length, level, 0.0)
        level = level * promote[:, k]
    return out
