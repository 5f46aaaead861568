// Charts of the competitions, welfare and oversight apps, drawn with the vendored Chart.js from data the page carries in
// <script type="application/json"> (Django's json_script): nothing is fetched.
(function () {
  "use strict";
  var RED = "#a61b1b", GREY = "#6c757d", GOLD = "#d99a00";

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // A guarantee plan: for each indicator, its running result over the period against the target.
  function planCharts() {
    var chart = data("plan-chart-data");
    if (!chart) { return; }
    chart.indicators.forEach(function (indicator) {
      var canvas = document.querySelector('canvas[data-indicator="' + indicator.id + '"]');
      if (!canvas) { return; }
      var labels = [chart.start].concat(indicator.points.map(function (p) { return p.x; }));
      labels = labels.filter(function (day, i) { return labels.indexOf(day) === i; });
      if (labels[labels.length - 1] !== chart.end) { labels.push(chart.end); }
      var byDay = {};
      indicator.points.forEach(function (p) { byDay[p.x] = p.y; });
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: labels,
          datasets: [
            { label: chart.actual_label, data: labels.map(function (d) { return d in byDay ? byDay[d] : null; }),
              borderColor: RED, backgroundColor: RED, spanGaps: true, tension: 0.1 },
            { label: chart.target_label, data: labels.map(function () { return indicator.target; }),
              borderColor: GREY, borderDash: [6, 4], pointRadius: 0, fill: false }
          ]
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
                   scales: { y: { beginAtZero: true } } }
      });
    });
  }

  // The standings of a campaign round: each ranked group's score, the leaders in gold.
  function standingsChart() {
    var chart = data("standings-chart-data");
    var canvas = document.getElementById("standings-chart");
    if (!chart || !canvas) { return; }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.groups,
        datasets: [{ label: chart.label, data: chart.scores,
                     backgroundColor: chart.leaders.map(function (lead) { return lead ? GOLD : RED; }) }]
      },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
                 plugins: { legend: { display: false } },
                 scales: { x: { beginAtZero: true, max: 100 } } }
    });
  }

  // A factory's welfare: cases opened and resolved per month (bars), and aid given (a line).
  function welfareChart() {
    var chart = data("welfare-chart-data");
    var canvas = document.getElementById("welfare-chart");
    if (!chart || !canvas) { return; }
    new window.Chart(canvas, {
      data: {
        labels: chart.months,
        datasets: [
          { type: "bar", label: chart.labels.opened, data: chart.opened, backgroundColor: RED, yAxisID: "y" },
          { type: "bar", label: chart.labels.resolved, data: chart.resolved, backgroundColor: GREY, yAxisID: "y" },
          { type: "line", label: chart.labels.aid, data: chart.aid, borderColor: GOLD, backgroundColor: GOLD,
            tension: 0.1, yAxisID: "aid" }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { y: { beginAtZero: true, position: "left", ticks: { precision: 0 } },
                           aid: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } } }
    });
  }

  // Bars: the class distribution stacked (per period for the trend, per unit to compare), or
  // counts side by side (meetings per month); every <canvas data-bars="id"> draws the series of the json_script "id".
  var CLASS_COLOURS = [RED, GOLD, GREY], PENDING = "#dee2e6";

  function numbers(text) {
    return (text || "").split(" ").filter(Boolean).map(Number);
  }

  // A period still under review: its shares are of the confirmed groups only, and one group
  // confirmed out of thirty would be drawn as a 100% bar. Each period is drawn as shares of all
  // its assessed groups instead, the part not confirmed yet in a pale colour of its own.
  function provisional(chart, canvas) {
    var confirmed = numbers(canvas.getAttribute("data-confirmed"));
    var assessed = numbers(canvas.getAttribute("data-assessed"));
    if (assessed.length !== chart.labels.length) { return chart; }
    var scale = assessed.map(function (all, i) { return all ? confirmed[i] / all : 1; });
    if (scale.every(function (s) { return s === 1; })) { return chart; }
    var series = chart.series.map(function (s) {
      return { label: s.label, data: s.data.map(function (pct, i) {
        return Math.round(pct * scale[i] * 10) / 10;
      }) };
    });
    series.push({ label: canvas.getAttribute("data-pending-label"), colour: PENDING,
                  data: scale.map(function (s) { return Math.round((1 - s) * 1000) / 10; }) });
    return { labels: chart.labels, series: series, percent: chart.percent,
             horizontal: chart.horizontal, grouped: chart.grouped };
  }

  function barCharts() {
    document.querySelectorAll("canvas[data-bars]").forEach(function (canvas) {
      var chart = data(canvas.getAttribute("data-bars"));
      if (!chart) { return; }
      if (canvas.hasAttribute("data-assessed")) { chart = provisional(chart, canvas); }
      // Shares of the classes stack up to 100%; counts side by side do not.
      var stacked = !chart.grouped, top = chart.percent ? 100 : undefined;
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: chart.labels,
          datasets: chart.series.map(function (series, i) {
            return { label: series.label, data: series.data,
                     backgroundColor: series.colour || CLASS_COLOURS[i % CLASS_COLOURS.length] };
          })
        },
        options: { indexAxis: chart.horizontal ? "y" : "x", responsive: true,
                   maintainAspectRatio: false, animation: false,
                   scales: { x: { stacked: stacked, max: chart.horizontal ? top : undefined },
                             y: { stacked: stacked, beginAtZero: true,
                                  max: chart.horizontal ? undefined : top,
                                  ticks: { precision: 0 } } } }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) { return; }
    barCharts();
    planCharts();
    standingsChart();
    welfareChart();
  });
})();
