// Hands Material for MkDocs a `window.mermaid` that loads our vendored Mermaid when needed.
//
// Material draws `pre.mermaid` blocks itself (in the page's light or dark palette) and only
// fetches Mermaid from a CDN when `window.mermaid` is undefined. This stand-in keeps that
// from ever happening. It imports the ESM build (plus the chunk for each diagram type in
// use) from our own site only once a diagram comes within a screen of the viewport, or the
// page asks for it at once (<meta name="mermaid-loading" content="eager">, as the print
// handout does): parsing Mermaid is the largest piece of work on a diagram page, and most
// readers start at the top. Printing starts it too, but browsers print without waiting;
// print.css says so in place of a diagram that is not drawn yet.
(() => {
  "use strict";
  const script = document.currentScript;
  // The query string keeps this URL out of the import map, which sends mermaid2's own
  // import of the same file to mermaid-stub.mjs (that is, to this stand-in).
  const entry = new URL("../vendor/mermaid/mermaid.esm.min.mjs?direct", script.src).href;
  // The `arguments` of the mermaid2 plugin in mkdocs.yml, written into every page.
  const siteConfig = JSON.parse(
    document.getElementById("__mermaid-config")?.textContent || "{}",
  );
  // Mermaid 12 paints each subgraph from a fixed pastel palette, with selectors that beat
  // Material's theme CSS. In dark mode that put light text on pastel boxes. Subgraphs go
  // back to the palette's own colours, so diagrams read in light and dark alike.
  const paletteCSS = `
    [data-color-id].cluster rect, [data-color-id].cluster path {
      fill: var(--md-default-fg-color--lightest) !important;
      stroke: var(--md-default-fg-color--lighter) !important;
    }`;
  let materialConfig = {};
  let ready;

  const wanted = new Promise((resolve) => {
    const blocks = [...document.querySelectorAll("pre.mermaid")];
    const eager = document.querySelector('meta[name="mermaid-loading"][content="eager"]');
    if (eager || blocks.length === 0 || !("IntersectionObserver" in window)) {
      resolve();
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        resolve();
      },
      { rootMargin: "100% 0px" },
    );
    for (const block of blocks) {
      // Marks the diagrams still waiting, for people and tests; the drawn diagram replaces it.
      block.dataset.mermaidPending = "";
      observer.observe(block);
    }
    addEventListener("beforeprint", resolve, { once: true });
  });

  function load() {
    ready ??= wanted
      .then(() => {
        // For bench/page_weight.py: how long from here until the diagrams are drawn.
        performance.mark("mermaid-wanted");
        return import(entry);
      })
      .then(({ default: mermaid }) => {
        // Material's settings (theme CSS, font sizes) first; ours win where both set a key,
        // so that e.g. `layout: dagre` survives Material's own initialize() call.
        mermaid.initialize({
          ...materialConfig,
          ...siteConfig,
          themeCSS: (materialConfig.themeCSS || "") + paletteCSS,
          startOnLoad: false,
        });
        return mermaid;
      });
    return ready;
  }

  window.mermaid = {
    initialize(config) {
      materialConfig = config || {};
    },
    async render(id, text, container) {
      const mermaid = await load();
      return mermaid.render(id, text, container);
    },
    run(options) {
      return load().then((mermaid) => mermaid.run(options));
    },
  };
})();
