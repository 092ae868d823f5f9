/* 领导驾驶舱: ECharts from the data the page passes with json_script, and sortable tables.
   Every chart point carries the task-list URL it opens when clicked. */
(function () {
  "use strict";
  var dataNode = document.getElementById("dashboard-data");
  if (!dataNode || typeof echarts === "undefined") { return; }
  var data = JSON.parse(dataNode.textContent);
  var STATUS_COLORS = ["#9e9e9e", "#1565c0", "#00838f", "#2e7d32", "#c62828"];
  var charts = [];

  function empty(el) {
    el.innerHTML = '<div class="chart-empty">暂无数据</div>';
  }

  function draw(id, option, points) {
    var el = document.getElementById(id);
    if (!el) { return; }
    if (!points.length) { empty(el); return; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = params.data && (params.data.url || (params.seriesIndex === 1 ? params.data.yellow_url : params.data.overdue_url));
      if (url) { window.location.href = url; }
    });
    charts.push(chart);
  }

  draw("chart-status", {
    color: STATUS_COLORS,
    tooltip: { trigger: "item", formatter: "{b}：{c} 项（{d}%）" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["38%", "68%"], center: ["50%", "45%"], label: { formatter: "{b}\n{c}" },
               data: data.status.filter(function (s) { return s.value > 0; }) }]
  }, data.status.filter(function (s) { return s.value > 0; }));

  draw("chart-documents", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
    legend: { data: ["完成率", "按时完成率"], top: 0 },
    grid: { left: 40, right: 16, top: 30, bottom: 70 },
    xAxis: { type: "category", data: data.documents.map(function (d) { return d.name; }),
             axisLabel: { interval: 0, rotate: 30, fontSize: 10 } },
    yAxis: { type: "value", max: 100 },
    series: [
      { name: "完成率", type: "bar", color: "#2e7d32", barMaxWidth: 40,
        data: data.documents.map(function (d) { return { value: d.completion, url: d.url }; }) },
      { name: "按时完成率", type: "bar", color: "#1565c0", barMaxWidth: 40,
        data: data.documents.map(function (d) { return { value: d.on_time, url: d.url }; }) }
    ]
  }, data.documents);

  draw("chart-league", {
    tooltip: { trigger: "axis" },
    legend: { data: ["逾期（红牌）", "黄牌"], top: 0 },
    grid: { left: 110, right: 20, top: 30, bottom: 20 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.league.map(function (a) { return a.name; }),
             axisLabel: { fontSize: 11, width: 100, overflow: "truncate" } },
    series: [
      { name: "逾期（红牌）", type: "bar", stack: "w", color: "#c62828", barMaxWidth: 22,
        data: data.league.map(function (a) { return { value: a.overdue, url: a.overdue_url }; }) },
      { name: "黄牌", type: "bar", stack: "w", color: "#f9a825",
        data: data.league.map(function (a) { return { value: a.yellow, url: a.yellow_url }; }) }
    ]
  }, data.league);

  draw("chart-trend", {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, top: 20, bottom: 30 },
    xAxis: { type: "category", data: data.trend.map(function (t) { return t.name; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ name: "销号数", type: "bar", barMaxWidth: 28, color: "#2e7d32",
               label: { show: true, position: "top", formatter: function (p) { return p.value || ""; } },
               data: data.trend.map(function (t) { return { value: t.value, url: t.url }; }) }]
  }, data.trend);

  // The league table (牵头单位排名): one row per agency, each number opening its tasks.
  function cell(row, text, value, href, cls) {
    var td = row.insertCell();
    td.dataset.value = value;
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      if (cls) { a.className = cls; }
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    return td;
  }
  function rate(v) { return v === null ? "—" : v + "%"; }
  // Rows come as arrays of data.league_columns; every link is prefix + id + suffix (+ the figure's filter),
  // as leadership/views.py league_link says.
  var leagueBody = document.querySelector('tbody[data-rows="league"]');
  if (leagueBody && data.league_rows.length) {
    leagueBody.innerHTML = "";
    var link = data.league_link;
    data.league_rows.forEach(function (values) {
      var a = {};
      data.league_columns.forEach(function (name, i) { a[name] = values[i]; });
      var base = link.prefix + a.id + link.suffix;
      a.links = { total: base, signed_off: base + "&status=signed_off", overdue: base + "&overdue=true",
                  yellow: base + "&warning=yellow" };
      var tr = leagueBody.insertRow();
      tr.dataset.agency = a.id;
      cell(tr, a.short_name, a.name).title = a.name;
      cell(tr, a.total, a.total, a.links.total);
      cell(tr, a.signed_off, a.signed_off, a.links.signed_off);
      cell(tr, a.overdue, a.overdue, a.links.overdue, a.overdue ? "text-danger fw-semibold" : "");
      cell(tr, a.yellow, a.yellow, a.links.yellow, a.yellow ? "text-warning-emphasis" : "");
      cell(tr, rate(a.completion_rate), a.completion_rate === null ? -1 : a.completion_rate);
      cell(tr, rate(a.on_time_rate), a.on_time_rate === null ? -1 : a.on_time_rate);
      for (var i = 1; i < tr.cells.length; i++) { tr.cells[i].className = "text-end"; }
    });
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

  // Sortable tables: click a header; numbers sort high → low first, text A → Z.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th[data-sort]").forEach(function (th, index) {
      th.classList.add("sortable-th");
      th.addEventListener("click", function () {
        var numeric = th.dataset.sort === "num";
        var desc = th.dataset.dir ? th.dataset.dir !== "desc" : numeric;
        table.querySelectorAll("th[data-sort]").forEach(function (other) { delete other.dataset.dir; });
        th.dataset.dir = desc ? "desc" : "asc";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
        rows.sort(function (a, b) {
          var x = a.cells[index].dataset.value, y = b.cells[index].dataset.value;
          var cmp = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-CN");
          return desc ? -cmp : cmp;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
