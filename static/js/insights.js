/* Consortium insight pages: the alignment chart (openings and concentrators by target industry)
   drawn from the page's json_script data, and the Print button of the printable CLNA document.
   Every chart has a table beside it with the same figures; without JavaScript the tables remain. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      window.print();
    }
  });

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function drawAlignment() {
    var canvas = document.getElementById("alignment-chart");
    var node = document.getElementById("alignment-chart-data");
    var names = document.getElementById("alignment-chart-labels");
    if (!canvas || !node || !window.Chart) {
      return;
    }
    var rows;
    try {
      rows = JSON.parse(node.textContent);
    } catch (error) {
      return;
    }
    var value = function (key) {
      return rows.map(function (row) {
        return row[key] === null ? 0 : row[key];
      });
    };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (row) {
          return row.label.length > 48 ? row.label.slice(0, 47) + "…" : row.label;
        }),
        datasets: [
          {
            label: names ? names.dataset.openings : "Openings",
            data: value("openings"),
            backgroundColor: "#0b4f7c",
            borderWidth: 0,
          },
          {
            label: names ? names.dataset.concentrators : "Concentrators",
            data: value("concentrators"),
            backgroundColor: "#d28a1e",
            borderColor: "#1b1f24",
            borderWidth: 1,
          },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion() ? false : { duration: 400 },
        plugins: { legend: { display: true, position: "bottom" } },
        scales: {
          x: { beginAtZero: true, ticks: { color: "#1b1f24" }, grid: { color: "#d5dce3" } },
          y: { ticks: { color: "#1b1f24" }, grid: { display: false } },
        },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAlignment);
  } else {
    drawAlignment();
  }
})();
