"""The pure cohort flow (tvet/planner/flow.py): steady states, a two-year case worked out by hand, the balance
identity for random rates, and the expected years one admitted student spends in a programme."""

from __future__ import annotations

import numpy as np
import pytest

from tvet.planner.flow import MAX_COURSES, expected_years, project


def one_stream(start, admitted, promotion, repetition, graduation, length):
    """project() for a single stream given as plain lists."""
    return project(np.array([start], dtype=float), np.array([admitted], dtype=float),
                   np.array([promotion], dtype=float), np.array([repetition], dtype=float),
                   np.array([graduation], dtype=float), np.array([length]))


def pad(values, fill=0.0):
    return list(values) + [fill] * (MAX_COURSES - len(values))


# --- steady state -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("length", [2, 3, 4])
@pytest.mark.parametrize("intake", [50, 120])
def test_steady_stock_stays_steady(length, intake):
    # N students in each of courses 1..D, N admitted a year, everyone promoted and graduating:
    # every year N·D students, N graduates (the final course), nobody drops out.
    years = 6
    f = one_stream(pad([intake] * length), [intake] * years, [1.0] * 4, [0.0] * 4, 1.0, length)
    assert f.students[0].sum(axis=1).tolist() == [intake * length] * years
    assert f.students[0, :, :length].tolist() == [[intake] * length] * years
    assert f.students[0, :, length:].sum() == 0  # nothing beyond the final course
    assert f.graduates[0].tolist() == [intake] * years
    assert f.dropouts[0].tolist() == [0] * years
    # carried over: everyone but the final course, (D − 1)·N, both into and out of every year
    assert f.students_start[0].tolist() == [intake * (length - 1)] * years
    assert f.students_end[0].tolist() == [intake * (length - 1)] * years


@pytest.mark.parametrize("length", [2, 3, 4])
@pytest.mark.parametrize("intake", [50, 120])
def test_ramp_from_empty(length, intake):
    # Year j (1-based) holds the intakes of years max(1, j−D+1)..j: min(j, D)·N students; the first intake
    # reaches the final course in year D, so graduates are 0 before year D and N from then on.
    years = length + 3
    f = one_stream([0] * 4, [intake] * years, [1.0] * 4, [0.0] * 4, 1.0, length)
    assert f.students[0].sum(axis=1).tolist() == [min(j, length) * intake for j in range(1, years + 1)]
    assert f.graduates[0].tolist() == [intake if j >= length else 0 for j in range(1, years + 1)]
    assert f.dropouts[0].tolist() == [0] * years
    # course k (1-based) is filled from year k on
    for k in range(1, length + 1):
        assert f.students[0, :, k - 1].tolist() == [intake if j >= k else 0 for j in range(1, years + 1)]


