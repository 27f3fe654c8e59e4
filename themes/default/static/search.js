// The search page: Pagefind's UI over the index gloss built into pagefind/. Runs from any
// static server; a ?q= in the address (from the search box in the header) starts a search.
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: element.getAttribute("data-bundle"),
    showSubResults: false,
    showImages: false,
    resetStyles: false
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
