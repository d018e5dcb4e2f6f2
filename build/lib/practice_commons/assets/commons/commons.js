// Practice Commons: filter the table after each filter box, in the browser, offline.
// Matching ignores case and accents; ?q=... in the address pre-fills the box.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function tableAfter(input) {
    var node = input.closest("p") || input;
    for (node = node.nextElementSibling; node; node = node.nextElementSibling) {
      if (node.tagName === "TABLE") return node;
      var table = node.querySelector && node.querySelector("table");
      if (table) return table;
    }
    return null;
  }

  function setUp(input) {
    if (input.dataset.commonsReady) return;
    input.dataset.commonsReady = "1";
    var table = tableAfter(input);
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var keys = rows.map(function (row) { return fold(row.textContent); });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) input.value = query;
    function apply() {
      var wanted = fold(input.value.trim());
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = !wanted || keys[i].indexOf(wanted) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      input.setAttribute("data-shown", String(shown));
    }
    input.addEventListener("input", apply);
    apply();
  }

  function init() {
    document.querySelectorAll("input.commons-filter").forEach(setUp);
  }

  // Material's instant loading re-renders pages without a new DOMContentLoaded.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
