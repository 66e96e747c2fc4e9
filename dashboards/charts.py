"""Dashboard charts: one `Chart` holds the numbers, and the Plotly figure, the HTML table
and the CSV/XLSX downloads are all made from those same numbers.

The figure is built with plotly.graph_objects and handed to the page as JSON
(`json_script`); static/js/charts.js draws it with the page's locale.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.values import BOOLEAN, format_figure, format_fixed, with_unit
from dashboards.downloads import csv_download, xlsx_download

_FONT = '"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",system-ui,sans-serif'
_COLORS = ["#0b5c8e", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"]
_TARGET_COLOR = "#b3261e"

PROVISIONAL = "provisional"
PROJECTION = "projection"


@dataclass(frozen=True)
class Mark:
    """A figure's mark: one symbol for one meaning, explained in a legend wherever it shows.

    A provisional figure and a projection used to share `*`; a reader could not tell an
    unapproved report from an estimate. † is the footnote dagger; ≈ says "about" in Chinese
    and English alike."""

    code: str
    symbol: str
    label: str

    @property
    def text(self):
        return f"{self.symbol} {self.label}"


MARKS = (
    Mark(PROVISIONAL, "†", gettext_lazy("provisional: submitted, not yet approved")),
    Mark(PROJECTION, "≈", gettext_lazy("projection: estimated, not a reported figure")),
)


def marks_of(note):
    """The marks of a note (a tuple or set of codes, as note_of gives), in legend order."""
    return [mark for mark in MARKS if mark.code in (note or ())]


def note_label(note):
    """ "† provisional: …" for the hover label, the table's screen-reader text and downloads."""
    return "; ".join(mark.text for mark in marks_of(note))


# The chart tells the marks apart too: an unapproved figure is hatched (bars) or an open
# circle (lines); a projection is dotted (bars) or an open diamond (lines).
_BAR_PATTERNS = {
    frozenset(): "",
    frozenset({PROVISIONAL}): "/",
    frozenset({PROJECTION}): ".",
    frozenset({PROVISIONAL, PROJECTION}): "x",
}
_LINE_SYMBOLS = {
    frozenset(): "circle",
    frozenset({PROVISIONAL}): "circle-open",
    frozenset({PROJECTION}): "diamond-open",
    frozenset({PROVISIONAL, PROJECTION}): "diamond-open-dot",
}


def rounded(value, places=2):
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Point:
    x: str
    value: Decimal | None
    note: tuple = ()  # codes of its marks: PROVISIONAL, PROJECTION or both (see note_of)
    hover: str = ""  # more for the hover label, e.g. the 同比 beside a quarter's figure


@dataclass
class Series:
    """kind: "bar" or "line", else the chart's. A series with plotted=False is only in the
    table and the downloads (a growth rate in % beside figures in 亿元); unit and places,
    when given, are the series' own; signed writes "+5.2"."""

    name: str
    points: list[Point] = field(default_factory=list)
    kind: str | None = None
    plotted: bool = True
    unit: str | None = None
    places: int | None = None
    signed: bool = False


@dataclass
class TargetLine:
    value: Decimal
    label: str  # the full sentence, shown above the chart
    short: str = ""  # written on the chart beside the line, where a sentence would not fit


@dataclass
class ChartLink:
    """A link under the chart's caption, e.g. to the page with every park when the chart
    shows some of them."""

    url: str
    text: str


