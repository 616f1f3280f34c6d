"""The dataset card's pictures: static PNG images drawn with matplotlib's Agg renderer.

No pyplot: each picture is its own Figure on an Agg canvas, so drawing keeps no global state
and needs no display. matplotlib is imported inside the functions, since it takes a second and
the code location loads this module.
"""

import io

import numpy as np
import pandas as pd

WIDTH_INCHES = 9
DOTS_PER_INCH = 100
# Beyond this many bars, only every n-th bar is labelled, so the labels do not overlap.
LABELLED_BARS = 24


def _png(figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    figure.tight_layout()
    buffer = io.BytesIO()
    # No Software key: the picture is the same whatever matplotlib build drew it.
    figure.savefig(buffer, format="png", dpi=DOTS_PER_INCH, metadata={"Software": None})
    return buffer.getvalue()


def ranked_bars_png(counts: pd.Series, title: str, value_label: str) -> bytes:
    """Horizontal bars of `counts` (label -> number), the largest on top."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, 1.2 + 0.28 * len(counts)))
    axes = figure.subplots()
    axes.barh([str(label) for label in counts.index[::-1]], counts.to_numpy()[::-1], color="#3b6ea8")
    axes.set_title(title, loc="left")
    axes.set_xlabel(value_label)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def stacked_bars_png(counts: pd.DataFrame, title: str, category_label: str, value_label: str) -> bytes:
    """Vertical bars, one per row of `counts`, stacked by its columns (one colour each)."""
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, 4.5))
    axes = figure.subplots()
    palette = colormaps["tab10" if len(counts.columns) <= 10 else "tab20"]
    labels = [str(label) for label in counts.index]
    positions = np.arange(len(labels))
    bottom = np.zeros(len(labels))
    for number, column in enumerate(counts.columns):
        heights = counts[column].to_numpy()
        # Only the bars of some height: a day's grid of types is mostly zeros, and each
        # bar is an artist that costs its time to place and to draw, seen or not.
        drawn = heights > 0
        axes.bar(positions[drawn], heights[drawn], bottom=bottom[drawn], label=str(column), color=palette(number % palette.N))
        bottom += heights
    axes.set_title(title, loc="left")
    axes.set_xlabel(category_label)
    axes.set_ylabel(value_label)
    axes.yaxis.get_major_locator().set_params(integer=True)
    step = -(-len(labels) // LABELLED_BARS)
    axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=60, horizontalalignment="right")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _png(figure)
