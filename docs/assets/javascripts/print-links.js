// On paper a link cannot be clicked, so print.css prints the address after a link to
// another site. Links whose text already is the address (the sources lists) are left out,
// so no address is printed twice: this marks the others with data-print-url.
document.querySelectorAll('.md-typeset a[href^="http://"], .md-typeset a[href^="https://"]')
  .forEach((link) => {
    const shown = link.textContent.trim().replace(/\/$/, "");
    const address = link.getAttribute("href");
    if (shown !== address.replace(/\/$/, "") && shown !== link.href.replace(/\/$/, "")) {
      link.dataset.printUrl = address;
    }
  });