@dataclass
class Chart:
    """kind: "bar" (one bar per x; horizontal=True puts categories on the y axis) or "line"."""

    id: str
    title: str
    unit: str
    x_title: str
    y_title: str
    series: list[Series]
    kind: str = "bar"
    horizontal: bool = False
    target_lines: list[TargetLine] = field(default_factory=list)
    caption: str = ""
    places: int = 2
    static: bool = False
    yes_no: bool = False  # a yes/no indicator: 1 and 0 are shown as Yes and No
    link: ChartLink | None = None

    def value_text(self, value, series=None):
        """A value as the table, the hover label and the downloads show it."""
        if series is not None and series.signed:
            return f"{value:+f}"
        if self.yes_no:
            return format_figure(value, BOOLEAN)
        # Every row of a column with the same decimals (449.50 under 134.73), as the hover shows.
        return format_fixed(value, self.places if series is None else self.places_of(series))

    def unit_of(self, series):
        return self.unit if series.unit is None else series.unit

    def places_of(self, series):
        return self.places if series.places is None else series.places

    def series_label(self, series):
        """The series' name, with its unit when it is not the chart's."""
        return series.name if series.unit is None else with_unit(series.name, series.unit)

    def download_label(self, series):
        """In a download of mixed units every series names its unit: the value column
        cannot."""
        if not self.mixed_units:
            return series.name
        return with_unit(series.name, self.unit_of(series))

    @property
    def plotted(self):
        return [series for series in self.series if series.plotted]

    @property
    def mixed_units(self):
        return any(series.unit is not None for series in self.series)

    @property
    def dom_id(self):
        return f"figure-{self.id}"

    @property
    def table_caption(self):
        return with_unit(self.title, self.unit)

    @property
    def has_data(self):
        return any(point.value is not None for s in self.series for point in s.points)

    @property
    def marks(self):
        """The marks any plotted point carries: the chart's legend explains just these."""
        return marks_of(
            {code for s in self.series for p in s.points if p.value is not None for code in p.note}
        )

    # -- the numbers ---------------------------------------------------------------------

    def rows(self):
        """(series, x, value, note) for every plotted point: the download's rows."""
        return [
            (series, point.x, rounded(point.value, self.places_of(series)), point.note)
            for series in self.series
            for point in series.points
            if point.value is not None
        ]

    def columns(self):
        # Series of their own units say it in their name (rows()/series_label).
        value = _("Value") if self.mixed_units else with_unit(self.y_title, self.unit)
        return [_("Series"), self.x_title, value, _("Note")]

    def categories(self):
        """Every x of every series, in the order they first appear."""
        xs = []
        for series in self.series:
            for point in series.points:
                if point.x not in xs:
                    xs.append(point.x)
        return xs

    def table(self):
        """The plain table beside the chart: x down the side, one column per series."""
        xs = self.categories()
        cells = {(series.name, point.x): point for series in self.series for point in series.points}
        body = []
        for x in xs:
            row = []
            for series in self.series:
                point = cells.get((series.name, x))
                value = rounded(point.value, self.places_of(series)) if point else None
                note = point.note if point and value is not None else ()
                row.append(
                    {
                        "text": self.value_text(value, series) if value is not None else "–",
                        "marks": marks_of(note),
                        "classes": " ".join(f"note-{code}" for code in note),
                    }
                )
            body.append((x, row))
        return {"header": [self.series_label(series) for series in self.series], "body": body}

    # -- the figure ----------------------------------------------------------------------

    def figure(self):
        """The figure as the JSON-ready dict plotly.js draws (the `to_plotly_json()` form).

        Written as plain data because building a plotly.graph_objects Figure and turning it
        back into JSON (validation, deep copies, array scans) took ~20 ms a chart on every
        page view; `graph_object()` gives the validated Figure, and the tests check every
        page's figures through it."""
        traces = [self._trace(index, series) for index, series in enumerate(self.plotted)]
        layout = self._layout()
        if len(self.plotted) > 1 and not self.horizontal:
            # Series with gaps (a quarter without a single-quarter figure) keep the x order.
            layout["xaxis"].update(categoryorder="array", categoryarray=self.categories())
        if self.target_lines:
            layout["shapes"] = [self._target_shape(line) for line in self.target_lines]
            layout["annotations"] = [self._target_annotation(line) for line in self.target_lines]
            # Keep the line in view even when every bar is far below it.
            highest = max(
                [float(p.value) for s in self.plotted for p in s.points if p.value is not None]
                + [float(line.value) for line in self.target_lines]
            )
            axis = layout["xaxis"] if self.horizontal else layout["yaxis"]
            axis["range"] = [0, highest * 1.1 or 1]
        return {"data": traces, "layout": layout}

    def graph_object(self):
        """The figure as a validated plotly.graph_objects.Figure (raises on a bad property)."""
        return go.Figure(self.figure())

    def _trace(self, index, series):
        points = [point for point in series.points if point.value is not None]
        xs = [point.x for point in points]
        places = self.places_of(series)
        ys = [float(rounded(point.value, places)) for point in points]
        notes = [
            "".join(f" · {text}" for text in (point.hover, note_label(point.note)) if text)
            for point in points
        ]
        color = _COLORS[index % len(_COLORS)]
        number = f"%{{{'x' if self.horizontal else 'y'}:,.{places}f}}"
        if self.yes_no:
            number = "%{hovertext}"
        category = "%{y}" if self.horizontal else "%{x}"
        unit = self.unit_of(series)
        hover = f"{category}<br>{number} {unit}%{{customdata}}<extra>{series.name}</extra>"
        if (series.kind or self.kind) == "line":
            return {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "name": series.name,
                "mode": "lines+markers",
                "customdata": notes,
                "hovertemplate": hover,
                **self._hover_texts(points),
                "line": {"color": color},
                "marker": {
                    "color": color,
                    "size": 7,
                    "symbol": [_LINE_SYMBOLS[frozenset(p.note)] for p in points],
                },
            }
        return {
            "type": "bar",
            "x": ys if self.horizontal else xs,
            "y": xs if self.horizontal else ys,
            "orientation": "h" if self.horizontal else "v",
            "name": series.name,
            "customdata": notes,
            "hovertemplate": hover,
            **self._hover_texts(points),
            "marker": {
                "color": color,
                "pattern": {"shape": [_BAR_PATTERNS[frozenset(p.note)] for p in points]},
            },
        }

    def _hover_texts(self, points):
        if not self.yes_no:
            return {}
        return {"hovertext": [self.value_text(point.value) for point in points]}

    def _layout(self):
        categories = max((len(s.points) for s in self.series), default=0)
        height = max(260, 90 + 26 * categories) if self.horizontal else 340
        if self.static:
            height = 170  # the briefing's chart: one A4 page holds it below the scorecard
        value_axis = {
            "title": {"text": with_unit(self.y_title, self.unit)},
            "rangemode": "tozero",
            "gridcolor": "#e5e9ee",
            "zeroline": True,
        }
        if self.yes_no:
            value_axis.update(tickmode="array", tickvals=[0, 1], ticktext=[_("No"), _("Yes")])
        category_axis = {"title": {"text": self.x_title}, "automargin": True, "type": "category"}
        if self.horizontal:
            category_axis["autorange"] = "reversed"
        # At the foot of the whole figure, below the axis title rather than over it.
        legend = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"}
        margin = {"l": 60, "r": 20, "t": 30, "b": 50}
        if self.static:
            # The printed briefing: the legend beside the bars, no caption under the years.
            legend = {"orientation": "v", "x": 1.02, "y": 1, "xanchor": "left", "yanchor": "top"}
            margin = {"l": 50, "r": 10, "t": 10, "b": 10}
            category_axis["title"] = {"text": ""}
        return {
            "height": height,
            "margin": margin,
            "font": {"family": _FONT, "size": 12},
            "separators": ".,",
            "barmode": "group",
            "showlegend": len(self.plotted) > 1,
            "legend": legend,
            "hoverlabel": {"font": {"family": _FONT}},
            "xaxis": value_axis if self.horizontal else category_axis,
            "yaxis": category_axis if self.horizontal else value_axis,
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
        }

    def _target_shape(self, line):
        value = float(line.value)
        shape = {"type": "line", "line": {"color": _TARGET_COLOR, "width": 2, "dash": "dash"}}
        if self.horizontal:
            return {
                **shape,
                "x0": value,
                "x1": value,
                "y0": 0,
                "y1": 1,
                "xref": "x",
                "yref": "paper",
            }
        return {**shape, "x0": 0, "x1": 1, "y0": value, "y1": value, "xref": "paper", "yref": "y"}

    def _target_annotation(self, line):
        value = float(line.value)
        note = {
            "text": line.short or line.label,
            "showarrow": False,
            "font": {"color": _TARGET_COLOR},
        }
        if self.horizontal:
            # Left of the line: the line often sits near the right edge (100 %).
            return {
                **note,
                "x": value,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "xanchor": "right",
                "yanchor": "bottom",
            }
        return {
            **note,
            "x": 1,
            "y": value,
            "xref": "paper",
            "yref": "y",
            "xanchor": "right",
            "yanchor": "bottom",
        }

    # -- downloads -------------------------------------------------------------------------

    def csv_response(self):
        rows = [
            [self.download_label(series), x, self.value_text(value, series), note_label(note)]
            for series, x, value, note in self.rows()
        ]
        return csv_download(self.id, self.columns(), rows)

    def xlsx_response(self):
        rows = [
            [
                self.download_label(series),
                x,
                self.value_text(value) if self.yes_no else value,
                note_label(note),
            ]
            for series, x, value, note in self.rows()
        ]
        return xlsx_download(self.id, self.columns(), rows)


DOWNLOAD_FORMATS = {"csv": Chart.csv_response, "xlsx": Chart.xlsx_response}
