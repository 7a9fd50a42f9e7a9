/*
 * Timeline charts of a run, drawn with uPlot: target against achieved rate, latency p50/p99 and,
 * optionally, failed and missed events per second, per signal; then one chart per metric of the
 * watched endpoints (points' `observed` series), each beside MoniFlux's sent rate. Used by the
 * dashboard (fed live) and inlined in run reports, so that both draw the same thing.
 */
(function (global) {
  'use strict';

  var COLORS = { logs: '#3366cc', metrics: '#1f9d55', traces: '#d9822b' };
  var LATENCY = { p50: true, p99: true };

  var PALETTE = ['#7b3fa0', '#c0392b', '#16a085', '#2c3e50', '#b7950b', '#e67e22', '#2980b9', '#8e44ad'];
  var UNITS = { PER_SECOND: '/s', CORES: 'cores', VALUE: '' };

  function Timeline() {
    this.rows = new Map();
    this.observed = new Map(); // second -> {series: value}
    this.units = {};
  }

  Timeline.prototype.add = function (points) {
    for (var i = 0; i < points.length; i++) {
      var p = points[i];
      var row = this.rows.get(p.second);
      if (!row) {
        row = {};
        this.rows.set(p.second, row);
      }
      if (p.signal) {
        row[p.signal] = p;
      }
      var observed = p.observed || [];
      if (observed.length) {
        var values = this.observed.get(p.second) || {};
        for (var j = 0; j < observed.length; j++) {
          values[observed[j].series] = observed[j].value;
          this.units[observed[j].series] = observed[j].unit;
        }
        this.observed.set(p.second, values);
      }
    }
  };

  /** The observed series by metric name: {name: [series...]}, sorted. */
  Timeline.prototype.observedNames = function () {
    var names = {};
    Object.keys(this.units).sort().forEach(function (series) {
      var brace = series.indexOf('{');
      var name = brace < 0 ? series : series.substring(0, brace);
      (names[name] = names[name] || []).push(series);
    });
    return names;
  };

  Timeline.prototype.observedColumn = function (seconds, series) {
    var observed = this.observed;
    return seconds.map(function (second) {
      var values = observed.get(second);
      return values && typeof values[series] === 'number' ? values[series] : null;
    });
  };

  /** MoniFlux's accepted events per second, all signals together. */
  Timeline.prototype.sentColumn = function (seconds) {
    var rows = this.rows;
    return seconds.map(function (second) {
      var row = rows.get(second);
      var total = null;
      Object.keys(row).forEach(function (signal) {
        if (typeof row[signal].sent === 'number') {
          total = (total || 0) + row[signal].sent;
        }
      });
      return total;
    });
  };

  Timeline.prototype.seconds = function () {
    return Array.from(this.rows.keys()).sort(function (a, b) { return a - b; });
  };

  Timeline.prototype.column = function (seconds, signal, field) {
    var rows = this.rows;
    return seconds.map(function (second) {
      var point = rows.get(second)[signal];
      if (!point || typeof point[field] !== 'number') {
        return null;
      }
      // a second without any response has no latency, rather than a latency of 0
      return LATENCY[field] && (point.sent || 0) + (point.failed || 0) === 0 ? null : point[field];
    });
  };

  function format(value) {
    if (value == null) {
      return '–';
    }
    return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en') : String(Math.round(value * 100) / 100);
  }

  function Chart(container, title, unit, signals, lines, width) {
    this.signals = signals;
    this.lines = lines;
    var series = [{ label: 'second' }];
    signals.forEach(function (signal) {
      lines.forEach(function (line) {
        series.push({
          label: signal + ' ' + line.label,
          stroke: COLORS[signal] || '#666',
          width: line.width || 2,
          dash: line.dash,
          value: function (u, v) { return format(v); },
          spanGaps: false
        });
      });
    });
    var element = document.createElement('div');
    element.className = 'mf-chart';
    element.setAttribute('data-chart', title);
    container.appendChild(element);
    this.plot = new global.uPlot({
      title: title,
      width: width,
      height: 260,
      scales: { x: { time: false } },
      axes: [{ label: 'second of the run', incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200] }, { label: unit, size: 70, values: function (u, vals) { return vals.map(format); } }],
      series: series
    }, this.empty(), element);
  }

  Chart.prototype.empty = function () {
    var data = [[]];
    for (var i = 0; i < this.signals.length * this.lines.length; i++) {
      data.push([]);
    }
    return data;
  };

  Chart.prototype.draw = function (timeline) {
    var seconds = timeline.seconds();
    var data = [seconds];
    var lines = this.lines;
    this.signals.forEach(function (signal) {
      lines.forEach(function (line) {
        data.push(timeline.column(seconds, signal, line.field));
      });
    });
    this.plot.setData(data);
  };

  /** One watched metric: a line per series, and MoniFlux's sent rate (dashed, on its own axis) beside them. */
  function ObservedChart(container, name, series, unit, width) {
    this.name = name;
    this.series = series;
    var lines = [{ label: 'second' }];
    series.forEach(function (one, i) {
      var brace = one.indexOf('{');
      lines.push({ label: brace < 0 ? one : one.substring(brace), stroke: PALETTE[i % PALETTE.length], width: 2,
        value: function (u, v) { return format(v); }, spanGaps: false });
    });
    lines.push({ label: 'MoniFlux sent/s', stroke: '#999', dash: [6, 4], width: 1.5, scale: 'sent',
      value: function (u, v) { return format(v); } });
    this.element = document.createElement('div');
    this.element.className = 'mf-chart';
    this.element.setAttribute('data-chart', 'observed ' + name);
    container.appendChild(this.element);
    this.plot = new global.uPlot({
      title: name + (unit ? ' (' + unit + ')' : ''),
      width: width,
      height: 260,
      scales: { x: { time: false } },
      axes: [{ label: 'second of the run', incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200] },
        { label: unit || 'value', size: 70, values: function (u, vals) { return vals.map(format); } },
        { scale: 'sent', side: 1, label: 'sent/s', size: 70, grid: { show: false }, values: function (u, vals) { return vals.map(format); } }],
      series: lines
    }, [[]].concat(series.map(function () { return []; })).concat([[]]), this.element);
  }

  ObservedChart.prototype.draw = function (timeline, seconds) {
    var data = [seconds];
    this.series.forEach(function (one) { data.push(timeline.observedColumn(seconds, one)); });
    data.push(timeline.sentColumn(seconds));
    this.plot.setData(data);
  };

  ObservedChart.prototype.destroy = function () {
    this.plot.destroy();
    this.element.remove();
  };

  /**
   * Charts of one run in {@code container} for the given signals (logs, metrics, traces).
   * options.loss adds a chart of failed and missed events per second.
   */
  function TimelineCharts(container, signals, options) {
    options = options || {};
    this.container = container;
    this.timeline = new Timeline();
    var width = Math.max(320, (container.clientWidth || 800) - 16);
    this.charts = [
      new Chart(container, 'Rate: target (dashed) and achieved', 'events/s', signals, [
        { field: 'targetRate', label: 'target', dash: [6, 4], width: 1.5 },
        { field: 'sent', label: 'achieved' }
      ], width),
      new Chart(container, 'Latency p50 (thin) and p99', 'ms', signals, [
        { field: 'p50', label: 'p50', width: 1 },
        { field: 'p99', label: 'p99' }
      ], width)
    ];
    if (options.loss) {
      this.charts.push(new Chart(container, 'Failed and missed (dashed) events per second', 'events', signals, [
        { field: 'failed', label: 'failed' },
        { field: 'missed', label: 'missed', dash: [6, 4] }
      ], width));
    }
    this.observedCharts = new Map(); // metric name -> ObservedChart
    var self = this;
    this.onResize = function () { self.resize(); };
    global.addEventListener('resize', this.onResize);
  }

  /**
   * Adds timeline points ({second, signal, targetRate, sent, failed, missed, p50, p99, observed}) and
   * redraws; a watched metric gets its chart when its first value comes, and a new series of it redraws it.
   */
  TimelineCharts.prototype.add = function (points) {
    this.timeline.add(points);
    var timeline = this.timeline;
    this.charts.forEach(function (chart) { chart.draw(timeline); });
    var seconds = timeline.seconds();
    var names = timeline.observedNames();
    var width = Math.max(320, (this.container.clientWidth || 800) - 16);
    var self = this;
    Object.keys(names).forEach(function (name) {
      var chart = self.observedCharts.get(name);
      if (chart && chart.series.join('\n') !== names[name].join('\n')) {
        chart.destroy();
        chart = null;
      }
      if (!chart) {
        chart = new ObservedChart(self.container, name, names[name], UNITS[timeline.units[names[name][0]]], width);
        self.observedCharts.set(name, chart);
      }
      chart.draw(timeline, seconds);
    });
  };

  /** Watched metrics charted so far. */
  TimelineCharts.prototype.observedSize = function () {
    return this.observedCharts.size;
  };

  /** Seconds drawn so far. */
  TimelineCharts.prototype.size = function () {
    return this.timeline.rows.size;
  };

  TimelineCharts.prototype.resize = function () {
    var width = Math.max(320, (this.container.clientWidth || 800) - 16);
    this.charts.forEach(function (chart) { chart.plot.setSize({ width: width, height: 260 }); });
    this.observedCharts.forEach(function (chart) { chart.plot.setSize({ width: width, height: 260 }); });
  };

  TimelineCharts.prototype.destroy = function () {
    global.removeEventListener('resize', this.onResize);
    this.charts.forEach(function (chart) { chart.plot.destroy(); });
    this.observedCharts.forEach(function (chart) { chart.plot.destroy(); });
    this.container.textContent = '';
  };

  /** The timeline points of one second that a progress event of the live stream describes. */
  function framePoints(frame) {
    if (frame.second == null || !frame.signals) {
      return [];
    }
    var points = Object.keys(frame.signals).map(function (signal) {
      var s = frame.signals[signal];
      return { second: frame.second, signal: signal, targetRate: s.targetRate, sent: s.achievedRate, p50: s.p50, p99: s.p99 };
    });
    if (frame.observed && frame.observed.length) {
      points.push({ second: frame.second, observed: frame.observed });
    }
    return points;
  }

  global.MonifluxCharts = { TimelineCharts: TimelineCharts, framePoints: framePoints, format: format };
})(window);
