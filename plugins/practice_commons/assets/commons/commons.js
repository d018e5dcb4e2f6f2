// Practice Commons: filter the table after each filter box, in the browser, offline; bring graphs to life.
// Matching ignores case and accents; ?q=... in the address pre-fills the box.
// Also decides again, when the page opens, what the build decided with its own date:
// which events are past, which reviews are overdue; and shows event times in the reader's zone.

// Runs fn on every page: Material's instant loading re-renders pages without a new DOMContentLoaded.
function commonsOnEveryPage(fn) {
  "use strict";
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(fn);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fn);
  } else {
    fn();
  }
}

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
      var count = (input.closest("p") || input.parentNode).querySelector(".commons-filter-count");
      if (count) {
        var none = !shown && wanted && count.dataset.none;
        count.textContent = none ? count.dataset.none.replace("{query}", input.value.trim()) :
          wanted ? count.dataset.label.replace("{shown}", shown).replace("{total}", rows.length) : "";
      }
    }
    input.addEventListener("input", apply);
    apply();
  }

  // Relationship graphs: highlight a node's neighbours on hover or focus; pan by dragging; zoom with the
  // buttons (or ctrl + wheel). The pictures and their links work without this script.
  function setUpGraph(svg) {
    if (svg.dataset.commonsReady) return;
    svg.dataset.commonsReady = "1";
    var neighbours = {};
    var lines = Array.prototype.slice.call(svg.querySelectorAll("line[data-a]"));
    lines.forEach(function (line) {
      [line.dataset.a, line.dataset.b].forEach(function (end) {
        (neighbours[end] = neighbours[end] || []).push(line);
      });
    });
    var nodes = {};
    svg.querySelectorAll(".pc-node").forEach(function (node) { nodes[node.dataset.id] = node; });
    function clear() {
      svg.classList.remove("pc-has-hl");
      svg.querySelectorAll(".pc-hl").forEach(function (el) { el.classList.remove("pc-hl"); });
    }
    function highlight(node) {
      clear();
      svg.classList.add("pc-has-hl");
      node.classList.add("pc-hl");
      (neighbours[node.dataset.id] || []).forEach(function (line) {
        line.classList.add("pc-hl");
        var other = nodes[line.dataset.a === node.dataset.id ? line.dataset.b : line.dataset.a];
        if (other) other.classList.add("pc-hl");
      });
    }
    Object.keys(nodes).forEach(function (id) {
      var node = nodes[id];
      node.addEventListener("mouseenter", function () { highlight(node); });
      node.addEventListener("focus", function () { highlight(node); });
      node.addEventListener("mouseleave", clear);
      node.addEventListener("blur", clear);
    });

    var box = svg.viewBox.baseVal;
    var home = [box.x, box.y, box.width, box.height];
    function set(x, y, w, h) { svg.setAttribute("viewBox", [x, y, w, h].join(" ")); }
    function zoom(factor) {
      var w = box.width * factor, h = box.height * factor;
      if (w > home[2] * 4 || w < home[2] / 12) return;
      set(box.x + (box.width - w) / 2, box.y + (box.height - h) / 2, w, h);
    }
    var controls = svg.parentNode.querySelector(".pc-zoom");
    if (controls) {
      controls.hidden = false;
      controls.querySelector("[data-zoom=in]").addEventListener("click", function () { zoom(0.7); });
      controls.querySelector("[data-zoom=out]").addEventListener("click", function () { zoom(1 / 0.7); });
      controls.querySelector("[data-zoom=reset]").addEventListener("click", function () { set.apply(null, home); });
    }
    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      zoom(event.deltaY < 0 ? 0.85 : 1 / 0.85);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      if (event.target.closest(".pc-node")) return;
      drag = { x: event.clientX, y: event.clientY, bx: box.x, by: box.y };
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var scale = box.width / svg.getBoundingClientRect().width;
      set(drag.bx - (event.clientX - drag.x) * scale, drag.by - (event.clientY - drag.y) * scale, box.width, box.height);
    });
    ["pointerup", "pointercancel"].forEach(function (type) {
      svg.addEventListener(type, function () { drag = null; });
    });
  }

  // An event listed as upcoming that has ended since the build moves to the top of the past list.
  function settleEvents(now) {
    document.querySelectorAll('[data-commons-events="upcoming"]').forEach(function (upcoming) {
      var past = upcoming.parentElement.querySelector('[data-commons-events="past"]');
      var list = past && past.querySelector("tbody, ul");
      if (!list) return;
      var ended = Array.prototype.filter.call(upcoming.querySelectorAll("[data-commons-end]"), function (item) {
        return Date.parse(item.getAttribute("data-commons-end")) < now;
      });
      ended.forEach(function (item) {
        list.insertBefore(item, list.firstElementChild);  // oldest first in, so the latest ends on top
        item.setAttribute("data-commons-moved", "");
      });
      if (ended.length) past.hidden = false;
      if (!upcoming.querySelector("[data-commons-end]")) upcoming.hidden = true;
    });
  }

  // review_by is a day: the review is overdue from the next day on, in the reader's calendar.
  function settleReviews(now) {
    document.querySelectorAll("[data-commons-review-by]").forEach(function (notice) {
      var due = new Date(notice.getAttribute("data-commons-review-by") + "T00:00:00");
      if (isNaN(due)) return;
      due.setDate(due.getDate() + 1);
      notice.hidden = now < due.getTime();
    });
  }

  function offsetOf(iso) {
    var m = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (/Z$/.test(iso)) return 0;
    return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
  }

  // Beside a time in the event's own zone, the same moment in the reader's, when they differ.
  function localTimes() {
    document.querySelectorAll("time[data-commons-local]").forEach(function (time) {
      if (time.dataset.commonsLocalShown) return;
      var iso = time.getAttribute("datetime");
      var moment = new Date(iso);
      var theirs = offsetOf(iso);
      if (isNaN(moment) || theirs === null || theirs === -moment.getTimezoneOffset()) return;
      time.dataset.commonsLocalShown = "1";
      var text = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
        day: "numeric", month: "long", hour: "2-digit", minute: "2-digit"
      }).format(moment);
      var local = document.createElement("span");
      local.className = "commons-local";
      local.textContent = " (" + time.getAttribute("data-commons-local").replace("{time}", text) + ")";
      time.after(local);
    });
  }

  function init() {
    document.querySelectorAll("input.commons-filter").forEach(setUp);
    document.querySelectorAll("svg.pc-graph").forEach(setUpGraph);
    var now = Date.now();
    settleEvents(now);
    settleReviews(now);
    localTimes();
  }

  commonsOnEveryPage(init);
})();

