/* Occupation page: draws the wage and interest bar charts from the page's json_script data.
   Every chart has a table beside it with the same figures; without JavaScript the tables remain. */
(function () {
  "use strict";

  var INK = "#1b1f24";
  var GRID = "#d5dce3";
  var COLOURS = ["#0b4f7c", "#3d7fb0", "#7aaad0"];

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

  function dollars(value) {
    return "$" + Math.round(value).toLocaleString("en-US");
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function barChart(canvas, rows, options) {
    var values = rows.map(function (row) {
      return row.value;
    });
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (row) {
          return row.label;
        }),
        datasets: [
          {
            label: options.label,
            data: values,
            backgroundColor: rows.map(function (row, index) {
              return options.colours[index % options.colours.length];
            }),
            borderWidth: 0,
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
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                var row = rows[context.dataIndex];
                return row.text || options.format(context.parsed.x);
              },
            },
          },
        },
        scales: {
          x: {
            min: options.min,
            max: options.max,
            ticks: { color: INK, callback: options.format, maxTicksLimit: 6 },
            grid: { color: GRID },
          },
          y: {
            ticks: { color: INK, font: { size: 13 } },
            grid: { display: false },
          },
        },
      },
    });
  }

  function draw() {
    if (!window.Chart) {
      return; // the tables already show every figure
    }
    var data = readData();
    if (!data) {
      return;
    }
    var wageCanvas = document.getElementById("wage-chart");
    if (wageCanvas && data.wages && data.wages.rows.length) {
      barChart(wageCanvas, data.wages.rows, {
        label: data.wages.label,
        colours: COLOURS,
        min: 0,
        format: dollars,
      });
    }
    var interestCanvas = document.getElementById("interest-chart");
    if (interestCanvas && data.interests && data.interests.rows.length) {
      barChart(interestCanvas, data.interests.rows, {
        label: data.interests.label,
        colours: ["#17603a"],
        min: 1,
        max: 7,
        format: function (value) {
          return Number(value).toFixed(0);
        },
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
