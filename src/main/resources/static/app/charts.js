/*
 * Timeline charts of a run, drawn with uPlot: target against achieved rate, latency p50/p99 and,
 * optionally, failed and missed events per second, per signal. Used by the dashboard (fed live)
 * and inlined in run reports, so that both draw the same thing.
 */
(function (global) {
  'use strict';

  var COLORS = { logs: '#3366cc', metrics: '#1f9d55', traces: '#d9822b' };
  var LATENCY = { p50: true, p99: true };

  function Timeline() {
    this.rows = new Map();
  }

  Timeline.prototype.add = function (points) {
    for (var i = 0; i < points.length; i++) {
      var p = points[i];
      var row = this.rows.get(p.second);
      if (!row) {
        row = {};
        this.rows.set(p.second, row);
      }
      row[p.signal] = p;
    }
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
    var self = this;
    this.onResize = function () { self.resize(); };
    global.addEventListener('resize', this.onResize);
  }

  /** Adds timeline points ({second, signal, targetRate, sent, failed, missed, p50, p99}) and redraws. */
  TimelineCharts.prototype.add = function (points) {
    this.timeline.add(points);
    var timeline = this.timeline;
    this.charts.forEach(function (chart) { chart.draw(timeline); });
  };

  /** Seconds drawn so far. */
  TimelineCharts.prototype.size = function () {
    return this.timeline.rows.size;
  };

  TimelineCharts.prototype.resize = function () {
    var width = Math.max(320, (this.container.clientWidth || 800) - 16);
    this.charts.forEach(function (chart) { chart.plot.setSize({ width: width, height: 260 }); });
  };

  TimelineCharts.prototype.destroy = function () {
    global.removeEventListener('resize', this.onResize);
    this.charts.forEach(function (chart) { chart.plot.destroy(); });
    this.container.textContent = '';
  };

  /** The timeline points of one second that a progress event of the live stream describes. */
  function framePoints(frame) {
    if (frame.second == null || !frame.signals) {
      return [];
    }
    return Object.keys(frame.signals).map(function (signal) {
      var s = frame.signals[signal];
      return { second: frame.second, signal: signal, targetRate: s.targetRate, sent: s.achievedRate, p50: s.p50, p99: s.p99 };
    });
  }

  global.MonifluxCharts = { TimelineCharts: TimelineCharts, framePoints: framePoints, format: format };
})(window);
