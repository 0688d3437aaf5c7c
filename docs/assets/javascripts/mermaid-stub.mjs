// What mkdocs-mermaid2's `import mermaid from "…/mermaid.esm.min.mjs"` gets (through the
// import map in overrides/main.html): the lazy stand-in from mermaid-loader.js, so that a page
// does not download and parse Mermaid (about 1 MB of JavaScript) before a reader gets near a
// diagram.
export default window.mermaid;
