/* Sinergi: the monitoring dashboard's charts, drawn with ECharts (static/vendor/echarts/
 * echarts.min.js, loaded before this file). No inline script: each chart is an element
 *
 *   <div data-dashboard-chart="id-of-a-json_script-block" role="img" aria-label="…"></div>
 *
 * whose data block (Django's json_script, built by sinergi.reports.dashboard.chart_data)
 * says what to draw with its "kind":
 *   bars       {items: [{name, value, colour, band, url, incomplete, note}], unit, axis, labels}
 *              horizontal bars in the given order (sorted by the server), coloured by band; an
 *              item with `incomplete` (reports incomplete, not ranked) is hatched and its `note`
 *              (the completeness) in the tooltip; a click opens item.url
 *   trend      {categories: [...], series: [{name, values, colour, dashed, realized}], unit,
 *              incomplete: [bool per category], notes: [text per category]}   lines; a realized
 *              series is drawn dashed into and out of an incomplete quarter (reports missing,
 *              counted as 0: not a drop), its point hollow, the note on a line at that quarter
 *              and in the tooltip
 *   pies       {pies: [{name, items: [{name, value, colour}]}]}   one donut per distribution
 *   shares     {items: [{name, title, value, budget, absorption, colour}], labels, unit, axis}
 *   stacked    {categories, urls, series: [{name, colour, values}]}   stacked horizontal bars
 *   timeline   {items: [{name, start, end, colour, status, url}], today, labels: {today}}
 *              one bar per item from its start to its end date (ISO dates), a line at today
 * Texts come translated from the server; numbers are formatted for the page's language.
 * Charts follow the width of their container (resize) and bar charts grow with their rows.
 */