# --- by hand ----------------------------------------------------------------------------------------------------------
def test_two_years_by_hand():
    # D = 3, start [100, 80, 60, (0)], N = 90 each year, p = [0.9, 0.8, ·], r = [0.05, 0.1, 0.02], g = 0.85.
    # The final course's promotion (0.7 here) must be ignored: its leavers graduate with g.
    f = one_stream([100, 80, 60, 0], [90, 90], [0.9, 0.8, 0.7, 0.0], [0.05, 0.1, 0.02, 0.0], 0.85, 3)
    # Year 1:
    #   course 1 = 90 + 0.05·100           = 95
    #   course 2 = 0.9·100 + 0.1·80        = 90 + 8      = 98
    #   course 3 = 0.8·80 + 0.02·60        = 64 + 1.2    = 65.2
    #   students = 258.2, students_start = 5 + 98 + 65.2 = 168.2
    #   graduates = 0.85·65.2 = 55.42
    #   dropouts = (1−0.9−0.05)·95 + (1−0.8−0.1)·98 + (1−0.85−0.02)·65.2 = 4.75 + 9.8 + 8.476 = 23.026
    #   students_end = 0.95·95 + 0.9·98 + 0.02·65.2 = 90.25 + 88.2 + 1.304 = 179.754
    # Year 2:
    #   course 1 = 90 + 0.05·95            = 94.75
    #   course 2 = 0.9·95 + 0.1·98         = 85.5 + 9.8  = 95.3
    #   course 3 = 0.8·98 + 0.02·65.2      = 78.4 + 1.304 = 79.704
    #   students = 269.754, students_start = 4.75 + 95.3 + 79.704 = 179.754
    #   graduates = 0.85·79.704 = 67.7484
    #   dropouts = 0.05·94.75 + 0.1·95.3 + 0.13·79.704 = 4.7375 + 9.53 + 10.36152 = 24.62902
    #   students_end = 0.95·94.75 + 0.9·95.3 + 0.02·79.704 = 90.0125 + 85.77 + 1.59408 = 177.37658
    assert f.students[0] == pytest.approx(np.array([[95, 98, 65.2, 0], [94.75, 95.3, 79.704, 0]]))
    assert f.students[0].sum(axis=1).tolist() == pytest.approx([258.2, 269.754])
    assert f.admitted[0].tolist() == [90, 90]
    assert f.students_start[0].tolist() == pytest.approx([168.2, 179.754])
    assert f.graduates[0].tolist() == pytest.approx([55.42, 67.7484])
    assert f.dropouts[0].tolist() == pytest.approx([23.026, 24.62902])
    assert f.students_end[0].tolist() == pytest.approx([179.754, 177.37658])


def test_rates_by_year_move_students_into_the_next_year():
    # Rates given per year [S, H, 4]: year j's rates say who of year j's students leaves, graduates or stays,
    # i.e. they shape year j+1's courses; the first projected year is entered with the first year's rates.
    # D = 2, start [100, 0], N = [10, 10, 10], p1 = 0.5, 0.8, 1.0, g = 1.0, 0.5, 0.25
    p = np.array([[[0.5, 0, 0, 0], [0.8, 0, 0, 0], [1.0, 0, 0, 0]]])
    g = np.array([[1.0, 0.5, 0.25]])
    f = project(np.array([[100.0, 0, 0, 0]]), np.array([[10.0, 10, 10]]), p, np.zeros((1, 3, 4)), g, np.array([2]))
    # year 1: course 2 = 0.5·100 = 50 (year-1 rate enters); course 1 = 10; graduates = 1.0·50 = 50
    #         dropouts = (1−0.5)·10 = 5 (year 1's p1 = 0.5 applied to year 1's first course)
    # year 2: course 2 = 0.5·10 = 5; graduates = 0.5·5 = 2.5; dropouts = (1−0.8)·10 + (1−0.5)·5 = 2 + 2.5 = 4.5
    # year 3: course 2 = 0.8·10 = 8; graduates = 0.25·8 = 2;  dropouts = (1−1)·10 + 0.75·8 = 6
    assert f.students[0, :, :2] == pytest.approx(np.array([[10, 50], [10, 5], [10, 8]]))
    assert f.graduates[0].tolist() == pytest.approx([50, 2.5, 2])
    assert f.dropouts[0].tolist() == pytest.approx([5, 4.5, 6])


def test_streams_are_independent():
    # Two streams in one call give exactly what each gives alone.
    a = ([100, 80, 60, 0], [90, 90], [0.9, 0.8, 0, 0], [0.05, 0.1, 0.02, 0], 0.85, 3)
    b = ([10, 20, 0, 0], [30, 5], [0.7, 0, 0, 0], [0.2, 0.1, 0, 0], 0.6, 2)
    both = project(*(np.array([x, y], dtype=float) for x, y in zip(a[:5], b[:5])), np.array([3, 2]))
    for i, case in enumerate((a, b)):
        alone = one_stream(*case)
        assert both.students[i] == pytest.approx(alone.students[0])
        assert both.graduates[i].tolist() == pytest.approx(alone.graduates[0].tolist())
        assert both.dropouts[i].tolist() == pytest.approx(alone.dropouts[0].tolist())


