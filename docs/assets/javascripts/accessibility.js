// Landmark and dialog names that Material's templates leave out.
//
// Screen readers list navigation landmarks by name, and axe requires each one to be unique.
// Material leaves several <nav>s nameless: the toolbar with each code block's copy button,
// a blog post's sidebar and its details, the "Continue reading" link and the pagination of
// the blog index. The post sidebar is real navigation and gets a name; the others are not
// navigation at all and stop being landmarks. The search dialog gets a name too, and
// tables too wide for the page become focusable so they can be scrolled from the keyboard.
document$.subscribe(() => {
  document.querySelector(".md-search[role=dialog]")?.setAttribute("aria-label", "Search");
  document.querySelector(".md-post > nav:not([aria-label])")?.setAttribute("aria-label", "Post");
  document
    .querySelector(".md-post__meta nav:not([aria-label])")
    ?.setAttribute("aria-label", "Post details");

  const demoteNamelessNavs = () => {
    const nameless = "nav:not([aria-label]):not([aria-labelledby]):not([role])";
    for (const nav of document.querySelectorAll(nameless)) nav.setAttribute("role", "none");
  };
  // A table wider than the page scrolls inside its wrapper; keyboard users can only scroll
  // it if the wrapper can take focus (WCAG 2.1.1).
  const letWideTablesScroll = () => {
    const focusable = ".md-typeset__scrollwrap[tabindex]";
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])")) {
      if (wrap.scrollWidth <= wrap.clientWidth) continue;
      // Regions are landmarks too, so each needs a name of its own.
      const number = document.querySelectorAll(focusable).length + 1;
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", `Wide table ${number} (scrolls sideways)`);
    }
  };
  const fix = () => {
    demoteNamelessNavs();
    letWideTablesScroll();
  };
  fix();
  // Material adds code-block toolbars and table wrappers as it mounts them, possibly later.
  new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  addEventListener("resize", letWideTablesScroll);
});
