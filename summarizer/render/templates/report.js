"use strict";
// Reader and party filter. Everything the page shows is already in the markup; this script only
// shows, hides and highlights it (the CSP admits this script alone, by hash).
(() => {
  const hint = document.getElementById("reader-hint");
  const note = document.getElementById("filter-note");

  const clearSelection = () => {
    for (const el of document.querySelectorAll(".selected:not(.party-filter)")) {
      el.classList.remove("selected");
    }
    for (const m of document.querySelectorAll("mark.active")) m.classList.remove("active");
  };

  // Show one article in the reader, its passages for `evs` highlighted; the first one in view.
  const open = (sourceKey, evs) => {
    let shown = null;
    for (const a of document.querySelectorAll(".source-text")) {
      a.hidden = a.dataset.source !== sourceKey;
      if (!a.hidden) shown = a;
    }
    hint.hidden = shown !== null;
    if (shown === null) return;
    let first = null;
    for (const m of shown.querySelectorAll("mark[data-ev]")) {
      const ids = m.dataset.ev.split(" ");
      if (evs.some((ev) => ids.includes(ev))) {
        m.classList.add("active");
        if (first === null) first = m;
      }
    }
    (first || shown).scrollIntoView({ block: "center" });
  };

  const selectItem = (item, quote) => {
    clearSelection();
    item.classList.add("selected");
    const target = quote || item.querySelector(".quote");
    if (target === null) return;
    target.classList.add("selected");
    // A quote shows its own passage; the item shows all of its passages in that article.
    const evs = quote ? [quote.dataset.ev] : item.dataset.ev.split(" ");
    open(target.dataset.source, evs);
  };

  const filter = (party, label) => {
    for (const b of document.querySelectorAll(".party-filter")) {
      b.classList.toggle("selected", b.dataset.party === party);
    }
    let count = 0;
    for (const el of document.querySelectorAll(".item, .timeline .entry")) {
      const hit = party === "" || el.dataset.parties.split(" ").includes(party);
      el.hidden = !hit;
      if (hit && el.classList.contains("item") && !el.classList.contains("party")) count += 1;
    }
    note.hidden = party === "";
    note.textContent = party === "" ? "" : `${count} item(s) of ${label}`;
  };

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (target === null) return;
    const chip = target.closest(".party-filter");
    if (chip) {
      filter(chip.dataset.party, chip.firstChild ? chip.firstChild.textContent.trim() : "");
      return;
    }
    const source = target.closest(".open-source");
    if (source) {
      clearSelection();
      open(source.dataset.source, []);
      return;
    }
    const item = target.closest(".item");
    if (item) selectItem(item, target.closest(".quote"));
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (event.key === "Enter" && target && target.classList.contains("item")) selectItem(target, null);
  });
})();
