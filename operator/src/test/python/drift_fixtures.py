#!/usr/bin/env python3
"""Expected drift statistics from SciPy/NumPy, the independent reference for the Java library.

Writes operator/src/test/resources/drift-fixtures.json; the Java tests only read that file.

    V=${GANTRY_CACHE:-$HOME/.cache/gantry}/venv/scipy-1.17.1
    python3 -m venv $V && $V/bin/pip install scipy==1.17.1 numpy==2.4.6
    $V/bin/python operator/src/test/python/drift_fixtures.py

Every input is deterministic (fixed seeds or literal counts). Numeric cases are histograms over
shared bins; categorical cases are category-count maps. The numbers come from SciPy's own
functions wherever SciPy has one (ks_2samp, kstwobign, jensenshannon, wasserstein_distance,
chi2_contingency); PSI has no SciPy function and follows Evidently's empty-bin rule in NumPy.
"""

import json
import math
import pathlib

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "drift-fixtures.json"


def shares_with_empty_bins_filled(counts):
    """Evidently's get_binned_data(feel_zeroes=True): an empty bin gets 0.0001 of the mass, or a
    millionth of the smallest non-empty share when that share is itself <= 0.0001."""
    shares = np.asarray(counts, dtype=float) / np.sum(counts)
    smallest = shares[shares != 0].min()
    fill = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return np.where(shares == 0, fill, shares)


def psi(reference, live):
    r = shares_with_empty_bins_filled(reference)
    c = shares_with_empty_bins_filled(live)
    return float(np.sum((r - c) * np.log(r / c)))


def ks(reference, live):
    """Two-sample KS on the binned data: each bin's rows are one tied value (the bin index), so
    ks_2samp's statistic is the largest gap between the binned CDFs. Counts must be integers."""
    bins = np.arange(len(reference))
    x = np.repeat(bins, np.asarray(reference, dtype=int))
    y = np.repeat(bins, np.asarray(live, dtype=int))
    d = float(stats.ks_2samp(x, y, method="asymp").statistic)
    n, m = float(len(x)), float(len(y))
    en = n * m / (n + m)
    return {
        "statistic": d,
        # What the Java library implements: the limiting Kolmogorov distribution at sqrt(en) * D.
        "pValue": float(stats.kstwobign.sf(math.sqrt(en) * d)),
        # For information only: SciPy >= 1.5's 'asymp' mode uses kstwo.sf(D, round(en)).
        "scipyAsympPValue": float(stats.ks_2samp(x, y, method="asymp").pvalue),
    }


def ks_from_shares(reference, live):
    """The KS statistic for fractional counts, from the cumulative shares (no ks_2samp)."""
    r = np.cumsum(reference) / np.sum(reference)
    c = np.cumsum(live) / np.sum(live)
    d = float(np.max(np.abs(r - c)))
    n, m = float(np.sum(reference)), float(np.sum(live))
    en = n * m / (n + m)
    return {"statistic": d, "pValue": float(stats.kstwobign.sf(math.sqrt(en) * d))}


def bin_points(edges):
    """Where a bin's rows sit: an inner bin's midpoint; the open-ended outer bins half the width of
    their inner neighbour beyond the inner edge (not at the training minimum or maximum)."""
    e = np.asarray(edges, dtype=float)
    points = (e[:-1] + e[1:]) / 2
    if len(points) >= 2:
        points[0] = e[1] - (e[2] - e[1]) / 2
        points[-1] = e[-2] + (e[-2] - e[-3]) / 2
    return points


def wasserstein(edges, reference, live, stddev):
    """Rows at their bin's point; distance / max(stddev, 0.001) as Evidently norms it."""
    at = bin_points(edges)
    raw = float(stats.wasserstein_distance(at, at, u_weights=reference, v_weights=live))
    return {"raw": raw, "normalised": raw / max(stddev, 0.001)}


def chi_squared(reference, live):
    """Homogeneity test on the 2 x k table (reference row, live row) without Yates' correction.
    Columns empty in both rows carry no information and are dropped (their expected count is 0)."""
    table = np.array([reference, live], dtype=float)
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2:
        return {"statistic": 0.0, "degreesOfFreedom": 0, "pValue": 1.0}
    res = stats.chi2_contingency(table, correction=False)
    return {
        "statistic": float(res.statistic),
        "degreesOfFreedom": int(res.dof),
        "pValue": float(res.pvalue),
    }


def js(reference, live):
    return float(distance.jensenshannon(reference, live, base=2))


def bin_index(edges, values):
    """dev.gantry.contract.Bins.indexOf: count of interior edges <= value; outer bins open."""
    return np.searchsorted(np.asarray(edges[1:-1]), values, side="right")


def quantile_edges(training, n_bins):
    return [float(e) for e in np.quantile(training, np.linspace(0, 1, n_bins + 1))]


def histogram(edges, values):
    return [int(c) for c in np.bincount(bin_index(edges, values), minlength=len(edges) - 1)]


def numeric_case(name, edges, reference, live, stddev, integer_counts=True):
    return {
        "name": name,
        "binEdges": [float(e) for e in edges],
        "reference": [float(c) for c in reference],
        "live": [float(c) for c in live],
        "stddev": stddev,
        "expected": {
            "psi": psi(reference, live),
            "ks": ks(reference, live) if integer_counts else ks_from_shares(reference, live),
            "jensenShannon": js(reference, live),
            "wasserstein": wasserstein(edges, reference, live, stddev),
            "chiSquared": chi_squared(reference, live),
        },
    }


