/* Draws every dashboard figure on the page.
 *
 * Each figure's JSON sits in a <script type="application/json"> element (Django's
 * json_script); the element <div data-figure="ID"> says where to draw it. No inline code, so
 * the Content-Security-Policy can forbid inline scripts. Chinese pages get plotly.js's
 * zh-CN locale, defined here so nothing is fetched from another host.
 */
(function () {
  "use strict";

  var zhCN = {
    moduleType: "locale",
    name: "zh-CN",
    dictionary: {
      "Autoscale": "自动缩放",
      "Box Select": "矩形选择",
      "Click to enter Colorscale title": "点击输入色阶标题",
      "Click to enter Plot title": "点击输入图表标题",
      "Click to enter X axis title": "点击输入X轴标题",
      "Click to enter Y axis title": "点击输入Y轴标题",
      "Double-click to zoom back out": "双击还原缩放",
      "Download plot": "下载图表",
      "Download plot as a png": "下载为PNG图片",
      "Download plot as a PNG": "下载为PNG图片",
      "Download plot as JSON": "下载为JSON文件",
      "Preparing image - this may take a few seconds": "正在生成图片,请稍候",
      "Image download succeeded": "图片已下载",
      "Sorry, there was a problem downloading your image!": "抱歉,下载图片时出错!",
      "JSON download succeeded": "JSON文件已下载",
      "Sorry, there was a problem downloading your JSON file!": "抱歉,下载JSON文件时出错!",
      "Click to enter Plot subtitle": "点击输入图表副标题",
      "Reset views": "重置视图",
      "Turntable rotation": "转盘旋转",
      "Reset camera to default": "相机恢复默认",
      "Reset camera to last save": "相机恢复上次保存",
      "Draw line": "画线",
      "Draw open freeform": "画开放曲线",
      "Draw closed freeform": "画闭合曲线",
      "Draw circle": "画圆",
      "Draw rectangle": "画矩形",
      "Erase active shape": "删除选中形状",
      "Share chart...": "分享图表...",
      "Lasso Select": "套索选择",
      "Orbital rotation": "轨道旋转",
      "Pan": "平移",
      "Produced with Plotly.js": "由Plotly.js生成",
      "Reset": "重置",
      "Reset axes": "重置坐标轴",
      "Reset view": "重置视图",
      "Snapshot succeeded": "截图成功",
      "Sorry, there was a problem downloading your snapshot!": "抱歉,下载截图时出错!",
      "Taking snapshot - this may take a few seconds": "正在截图,请稍候",
      "Toggle Spike Lines": "切换辅助线",
      "Toggle show closest data on hover": "悬停时显示最近的数据",
      "Show closest data on hover": "悬停时显示最近的数据",
      "Compare data on hover": "悬停时比较数据",
      "Zoom": "缩放",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "max": "最大值",
      "min": "最小值",
      "mean": "平均值",
      "median": "中位数",
      "trace": "数据系列",
      "new text": "新文本"
    },
    format: {
      days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
      shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
      months: ["一月", "二月", "三月", "四月", "五月", "六月",
               "七月", "八月", "九月", "十月", "十一月", "十二月"],
      shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月",
                    "7月", "8月", "9月", "10月", "11月", "12月"],
      date: "%Y年%-m月%-d日",
      year: "%Y年",
      month: "%Y年%-m月",
      dayMonth: "%-m月%-d日",
      dayMonthYear: "%Y年%-m月%-d日",
      decimal: ".",
      thousands: ",",
      grouping: [3],
      currency: ["¥", ""],
      periods: ["上午", "下午"]
    }
  };

  function isChinese() {
    return (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  }

  // On a phone, a full park name on one line beside each horizontal bar leaves the bars no
  // room: the axis shows each name on up to three short lines; the hover label and the
  // table beside the chart give it whole.
  var NARROW = 500;
  var LINE_CHARS = 10; // Chinese characters per line; Latin text wraps at spaces
  var LATIN_CHARS = 18;
  var MAX_LINES = 3;

  function wrapName(name) {
    var lines = [];
    if (name.indexOf(" ") >= 0) {
      name.split(" ").forEach(function (word) {
        var last = lines.length - 1;
        if (last >= 0 && (lines[last] + " " + word).length <= LATIN_CHARS) {
          lines[last] += " " + word;
        } else {
          lines.push(word);
        }
      });
    } else {
      for (var i = 0; i < name.length; i += LINE_CHARS) {
        lines.push(name.slice(i, i + LINE_CHARS));
      }
    }
    if (lines.length > MAX_LINES) {
      lines = lines.slice(0, MAX_LINES);
      lines[MAX_LINES - 1] += "…";
    }
    return lines.join("<br>");
  }

  function wrapParkNames(figure, width) {
    var axis = figure.layout && figure.layout.yaxis;
    if (width >= NARROW || !axis || axis.type !== "category") {
      return;
    }
    var names = [];
    figure.data.forEach(function (trace) {
      if (trace.orientation === "h") {
        (trace.y || []).forEach(function (name) {
          if (names.indexOf(name) < 0) {
            names.push(name);
          }
        });
      }
    });
    if (!names.length) {
      return;
    }
    axis.tickmode = "array";
    axis.tickvals = names;
    axis.ticktext = names.map(wrapName);
    figure.layout.height = Math.max(figure.layout.height || 0, 100 + 44 * names.length);
  }

  // On a phone a long axis title ("Revenue (output value) (100 million yuan)") runs off the
  // chart; the card's heading names the quantity, so the axis keeps only its unit.
  function shortenAxisTitles(figure, width) {
    if (width >= NARROW || !figure.layout) {
      return;
    }
    ["xaxis", "yaxis"].forEach(function (name) {
      var axis = figure.layout[name];
      var title = axis && axis.title;
      var text = title && (typeof title === "string" ? title : title.text);
      var unit = text && text.length > 12 && text.match(/[(（]([^()（）]+)[)）]\s*$/);
      if (unit && typeof title === "string") {
        axis.title = { text: unit[1] };
      } else if (unit) {
        title.text = unit[1];
      }
    });
  }

  function draw() {
    if (!window.Plotly) {
      return;
    }
    var chinese = isChinese();
    if (chinese) {
      window.Plotly.register(zhCN);
    }
    var targets = document.querySelectorAll("[data-figure]");
    Array.prototype.forEach.call(targets, function (element) {
      var source = document.getElementById(element.getAttribute("data-figure"));
      if (!source) {
        return;
      }
      var figure = JSON.parse(source.textContent);
      wrapParkNames(figure, element.clientWidth);
      shortenAxisTitles(figure, element.clientWidth);
      var staticPlot = element.getAttribute("data-static") === "1";
      window.Plotly.newPlot(element, figure.data, figure.layout, {
        locale: chinese ? "zh-CN" : "en",
        responsive: true,
        displaylogo: false,
        staticPlot: staticPlot,
        // Only the PNG download leaves the page: "share" would send the chart to
        // Plotly's cloud, which an intranet app must not offer.
        showSendToCloud: false,
        modeBarButtonsToRemove: ["select2d", "lasso2d", "sendChartToCloud"],
        toImageButtonOptions: { filename: element.getAttribute("data-filename") || "chart" }
      }).then(hidePicture);
    });
  }

  // The drawing says nothing a screen reader can use (loose tick labels); the table below
  // each chart holds its figures. The mode bar's buttons stay reachable and named.
  function hidePicture(plot) {
    Array.prototype.forEach.call(plot.querySelectorAll("svg.main-svg"), function (svg) {
      svg.setAttribute("aria-hidden", "true");
    });
  }

  // A printed page is narrower than most screens: redraw each chart to the paper's width
  // so that none is cut at the right edge, and back to the screen's afterwards.
  function resizeAll() {
    if (!window.Plotly) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".js-plotly-plot"), function (plot) {
      window.Plotly.Plots.resize(plot);
    });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
