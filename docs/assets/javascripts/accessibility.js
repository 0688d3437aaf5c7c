// Landmark and dialog names that Material's templates leave out.
//
// Screen readers list navigation landmarks by name, and axe requires each one to be unique.
// Material leaves several <nav>s nameless: the toolbar with each code block's copy button,
// a blog post's sidebar and its details, the "Continue reading" link and the pagination of
// the blog index. The post sidebar is real navigation and gets a name; the others are not
// navigation at all and stop being landmarks. The search dialog gets a name too.
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
  demoteNamelessNavs();
  // Material adds the code-block toolbars as it mounts code blocks, possibly after this.
  new MutationObserver(demoteNamelessNavs).observe(document.body, {
    childList: true,
    subtree: true,
  });
});
