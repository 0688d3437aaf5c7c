// Hands Material for MkDocs a `window.mermaid` that loads our vendored Mermaid on first use.
//
// Material draws `pre.mermaid` blocks itself (in the page's light or dark palette) and only
// fetches Mermaid from a CDN when `window.mermaid` is undefined. This stand-in keeps that
// from ever happening: it costs nothing on pages without diagrams and imports the ESM build
// (plus the chunk for each diagram type in use) from our own site when a diagram is drawn.
(() => {
  "use strict";
  const entry = new URL(
    "../vendor/mermaid/mermaid.esm.min.mjs",
    document.currentScript.src,
  ).href;
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

  function load() {
    ready ??= import(entry).then(({ default: mermaid }) => {
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
