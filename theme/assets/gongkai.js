/* gongkai: the site's one small script (no other host, nothing needed to read a page without it).
   - a link to one table row lands with the row and the table's title, unit and column headers in view;
   - the row's # control copies the row's link (without this script it is an ordinary link to the row);
   - the second label column of a wide table sticks beside the first (its offset is the first one's width);
   - search: a Chinese query is cut into words the index knows (Pagefind UI's processTerm). */
(function () {
  "use strict";
  document.documentElement.classList.add("gk-js");

  function headerHeight() {
    var bar = document.querySelector(".md-header");
    return bar ? bar.getBoundingClientRect().height : 0;
  }

  /* The row just under its table's sticky header inside the table's box, and the page scrolled so that the
     table's title (with its unit and the cite line) is under the site header; if the row would then fall below
     the window, the page scrolls on, but never so far that the box's top (its sticky header) leaves the window. */
  function land(row) {
    var box = row.closest(".gk-scroll");
    if (!box) { return; }
    var head = box.querySelector("thead");
    var headHeight = head ? head.getBoundingClientRect().height : 0;
    box.scrollTop += row.getBoundingClientRect().top - box.getBoundingClientRect().top - headHeight;
    var top = headerHeight();
    var wrap = row.closest(".gk-table");
    var title = wrap && wrap.previousElementSibling;
    while (title && !/^H[1-6]$/.test(title.tagName)) { title = title.previousElementSibling; }
    var first = title || wrap || box;
    window.scrollBy(0, first.getBoundingClientRect().top - top - 4);
    var below = row.getBoundingClientRect().bottom - window.innerHeight + 4;
    if (below > 0) {
      window.scrollBy(0, Math.min(below, box.getBoundingClientRect().top - top));
    }
  }

  function target() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var row = id && document.getElementById(id);
    if (row && row.tagName === "TR") { land(row); }
  }

  function stickOffsets() {
    var tables = document.querySelectorAll("table.gk-grid");
    for (var i = 0; i < tables.length; i++) {
      var second = tables[i].querySelector("tbody td.gk-stick-2, thead th.gk-stick-2");
      var first = tables[i].querySelector("tbody td.gk-stick-1, thead th.gk-stick-1");
      if (second && first) {
        tables[i].style.setProperty("--gk-stick-2", (second.offsetLeft - first.offsetLeft) + "px");
      }
    }
  }

  var status = null;
  function say(text) {
    if (!status) {
      status = document.createElement("div");
      status.className = "gk-status";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = text;
    window.clearTimeout(say.timer);
    say.timer = window.setTimeout(function () { status.textContent = ""; }, 2500);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.gk-permalink");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var url = link.href;
    if (window.location.href !== url) { window.history.pushState(null, "", url); }
    target();
    copy(url).then(function () { say("已复制本行链接：" + url); },
                   function () { say("本行链接已显示在地址栏，请手动复制"); });
  });

  window.addEventListener("hashchange", target);
  window.addEventListener("popstate", target);
  window.addEventListener("load", function () { stickOffsets(); target(); });
  window.addEventListener("resize", stickOffsets);
})();

/* Pagefind 1.4 looks a Chinese query up as one word and, when it is not one, matches only its first word:
   社会保险经办机构 found every page with 社会. Cut it into words as the browser's segmenter does, with runs of
   single characters joined (弋|阳 -> 弋阳, 公|积|金 -> 公积金) and a lone one kept with the word before it
   (满意|度 -> 满意度): the index (cut by jieba) holds longer words, and a query word matches every word it begins. */
window.gkSearchTerm = function (term) {
  if (typeof Intl === "undefined" || !Intl.Segmenter || !/[\u3400-\u9fff]/.test(term)) { return term; }
  var han = /^[\u3400-\u9fff]$/, groups = [], words = [], run = "";
  function flush() {
    if (!run) { return; }
    if (Array.from(run).length === 1 && words.length) { words[words.length - 1] += run; } else { words.push(run); }
    run = "";
  }
  var parts = Array.from(new Intl.Segmenter("zh", {granularity: "word"}).segment(term));
  for (var i = 0; i < parts.length; i++) {
    var part = parts[i];
    if (!part.isWordLike) { flush(); if (words.length) { groups.push(words.join(" ")); } words = []; continue; }
    if (han.test(part.segment)) { run += part.segment; continue; }
    if (run && Array.from(run).length === 1 && !words.length) { words.push(run + part.segment); run = ""; continue; }
    flush();
    words.push(part.segment);
  }
  flush();
  if (words.length) { groups.push(words.join(" ")); }
  return groups.join(" ");
};
