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
      var staticPlot = element.getAttribute("data-static") === "1";
      window.Plotly.newPlot(element, figure.data, figure.layout, {
        locale: chinese ? "zh-CN" : "en",
        responsive: true,
        displaylogo: false,
        staticPlot: staticPlot,
        modeBarButtonsToRemove: ["select2d", "lasso2d"]
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