(function () {
  "use strict";

  var charts = [];
  var ROW = 24; // px per bar in the horizontal bar charts
  var NARROW = 576;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  var language = document.documentElement.lang || undefined;
  var fmt2 = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var fmt0 = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });

  function number(value, unit) {
    if (value === null || value === undefined || !isFinite(value)) {
      return "–";
    }
    return fmt2.format(value) + (unit ? " " + unit : "");
  }

  function narrow(el) {
    return el.clientWidth < NARROW;
  }

  /* Room for the category names on the left: a third of the width on a phone, less wide. */
  function labelWidth(el) {
    return Math.round(el.clientWidth * (narrow(el) ? 0.36 : 0.3));
  }

  function rowsHeight(el, count) {
    el.style.height = Math.max(160, count * ROW + 70) + "px";
  }

  /* Diagonal hatching: a figure that is not what it seems complete (an incomplete report, a
   * quarter still open), never a plain bar. */
  var HATCH = { symbol: "rect", symbolSize: 1, color: "rgba(0, 0, 0, 0.35)", dashArrayX: [1, 0],
                dashArrayY: [2, 4], rotation: -Math.PI / 4 };

  function barOption(el, data) {
    var items = data.items || [];
    rowsHeight(el, items.length);
    return {
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 28, containLabel: true },
      tooltip: {
        trigger: "item", confine: true,
        formatter: function (p) {
          var item = items[p.dataIndex];
          return "<strong>" + escapeHtml(item.name) + "</strong><br>" + escapeHtml(number(item.value, data.unit)) +
            (item.band ? " · " + escapeHtml(item.band) : "") +
            (item.incomplete ? "<br><em>" + escapeHtml((data.labels && data.labels.incomplete) || "") + "</em>" +
              (item.note ? "<br>" + escapeHtml(item.note) : "") : "");
        },
      },
      // Achievement is read against 100 %: the axis reaches it even when every bar is short.
      xAxis: { type: "value", name: narrow(el) ? "" : data.axis, nameLocation: "middle", nameGap: 22,
               max: function (extent) { return Math.max(100, Math.ceil(extent.max / 10) * 10); },
               axisLabel: { formatter: function (v) { return fmt0.format(v); } } },
      yAxis: {
        type: "category", inverse: true, data: items.map(function (i) { return i.name; }),
        axisLabel: { width: labelWidth(el), overflow: "truncate", fontSize: 11 }, axisTick: { show: false },
      },
      series: [{
        type: "bar", barMaxWidth: 18, cursor: "pointer",
        data: items.map(function (i) {
          var style = { color: i.colour };
          if (i.incomplete) {
            style.decal = HATCH;
            style.opacity = 0.7;
          }
          return { value: i.value === null ? 0 : i.value, itemStyle: style };
        }),
        label: { show: true, position: "right", fontSize: 10,
                 formatter: function (p) { return number(items[p.dataIndex].value); } },
      }],
    };
  }

  /* A realized series split at the incomplete quarters: `solid` keeps the complete points (so
   * only segments between two complete quarters are solid), `dashed` the incomplete points and
   * their neighbours (every segment touching an incomplete quarter), incomplete points hollow. */
  function splitRealized(values, incomplete) {
    var solid = [], dashed = [], any = false;
    values.forEach(function (v, i) {
      var open = !!incomplete[i];
      var near = open || !!incomplete[i - 1] || !!incomplete[i + 1];
      any = any || (open && v !== null);
      solid.push(open ? null : v);
      dashed.push(near && v !== null ? (open ? { value: v, symbol: "emptyCircle", symbolSize: 9 } : v) : null);
    });
    return any ? { solid: solid, dashed: dashed } : null;
  }

  function trendOption(el, data) {
    var incomplete = data.incomplete || [];
    var notes = data.notes || [];
    var series = [];
    data.series.forEach(function (s) {
      var line = {
        type: "line", name: s.name, data: s.values, connectNulls: false, symbolSize: 7,
        itemStyle: { color: s.colour },
        lineStyle: { color: s.colour, type: s.dashed ? "dashed" : "solid", width: s.dashed ? 1.5 : 2.5 },
      };
      var split = s.realized ? splitRealized(s.values, incomplete) : null;
      if (!split) {
        series.push(line);
        return;
      }
      line.data = split.solid;
      series.push(line);
      // The same name: one legend entry toggles both parts.
      series.push({
        type: "line", name: s.name, data: split.dashed, connectNulls: false, symbolSize: 7,
        itemStyle: { color: s.colour }, lineStyle: { color: s.colour, type: "dashed", width: 2 },
      });
    });
    var marks = [];
    incomplete.forEach(function (open, i) {
      if (open) {
        marks.push({ xAxis: data.categories[i], label: { formatter: notes[i] || "" } });
      }
    });
    if (marks.length && series.length) {
      series[0].markLine = {
        symbol: "none", silent: true, lineStyle: { color: "#6c757d", type: "dotted" },
        label: { position: "insideEndTop", fontSize: 10, color: "#6c757d" }, data: marks,
      };
    }
    return {
      animation: false,
      // On a phone the legend wraps to two lines.
      grid: { left: 8, right: 36, top: narrow(el) ? 60 : 40, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      tooltip: {
        trigger: "axis", confine: true,
        formatter: function (params) {
          if (!params.length) {
            return "";
          }
          var index = params[0].dataIndex;
          var seen = {};
          var lines = ["<strong>" + escapeHtml(data.categories[index]) + "</strong>"];
          params.forEach(function (p) {
            var value = p.value && typeof p.value === "object" ? p.value.value : p.value;
            if (seen[p.seriesName] || value === null || value === undefined) {
              return;
            }
            seen[p.seriesName] = true;
            lines.push(p.marker + escapeHtml(p.seriesName) + ": " + escapeHtml(number(value, data.unit)));
          });
          if (incomplete[index] && notes[index]) {
            lines.push("<em>" + escapeHtml(notes[index]) + "</em>");
          }
          return lines.join("<br>");
        },
      },
      xAxis: { type: "category", data: data.categories, boundaryGap: false },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt0.format(v) + " " + data.unit; } } },
      series: series,
    };
  }

  function piesOption(el, data) {
    var pies = data.pies || [];
    var small = narrow(el);
    el.style.height = (small ? 340 : 300) + "px";
    var names = [];
    pies.forEach(function (pie) {
      pie.items.forEach(function (i) { if (names.indexOf(i.name) < 0) names.push(i.name); });
    });
    return {
      animation: false,
      legend: { bottom: 0, data: names, textStyle: { fontSize: 11 } },
      tooltip: {
        trigger: "item", confine: true,
        formatter: function (p) {
          return escapeHtml(p.seriesName) + "<br><strong>" + escapeHtml(p.name) + "</strong>: " +
            fmt0.format(p.value) + " (" + fmt0.format(p.percent) + " %)";
        },
      },
      title: pies.map(function (pie, i) {
        return { text: pie.name, left: ((i + 0.5) * 100 / pies.length) + "%", top: 4, textAlign: "center",
                 textStyle: { fontSize: 12, fontWeight: "normal" } };
      }),
      series: pies.map(function (pie, i) {
        return {
          type: "pie", name: pie.name, radius: small ? ["28%", "50%"] : ["35%", "62%"],
          center: [((i + 0.5) * 100 / pies.length) + "%", small ? "45%" : "48%"],
          label: { show: !small, formatter: function (p) { return p.value ? fmt0.format(p.value) : ""; } },
          data: pie.items.filter(function (item) { return item.value > 0; }).map(function (item) {
            return { name: item.name, value: item.value, itemStyle: { color: item.colour } };
          }),
        };
      }),
    };
  }

  function sharesOption(el, data) {
    var items = data.items || [];
    rowsHeight(el, items.length);
    var labels = data.labels || {};
    return {
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 28, containLabel: true },
      tooltip: {
        trigger: "item", confine: true,
        formatter: function (p) {
          var item = items[p.dataIndex];
          return "<strong>" + escapeHtml(item.name) + "</strong><br><span class=\"small\">" +
            escapeHtml(item.title.length > 90 ? item.title.slice(0, 88) + "…" : item.title) + "</span><br>" +
            escapeHtml(number(item.value, data.unit)) + "<br>" + escapeHtml(labels.budget || "") + ": " +
            escapeHtml(item.budget) + "<br>" + escapeHtml(labels.absorption || "") + ": " + escapeHtml(item.absorption);
        },
      },
      xAxis: { type: "value", name: narrow(el) ? "" : data.axis, nameLocation: "middle", nameGap: 22,
               axisLabel: { formatter: function (v) { return fmt0.format(v); } } },
      yAxis: { type: "category", inverse: true, data: items.map(function (i) { return i.name; }),
               axisLabel: { width: labelWidth(el), overflow: "truncate", fontSize: 11 }, axisTick: { show: false } },
      series: [{
        type: "bar", barMaxWidth: 18,
        data: items.map(function (i) { return { value: i.value, itemStyle: { color: i.colour } }; }),
        label: { show: true, position: "right", fontSize: 10,
                 formatter: function (p) { return number(items[p.dataIndex].value, data.unit); } },
      }],
    };
  }

  function stackedOption(el, data) {
    rowsHeight(el, data.categories.length);
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.categories,
               axisLabel: { width: labelWidth(el), overflow: "truncate", fontSize: 11 }, axisTick: { show: false } },
      series: data.series.map(function (s) {
        return { type: "bar", name: s.name, stack: "all", barMaxWidth: 18, cursor: "pointer",
                 itemStyle: { color: s.colour }, data: s.values };
      }),
    };
  }

  var dateFormat = new Intl.DateTimeFormat(language, { day: "numeric", month: "short", year: "numeric" });

  function day(iso) {
    var parts = iso.split("-");
    return Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
  }

  function timelineOption(el, data) {
    var items = data.items || [];
    rowsHeight(el, items.length);
    var clip = window.echarts.graphic.clipRectByRect;
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 24, bottom: 28, containLabel: true },
      tooltip: {
        confine: true,
        formatter: function (params) {
          var item = items[params.value[0]];
          return escapeHtml(item.name) + "<br>" + escapeHtml(item.status) + ": " +
            dateFormat.format(day(item.start)) + " – " + dateFormat.format(day(item.end));
        },
      },
      xAxis: { type: "time", axisLabel: { fontSize: 11, hideOverlap: true } },
      yAxis: { type: "category", inverse: true, data: items.map(function (i) { return i.name; }),
               axisLabel: { width: labelWidth(el), overflow: "truncate", fontSize: 11 }, axisTick: { show: false } },
      series: [{
        type: "custom",
        cursor: "pointer",
        encode: { x: [1, 2], y: 0 },
        renderItem: function (params, api) {
          var row = api.value(0);
          var from = api.coord([api.value(1), row]);
          var to = api.coord([api.value(2), row]);
          var height = api.size([0, 1])[1] * 0.6;
          var shape = clip(
            { x: from[0], y: from[1] - height / 2, width: Math.max(1, to[0] - from[0]), height: height },
            { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height }
          );
          return shape && { type: "rect", shape: shape, style: api.style() };
        },
        data: items.map(function (item, index) {
          return { value: [index, day(item.start), day(item.end)], itemStyle: { color: item.colour } };
        }),
        markLine: data.today ? {
          symbol: "none", silent: true, lineStyle: { color: "#dc3545", type: "dashed" },
          label: { formatter: data.labels && data.labels.today || "", position: "start", fontSize: 11 },
          data: [{ xAxis: day(data.today) }],
        } : undefined,
      }],
    };
  }

  var BUILDERS = { bars: barOption, trend: trendOption, pies: piesOption, shares: sharesOption,
                   stacked: stackedOption, timeline: timelineOption };

  function urlOf(data, params) {
    if (data.kind === "bars" && data.items[params.dataIndex]) {
      return data.items[params.dataIndex].url;
    }
    if (data.kind === "stacked" && data.urls) {
      return data.urls[params.dataIndex];
    }
    if (data.kind === "timeline" && data.items[params.dataIndex]) {
      return data.items[params.dataIndex].url;
    }
    return null;
  }

  function render(el) {
    if (el.getAttribute("data-chart-ready")) {
      return;
    }
    el.setAttribute("data-chart-ready", "1");
    var node = document.getElementById(el.getAttribute("data-dashboard-chart"));
    if (!node || !window.echarts) {
      return;
    }
    var data = JSON.parse(node.textContent);
    var build = BUILDERS[data.kind];
    if (!build) {
      return;
    }
    if (!el.style.height) {
      el.style.height = "300px";
    }
    var option = build(el, data);
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = urlOf(data, params);
      if (url) {
        window.location.assign(url);
      }
    });
    el.setAttribute("data-chart-rendered", data.kind);
    charts.push({ el: el, chart: chart, data: data, build: build });
  }

  function resizeAll() {
    charts.forEach(function (state) {
      if (state.el.isConnected) {
        // Sizes that depend on the width (label room, pie radius) are recomputed.
        state.chart.setOption(state.build(state.el, state.data), { notMerge: true });
        state.chart.resize();
      }
    });
  }

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("[data-dashboard-chart]").forEach(render);
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(resizeAll, 100);
  });
  // A chart inside a <details> that opens, or content swapped in by htmx.
  document.addEventListener("htmx:load", function (event) { init(event.detail && event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