def numeric_cases():
    rng = np.random.default_rng(20261122)
    training = rng.normal(0.0, 1.0, 10_000)
    edges = quantile_edges(training, 10)
    reference = histogram(edges, training)
    std = float(np.std(training))
    cases = []
    for shift, rows, label in [
        (0.0, 1000, "no shift, 1000 live rows"),
        (0.1, 1000, "0.1 sigma shift, 1000 live rows"),
        (0.25, 1000, "0.25 sigma shift, 1000 live rows"),
        (0.5, 1000, "0.5 sigma shift, 1000 live rows"),
        (0.0, 200, "no shift, 200 live rows"),
        (1.0, 5000, "1 sigma shift, 5000 live rows"),
        (-3.0, 1000, "3 sigma shift down: most rows below the training minimum"),
    ]:
        live = histogram(edges, rng.normal(shift, 1.0, rows))
        cases.append(numeric_case(label, edges, reference, live, std))

    wide = rng.normal(0.0, 2.0, 1000)
    cases.append(
        numeric_case("variance doubled", edges, reference, histogram(edges, wide), std)
    )

    skewed = rng.exponential(3.0, 10_000)
    skew_edges = quantile_edges(skewed, 10)
    cases.append(
        numeric_case(
            "exponential feature, scale change",
            skew_edges,
            histogram(skew_edges, skewed),
            histogram(skew_edges, rng.exponential(3.6, 800)),
            float(np.std(skewed)),
        )
    )

    e5 = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    cases.append(
        numeric_case("empty live bins", e5, [100, 200, 300, 200, 100], [0, 50, 0, 40, 10], 1.2)
    )
    cases.append(
        numeric_case("empty reference bin", e5, [100, 0, 300, 200, 100], [20, 30, 40, 20, 10], 1.2)
    )
    cases.append(
        numeric_case("all live mass in one bin", e5, [100, 200, 300, 200, 100], [0, 0, 0, 0, 70], 1.2)
    )
    cases.append(
        numeric_case("all mass in the same single bin", e5, [0, 0, 500, 0, 0], [0, 0, 80, 0, 0], 0.0)
    )
    cases.append(numeric_case("one bin", [0.0, 1.0], [1000], [40], 0.3))
    cases.append(numeric_case("two bins", [-4.0, 0.5, 3.0], [600, 400], [450, 550], 1.0))
    cases.append(
        numeric_case(
            "uneven outer bins", [-10.0, 0.0, 1.0, 2.0, 50.0], [10, 40, 40, 10], [5, 30, 45, 20], 2.0
        )
    )
    cases.append(
        numeric_case("identical shares", e5, [100, 200, 300, 200, 100], [10, 20, 30, 20, 10], 1.2)
    )
    cases.append(
        numeric_case(
            "tied quantile edges of a discrete feature",
            [0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0],
            [0, 0, 4000, 0, 3000, 3000],
            [0, 0, 300, 0, 450, 250],
            0.8,
        )
    )
    cases.append(
        numeric_case(
            "fractional counts from rate extrapolation",
            e5,
            [100.5, 200.25, 299.75, 200.0, 99.5],
            [12.5, 30.0, 27.75, 18.0, 11.25],
            1.2,
            integer_counts=False,
        )
    )
    return cases


def categorical_case(name, reference, live):
    keys = sorted(set(reference) | set(live))
    r = [float(reference.get(k, 0)) for k in keys]
    c = [float(live.get(k, 0)) for k in keys]
    return {
        "name": name,
        "reference": {k: float(v) for k, v in reference.items()},
        "live": {k: float(v) for k, v in live.items()},
        "expected": {
            "psi": psi(r, c),
            "jensenShannon": js(r, c),
            "chiSquared": chi_squared(r, c),
        },
    }


def categorical_cases():
    rng = np.random.default_rng(7)
    colours = ["red", "green", "blue", "black"]
    p = [0.4, 0.3, 0.2, 0.1]

    def counts(probabilities, rows):
        drawn = rng.choice(colours, size=rows, p=probabilities)
        values, n = np.unique(drawn, return_counts=True)
        return {str(v): int(k) for v, k in zip(values, n)}

    return [
        categorical_case("same distribution", counts(p, 10_000), counts(p, 1000)),
        categorical_case(
            "shifted distribution", counts(p, 10_000), counts([0.25, 0.25, 0.25, 0.25], 1000)
        ),
        categorical_case(
            "unseen live category",
            {"red": 4000, "green": 3000, "blue": 3000},
            {"red": 380, "green": 310, "blue": 290, "purple": 20},
        ),
        categorical_case(
            "category missing from live", {"a": 500, "b": 300, "c": 200}, {"a": 60, "b": 40}
        ),
        categorical_case("binary feature", {"yes": 7000, "no": 3000}, {"yes": 640, "no": 360}),
        categorical_case("a single category", {"only": 5000}, {"only": 90}),
        categorical_case(
            "category with zero count on both sides",
            {"a": 500, "b": 500, "never": 0},
            {"a": 45, "b": 55, "never": 0},
        ),
    ]


def main():
    fixture = {
        "generatedBy": "operator/src/test/python/drift_fixtures.py",
        "scipyVersion": scipy.__version__,
        "numpyVersion": np.__version__,
        "numeric": numeric_cases(),
        "categorical": categorical_cases(),
    }
    OUT.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
