"""The cohort flow: students by course moved from one academic year to the next (pure numpy, no data access).

For every stream (one college × specialty × funding × entry base) and projected academic year y:

    continuing[k]  = p[k-1]·E[k-1, y-1] + r[k]·E[k, y-1]      students carried over from y-1 into course k
    E[1, y]        = N[y] + continuing[1]                       the new intake joins the first course
    E[k, y]        = continuing[k]                              k = 2..D
    graduates[y]   = g·E[D, y]                                  leave at the end of academic year y
    dropouts[y]    = Σ_k<D (1 − p[k] − r[k])·E[k, y] + (1 − g − r[D])·E[D, y]
    students_end[y]= Σ_k<D (p[k] + r[k])·E[k, y] + r[D]·E[D, y] = Σ continuing[k] of y+1

so every row balances:  students_start + admitted = students = students_end + graduates + dropouts,
with students_start[y] = students_end[y−1]. Graduates of academic year y are those who finish in June of
calendar year y+1, as in `fct_graduation`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_COURSES = 4


@dataclass(frozen=True)
class Flow:
    """The projection's arrays; S streams, H projected years, courses on the last axis."""

    students: np.ndarray        # [S, H, 4] students by course in each projected year
    admitted: np.ndarray        # [S, H]
    students_start: np.ndarray  # [S, H] carried over from the year before (promoted + repeaters)
    graduates: np.ndarray       # [S, H]
    dropouts: np.ndarray        # [S, H]
    students_end: np.ndarray    # [S, H] carried over into the next year


def final_course_mask(length: np.ndarray) -> np.ndarray:
    """[S, 4] True at each stream's final course D."""
    return np.arange(MAX_COURSES)[None, :] == (np.asarray(length)[:, None] - 1)


def in_programme_mask(length: np.ndarray) -> np.ndarray:
    """[S, 4] True for courses 1..D."""
    return np.arange(MAX_COURSES)[None, :] < np.asarray(length)[:, None]


def project(start: np.ndarray, admitted: np.ndarray, promotion: np.ndarray, repetition: np.ndarray,
            graduation: np.ndarray, length: np.ndarray) -> Flow:
    """Run the flow for H = admitted.shape[1] years from `start`, the students by course in the base year [S, 4].

    promotion, repetition: [S, 4] (or [S, H, 4] for rates that change by year); promotion of the final course is
    ignored (its leavers graduate with rate `graduation`, [S] or [S, H]). Courses beyond D must hold no students.
    """
    start = np.asarray(start, dtype=np.float64)
    admitted = np.asarray(admitted, dtype=np.float64)
    n, years = admitted.shape
    final = final_course_mask(length)
    inside = in_programme_mask(length)
    p_all = _per_year(promotion, n, years, 2)
    r_all = _per_year(repetition, n, years, 2)
    g_all = _per_year(graduation, n, years, 1)

    students = np.zeros((n, years, MAX_COURSES))
    start_tot = np.zeros((n, years))
    grads = np.zeros((n, years))
    drops = np.zeros((n, years))
    end_tot = np.zeros((n, years))
    prev = np.where(inside, start, 0.0)
    # Rates of the base year move the base year's students into the first projected year.
    p_prev, r_prev = p_all[:, 0], r_all[:, 0]
    for j in range(years):
        p, r, g = p_all[:, j], r_all[:, j], g_all[:, j]
        cont = _continuing(prev, p_prev, r_prev, final, inside)
        now = cont.copy()
        now[:, 0] += admitted[:, j]
        students[:, j] = now
        start_tot[:, j] = cont.sum(axis=1)
        leave_up = np.where(final, g[:, None], np.where(inside, p, 0.0)) * now
        stay = np.where(inside, r, 0.0) * now
        grads[:, j] = (leave_up * final).sum(axis=1)
        carried = (stay + np.where(final, 0.0, leave_up)).sum(axis=1)
        end_tot[:, j] = carried
        drops[:, j] = now.sum(axis=1) - carried - grads[:, j]
        prev, p_prev, r_prev = now, p, r
    return Flow(students, admitted, start_tot, grads, drops, end_tot)


def _continuing(prev: np.ndarray, p: np.ndarray, r: np.ndarray, final: np.ndarray,
                inside: np.ndarray) -> np.ndarray:
    promoted = np.where(final | ~inside, 0.0, p) * prev
    out = np.where(inside, r, 0.0) * prev
    out[:, 1:] += promoted[:, :-1]
    return out


def _per_year(rate: np.ndarray, n: int, years: int, ndim_static: int) -> np.ndarray:
    rate = np.asarray(rate, dtype=np.float64)
    if rate.ndim == ndim_static:
        return np.broadcast_to(rate[:, None, ...], (n, years, *rate.shape[1:]))
    return rate


def expected_years(promotion: np.ndarray, repetition: np.ndarray, graduation: np.ndarray,
                   length: np.ndarray) -> np.ndarray:
    """Expected student-years one admitted student spends in the programme [S]: Σ_k reach[k] / (1 − r[k]), where
    reach[1] = 1 and reach[k+1] = reach[k]·p[k] / (1 − r[k]) (a student repeating course k stays 1/(1−r) years).
    Multiplied by the yearly cost per student, the cost one year's intake commits over the years to come."""
    promotion = np.asarray(promotion, dtype=np.float64)
    repetition = np.clip(np.asarray(repetition, dtype=np.float64), 0.0, 0.999)
    length = np.asarray(length)
    reach = np.ones(len(length))
    total = np.zeros(len(length))
    for k in range(MAX_COURSES):
        inside = k < length
        stay = reach / (1.0 - repetition[:, k])
        total += np.where(inside, stay, 0.0)
        reach = np.where(inside, stay * promotion[:, k], 0.0)
    return total
