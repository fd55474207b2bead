/* The list's filter and search: inline, no network. Without script every item shows. */
(function () {
  "use strict";
  var list = document.getElementById("list");
  var items = Array.prototype.slice.call(list.querySelectorAll("article.item"));
  var heads = Array.prototype.slice.call(list.querySelectorAll(".group"));
  var counts = Array.prototype.slice.call(document.querySelectorAll("button.count"));
  var status = document.getElementById("status");
  var q = document.getElementById("q");
  var shown = document.getElementById("shown");
  var nothing = document.getElementById("nothing");
  function norm(s) { return s.replace(/\s+/g, "").toLowerCase(); }
  var texts = items.map(function (el) { return norm(el.textContent); });

  function apply() {
    var want = status.value;
    var words = q.value.split(/\s+/).filter(Boolean).map(norm);
    var n = 0, open = {};
    items.forEach(function (el, i) {
      var ok = (!want || el.getAttribute("data-status") === want) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      el.hidden = !ok;
      if (ok) {
        n += 1;
        el.getAttribute("data-groups").split(" ").forEach(function (g) { open[g] = true; });
      }
    });
    heads.forEach(function (h) { h.hidden = !open[h.id]; });
    shown.textContent = (want || words.length) ? "显示 " + n + " / " + items.length + " 项" : "共 " + items.length + " 项";
    nothing.hidden = n > 0;
    counts.forEach(function (b) {
      b.setAttribute("aria-pressed", (want || words.length) && b.getAttribute("data-status") === want ? "true" : "false");
    });
  }

  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (el && list.contains(el) && el.hidden) {
      status.value = "";
      q.value = "";
      apply();
      el.scrollIntoView();
    }
  }

  status.addEventListener("change", apply);
  q.addEventListener("input", apply);
  counts.forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.getAttribute("data-status");
      status.value = (key && status.value === key) ? "" : key;   // a second click shows all again
      apply();
      document.getElementById("items").scrollIntoView();
    });
  });
  window.addEventListener("hashchange", reveal);
  document.getElementById("tools").hidden = false;
  apply();
  reveal();
})();
