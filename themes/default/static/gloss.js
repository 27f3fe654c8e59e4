// gloss: hover and focus previews for entity mentions and footnotes. Everything here is an
// enhancement: without JavaScript the mentions and note references are ordinary links.
// An entity's card is fetched from data/cards/<id>.json the first time a reader points at or
// focuses one of its mentions, so a page holds no copy of what other pages say.
(function () {
  "use strict";
  // This script sits at the root of the site: the cards are found relative to it.
  var scriptUrl = document.currentScript ? document.currentScript.src : document.baseURI;
  var cards = {};
  var popover = document.createElement("div");
  popover.className = "popover";
  popover.id = "gloss-popover";
  popover.setAttribute("role", "tooltip");
  popover.hidden = true;
  document.body.appendChild(popover);
  var owner = null;
  // The mention a card is being fetched for; cleared when the reader moves on.
  var pending = null;
  var hideTimer = null;

  function text(tag, className, value) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = value;
    return node;
  }

  // A promise of the card of entity `id` (null when there is none), fetched once per page.
  function loadCard(id) {
    if (!cards[id]) {
      var url = new URL("data/cards/" + encodeURIComponent(id) + ".json", scriptUrl);
      cards[id] = fetch(url)
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }
    return cards[id];
  }

  function entityContent(card) {
    var box = document.createDocumentFragment();
    box.appendChild(text("p", "popover-kind", card.kind));
    box.appendChild(text("p", "popover-title", card.name));
    if (card.who) box.appendChild(text("p", "popover-who", card.who));
    if (card.who_from) box.appendChild(text("p", "popover-source", card.who_from));
    if (card.aliases && card.aliases.length) box.appendChild(text("p", "popover-aliases", "Also: " + card.aliases.join(", ")));
    if (card.summary) box.appendChild(text("p", "", card.summary));
    return box;
  }

  function noteContent(link) {
    var id = decodeURIComponent((link.getAttribute("href") || "").slice(1));
    var note = id && document.getElementById(id);
    if (!note) return null;
    var copy = note.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
    copy.querySelectorAll(".footnote-backref").forEach(function (n) { n.remove(); });
    var box = document.createElement("div");
    box.appendChild(text("p", "popover-kind", "Note " + link.textContent));
    while (copy.firstChild) box.appendChild(copy.firstChild);
    return box;
  }

  function show(target, content) {
    clearTimeout(hideTimer);
    popover.textContent = "";
    popover.appendChild(content);
    popover.hidden = false;
    owner = target;
    target.setAttribute("aria-describedby", popover.id);
    var rect = target.getBoundingClientRect();
    var top = window.scrollY + rect.bottom + 6;
    var left = window.scrollX + rect.left;
    var width = popover.offsetWidth;
    var maxLeft = window.scrollX + document.documentElement.clientWidth - width - 8;
    popover.style.left = Math.max(window.scrollX + 8, Math.min(left, maxLeft)) + "px";
    popover.style.top = top + "px";
  }

  function hide() {
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    pending = null;
    popover.hidden = true;
  }


  function targetOf(event) {
    return event.target.closest ? event.target.closest('.mention[data-entity], a[role="doc-noteref"]') : null;
  }

  function enter(event) {
    var target = targetOf(event);
    if (!target || target === owner || target === pending) return;
    if (target.matches('a[role="doc-noteref"]')) {
      pending = null;
      var note = noteContent(target);
      if (note) show(target, note);
      return;
    }
    pending = target;
    loadCard(target.getAttribute("data-entity")).then(function (card) {
      if (pending !== target) return;
      pending = null;
      if (card) show(target, entityContent(card));
    });
  }

  function leave(event) {
    var target = targetOf(event);
    if (target && target === pending) pending = null;
    if (!target || target !== owner) return;
    var next = event.relatedTarget;
    if (next && (popover.contains(next) || target.contains(next))) return;
    hideTimer = setTimeout(hide, 150);
  }

  document.addEventListener("mouseover", enter);
  document.addEventListener("focusin", enter);
  document.addEventListener("mouseout", leave);
  document.addEventListener("focusout", leave);
  popover.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  popover.addEventListener("mouseleave", function () { hideTimer = setTimeout(hide, 150); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
})();
