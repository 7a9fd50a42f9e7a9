/*
 * The MoniFlux dashboard: the REST API and the live progress stream, driven from one page. Every
 * request carries the API token entered once (kept in this browser's local storage); nothing here
 * writes HTML from data, only text.
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'moniflux.token';
  var PAGE_SIZE = 25;
  var SIGNALS = ['logs', 'metrics', 'traces'];
  var RATE_FIELDS = { logs: 'logRate', metrics: 'metricsRate', traces: 'traceRate' };

  var state = { page: 0, total: 0, tests: [], selected: null, detail: null, stream: null, charts: null, types: [], compare: [] };

  function $(id) { return document.getElementById(id); }

  /** An element with attributes, properties (on...) and children (strings become text). */
  function h(tag, attributes) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value == null || value === false) {
        return;
      }
      if (name.indexOf('on') === 0) {
        element.addEventListener(name.substring(2), value);
      } else {
        element.setAttribute(name, value === true ? '' : value);
      }
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child == null) {
        continue;
      }
      element.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function clear(element) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
    return element;
  }

  function token() { return localStorage.getItem(TOKEN_KEY); }

  // ---- messages -------------------------------------------------------------------------------

  function say(text, error, details) {
    var list = details && details.length ? h('ul', null) : null;
    (details || []).forEach(function (d) { list.appendChild(h('li', null, d)); });
    var message = h('div', { class: 'message' + (error ? ' error' : ''), 'data-test': error ? 'error' : 'info' }, text, list);
    message.addEventListener('click', function () { message.remove(); });
    $('messages').appendChild(message);
    setTimeout(function () { message.remove(); }, error ? 9000 : 4000);
  }

  // ---- API ------------------------------------------------------------------------------------

  function ApiError(status, problem) {
    this.status = status;
    this.problem = problem || {};
    this.message = (problem && (problem.detail || problem.title)) || ('HTTP ' + status);
  }

  function api(method, path, body, accept) {
    var headers = { Authorization: 'Bearer ' + token(), Accept: accept || 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        if (response.status === 401) {
          signOut('The token was refused; enter a valid one.');
          throw new ApiError(401, null);
        }
        if (!response.ok) {
          return response.text().then(function (text) {
            var problem = null;
            try { problem = JSON.parse(text); } catch (ignored) { /* not a problem document */ }
            throw new ApiError(response.status, problem);
          });
        }
        if (accept && accept !== 'application/json') {
          return response.text();
        }
        return response.status === 204 ? null : response.json().then(function (data) {
          return { data: data, total: response.headers.get('X-Total-Count') };
        });
      });
  }

  function failed(what) {
    return function (error) {
      if (error instanceof ApiError) {
        if (error.status !== 401) {
          var details = (error.problem.errors || []).map(function (e) { return (e.field ? e.field + ': ' : '') + e.message; });
          say(what + ': ' + error.message, true, details);
        }
      } else {
        say(what + ': ' + error, true);
      }
    };
  }

  // ---- sign in --------------------------------------------------------------------------------

  function signOut(reason) {
    localStorage.removeItem(TOKEN_KEY);
    closeStream();
    $('app').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    $('whoami').textContent = '';
    if (reason) {
      say(reason, true);
    }
  }

  function signedIn() {
    $('sign-in').hidden = true;
    $('app').hidden = false;
    $('sign-out').hidden = false;
    $('whoami').textContent = 'token …' + token().slice(-4);
    loadTypes();
    refreshList();
  }

  // ---- tests list -----------------------------------------------------------------------------

  function listQuery() {
    var query = '?page=' + state.page + '&size=' + PAGE_SIZE;
    if ($('filter-status').value) {
      query += '&status=' + encodeURIComponent($('filter-status').value);
    }
    if ($('filter-user').value.trim()) {
      query += '&userID=' + encodeURIComponent($('filter-user').value.trim());
    }
    // filtered by the server, so that every page is searched, not only the one loaded
    if ($('filter-text').value.trim()) {
      query += '&idContains=' + encodeURIComponent($('filter-text').value.trim());
    }
    return query;
  }

  function refreshList() {
    if (!token()) {
      return Promise.resolve();
    }
    return api('GET', '/tests' + listQuery()).then(function (result) {
      state.tests = result.data;
      state.total = Number(result.total || result.data.length);
      renderList();
    }).catch(failed('Listing tests failed'));
  }

  function renderList() {
    var body = clear($('tests'));
    state.tests.forEach(function (t) {
      var destination = t.destination ? (t.destination.type || 'http') + ' ' + (t.destination.endpoint || '') : '';
      var row = h('tr', { 'data-test-id': t.testID, class: state.selected === t.testID ? 'selected' : null },
        h('td', null, h('button', { type: 'button', class: 'link', onclick: function () { select(t.testID); } }, t.testID)),
        h('td', null, t.userID || ''),
        h('td', null, statusBadge(t.status)),
        h('td', { class: 'num' }, number(t.logRate)),
        h('td', { class: 'num' }, number(t.metricsRate)),
        h('td', { class: 'num' }, number(t.traceRate)),
        h('td', { class: 'num' }, t.duration + ' s'),
        h('td', null, destination),
        h('td', { class: 'num' }, t.runCount || 0),
        h('td', null, actionButtons(t)));
      body.appendChild(row);
    });
    var pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
    $('total').textContent = '(' + state.total + ')';
    $('page').textContent = 'page ' + (state.page + 1) + ' of ' + pages;
    $('prev').disabled = state.page === 0;
    $('next').disabled = state.page + 1 >= pages;
  }

  function statusBadge(status) {
    return h('span', { class: 'status status-' + status, 'data-status': status }, status);
  }

  function number(value) {
    return value == null ? '' : MonifluxCharts.format(value);
  }

  function actionButtons(t) {
    var buttons = h('span', { class: 'buttons' });
    var running = t.status === 'Running';
    if (!running) {
      buttons.appendChild(h('button', { type: 'button', 'data-action': 'start', onclick: function () { start(t.testID); } }, 'Start'));
    }
    if (running || t.status === 'Scheduled') {
      buttons.appendChild(h('button', { type: 'button', class: 'danger', 'data-action': 'cancel', onclick: function () { cancel(t.testID); } }, 'Cancel'));
    }
    if (running || t.runCount > 0) {
      buttons.appendChild(h('button', { type: 'button', class: 'secondary', 'data-action': 'restart', onclick: function () { restart(t.testID); } }, 'Restart'));
    }
    buttons.appendChild(h('button', { type: 'button', class: 'secondary', 'data-action': 'edit', onclick: function () { edit(t); } }, 'Edit'));
    if (!running && t.status !== 'Scheduled') {
      buttons.appendChild(h('button', { type: 'button', class: 'danger', 'data-action': 'delete', onclick: function () { remove(t.testID); } }, 'Delete'));
    }
    return buttons;
  }

  // ---- lifecycle actions ----------------------------------------------------------------------

  function after(what, testID) {
    return function () {
      say(what + ' ' + testID);
      return refreshList().then(function () { return select(testID); });
    };
  }

  function start(testID) {
    return api('POST', '/start-test', { testID: testID }).then(after('Started', testID)).catch(failed('Starting failed'));
  }

  function cancel(testID) {
    return api('POST', '/cancel-test', { testID: testID }).then(after('Cancelled', testID)).catch(failed('Cancelling failed'));
  }

  // deleting drops the test's runs and timelines too, so it asks first
  function remove(testID) {
    if (!window.confirm('Delete test ' + testID + ' with all its runs and results?')) {
      return Promise.resolve();
    }
    return api('DELETE', '/tests/' + encodeURIComponent(testID)).then(function () {
      say('Deleted ' + testID);
      if (state.selected === testID) {
        closeDetail();
      }
      return refreshList();
    }).catch(failed('Deleting failed'));
  }

  function restart(testID) {
    return api('POST', '/restart-test', { testID: testID }).then(after('Restarted', testID)).catch(failed('Restarting failed'));
  }

  // ---- editor ---------------------------------------------------------------------------------

  function loadTypes() {
    api('GET', '/destination-types').then(function (result) {
      state.types = result.data;
      var select = clear($('f-type'));
      state.types.forEach(function (type) {
        select.appendChild(h('option', { value: type.type }, type.type + ' (' + type.signals.join(', ') + ')'));
      });
      select.value = 'otlp-http';
      if (!select.value) {
        select.value = 'http';
      }
    }).catch(failed('Loading destination types failed'));
  }

  // fields the form has no inputs for: shown and edited as JSON in "More settings"
  var EXTRA_FIELDS = ['thresholds', 'capacity', 'verify', 'webhook', 'stages', 'payload', 'maxInFlight'];

  function edit(test) {
    var form = $('test-form');
    form.reset();
    state.editing = test || null;
    $('editor').hidden = false;
    $('editor-title').textContent = test ? 'Edit ' + test.testID : 'New test';
    if (test) {
      $('f-testID').value = test.testID;
      ['duration', 'logRate', 'logSize', 'metricsRate', 'traceRate', 'workers', 'batchSize'].forEach(function (name) {
        if (test[name] != null) {
          $('f-' + name).value = test[name];
        }
      });
      if (test.logType) {
        $('f-logType').value = test.logType;
      }
      if (test.destination) {
        $('f-type').value = test.destination.type || 'http';
        $('f-endpoint').value = test.destination.endpoint || '';
        $('f-apiKey').placeholder = test.destination.apiKey ? 'kept unless you type a new one' : 'none';
      }
      var extra = {};
      EXTRA_FIELDS.forEach(function (name) {
        if (test[name] != null && !(Array.isArray(test[name]) && test[name].length === 0)
            && !(typeof test[name] === 'object' && Object.keys(test[name]).length === 0)) {
          extra[name] = test[name];
        }
      });
      $('f-extra').value = Object.keys(extra).length ? JSON.stringify(extra, null, 2) : '';
    }
    $('editor').scrollIntoView({ behavior: 'smooth' });
  }

  /** The request body from the form; null (and a message said) when "More settings" is not a JSON object. */
  function formBody() {
    // editing: the stored destination comes back whole (its secrets as "****", which the service keeps), so
    // options the form does not show (headers, tenant, TLS...) are not lost; a new type starts afresh
    var stored = state.editing && state.editing.destination;
    var destination = stored && (stored.type || 'http') === $('f-type').value ? JSON.parse(JSON.stringify(stored)) : {};
    destination.type = $('f-type').value;
    var endpoint = $('f-endpoint').value.trim();
    if (destination.endpoint !== endpoint) {
      delete destination.port; // a new address is typed whole
    }
    destination.endpoint = endpoint;
    var body = { destination: destination };
    if ($('f-testID').value.trim()) {
      body.testID = $('f-testID').value.trim();
    }
    ['duration', 'logSize', 'workers', 'batchSize'].forEach(function (name) {
      var value = $('f-' + name).value;
      if (value !== '') {
        body[name] = parseInt(value, 10);
      }
    });
    ['logRate', 'metricsRate', 'traceRate'].forEach(function (name) {
      var value = $('f-' + name).value;
      if (value !== '') {
        body[name] = Number(value);
      }
    });
    body.logType = $('f-logType').value;
    if ($('f-apiKey').value) {
      body.destination.apiKey = $('f-apiKey').value;
    }
    var text = $('f-extra').value.trim();
    if (text) {
      var extra;
      try {
        extra = JSON.parse(text);
      } catch (e) {
        say('More settings is not valid JSON: ' + e.message, true);
        return null;
      }
      if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
        say('More settings must be a JSON object, such as {"verify": {"settle": 10}}', true);
        return null;
      }
      Object.keys(extra).forEach(function (name) {
        if (name === 'destination' && extra.destination && typeof extra.destination === 'object') {
          Object.assign(body.destination, extra.destination);
        } else {
          body[name] = extra[name];
        }
      });
    }
    return body;
  }

  function submitTest(event) {
    event.preventDefault();
    var action = event.submitter ? event.submitter.getAttribute('data-action') : 'start';
    var body = formBody();
    if (!body) {
      return;
    }
    var path = action === 'create' ? '/create-test' : action === 'schedule' ? '/schedule-test' : '/start-test';
    if (action === 'schedule') {
      var at = $('f-at').value;
      var cron = $('f-cron').value.trim();
      if (!at && !cron) {
        say('Give a time or a cron expression to schedule the test', true);
        return;
      }
      if (at) {
        body.schedule = new Date(at).toISOString();
      }
      if (cron) {
        body.cron = cron;
      }
      if ($('f-timeZone').value.trim()) {
        body.timeZone = $('f-timeZone').value.trim();
      }
    }
    api('POST', path, body).then(function (result) {
      var testID = result.data.testID;
      $('editor').hidden = true;
      after(action === 'create' ? 'Created' : action === 'schedule' ? 'Scheduled' : 'Started', testID)();
    }).catch(failed(action === 'create' ? 'Creating failed' : action === 'schedule' ? 'Scheduling failed' : 'Starting failed'));
  }

  // ---- one test -------------------------------------------------------------------------------

  function select(testID) {
    state.selected = testID;
    renderList();
    return api('GET', '/tests/' + encodeURIComponent(testID)).then(function (result) {
      state.detail = result.data;
      renderDetail();
      // the detail panel sits below the list: bring it, and the live chart of a run just started, into view
      var panel = $('detail');
      // at once, not smoothly: a panel still moving under the pointer takes clicks meant for its buttons
      if (panel.scrollIntoView && panel.getBoundingClientRect().top > window.innerHeight * 0.5) {
        panel.scrollIntoView({ behavior: 'auto', block: 'start' });
      }
    }).catch(failed('Loading ' + testID + ' failed'));
  }

  function renderDetail() {
    var t = state.detail;
    $('detail').hidden = false;
    $('d-testID').textContent = t.testID;
    var status = $('d-status');
    status.textContent = t.status;
    status.className = 'status status-' + t.status;
    status.setAttribute('data-status', t.status);
    var destination = t.destination ? (t.destination.type || 'http') + ' → ' + (t.destination.endpoint || '') : '';
    $('d-summary').textContent = [
      t.logRate ? number(t.logRate) + ' logs/s of ' + t.logSize + ' B' : null,
      t.metricsRate ? number(t.metricsRate) + ' metric points/s' : null,
      t.traceRate ? number(t.traceRate) + ' spans/s' : null,
      t.duration + ' s', (t.workers || 1) + ' worker(s)', destination,
      t.schedule ? 'next at ' + t.schedule : null, t.cron ? 'cron ' + t.cron + ' ' + (t.timeZone || 'UTC') : null,
      t.thresholds && t.thresholds.length ? t.thresholds.length + ' threshold(s)' : null,
      t.capacity ? 'capacity search of ' + t.capacity.signal : null,
      t.verify ? 'verified after the run' : null, t.webhook ? 'webhook' : null
    ].filter(Boolean).join(' · ');
    $('d-reason').textContent = t.statusReason || '';
    var actions = clear($('d-actions'));
    actions.appendChild(actionButtons(t));
    actions.appendChild(h('button', { type: 'button', class: 'link', onclick: closeDetail }, 'close'));
    renderRates(t);
    renderRuns(t.runs || []);
    if (t.status === 'Running' || t.status === 'Scheduled' || t.status === 'Pending') {
      openStream(t);
    } else {
      // the chart of the run that just ended stays up, with its final numbers; anything else goes
      var last = (t.runs || [])[0];
      var keep = !!(state.charts && last && state.charts.runID === last.runID);
      closeStream(keep);
      $('live').hidden = !keep;
      if (keep) {
        $('live-state').textContent = 'run ' + last.number + ' ended: ' + last.status + (last.endReason ? ' (' + last.endReason + ')' : '');
        completeChart(t.testID, last.runID);
      }
    }
  }

  /** The chart of a run that ended gets every second of it, its last one included. */
  function completeChart(testID, runID) {
    var charts = state.charts;
    if (!charts || charts.runID !== runID) {
      return;
    }
    api('GET', '/tests/' + encodeURIComponent(testID) + '/runs/' + encodeURIComponent(runID) + '/timeline')
      .then(function (result) {
        if (state.charts === charts) {
          charts.add(result.data);
          $('live-charts').setAttribute('data-seconds', String(charts.size()));
        }
      })
      .catch(failed('Loading the timeline failed'));
  }

  function closeDetail() {
    closeStream();
    state.selected = null;
    state.detail = null;
    $('detail').hidden = true;
    renderList();
  }

  function renderRates(t) {
    var form = $('rates-form');
    form.hidden = t.status !== 'Running';
    var rates = (t.progress && t.progress.rates) || {};
    SIGNALS.forEach(function (signal) {
      var input = $('r-' + RATE_FIELDS[signal]);
      input.value = rates[signal] != null ? rates[signal] : t[RATE_FIELDS[signal]];
      input.disabled = !(t[RATE_FIELDS[signal]] > 0);
    });
  }

  function changeRates(event) {
    event.preventDefault();
    var t = state.detail;
    var body = {};
    SIGNALS.forEach(function (signal) {
      var input = $('r-' + RATE_FIELDS[signal]);
      if (!input.disabled && input.value !== '') {
        body[RATE_FIELDS[signal]] = Number(input.value);
      }
    });
    api('PATCH', '/tests/' + encodeURIComponent(t.testID) + '/rates', body)
      .then(function () { say('Rates changed; the run applies them within a second'); })
      .catch(failed('Changing rates failed'));
  }

  function renderRuns(runs) {
    var body = clear($('runs'));
    runs.forEach(function (run) {
      var totals = run.totals || {};
      var sum = function (field) {
        return Object.keys(totals).reduce(function (total, signal) { return total + (totals[signal][field] || 0); }, 0);
      };
      body.appendChild(h('tr', { 'data-run-id': run.runID },
        h('td', null, run.number),
        h('td', null, statusBadge(run.status)),
        h('td', null, when(run.startedAt)),
        h('td', null, when(run.endedAt)),
        h('td', { class: 'num' }, sum('sent').toLocaleString('en')),
        h('td', { class: 'num' }, sum('failed').toLocaleString('en')),
        h('td', { class: 'num' }, sum('missed').toLocaleString('en')),
        h('td', null, run.endReason || ''),
        h('td', null,
          h('button', { type: 'button', class: 'link', 'data-action': 'report', onclick: function () { openReport(run.runID); } }, 'open'),
          h('button', { type: 'button', class: 'link', 'data-action': 'report-html', onclick: function () { download(run.runID, 'html'); } }, 'html'),
          h('button', { type: 'button', class: 'link', onclick: function () { download(run.runID, 'json'); } }, 'json'),
          h('button', { type: 'button', class: 'link', onclick: function () { download(run.runID, 'csv'); } }, 'csv')),
        h('td', null, h('input', { type: 'checkbox', 'data-action': 'compare-pick', title: 'compare this run',
          checked: state.compare.indexOf(compareKey(run.runID)) >= 0,
          onchange: function (event) { pickForComparison(run.runID, event.target.checked); } }))));
    });
  }

  // ---- comparisons ----------------------------------------------------------------------------

  function compareKey(runID) {
    return state.detail.testID + '/' + runID;
  }

  /** Picks persist across tests, so runs of different tests can be compared; the first picked is the baseline. */
  function pickForComparison(runID, picked) {
    var key = compareKey(runID);
    state.compare = state.compare.filter(function (k) { return k !== key; });
    if (picked) {
      state.compare.push(key);
    }
    showPicked();
  }

  function showPicked() {
    var count = state.compare.length;
    $('compare-runs').disabled = count < 2 || count > 10;
    $('compare-picked').textContent = count === 0 ? '' : count + ' picked' + (count > 10 ? ' (at most 10)' : '')
      + ', baseline ' + state.compare[0];
  }

  function openComparison() {
    openPage('/compare?' + state.compare.map(function (k) { return 'run=' + encodeURIComponent(k); }).join('&') + '&format=html',
      'Comparing the runs failed');
  }

  function when(instant) {
    return instant ? new Date(instant).toLocaleString() : '';
  }

  // ---- reports --------------------------------------------------------------------------------

  var TYPES = { html: 'text/html', json: 'application/json', csv: 'text/csv' };

  function reportPath(runID, format) {
    return '/tests/' + encodeURIComponent(state.detail.testID) + '/runs/' + encodeURIComponent(runID) + '/report?format=' + format;
  }

  /** Reports and comparisons need the token, so they are fetched and shown from memory rather than linked. */
  function openPage(path, failure) {
    var tab = window.open('', '_blank');
    api('GET', path, undefined, 'text/html').then(function (html) {
      var url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      if (tab) {
        tab.location = url;
      } else {
        window.location = url;
      }
    }).catch(function (error) {
      if (tab) {
        tab.close();
      }
      failed(failure)(error);
    });
  }

  function openReport(runID) {
    openPage(reportPath(runID, 'html'), 'Opening the report failed');
  }

  function download(runID, format) {
    api('GET', reportPath(runID, format), undefined, TYPES[format]).then(function (content) {
      var link = h('a', { href: URL.createObjectURL(new Blob([content], { type: TYPES[format] })),
        download: runID + (format === 'csv' ? '-timeline.csv' : '-report.' + format) });
      document.body.appendChild(link);
      link.click();
      link.remove();
    }).catch(failed('Downloading the report failed'));
  }

  // ---- live stream ----------------------------------------------------------------------------

  function closeStream(keepCharts) {
    if (state.stream) {
      state.stream.abort();
      state.stream = null;
    }
    if (state.charts && !keepCharts) {
      state.charts.destroy();
      state.charts = null;
    }
  }

  /** Follows /tests/{id}/stream; EventSource cannot send the token, so the stream is read with fetch. */
  function openStream(t) {
    if (state.stream && state.stream.testID === t.testID) {
      return;
    }
    closeStream();
    var controller = new AbortController();
    controller.testID = t.testID;
    state.stream = controller;
    $('live').hidden = false;
    $('live-state').textContent = 'connecting…';
    clear($('live-numbers'));
    fetch('/tests/' + encodeURIComponent(t.testID) + '/stream', {
      headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' }, signal: controller.signal
    }).then(function (response) {
      if (!response.ok) {
        throw new ApiError(response.status, null);
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            return;
          }
          buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
          var end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            var block = buffer.substring(0, end);
            buffer = buffer.substring(end + 2);
            dispatch(block, t);
          }
          return pump();
        });
      }
      return pump();
    }).then(function () {
      if (state.stream === controller) {
        state.stream = null;
        setTimeout(function () {
          if (state.selected === t.testID && !state.stream) {
            select(t.testID); // the run ended or the server closed the stream: show where the test is now
          }
        }, 500);
      }
    }).catch(function (error) {
      if (error.name !== 'AbortError') {
        $('live-state').textContent = 'stream interrupted: ' + (error.message || error);
        if (state.stream === controller) {
          state.stream = null;
        }
      }
    });
  }

  /** One server-sent event: its name and its JSON data. */
  function dispatch(block, t) {
    var name = 'message';
    var data = [];
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) {
        name = line.substring(6).trim();
      } else if (line.indexOf('data:') === 0) {
        data.push(line.substring(5).replace(/^ /, ''));
      }
    });
    if (!data.length) {
      return;
    }
    var frame = JSON.parse(data.join('\n'));
    if (name === 'waiting') {
      $('live-state').textContent = 'waiting for the run to start (' + frame.status + ')';
    } else if (name === 'progress') {
      showFrame(frame, t);
    } else if (name === 'end') {
      showNumbers(frame);
      completeChart(t.testID, frame.runID);
      $('live-state').textContent = 'run ' + (frame.runNumber || '') + ' ended: ' + frame.status + (frame.endReason ? ' (' + frame.endReason + ')' : '')
        + (frame.bottleneck ? ' · ' + frame.bottleneck : '') + replayNote(frame);
      refreshList();
    }
  }

  // a part taken over from a replica that stopped without handing it over: what may have gone out twice
  function replayNote(frame) {
    return frame.replays && frame.replays.length ? ' · ' + frame.replays.join('; ') : '';
  }

  // the watched endpoints: their scrapes so far, and why the last failed one failed
  function watchNote(frame) {
    return (frame.observation || []).map(function (t) {
      return ' · watching ' + t.name + ': ' + t.scrapes + ' scrapes' + (t.failures ? ', ' + t.failures + ' failed'
        + (t.lastError ? ' (' + t.lastError + ')' : '') : '');
    }).join('');
  }

  function showFrame(frame, t) {
    if ($('d-status').textContent !== frame.status) {
      select(t.testID); // it started since the page looked
    }
    $('live-state').textContent = 'run ' + frame.runNumber + ' · ' + Math.round(frame.elapsed) + ' s of ' + frame.duration + ' s'
      + (frame.cpu != null ? ' · MoniFlux used ' + frame.cpu + ' cores' : '') + (frame.bottleneck ? ' · ' + frame.bottleneck : '')
      + replayNote(frame) + watchNote(frame);
    $('live').setAttribute('data-second', frame.second == null ? '' : String(frame.second));
    showNumbers(frame);
    if (!state.charts || state.charts.runID !== frame.runID) {
      if (state.charts) {
        state.charts.destroy();
      }
      var signals = SIGNALS.filter(function (signal) { return frame.signals && frame.signals[signal]; });
      state.charts = new MonifluxCharts.TimelineCharts(clear($('live-charts')), signals);
      state.charts.runID = frame.runID;
      var charts = state.charts;
      // the seconds before this page looked
      api('GET', '/tests/' + encodeURIComponent(t.testID) + '/runs/' + encodeURIComponent(frame.runID) + '/timeline')
        .then(function (result) { if (state.charts === charts) { charts.add(result.data); } })
        .catch(failed('Loading the timeline failed'));
    }
    state.charts.add(MonifluxCharts.framePoints(frame));
    $('live-charts').setAttribute('data-seconds', String(state.charts.size()));
  }

  function showNumbers(frame) {
    var body = clear($('live-numbers'));
    Object.keys(frame.signals || {}).forEach(function (signal) {
      var s = frame.signals[signal];
      body.appendChild(h('tr', { 'data-signal': signal },
        h('td', null, signal), h('td', null, number(s.targetRate)), h('td', { 'data-field': 'achievedRate' }, number(s.achievedRate)),
        h('td', { 'data-field': 'sent', title: s.samples == null ? null : 'points; ' + s.samples.toLocaleString('en') + ' samples' },
          s.sent.toLocaleString('en') + (s.samples == null || s.samples === s.sent ? '' : ' (' + s.samples.toLocaleString('en') + ' samples)')),
        h('td', null, s.failed.toLocaleString('en')),
        h('td', null, s.missed.toLocaleString('en')), h('td', null, number(s.p50)), h('td', null, number(s.p99))));
    });
  }

  // ---- wiring ---------------------------------------------------------------------------------

  function init() {
    $('compare-runs').addEventListener('click', openComparison);
    $('sign-in-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var value = $('token').value.trim();
      localStorage.setItem(TOKEN_KEY, value);
      api('GET', '/tests?size=1').then(function () {
        $('token').value = '';
        signedIn();
      }).catch(failed('Signing in failed'));
    });
    $('sign-out').addEventListener('click', function () { signOut(null); });
    $('filters').addEventListener('change', function () { state.page = 0; refreshList(); });
    var typing = null;
    $('filter-text').addEventListener('input', function () {
      clearTimeout(typing);
      typing = setTimeout(function () { state.page = 0; refreshList(); }, 250);
    });
    $('filters').addEventListener('submit', function (event) { event.preventDefault(); });
    $('prev').addEventListener('click', function () { state.page = Math.max(0, state.page - 1); refreshList(); });
    $('next').addEventListener('click', function () { state.page++; refreshList(); });
    $('new-test').addEventListener('click', function () { edit(null); });
    $('editor-close').addEventListener('click', function () { $('editor').hidden = true; });
    $('test-form').addEventListener('submit', submitTest);
    $('rates-form').addEventListener('submit', changeRates);
    setInterval(function () {
      if (token() && !document.hidden) {
        refreshList();
      }
    }, 3000);
    if (token()) {
      signedIn();
    } else {
      $('sign-in').hidden = false;
    }
  }

  init();
})();
