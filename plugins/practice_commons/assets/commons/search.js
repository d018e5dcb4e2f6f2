// Practice Commons: Material's search box, searched by Pagefind (the site's pagefind/ folder).
// Pagefind folds accents ("Lucia" finds "Lucía") and fetches only the index chunks a query needs.
// Results are drawn in Material's markup; titles and excerpts come from pages anyone can edit,
// so they are written as text: only Pagefind's <mark> around the matched words becomes an element.
(function () {
  "use strict";

  var root = document.querySelector("[data-commons-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var input = root.querySelector("[data-commons-search-query]");
  var result = root.querySelector("[data-commons-search-result]");
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var words = config.translations || {};
  // The site's root as an address, so that the index and the result links work under a sub-path too.
  var base = new URL(config.base.replace(/\/?$/, "/"), window.location.href);
  var shown = 10;
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        return module.options({ baseUrl: base.pathname, excerptLength: 24 }).then(function () {
          module.init();
          return module;
        });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is the page's text with <mark> around the hits; anything else in it is text.
  function excerpt(html) {
    var paragraph = document.createElement("p");
    html.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) {
        // Pagefind writes the page's "<" and ">" as &lt; and &gt; (and "&" as itself): back to the characters.
        var text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(text);
          paragraph.appendChild(mark);
        } else {
          paragraph.appendChild(text);
        }
      }
      return marked;
    }, false);
    return paragraph;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(icon);
    article.appendChild(title);
    article.appendChild(excerpt(data.excerpt || ""));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function count(n) {
    if (n === 0) return words["search.result.none"] || "No matching documents";
    if (n === 1) return words["search.result.one"] || "1 matching document";
    return (words["search.result.other"] || "# matching documents").replace("#", String(n));
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      meta.textContent = words["search.result.placeholder"] || "";
      list.replaceChildren();
      return;
    }
    load()
      .then(function (module) { return module.search(query); })
      .then(function (found) {
        if (ticket !== latest || !found) return null;
        return Promise.all(found.results.slice(0, shown).map(function (r) { return r.data(); })).then(function (data) {
          if (ticket !== latest) return;
          meta.textContent = count(found.results.length);
          list.replaceChildren.apply(list, data.map(item));
        });
      })
      .catch(function (error) {
        meta.textContent = words["search.result.none"] || "";
        if (window.console) window.console.error("search:", error);
      });
  }

  function open() {
    toggle.checked = true;
    input.focus();
    load();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  input.addEventListener("input", search);
  input.addEventListener("focus", function () {
    toggle.checked = true;
    load();
  });
  root.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });
  root.querySelector("form").addEventListener("reset", function () {
    window.setTimeout(search, 0);
    input.focus();
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) window.setTimeout(function () { input.focus(); }, 250); // after Material's transition
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) toggle.checked = false;
  });

  // Material's keys: "/", "s" or "f" open the search; Escape closes it; arrows walk the results; Enter opens one.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var active = document.activeElement;
    var typing = active && (active.isContentEditable || /^(input|textarea|select)$/i.test(active.tagName));
    if (!toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
      }
      return;
    }
    var all = links();
    var at = all.indexOf(active);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && active === input && all.length) {
      event.preventDefault();
      all[0].click();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? at + 1 : (at === -1 ? all.length : at) - 1;
      if (next < 0 || next >= all.length) input.focus();
      else all[next].focus();
    }
  });
})();
