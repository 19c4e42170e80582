// A wide table scrolls sideways inside its .table-responsive (on a phone, most do). A keyboard
// user must be able to scroll it as well (WCAG 2.1.1; axe's scrollable-region-focusable): while a
// container overflows it is a tab stop (the arrow keys then scroll it), named after its table's
// caption or its card's header for a screen reader. It stops being one when it fits again (a
// wider window). Tables htmx swaps in later are watched too.
(() => {
  function label(box) {
    const head = box.querySelector("caption")
      || box.closest(".card")?.querySelector(".card-header, h2, h3, h4, h5, h6");
    if (!head) return "";
    // The heading's own words, without its counters, badges and buttons ("Invitations", not
    // "Invitations 18 · attending 0 …"), or those of its first child when it has none (a
    // <span> holding the title and a badge); all of its text when neither has any.
    for (let el = head; el; el = el.firstElementChild) {
      const own = [...el.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent).join(" ").replace(/\s+/g, " ").trim();
      if (own) return own.slice(0, 100);
    }
    return head.textContent.replace(/\s+/g, " ").trim().slice(0, 100);
  }

  function update(box) {
    if (!box) return;
    const overflows = box.scrollWidth > box.clientWidth + 1;
    const added = box.dataset.scrollRegion;  // what this script added: "tab" or "named"
    if (overflows && added === undefined && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      const name = box.hasAttribute("role") ? "" : label(box);
      if (name) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name);
      }
      box.dataset.scrollRegion = name ? "named" : "tab";
    } else if (!overflows && added !== undefined) {
      box.removeAttribute("tabindex");
      if (added === "named") {
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
      delete box.dataset.scrollRegion;
    }
  }

  // The box changes size with the window, its table with the content (an htmx swap inside it).
  const observer = new ResizeObserver((entries) => {
    entries.forEach((entry) => update(entry.target.closest(".table-responsive")));
  });

  function watch(root) {
    const boxes = [...root.querySelectorAll(".table-responsive")];
    if (root.matches?.(".table-responsive")) boxes.push(root);
    boxes.forEach((box) => {
      update(box);
      observer.observe(box);
      box.querySelectorAll(":scope > table").forEach((table) => observer.observe(table));
    });
  }

  watch(document);
  document.addEventListener("htmx:afterSettle", (event) => watch(event.target));
})();