// --- issue 11 index, phones, wayfinding
// On a phone a table reads as cards (commons.css): each cell shows its column's name. The generated
// pages write it (data-label); for the other tables (a contributor's Markdown) it comes from the header.
(function () {
  "use strict";

  function labelCells() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      if (table.dataset.commonsLabelled) return;
      table.dataset.commonsLabelled = "1";
      var head = table.querySelector("thead tr");
      if (!head) return;
      var names = Array.prototype.map.call(head.children, function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && names[i]) cell.setAttribute("data-label", names[i]);
        });
      });
    });
  }

  commonsOnEveryPage(labelCells);
})();

// --- issue 11 people: the home page's "find an expert" box, a combobox with a listbox (WAI-ARIA pattern).
// Loads a small index of topics and people (assets/commons/find.json) on first use; matching ignores case
// and accents ("lucia" finds Lucía); Enter opens the chosen topic or person, or who-knows-what filtered.
(function () {
  "use strict";
  var MAX = 8;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUpFind(box) {
    if (box.dataset.commonsReady) return;
    box.dataset.commonsReady = "1";
    box.hidden = false;
    var input = box.querySelector("input");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[role=status]");
    var root = box.dataset.root || "";
    var entries = null, loading = false, shown = [], active = -1;

    function load() {
      if (entries || loading) return;
      loading = true;
      fetch(box.dataset.find).then(function (r) { return r.json(); }).then(function (data) {
        entries = [];
        data.topics.forEach(function (t) { entries.push({ kind: "topic", name: t[0], url: t[1], detail: t[2] }); });
        data.people.forEach(function (p) { entries.push({ kind: "person", name: p[0], url: p[1], detail: p[2] }); });
        entries.forEach(function (e) { e.key = fold(e.name); e.all = fold(e.name + " " + e.detail); });
        update();
      }).catch(function () { status.textContent = status.dataset.failed; loading = false; });
    }

    function score(entry, words, whole) {
      for (var i = 0; i < words.length; i++) if (entry.all.indexOf(words[i]) === -1) return -1;
      if (entry.key.indexOf(whole) === 0) return 0;
      if ((" " + entry.key).indexOf(" " + words[0]) !== -1) return 1;
      return entry.key.indexOf(words[0]) !== -1 ? 2 : 3;
    }

    function choose(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-selected", String(i === index)); });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      choose(-1);
    }

    function update() {
      var whole = fold(input.value.trim());
      list.textContent = "";
      shown = [];
      if (!whole || !entries) { close(); status.textContent = ""; return; }
      var words = whole.split(/\s+/);
      var ranked = [];
      entries.forEach(function (e) { var s = score(e, words, whole); if (s >= 0) ranked.push([s, e]); });
      // At equal match, topics first: the box answers "who knows X" before it finds a namesake.
      ranked.sort(function (a, b) {
        return a[0] - b[0] || (a[1].kind === b[1].kind ? 0 : a[1].kind === "topic" ? -1 : 1) || a[1].key.localeCompare(b[1].key);
      });
      shown = ranked.slice(0, MAX).map(function (r) { return r[1]; });
      shown.forEach(function (e, i) {
        var li = document.createElement("li");
        li.id = "pc-find-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var kind = document.createElement("span");
        kind.className = "pc-find-kind";
        kind.textContent = list.dataset[e.kind];
        var name = document.createElement("span");
        name.className = "pc-find-name";
        name.textContent = e.name;
        li.append(kind, " ", name);
        if (e.detail) {
          var detail = document.createElement("span");
          detail.className = "pc-find-detail";
          detail.textContent = e.detail;
          li.append(" ", detail);
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); go(e); });
        list.appendChild(li);
      });
      list.hidden = !shown.length;
      input.setAttribute("aria-expanded", String(shown.length > 0));
      active = -1;
      input.removeAttribute("aria-activedescendant");
      status.textContent = !shown.length ? status.dataset.none
        : ranked.length === 1 ? status.dataset.one : status.dataset.count.replace("{count}", ranked.length);
    }

    function go(entry) {
      window.location.href = entry ? root + entry.url : box.dataset.experts + "?q=" + encodeURIComponent(input.value.trim());
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", function () { load(); update(); });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && shown.length) {
        event.preventDefault();
        if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        choose((active + 1) % shown.length);
      } else if (event.key === "ArrowUp" && shown.length) {
        event.preventDefault();
        choose(active <= 0 ? shown.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (input.value.trim()) go(shown[active >= 0 ? active : 0]);
      } else if (event.key === "Escape") {
        if (!list.hidden) close(); else input.value = "";
      }
    });
  }

  function init() {
    document.querySelectorAll(".pc-find[data-find]").forEach(setUpFind);
  }

  commonsOnEveryPage(init);
})();
