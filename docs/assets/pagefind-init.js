/* Starts Pagefind's search UI in the header (large sites only; see mkdocs_plugin.py).
   An external file rather than an inline script, so the CSP needs no extra hash. */
(function () {
  function create(merge) {
    new PagefindUI({
      element: "#ps-pagefind-ui",
      mergeIndex: merge,
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      debounceTimeoutMs: 100,
      translations: { placeholder: "Search papers" }
    });
  }
  function start() {
    if (typeof PagefindUI === "undefined") return;
    var script = document.querySelector('script[src*="pagefind/pagefind-ui.js"]');
    if (!script || !document.getElementById("ps-pagefind-ui")) return;
    // Large sites split their index into bundles (mkdocs_plugin.bundle_globs);
    // pagefind/bundles.json lists the others, relative to itself.
    var manifest = new URL("bundles.json", script.src);
    fetch(manifest).then(function (response) {
      return response.ok ? response.json() : { merge: [] };
    }).catch(function () {
      return { merge: [] };
    }).then(function (bundles) {
      create((bundles.merge || []).map(function (path) {
        return { bundlePath: new URL(path, manifest).pathname };
      }));
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
      if (event.key === "/" && !typing) {
        var input = document.querySelector("#ps-pagefind-ui input");
        if (input) { event.preventDefault(); input.focus(); }
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
