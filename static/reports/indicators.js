/* Reports: draws one indicator's rate by group of students as a bar chart from the page's
   json_script data (#indicator-data). The table beside it has the same figures, and more
   (suppressed groups, gaps); without JavaScript the table remains. */
(function () {
  "use strict";

  var INK = "#1b1f24";
  var GRID = "#d5dce3";
  var ALL = "#0b4f7c";
  var GROUP = "#8fb3d1";

  function readData() {
    var node = document.getElementById("indicator-data");
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
    var canvas = document.getElementById("indicator-chart");
    var data = readData();
    if (!window.Chart || !canvas || !data || !data.rows.length) {
      return;
    }
    var box = canvas.parentNode;
    if (box && box.classList) {
      box.classList.add("reports-chart-rows-" + Math.min(20, data.rows.length));
    }
    var datasets = [
      {
        label: data.label,
        data: data.rows.map(function (row) {
          return row.value;
        }),
        backgroundColor: data.rows.map(function (row) {
          return row.all ? ALL : GROUP;
        }),
        borderColor: INK,
        borderWidth: data.rows.map(function (row) {
          return row.all ? 2 : 0;
        }),
      },
    ];
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.rows.map(function (row) {
          return row.label;
        }),
        datasets: datasets,
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion() ? false : { duration: 300 },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.parsed.x + "%";
              },
            },
          },
        },
        scales: {
          x: { min: 0, max: 100, ticks: { color: INK }, grid: { color: GRID } },
          y: { ticks: { color: INK, autoSkip: false }, grid: { display: false } },
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
