/* Starts Pagefind's search UI in the header (large sites only; see mkdocs_plugin.py).
   An external file rather than an inline script, so the CSP needs no extra hash. */
(function () {
  function start() {
    if (typeof PagefindUI === "undefined") return;
    var element = document.getElementById("ps-pagefind-ui");
    if (!element) return;
    // Large sites split their index into bundles (mkdocs_plugin.bundle_globs);
    // the header lists the extra ones, relative to this page.
    var merge = (element.getAttribute("data-merge") || "").split(" ").filter(Boolean)
      .map(function (path) { return { bundlePath: new URL(path, document.baseURI).pathname }; });
    new PagefindUI({
      element: "#ps-pagefind-ui",
      mergeIndex: merge,
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      debounceTimeoutMs: 100,
      translations: { placeholder: "Search papers" }
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