# --- balance ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("by_year", [False, True])
def test_balance_identity_for_random_rates(seed, by_year):
    rng = np.random.default_rng(seed)
    s, h = 200, 8
    length = rng.integers(2, 5, size=s)
    inside = np.arange(4)[None, :] < length[:, None]
    start = np.where(inside, rng.uniform(0, 200, (s, 4)), 0.0)
    admitted = rng.uniform(0, 100, (s, h))
    shape = (s, h, 4) if by_year else (s, 4)
    # p + r <= 1 and g + r <= 1 everywhere
    r = rng.uniform(0, 0.2, shape)
    p = rng.uniform(0, 1, shape) * (1 - r)
    g = rng.uniform(0, 0.8, shape[:-1])
    f = project(start, admitted, p, r, g, length)
    students = f.students.sum(axis=2)
    assert np.allclose(f.students_start + f.admitted, students, atol=1e-9)
    assert np.allclose(students, f.students_end + f.graduates + f.dropouts, atol=1e-9)
    assert np.allclose(f.students_start[:, 1:], f.students_end[:, :-1], atol=1e-9)
    # the first year starts from the base year's students moved on by the first year's rates
    p0, r0 = (p[:, 0], r[:, 0]) if by_year else (p, r)
    final = np.arange(4)[None, :] == (length[:, None] - 1)
    carried = (np.where(inside, r0, 0) * start).sum(axis=1) + (np.where(inside & ~final, p0, 0) * start).sum(axis=1)
    assert np.allclose(f.students_start[:, 0], carried, atol=1e-9)
    assert (f.dropouts > -1e-9).all()
    assert f.students[~np.broadcast_to(inside[:, None, :], f.students.shape)].sum() == 0


# --- expected years ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("promotion, repetition, length, expected", [
    # everyone promoted, nobody repeats: D years
    ([1, 1, 1, 1], [0, 0, 0, 0], 2, 2.0),
    ([1, 1, 1, 1], [0, 0, 0, 0], 3, 3.0),
    ([1, 1, 1, 1], [0, 0, 0, 0], 4, 4.0),
    # promotion below 1: 1 + 0.9 + 0.9·0.8 = 2.62
    ([0.9, 0.8, 0, 0], [0, 0, 0, 0], 3, 2.62),
    # a fifth of course 1 repeats: 1/(1−0.2) = 1.25 years in course 1, all of them reach course 2
    # (0.8/(1−0.2) = 1), then 1 + 1 = 3.25
    ([0.8, 1, 0, 0], [0.2, 0, 0, 0], 3, 1.25 + 1 + 1),
    # D = 3, p = [0.9, 0.8], r = [0.1, 0, 0]: course 1 1/0.9 = 1.1111, reach course 2 0.9/0.9 = 1,
    # reach course 3 1·0.8 = 0.8: 1.1111 + 1 + 0.8 = 2.9111
    ([0.9, 0.8, 0, 0], [0.1, 0, 0, 0], 3, 1 / 0.9 + 1 + 0.8),
    # repetition in the final course: 1 + 1/(1−0.5) = 3 (graduation does not change it)
    ([1, 0, 0, 0], [0, 0.5, 0, 0], 2, 3.0),
])
def test_expected_years_by_hand(promotion, repetition, length, expected):
    got = expected_years(np.array([promotion], float), np.array([repetition], float), np.array([0.9]),
                         np.array([length]))
    assert got.tolist() == pytest.approx([expected])


def test_expected_years_is_the_steady_stock_of_one_admission_a_year():
    # Little's law: with one student admitted every year for long enough, the stock equals the expected
    # student-years per admission. Checks expected_years() against project() for random rates.
    rng = np.random.default_rng(7)
    s, h = 50, 300
    length = rng.integers(2, 5, size=s)
    r = rng.uniform(0, 0.3, (s, 4))
    p = rng.uniform(0.3, 1, (s, 4)) * (1 - r)
    g = rng.uniform(0.3, 1, s) * (1 - r[np.arange(s), length - 1])
    f = project(np.zeros((s, 4)), np.ones((s, h)), p, r, g, length)
    assert f.students[:, -1].sum(axis=1) == pytest.approx(expected_years(p, r, g, length), rel=1e-9)
