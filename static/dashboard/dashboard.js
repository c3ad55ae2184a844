/* 调度看板: draw the charts from the page's JSON block and make tables sortable. */
(function () {
  "use strict";

  function number(value) {
    return value === null || value === undefined || value === "" ? null : parseFloat(value);
  }

  function progressOption(data, index) {
    var target = data.targets[index];
    return {
      tooltip: { trigger: "axis" },
      legend: { data: ["累计完成", "应达"], bottom: 0 },
      grid: { left: 48, right: 16, top: 24, bottom: 48 },
      xAxis: { type: "category", data: data.months.map(function (m) { return m.replace(/^\d+年/, ""); }) },
      yAxis: { type: "value", name: target.unit },
      series: [
        { name: "累计完成", type: "bar", data: target.series.map(number), itemStyle: { color: "#1f5fa8" } },
        { name: "应达", type: "line", data: target.expected.map(number), itemStyle: { color: "#b3261e" }, lineStyle: { type: "dashed" } }
      ]
    };
  }

  function rankOption(data) {
    return {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 40, right: 16, top: 24, bottom: 56 },
      xAxis: { type: "category", data: data.months.map(function (m) { return m.replace(/^\d+年/, ""); }) },
      yAxis: { type: "value", inverse: true, min: 1, max: 14, interval: 1, name: "名次" },
      series: data.targets.map(function (t) {
        return { name: t.name, type: "line", connectNulls: true, data: t.ranks };
      })
    };
  }

  function statusOption(data) {
    var colors = ["#9aa5b1", "#1f5fa8", "#d93025", "#f2b400", "#1e8e3e"];
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: data.campaigns.map(function (c) { return c.name.replace(/攻坚$/, ""); }) },
      series: data.statuses.map(function (label, i) {
        return {
          name: label, type: "bar", stack: "tasks", itemStyle: { color: colors[i % colors.length] },
          data: data.campaigns.map(function (c) { return c.counts[i]; })
        };
      })
    };
  }

  function drawCharts() {
    var block = document.getElementById("dashboard-charts");
    if (!block || !window.echarts) { return; }
    var data = JSON.parse(block.textContent);
    var charts = [];
    function draw(id, option) {
      var element = document.getElementById(id);
      if (!element) { return null; }
      var chart = window.echarts.init(element);
      chart.setOption(option);
      charts.push(chart);
      return chart;
    }
    if (data.targets.length) {
      var progress = draw("chart-progress", progressOption(data, 0));
      var select = document.getElementById("chart-target");
      if (select && progress) {
        select.addEventListener("change", function () {
          progress.setOption(progressOption(data, parseInt(select.value, 10)), true);
        });
      }
      draw("chart-ranks", rankOption(data));
    }
    draw("chart-status", statusOption(data));
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  function sortValue(cell) {
    var text = cell.textContent.trim();
    var figure = parseFloat(text.replace(/[^0-9.\-]/g, ""));
    return /\d/.test(text) && !isNaN(figure) ? figure : text;
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (header, column) {
      header.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
        rows.sort(function (a, b) {
          var x = sortValue(a.cells[column]), y = sortValue(b.cells[column]);
          if (typeof x !== typeof y) { return typeof x === "number" ? -1 : 1; }
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    document.querySelectorAll("table.sortable").forEach(makeSortable);
  });
})();
