/* Interest Profiler results: draws the six scores (0-40) as a bar chart from the page's
   json_script data. The table beside it has the same figures; without JavaScript it remains. */
(function () {
  "use strict";

  var INK = "#1b1f24";
  var GRID = "#d5dce3";
  var TOP = "#0b4f7c";
  var OTHER = "#8fb3d1";

  function readData() {
    var node = document.getElementById("scores-data");
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

  function draw() {
    var canvas = document.getElementById("scores-chart");
    var data = readData();
    if (!window.Chart || !canvas || !data) {
      return; // the table already shows every figure
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        // On a narrow screen the nicknames do not fit beside the bars; the table has them.
        labels: data.rows.map(function (row) {
          return canvas.clientWidth < 480 ? row.short || row.label : row.label;
        }),
        datasets: [
          {
            label: data.label,
            data: data.rows.map(function (row) {
              return row.value;
            }),
            backgroundColor: data.rows.map(function (row) {
              return row.top ? TOP : OTHER;
            }),
            borderColor: INK,
            borderWidth: data.rows.map(function (row) {
              return row.top ? 2 : 0;
            }),
            barPercentage: 0.8,
            categoryPercentage: 0.9,
          },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion() ? false : { duration: 400 },
        plugins: { legend: { display: false } },
        scales: {
          x: { min: 0, max: data.max, ticks: { color: INK, stepSize: 10 }, grid: { color: GRID } },
          y: { ticks: { color: INK, font: { size: 13 } }, grid: { display: false } },
        },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
