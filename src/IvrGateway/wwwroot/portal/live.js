// The live roster updates by itself: every 2 seconds the panel is fetched again (server-rendered, with fresh
// antiforgery tokens in its forms) and swapped in only when what it shows changed, keeping keyboard focus.
// Once the panel says the meeting is over (its data-refresh is then empty) nothing in it can change: polling stops and
// the live region says so. A failed poll (network error, an answer that is not the panel) waits longer each time,
// up to a minute, so a gateway that is down or restarting is not hammered by every open page; a good poll resets it.
// Without JavaScript the page still works: every control is a form, and reloading shows the roster as it is.
(() => {
  "use strict";
  const intervalMs = 2000;
  const maxDelayMs = 60000;
  const announce = document.getElementById("roster-announce");
  let delayMs = intervalMs;

  function say(text) {
    if (announce) announce.textContent = text;
  }

  // The rest of the Live page was rendered while the meeting ran: once it is over, say so there too and take away
  // Start, Call me and Join from this browser (the server would refuse them now), as a reload would.
  function over(text) {
    say(text);
    const state = document.getElementById("meeting-state");
    if (state) state.textContent = text;
    const start = document.getElementById("start-button");
    if (start && start.closest("form")) start.closest("form").hidden = true;
    const join = document.getElementById("join-heading");
    if (join && join.closest("section")) join.closest("section").hidden = true;
  }

  function stamp(panel) {
    return panel.querySelector("[data-live-status]");
  }

  async function refresh() {
    const current = document.getElementById("live-roster");
    if (!current || !current.dataset.refresh) return;
    let fresh = null;
    try {
      const response = await fetch(current.dataset.refresh, { cache: "no-store", credentials: "same-origin", headers: { Accept: "text/html" } });
      if (response.ok) {
        const template = document.createElement("template");
        template.innerHTML = (await response.text()).trim();
        fresh = template.content.getElementById("live-roster");
      }
    } catch {
      fresh = null;
    }
    if (!fresh) {
      // Offline, signed out (the answer is the sign-in page) or the gateway failing: try again later, each time later.
      if (delayMs === intervalMs) say("Live updates are interrupted; retrying.");
      delayMs = Math.min(delayMs * 2, maxDelayMs);
      const shown = stamp(current);
      if (shown) shown.textContent = `${shown.dataset.asOf || shown.textContent} · updates interrupted, retrying`;
      window.setTimeout(refresh, delayMs);
      return;
    }
    delayMs = intervalMs;
    if (fresh.dataset.version !== current.dataset.version) {
      const focused = current.contains(document.activeElement) ? document.activeElement.id : "";
      current.replaceWith(fresh);
      if (stamp(fresh)) stamp(fresh).dataset.asOf = stamp(fresh).textContent;
      if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
      const count = fresh.querySelectorAll("tbody tr").length;
      const people = count === 1 ? "1 person in the meeting" : `${count} people in the meeting`;
      if (fresh.dataset.over) over(fresh.dataset.over);
      else say(people);
    } else {
      const shown = stamp(current);
      const freshStamp = stamp(fresh);
      if (shown && freshStamp) {
        shown.textContent = freshStamp.textContent;
        shown.dataset.asOf = freshStamp.textContent;
      }
    }
    if (fresh.dataset.refresh) window.setTimeout(refresh, delayMs);
  }

  // Remove and End ask first; without JavaScript they act at once (they are still POST forms with a token).
  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  const first = document.getElementById("live-roster");
  if (first && stamp(first)) stamp(first).dataset.asOf = stamp(first).textContent;
  window.setTimeout(refresh, intervalMs);
})();
