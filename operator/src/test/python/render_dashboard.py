#!/usr/bin/env python3
"""Draws the chart's Grafana dashboard (helm/gantry/dashboards/gantry-gpu.json) to a PNG.

Grafana is not installable here, so this stands in for it: the series come from a real run,
written by the idle-reclaim E2E (IdleReclaimE2E -> DashboardData), which ran every panel's PromQL
with query_range against the test's real Prometheus. Panels keep the dashboard's grid layout,
titles, units and legend formats.

    V=${GANTRY_CACHE:-$HOME/.cache/gantry}/venv/matplotlib-3.10.7
    python3 -m venv $V && $V/bin/pip install matplotlib==3.10.7
    $V/bin/python operator/src/test/python/render_dashboard.py \
        operator/target/idle-dashboard/idle-e2e.json docs/images/idle-reclaim-dashboard.png
"""

import datetime
import json
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402


def legend(fmt, labels):
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), fmt) or str(labels)


def scale(unit, value):
    return value * 100 if unit == "percentunit" else value


def with_gaps(points, unit, step):
    """Times and values, with a break where the series was absent (a job not running, nothing
    pending): Grafana leaves such stretches empty rather than joining across them."""
    times, values = [], []
    previous = None
    for t, v in points:
        if previous is not None and t - previous > 2 * step:
            times.append(datetime.datetime.fromtimestamp(previous + step, datetime.UTC))
            values.append(float("nan"))
        times.append(datetime.datetime.fromtimestamp(t, datetime.UTC))
        values.append(scale(unit, v))
        previous = t
    return times, values


def axis_label(unit):
    return {"percentunit": "%", "s": "seconds", "short": ""}.get(unit, unit)


def main(data_file, png_file):
    data = json.load(open(data_file))
    panels = data["panels"]
    rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
    fig = plt.figure(figsize=(16, rows * 0.42))
    grid = fig.add_gridspec(rows, 24, hspace=2.5, wspace=3)
    for panel in panels:
        g = panel["gridPos"]
        ax = fig.add_subplot(grid[g["y"] : g["y"] + g["h"] - 1, g["x"] : g["x"] + g["w"]])
        ax.set_title(panel["title"], fontsize=11, loc="left")
        drawn = 0
        highest = 0.0
        for target in panel["targets"]:
            for series in target["series"]:
                times, values = with_gaps(series["points"], panel["unit"], data.get("stepSeconds", 2))
                ax.step(times, values, where="post", label=legend(target["legendFormat"], series["labels"]))
                highest = max([highest] + [v for v in values if v == v])
                drawn += 1
        if drawn == 0:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="grey")
        else:
            # Room above the data for the legend, so it never hides a series; counts start at 0.
            ax.set_ylim(bottom=0, top=max(highest, 1) * 1.6)
            ax.legend(fontsize=7, loc="upper left", ncol=2)
        ax.set_ylabel(axis_label(panel["unit"]), fontsize=8)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M:%S"))
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    fig.suptitle(
        "Gantry: GPU utilization and idle reclaim (data: idle-reclaim E2E, %s to %s UTC)"
        % (data["start"][11:19], data["end"][11:19]),
        fontsize=13,
        y=0.93,
    )
    fig.savefig(png_file, dpi=80, bbox_inches="tight")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
