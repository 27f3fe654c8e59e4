//! The bundled site in headless Chromium, checked with axe-core on every kind of page (search
//! results included) in light and dark, and the header's layout at a common laptop width.
//!
//! Needs Chromium and axe-core, which `scripts/test` installs (see `tests/browser/mod.rs`).

mod browser;

const PAGES: &[&str] = &[
    "/",
    "/articles/",
    "/articles/birds-of-a-feather-in-ideology-what-is-the-relationship-between-the-islamic/",
    "/entities/",
    "/entities/taliban/",
    "/authors/",
    "/sources/",
    "/about/",
    "/editing-annotations/",
    "/search/?q=Taleban",
    "/404.html",
];

/// Loads each page in an iframe 1366 pixels wide, in light and then dark (the theme's dark
/// rules applied as the browser would for `prefers-color-scheme: dark`), waits for search
/// results, runs axe and keeps the serious and critical violations; measures the header.
const PROBE: &str = r##"<!doctype html><html><body style="margin:0"><pre id="out">pending</pre>
<iframe id="page" style="width:1366px;height:800px;border:0"></iframe>
<script type="module">
const sleep = ms => new Promise(r => setTimeout(r, ms));
const out = { violations: [], headers: {} };
try {
  const frame = document.getElementById("page");
  for (const page of PAGES) {
    for (const scheme of ["light", "dark"]) {
      frame.src = "about:blank";
      await sleep(10);
      await new Promise(r => { frame.addEventListener("load", r, { once: true }); frame.src = page; });
      const doc = frame.contentDocument;
      if (scheme === "dark") {
        for (const sheet of doc.styleSheets) {
          for (const rule of sheet.cssRules) {
            if (rule.media && /prefers-color-scheme:\s*dark/.test(rule.media.mediaText)) {
              const style = doc.createElement("style");
              style.textContent = [...rule.cssRules].map(r => r.cssText).join("\n");
              doc.head.append(style);
            }
          }
        }
      }
      if (page.startsWith("/search/")) {
        for (let i = 0; i < 400 && !doc.querySelector("#search-results mark"); i++) await sleep(25);
      }
      const script = doc.createElement("script");
      script.src = "/axe.js";
      await new Promise(r => { script.onload = r; doc.head.append(script); });
      const result = await frame.contentWindow.axe.run(doc, { resultTypes: ["violations"] });
      for (const v of result.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          out.violations.push({ page, scheme, id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")) });
        }
      }
      const header = doc.querySelector(".site-header-inner");
      const tops = [...header.querySelectorAll("a, input, button")].map(c => c.getBoundingClientRect().top);
      out.headers[page] = { spread: Math.round(Math.max(...tops) - Math.min(...tops)), width: frame.contentWindow.innerWidth };
    }
  }
} catch (e) { out.error = String(e.stack || e); }
document.getElementById("out").textContent = JSON.stringify(out);
</script></body></html>"##;

#[test]
fn every_page_kind_passes_axe_in_light_and_dark_and_the_header_keeps_one_line() {
    let Some(axe) = browser::axe_script() else {
        return;
    };
    let (_site, dist) = browser::built_bundled_site();
    std::fs::write(dist.join("axe.js"), axe).unwrap();
    let probe = PROBE.replace("PAGES", &serde_json::to_string(PAGES).unwrap());
    std::fs::write(dist.join("probe.html"), probe).unwrap();
    let Some(seen) = browser::run_probe(dist, "/probe.html", 1400) else { return };
    assert!(seen["error"].is_null(), "{seen}");
    assert_eq!(seen["violations"], serde_json::json!([]), "axe, serious and critical");
    for page in PAGES {
        let header = &seen["headers"][page];
        assert_eq!(header["width"], 1366, "{seen}");
        // One line: every link and control starts within a line's height of the others.
        let spread = header["spread"].as_f64().unwrap();
        assert!(spread < 20.0, "the header wraps at 1366 px on {page}: {seen}");
    }
}
