/* Interest distribution page: two bar charts drawn from the page's json_script data. The table
   beside them has the same figures; suppressed groups (null) are left out of the count chart. */
(function () {
  "use strict";

  var INK = "#1b1f24";
  var GRID = "#d5dce3";

  function readData() {
    var node = document.getElementById("chart-data");
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function draw(canvas, rows, label, max, colour, suppressedText) {
    if (!canvas) {
      return;
    }
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (row) {
          return row.label;
        }),
        datasets: [
          {
            label: label,
            data: rows.map(function (row) {
              return row.value;
            }),
            backgroundColor: colour,
            borderWidth: 0,
          },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion() ? false : { duration: 400 },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.raw === null ? suppressedText : label + ": " + context.raw;
              },
            },
          },
        },
        scales: {
          x: { beginAtZero: true, max: max, ticks: { color: INK, precision: 0 }, grid: { color: GRID } },
          y: { ticks: { color: INK }, grid: { display: false } },
        },
      },
    });
  }

  function start() {
    var data = readData();
    if (!data || !window.Chart) {
      return;
    }
    draw(document.getElementById("count-chart"), data.counts, data.countLabel, undefined, "#0b4f7c", data.suppressedText);
    draw(document.getElementById("average-chart"), data.averages, data.averageLabel, 40, "#3d7fb0", data.suppressedText);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
