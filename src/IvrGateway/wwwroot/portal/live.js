// The live roster updates by itself: every 2 seconds the panel is fetched again (server-rendered, with fresh
// antiforgery tokens in its forms) and swapped in only when what it shows changed, keeping keyboard focus.
// Without JavaScript the page still works: every control is a form, and reloading shows the roster as it is.
(() => {
  "use strict";
  const intervalMs = 2000;
  const announce = document.getElementById("roster-announce");

  async function refresh() {
    const current = document.getElementById("live-roster");
    if (!current || !current.dataset.refresh) return;
    try {
      const response = await fetch(current.dataset.refresh, { cache: "no-store", credentials: "same-origin", headers: { Accept: "text/html" } });
      if (response.ok) {
        const template = document.createElement("template");
        template.innerHTML = (await response.text()).trim();
        const fresh = template.content.getElementById("live-roster");
        if (fresh && fresh.dataset.version !== current.dataset.version) {
          const focused = current.contains(document.activeElement) ? document.activeElement.id : "";
          current.replaceWith(fresh);
          if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
          if (announce) {
            const count = fresh.querySelectorAll("tbody tr").length;
            announce.textContent = count === 1 ? "1 person in the meeting" : `${count} people in the meeting`;
          }
        } else if (fresh) {
          const stamp = current.querySelector("[data-live-status]");
          const freshStamp = fresh.querySelector("[data-live-status]");
          if (stamp && freshStamp) stamp.textContent = freshStamp.textContent;
        }
      }
    } catch {
      // Offline for a moment: the next round tries again.
    }
    window.setTimeout(refresh, intervalMs);
  }

  // Remove and End ask first; without JavaScript they act at once (they are still POST forms with a token).
  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  window.setTimeout(refresh, intervalMs);
})();
