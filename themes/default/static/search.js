// The search page: searches the static index `gloss build` writes into search-index/ (format:
// src/render/search/files.rs), fetching only the few small files a query needs. Works from
// any static server and under a base path; ?q= in the address makes a search linkable (the
// header's search box sends one). Every word must match (BM25 ranks); the last word while
// typing may be the start of a word. Names come first: an entity named (or aliased) exactly
// as the query, then the documents mentioning it under any of its names, then the rest.
// Each result shows the passage of its text that matched. Indexed text is untrusted: it only
// ever becomes text nodes, never HTML.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || !window.fetch || !window.Map || !window.Promise) return;
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var more = root.querySelector(".search-more");
  var base = root.getAttribute("data-index");

  var FORMAT = 3;
  var K1 = 1.2, B = 0.75;
  var TITLE_BOOST = 2;      // a word in the title counts double
  var PREFIX_WEIGHT = 0.7;  // a longer word matching the typed start counts less than the word
  var PREFIX_BUDGET = 512 * 1024; // bytes of shards a prefix may fetch; above, wait for letters
  var PAGE = 10;
  var NAME_TERM_BYTES = 64; // src/render/search/postings.rs, MAX_NAME_TERM_BYTES
  var EXCERPT = 240;        // characters of text shown around the match
  var LEAD = 70;            // of which before the first word marked

  // ---- The index: manifest, lengths, and shards fetched on demand --------------------------

  var loading = null;

  function fetchOk(path, version, type) {
    var url = base + path + (version ? "?v=" + version : "");
    return fetch(url, version ? {} : { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error(path + ": HTTP " + response.status);
      return type === "json" ? response.json() : response.arrayBuffer();
    });
  }

  function loadIndex() {
    if (!loading) {
      loading = fetchOk("manifest.json", null, "json").then(function (manifest) {
        if (manifest.format !== FORMAT) throw new Error("unknown index format " + manifest.format);
        return fetchOk("lengths.bin", manifest.version, "bytes").then(function (lengths) {
          return new Index(manifest, new Uint8Array(lengths));
        });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // A document's length from its byte (src/render/search/files.rs, `length_byte`).
  var LENGTHS = [];
  for (var b = 0; b < 256; b++) {
    LENGTHS.push(b < 16 ? b : (8 + ((b - 16) & 7)) * Math.pow(2, ((b - 16) >> 3) + 1));
  }

  function Index(manifest, lengths) {
    this.version = manifest.version;
    this.documents = manifest.documents;
    this.average = manifest.average_length || 1;
    this.shardSize = manifest.document_shard_size;
    this.lengths = lengths;
    this.fold = new Map(Object.keys(manifest.fold).map(function (c) { return [c, manifest.fold[c]]; }));
    this.shards = manifest.terms.map(function (t) {
      return { key: t[0], bytes: t[1], exact: t[2] === 1, path: "t/" + (t[0] || "_") + ".bin" };
    });
    this.byKey = new Map(this.shards.map(function (s) { return [s.key, s]; }));
    this.loaded = new Map();
    this.rows = new Map();
    this.texts = new Map();
  }

  // The shard holding `term`: the one whose key is its longest prefix.
  Index.prototype.shardOf = function (term) {
    for (var n = term.length; n >= 0; n--) {
      var shard = this.byKey.get(term.slice(0, n));
      if (shard && (!shard.exact || n === term.length)) return shard;
    }
    return null;
  };

  // The shards holding the terms that start with `prefix`: its own, or all those under it.
  Index.prototype.shardsOfPrefix = function (prefix) {
    var own = this.shardOf(prefix);
    if (own && !own.exact) return [own];
    return this.shards.filter(function (s) { return s.key.slice(0, prefix.length) === prefix; });
  };

  Index.prototype.load = function (shard) {
    var self = this;
    if (!this.loaded.has(shard.path)) {
      var promise = fetchOk(shard.path, this.version, "bytes").then(parseShard);
      promise.catch(function () { self.loaded.delete(shard.path); });
      this.loaded.set(shard.path, promise);
    }
    return this.loaded.get(shard.path);
  };

  // The text of document `n` (its `row`), where the passage that matched is looked for; ""
  // when it cannot be had. The index keeps no copy of the texts: an entity's is its names and
  // summary, in its row; an article's or page's is read from the page itself (its byline and
  // body), which the reader is likely to open next anyway.
  Index.prototype.text = function (n, row) {
    var self = this, url = String(row[0]);
    if (row[2] === "Entity") {
      var names = Array.isArray(row[5]) ? row[5].join(", ") : "";
      return Promise.resolve(names + "\n" + (row[4] ? String(row[4]) : ""));
    }
    if (!/^\/(?!\/)/.test(url)) return Promise.resolve("");
    if (!this.texts.has(n)) {
      var promise = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.text();
      }).then(pageText);
      promise.catch(function () { self.texts.delete(n); });
      this.texts.set(n, promise);
    }
    return this.texts.get(n).catch(function () { return ""; });
  };

  // The reading text of a page's HTML: its byline, lede and body (a theme without an
  // `.article-body` gives its `main`), one block per line. Parsed inertly: no script runs, no
  // image loads.
  function pageText(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var parts = doc.querySelectorAll(".byline, .lede, .article-body");
    if (!parts.length) parts = doc.querySelectorAll("main");
    return Array.prototype.map.call(parts, function (part) {
      part.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, th, dt, dd, figcaption, br")
        .forEach(function (block) { block.before("\n"); });
      return part.textContent;
    }).join("\n");
  }

  // Document `n`: [url, title, kind, date, excerpt, names].
  Index.prototype.row = function (n) {
    var self = this, chunk = Math.floor(n / this.shardSize);
    if (!this.rows.has(chunk)) {
      var promise = fetchOk("d/" + chunk + ".json", this.version, "json");
      promise.catch(function () { self.rows.delete(chunk); });
      this.rows.set(chunk, promise);
    }
    return this.rows.get(chunk).then(function (rows) { return rows[n % self.shardSize]; });
  };

  // A term shard: entries sorted by term, each { term, documents, start, end } in `bytes`.
  function parseShard(buffer) {
    var bytes = new Uint8Array(buffer), position = 0, previous = "", entries = [];
    function varint() {
      var value = 0, scale = 1, byte;
      do {
        if (position >= bytes.length) throw new Error("truncated search shard");
        byte = bytes[position++];
        value += (byte & 127) * scale;
        scale *= 128;
      } while (byte & 128);
      return value;
    }
    while (position < bytes.length) {
      var shared = varint(), length = varint();
      var term = previous.slice(0, shared) + String.fromCharCode.apply(null, bytes.subarray(position, position + length));
      position += length;
      var documents = varint(), size = varint();
      entries.push({ term: term, documents: documents, start: position, end: position + size });
      position += size;
      previous = term;
    }
    return { bytes: bytes, entries: entries };
  }

  // Entries of `shard` equal to `term`, or starting with it when `prefix`.
  function matching(shard, term, prefix) {
    var entries = shard.entries, low = 0, high = entries.length, found = [];
    while (low < high) {
      var middle = (low + high) >> 1;
      if (entries[middle].term < term) low = middle + 1; else high = middle;
    }
    for (var i = low; i < entries.length; i++) {
      var candidate = entries[i].term;
      if (candidate === term || (prefix && candidate.slice(0, term.length) === term)) found.push(entries[i]);
      else break;
    }
    return found;
  }

  // Calls visit(document, frequency, inTitle) for each posting of `entry`.
  function postings(shard, entry, visit) {
    var bytes = shard.bytes, position = entry.start, document = 0;
    function varint() {
      var value = 0, scale = 1, byte;
      do {
        byte = bytes[position++];
        value += (byte & 127) * scale;
        scale *= 128;
      } while (byte & 128 && position < entry.end);
      return value;
    }
    while (position < entry.end) {
      var head = varint();
      document += Math.floor(head / 4);
      visit(document, head & 1 ? 1 : varint(), (head & 2) === 2);
    }
  }

  // ---- Words: Unicode word boundaries, folded as the index folded them ---------------------

  var segmenter = window.Intl && Intl.Segmenter
    ? new Intl.Segmenter(document.documentElement.lang || undefined, { granularity: "word" })
    : null;
  var WORD = /[\p{L}\p{N}\p{M}_]+(?:[.:'’,;][\p{L}\p{N}\p{M}_]+)*/gu;

  // The words of `text`: { word, index }.
  function words(text) {
    var out = [];
    if (segmenter) {
      // Words joined by one "." ":" or apostrophe are one word, as the index has them
      // ("U.S" → "us"), whatever the browser's segmenter makes of them.
      var pending = null;
      for (var s of segmenter.segment(text)) {
        var last = out[out.length - 1];
        if (s.isWordLike) {
          if (pending && last && last.index + last.word.length + pending.length === s.index) {
            last.word += pending + s.segment;
          } else {
            out.push({ word: s.segment, index: s.index });
          }
          pending = null;
        } else {
          var joins = last && last.index + last.word.length === s.index && /^[.:'’]$/.test(s.segment);
          pending = joins ? s.segment : null;
        }
      }
    } else {
      WORD.lastIndex = 0;
      for (var m = WORD.exec(text); m; m = WORD.exec(text)) out.push({ word: m[0], index: m.index });
    }
    return out;
  }

  function isAsciiWord(c) {
    return (c >= "a" && c <= "z") || (c >= "0" && c <= "9");
  }

  // Lower-case ASCII letters and digits, as src/render/search/terms.rs folds.
  function fold(word, table) {
    var out = "";
    for (var c of word.toLowerCase()) {
      if (c < "\u0080") {
        if (isAsciiWord(c)) out += c;
      } else if (table.has(c)) {
        out += table.get(c);
      } else {
        // A character the index never met: drop its accents, keep the rest as it is.
        for (var d of c.normalize("NFD")) {
          if (d < "\u0080") { if (isAsciiWord(d)) out += d; }
          else if (table.has(d)) out += table.get(d);
          else if (!/\p{M}/u.test(d)) out += d;
        }
      }
    }
    return out;
  }

  // The query's distinct words: { term, prefix }; the last is a prefix unless a space or
  // punctuation follows it.
  function parse(query, table) {
    var found = words(query), terms = [];
    found.forEach(function (w, i) {
      var term = fold(w.word, table);
      if (!term || term.length > 32) return;
      var prefix = i === found.length - 1 && w.index + w.word.length === query.length;
      if (!terms.some(function (t) { return t.term === term; })) terms.push({ term: term, prefix: prefix });
    });
    return terms;
  }

  // ---- Searching ---------------------------------------------------------------------------

  // The term of a whole name made of `terms` (src/render/search/postings.rs, `name_term`).
  function nameTerm(terms) {
    var term = terms.map(function (t) { return "_" + t.term; }).join("");
    return terms.length && term.length <= NAME_TERM_BYTES ? term : null;
  }

  // The documents holding every word, or the whole name the words make, best first: an
  // entity of that name (tier 2), documents mentioning it (1), the others (0), by BM25 within.
  // { results: [{ document, score, tier }], words, narrowed }.
  function search(index, query) {
    var terms = parse(query, index.fold), narrowed = null;
    var name = nameTerm(terms);
    var nameShard = name ? index.shardOf(name) : null;
    var plans = terms.map(function (t) {
      if (t.prefix) {
        var shards = index.shardsOfPrefix(t.term);
        var bytes = shards.reduce(function (sum, s) { return sum + s.bytes; }, 0);
        if (bytes <= PREFIX_BUDGET) return { term: t.term, prefix: true, shards: shards };
        narrowed = t.term;
      }
      var own = index.shardOf(t.term);
      return { term: t.term, prefix: false, shards: own ? [own] : [] };
    });
    var loads = plans.map(function (plan) { return Promise.all(plan.shards.map(function (s) { return index.load(s); })); });
    loads.push(nameShard ? index.load(nameShard) : Promise.resolve(null));
    return Promise.all(loads).then(function (loaded) {
      var named = new Map(); // document → { score, inTitle } for the whole name
      var nameLoaded = loaded.pop();
      if (nameLoaded) {
        matching(nameLoaded, name, false).forEach(function (entry) {
          var idf = Math.log(1 + (index.documents - entry.documents + 0.5) / (entry.documents + 0.5));
          postings(nameLoaded, entry, function (document, frequency, inTitle) {
            named.set(document, { score: idf * (inTitle ? TITLE_BOOST : 1), inTitle: inTitle });
          });
        });
      }
      var totals = null, titled = null;
      plans.forEach(function (plan, w) {
        var scores = new Map(), inTitles = new Set();
        loaded[w].forEach(function (shard) {
          matching(shard, plan.term, plan.prefix).forEach(function (entry) {
            var idf = Math.log(1 + (index.documents - entry.documents + 0.5) / (entry.documents + 0.5));
            var weight = entry.term === plan.term ? 1 : PREFIX_WEIGHT;
            postings(shard, entry, function (document, frequency, inTitle) {
              var length = LENGTHS[index.lengths[document]];
              var score = idf * frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / index.average));
              score *= weight * (inTitle ? TITLE_BOOST : 1);
              if (!(scores.get(document) >= score)) scores.set(document, score);
              if (inTitle) inTitles.add(document);
            });
          });
        });
        titled = titled === null ? inTitles
          : new Set(Array.from(titled).filter(function (d) { return inTitles.has(d); }));
        if (totals === null) {
          totals = scores;
        } else {
          var both = new Map();
          totals.forEach(function (total, document) {
            if (scores.has(document)) both.set(document, total + scores.get(document));
          });
          totals = both;
        }
      });
      var results = [];
      totals = totals || new Map();
      named.forEach(function (_, document) { if (!totals.has(document)) totals.set(document, 0); });
      totals.forEach(function (score, document) {
        var name = named.get(document);
        var tier = name ? (name.inTitle ? 2 : 1) : 0;
        var entry = { document: document, score: score + (name ? name.score : 0), tier: tier };
        // Every word in its title (for an entity, its names): it may lend them to passages.
        entry.titled = tier === 2 || (titled !== null && titled.has(document));
        results.push(entry);
      });
      results.sort(function (a, b) {
        return b.tier - a.tier || b.score - a.score || b.document - a.document;
      });
      return { results: results, words: plans, narrowed: narrowed };
    });
  }

  // ---- Showing results ---------------------------------------------------------------------

  var shown = null; // the last search: { index, found, count shown }
  var current = 0;

  function say(text) {
    status.textContent = text;
  }

  function quoted(query) {
    return "\u201c" + query.trim() + "\u201d";
  }

  // What is marked in the results: each word of the query (the last maybe the start of a
  // word) and, once an entity of the query's name is found, each of its names, whole.
  // [{ words: [folded], prefix, group }]; a passage is chosen for the most groups it holds.
  function queryTargets(found) {
    return found.words.map(function (w, i) { return { words: [w.term], prefix: w.prefix, group: i }; });
  }

  function addNames(targets, names, table) {
    names.forEach(function (name) {
      var folded = words(String(name)).map(function (w) { return fold(w.word, table); })
        .filter(function (w) { return w; });
      var known = targets.some(function (t) { return t.words.join(" ") === folded.join(" "); });
      if (folded.length && !known) targets.push({ words: folded, prefix: false, group: "name" });
    });
  }

  // Whether every word of the query is a whole word of one of `names`: the entity is the
  // one the query names ("Mujahed" names Zabihullah Mujahid, "ferr" names nobody yet).
  function namesHold(names, queryWords, table) {
    var held = new Set();
    names.forEach(function (name) {
      words(String(name)).forEach(function (w) { held.add(fold(w.word, table)); });
    });
    return queryWords.every(function (w) { return held.has(w.term); });
  }

  // Where `targets` occur in `text`: [{ start, end, group }], in order, the longest at a place.
  function hits(text, targets, table) {
    var tokens = words(text).map(function (w) {
      return { start: w.index, end: w.index + w.word.length, term: fold(w.word, table) };
    });
    var found = [];
    for (var i = 0; i < tokens.length; i++) {
      var best = null;
      targets.forEach(function (target) {
        var n = target.words.length;
        if (i + n > tokens.length || (best && best.length >= n)) return;
        for (var k = 0; k < n; k++) {
          var term = tokens[i + k].term, want = target.words[k];
          var ok = term === want || (target.prefix && n === 1 && term.slice(0, want.length) === want);
          if (!term || !ok) return;
        }
        best = { length: n, group: target.group };
      });
      if (best) {
        found.push({ start: tokens[i].start, end: tokens[i + best.length - 1].end, group: best.group });
        i += best.length - 1;
      }
    }
    return found;
  }

  // Appends `text` to `parent` with `targets` marked.
  function mark(parent, text, targets, table) {
    var last = 0;
    hits(text, targets, table).forEach(function (hit) {
      parent.append(text.slice(last, hit.start));
      var element = document.createElement("mark");
      element.textContent = text.slice(hit.start, hit.end);
      parent.append(element);
      last = hit.end;
    });
    parent.append(text.slice(last));
  }

  // The passage of `text` around its matches: the window of EXCERPT characters holding the
  // most of the query's words (or names), the earliest of those; null when none is in it.
  function passage(text, targets, table) {
    var found = hits(text, targets, table);
    if (!found.length) return null;
    var best = 0, bestCount = 0;
    found.forEach(function (hit, j) {
      var groups = new Set();
      for (var k = j; k < found.length && found[k].end <= hit.start + EXCERPT - LEAD; k++) groups.add(found[k].group);
      if (groups.size > bestCount) { best = j; bestCount = groups.size; }
    });
    var from = Math.max(0, found[best].start - LEAD);
    if (from > 0) {
      var space = text.slice(from, found[best].start).search(/\s/);
      from = space < 0 ? found[best].start : from + space + 1;
    }
    var to = Math.min(text.length, from + EXCERPT);
    if (to < text.length) {
      var cut = text.slice(found[best].end, to).search(/\s\S*$/);
      to = cut < 0 ? Math.max(to, found[best].end) : found[best].end + cut;
    }
    var shown = text.slice(from, to).replace(/\s+/g, " ").trim();
    return (from > 0 ? "\u2026 " : "") + shown + (to < text.length ? " \u2026" : "");
  }

  function resultItem(row, text, state) {
    var table = state.index.fold, targets = state.targets;
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    var url = String(row[0]);
    // Only the site's own paths become links.
    var title = /^\/(?!\/)/.test(url) ? document.createElement("a") : document.createElement("span");
    if (title.tagName === "A") title.href = url;
    mark(title, String(row[1]), targets, table);
    heading.append(title);
    item.append(heading);
    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    meta.textContent = row[3] ? row[2] + " \u00b7 " + row[3] : String(row[2]);
    item.append(meta);
    var shown = passage(text, targets, table) || (row[4] ? String(row[4]) : "");
    if (shown) {
      var excerpt = document.createElement("p");
      excerpt.className = "search-result-excerpt";
      mark(excerpt, shown, targets, table);
      item.append(excerpt);
    }
    return item;
  }

  // Shows the next page of `state` (the first replaces what the list showed); false when a
  // newer search came first.
  function showMore(state, search) {
    var from = state.count, index = state.index;
    var page = state.found.results.slice(from, from + PAGE);
    return Promise.all(page.map(function (r) { return index.row(r.document); })).then(function (rows) {
      // The entities of the query's name lend their names to the passages shown.
      rows.forEach(function (row, i) {
        if (page[i].titled && Array.isArray(row[5]) && namesHold(row[5], state.found.words, index.fold)) {
          addNames(state.targets, row[5], index.fold);
        }
      });
      return Promise.all(page.map(function (r, i) { return index.text(r.document, rows[i]); }))
        .then(function (texts) {
          if (search !== current) return false;
          var items = rows.map(function (row, i) { return resultItem(row, texts[i], state); });
          if (from === 0) list.replaceChildren.apply(list, items); else list.append.apply(list, items);
          state.count = from + rows.length;
          more.hidden = state.count >= state.found.results.length;
          return true;
        });
    });
  }

  function run(query) {
    var search = ++current;
    if (!query.trim()) {
      list.replaceChildren();
      more.hidden = true;
      say("");
      return Promise.resolve();
    }
    say("Searching\u2026");
    return loadIndex()
      .then(function (index) {
        return searchOrRetry(index, query).then(function (found) {
          if (search !== current) return;
          shown = { index: index, found: found, count: 0, targets: queryTargets(found) };
          return showMore(shown, search).then(function (current) {
            if (!current) return;
            var n = found.results.length;
            var text = n === 0 ? "No results for " + quoted(query) + "."
              : n + (n === 1 ? " result" : " results") + " for " + quoted(query) + ".";
            if (found.narrowed) {
              text += " Type more letters to include words starting with \u201c" + found.narrowed + "\u201d.";
            }
            say(text);
          });
        });
      })
      .catch(function (error) {
        if (search !== current) return;
        list.replaceChildren();
        more.hidden = true;
        say("Search is unavailable: the index could not be loaded (" + error.message + ").");
      });
  }

  // A rebuilt site may have replaced the index under an open page: load it again once.
  function searchOrRetry(index, query) {
    return search(index, query).catch(function () {
      loading = null;
      return loadIndex().then(function (fresh) { return search(fresh, query); });
    });
  }

  function remember(query) {
    var params = new URLSearchParams(window.location.search);
    if (query) params.set("q", query); else params.delete("q");
    var search = params.toString();
    history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  // ---- Wiring: typing, the address, the keyboard -------------------------------------------

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      remember(input.value);
      run(input.value);
    }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember(input.value);
    run(input.value);
  });
  more.addEventListener("click", function () {
    var links = list.querySelectorAll("a");
    var next = links.length;
    showMore(shown, current).then(function () {
      var link = list.querySelectorAll("a")[next];
      if (link) link.focus();
    });
  });

  // Arrow keys move between the box and the results; Escape goes back to the box.
  root.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (document.activeElement === input || at >= 0)) {
      var next = links[at + 1];
      if (next) { next.focus(); event.preventDefault(); }
    } else if (event.key === "ArrowUp" && at >= 0) {
      (at === 0 ? input : links[at - 1]).focus();
      event.preventDefault();
    } else if (event.key === "Escape" && at >= 0) {
      input.focus();
      event.preventDefault();
    }
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
