/* Sinergi: maps of regions, drawn with ECharts (static/vendor/echarts/echarts.min.js, loaded
 * before this file). No inline script: every map is described by data attributes.
 *
 *   <div data-region-map
 *        data-geojson-url="/regions/64.08/map.geojson"    outlines (FeatureCollection whose
 *                                                          features have properties {code, name})
 *        data-region-url="/regions/__code__/"             optional: a click opens the region
 *        data-map-data="id-of-a-json_script-element"      optional: values for a choropleth
 *        data-label-code="Code" data-label-no-data="No data" data-label-error="…"
 *        data-label-loading="…"></div>                    translated texts (from the template)
 *
 * The data block (Django's json_script) is either {"64.08.01": 72.5, …} or
 *   {"values": {"64.08.01": 72.5, …}, "label": "Achievement", "unit": "%", "decimals": 2,
 *    "bands": [{"lower": 91, "colour": "#1a9850", "label": "Sangat Tinggi"}, …,
 *              {"lower": null, "colour": "#d73027", "label": "Sangat Rendah"}]}
 * with the bands highest first, each holding the values >= its lower bound that no higher band
 * holds (the last one open downwards). Values are rounded to `decimals` before they are banded,
 * so a band always agrees with the number shown (90.996 is shown as 91.00: the top band).
 *
 * On a touch screen the first tap on a region shows its tooltip and a second tap opens it; the
 * map does not pan or zoom there, so that the page scrolls normally under the finger.
 */
(function () {
  "use strict";

  var PLACEHOLDER = "__code__";
  var COARSE = !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
  var charts = [];

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function readData(el) {
    var id = el.getAttribute("data-map-data");
    var node = id ? document.getElementById(id) : null;
    if (!node) {
      return null;
    }
    var data = JSON.parse(node.textContent);
    if (!data || typeof data !== "object") {
      return null;
    }
    if (!Object.prototype.hasOwnProperty.call(data, "values")) {
      data = { values: data };
    }
    var decimals = typeof data.decimals === "number" ? data.decimals : 2;
    var factor = Math.pow(10, decimals);
    var values = {};
    Object.keys(data.values || {}).forEach(function (code) {
      var value = data.values[code];
      if (value !== null && value !== "" && isFinite(value)) {
        values[code] = Math.round(Number(value) * factor) / factor;
      }
    });
    return {
      values: values,
      bands: Array.isArray(data.bands) ? data.bands : [],
      label: data.label || "",
      unit: data.unit || "",
      decimals: decimals,
    };
  }

  function bandOf(bands, value) {
    for (var i = 0; i < bands.length; i++) {
      if (bands[i].lower === null || bands[i].lower === undefined || value >= bands[i].lower) {
        return bands[i];
      }
    }
    return null;
  }

  /* Longitude/latitude extent of all the outlines, and the cosine of the middle latitude
   * (an equirectangular map is correct near it: ECharts' aspectScale). */
  function extent(geojson) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    function walk(coords) {
      if (typeof coords[0] === "number") {
        if (coords[0] < box[0]) box[0] = coords[0];
        if (coords[1] < box[1]) box[1] = coords[1];
        if (coords[0] > box[2]) box[2] = coords[0];
        if (coords[1] > box[3]) box[3] = coords[1];
        return;
      }
      for (var i = 0; i < coords.length; i++) walk(coords[i]);
    }
    geojson.features.forEach(function (feature) {
      if (feature.geometry) walk(feature.geometry.coordinates);
    });
    var cos = Math.cos(((box[1] + box[3]) / 2) * Math.PI / 180);
    var width = Math.max((box[2] - box[0]) * cos, 1e-6);
    var height = Math.max(box[3] - box[1], 1e-6);
    return { aspectScale: cos, ratio: width / height };
  }

  /* The container's height follows the shape of the area: a wide province is not drawn as a
   * thin strip in a tall empty box on a phone, nor a tall one overflowing a wide screen. */
  function fitHeight(state) {
    var width = state.el.clientWidth;
    if (!width || width === state.width) {
      return false;
    }
    state.width = width;
    var max = Math.max(280, Math.round(window.innerHeight * 0.7));
    var height = Math.round(width / state.ratio) + (state.data && state.data.bands.length ? 40 : 16);
    state.el.style.height = Math.min(max, Math.max(240, height)) + "px";
    return true;
  }

  function option(state, geojson) {
    var names = state.names;
    var data = state.data;
    var formatter = new Intl.NumberFormat(document.documentElement.lang || undefined, {
      minimumFractionDigits: data ? data.decimals : 0,
      maximumFractionDigits: data ? data.decimals : 2,
    });
    var labels = state.labels;
    var items = geojson.features.map(function (feature) {
      var code = feature.properties.code;
      var item = { name: code };
      if (data && Object.prototype.hasOwnProperty.call(data.values, code)) {
        item.value = data.values[code];
      }
      return item;
    });
    var series = {
      type: "map",
      map: state.mapName,
      nameProperty: "code",
      aspectScale: state.aspectScale,
      roam: !COARSE,
      scaleLimit: { min: 1, max: 12 },
      selectedMode: false,
      left: 8,
      right: 8,
      top: 8,
      bottom: data && data.bands.length ? 32 : 8,
      itemStyle: { areaColor: "#dbe4f0", borderColor: "#ffffff", borderWidth: 0.8 },
      label: { show: false },
      emphasis: {
        label: {
          show: true,
          fontSize: 11,
          color: "#212529",
          textBorderColor: "#ffffff",
          textBorderWidth: 2,
          formatter: function (params) {
            return names[params.name] || params.name;
          },
        },
        // With values the band colour stays under the pointer (ECharts: areaColor and color
        // null); only the outline is stressed.
        itemStyle: data
          ? { areaColor: null, color: null, borderColor: "#212529", borderWidth: 1.2 }
          : { areaColor: "#9ec5fe" },
      },
      data: items,
    };
    var result = {
      animation: false,
      tooltip: {
        trigger: "item",
        confine: true,
        formatter: function (params) {
          var html = "<strong>" + escapeHtml(names[params.name] || params.name) + "</strong><br>" +
            escapeHtml(labels.code) + ": " + escapeHtml(params.name);
          if (data) {
            var value = params.value;
            var has = typeof value === "number" && isFinite(value);
            html += "<br>" + (data.label ? escapeHtml(data.label) + ": " : "") +
              (has ? escapeHtml(formatter.format(value) + (data.unit ? " " + data.unit : ""))
                : escapeHtml(labels.noData));
            var band = has ? bandOf(data.bands, value) : null;
            if (band && band.label) {
              html += " · " + escapeHtml(band.label);
            }
          }
          return html;
        },
      },
      series: [series],
    };
    if (data && data.bands.length) {
      result.visualMap = {
        type: "piecewise",
        orient: "horizontal",
        left: "center",
        bottom: 4,
        itemWidth: 14,
        itemHeight: 10,
        itemGap: 6,
        textStyle: { fontSize: 11 },
        pieces: data.bands.map(function (band, i) {
          var piece = { color: band.colour || band.color, label: band.label };
          if (band.lower !== null && band.lower !== undefined) piece.gte = band.lower;
          if (i > 0 && data.bands[i - 1].lower !== null) piece.lt = data.bands[i - 1].lower;
          return piece;
        }),
      };
    }
    return result;
  }

  function showError(el, text) {
    var message = document.createElement("p");
    message.className = "text-muted small m-3";
    message.textContent = text;
    el.replaceChildren(message);
    el.style.height = "auto";
  }

  function render(el) {
    if (el.getAttribute("data-map-ready")) {
      return;
    }
    el.setAttribute("data-map-ready", "1");
    var labels = {
      code: el.getAttribute("data-label-code") || "Code",
      noData: el.getAttribute("data-label-no-data") || "No data",
      error: el.getAttribute("data-label-error") || "The map could not be loaded.",
      loading: el.getAttribute("data-label-loading") || "",
    };
    var url = el.getAttribute("data-geojson-url");
    if (!window.echarts || !url) {
      showError(el, labels.error);
      return;
    }
    var state = {
      el: el,
      labels: labels,
      mapName: "sinergi:" + url,
      regionUrl: el.getAttribute("data-region-url"),
      data: readData(el),
      names: {},
      ratio: 2,
      aspectScale: 1,
      width: 0,
      chart: null,
    };
    if (!el.style.height) {
      el.style.height = "320px";
    }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    state.chart = chart;
    chart.showLoading({ text: labels.loading, color: "#0d6efd", maskColor: "rgba(255,255,255,0.6)" });

    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status + " for " + url);
        }
        return response.json();
      })
      .then(function (geojson) {
        geojson.features.forEach(function (feature) {
          state.names[feature.properties.code] = feature.properties.name;
        });
        var shape = extent(geojson);
        state.ratio = shape.ratio;
        state.aspectScale = shape.aspectScale;
        window.echarts.registerMap(state.mapName, geojson);
        fitHeight(state);
        chart.resize();
        chart.hideLoading();
        chart.setOption(option(state, geojson));
        el.setAttribute("data-map-rendered", String(geojson.features.length));
        charts.push(state);
      })
      .catch(function (error) {
        chart.dispose();
        showError(el, labels.error);
        if (window.console) window.console.warn("region map:", error);
      });

    var open = function (code) {
      window.location.assign(state.regionUrl.replace(PLACEHOLDER, encodeURIComponent(code)));
    };
    if (!COARSE) {
      chart.on("click", function (params) {
        if (state.regionUrl && params.componentType === "series" && params.name) {
          open(params.name);
        }
      });
    } else {
      // On a touch screen ECharts counts a tap as a click only when the page handles the
      // finger's lifting within 300 ms of its landing (zrender's TOUCH_CLICK_DELAY): a slow phone,
      // or a deliberate tap, loses it. The browser's own click (its gesture detector knows a tap
      // from a scroll, whatever the page's load) decides instead, on the region under the finger,
      // which ECharts names as it lands (mouseover).
      var underFinger = null;
      var lastTapped = null;
      chart.on("mouseover", function (params) {
        if (params.componentType === "series") underFinger = params.name;
      });
      chart.on("mouseout", function (params) {
        if (params.componentType === "series" && underFinger === params.name) underFinger = null;
      });
      el.addEventListener("click", function () {
        if (!state.regionUrl || !underFinger || lastTapped !== underFinger) {
          lastTapped = underFinger; // the first tap shows the tooltip
          return;
        }
        open(underFinger);
      });
    }
  }

  function resizeAll() {
    charts.forEach(function (state) {
      if (state.el.isConnected) {
        fitHeight(state);
        state.chart.resize();
      }
    });
  }

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-region-map]")) {
      render(scope);
    }
    scope.querySelectorAll("[data-region-map]").forEach(render);
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(resizeAll, 100);
  });
  // Content swapped in by htmx may bring maps.
  document.addEventListener("htmx:load", function (event) {
    init(event.detail && event.detail.elt);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
