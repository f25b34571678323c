// The ops dashboard's only script (the pages' Content-Security-Policy allows no inline script).
// It shows times in the viewer's time zone and keeps the live view current from /ops/live.
// Rows are built with textContent, never innerHTML: every value here came from a phone call.
"use strict";

(function () {
  function localTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when.getTime())) {
        el.textContent = when.toLocaleString();
        el.title = el.getAttribute("datetime");
      }
    });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function link(href, text) {
    var a = el("a", text);
    a.href = href;
    return a;
  }

  function time(iso) {
    if (!iso) return el("span", "–", "none");
    var t = el("time", iso);
    t.setAttribute("datetime", iso);
    return t;
  }

  function cell(row, content) {
    var td = document.createElement("td");
    if (content instanceof Node) td.appendChild(content);
    else if (content !== undefined && content !== null) td.textContent = content;
    row.appendChild(td);
    return td;
  }

  var callUrl = function (sid) { return "/ops/calls/" + encodeURIComponent(sid); };
  var meetingUrl = function (id) { return "/ops/calls?meetingId=" + encodeURIComponent(id); };
  var callerUrl = function (n) { return "/ops/calls?caller=" + encodeURIComponent(n); };
  var meetingLink = function (id) { return id ? link(meetingUrl(id), id) : null; };

  // A browser's call (join online) carries the same badge as in the call log; it is named by its label, and its opaque
  // identity stays in the title, as on the server-rendered page.
  function titled(node, identity) {
    if (identity) node.title = identity;
    return node;
  }

  function withChannel(td, web) {
    if (web) {
      var badge = el("span", "Web", "channel web");
      badge.title = "Joined from a browser";
      td.appendChild(badge);
    }
    return td;
  }

  var goodOutcomes = ["incoming", "ok", "organizer", "bridged", "host"];
  function outcome(name) {
    return el("span", name, goodOutcomes.indexOf(name) >= 0 ? "outcome good" : "outcome bad");
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined || seconds < 0) return "–";
    var s = Math.round(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    if (h > 0) return h + " h " + two(m) + " min";
    if (m > 0) return m + " min " + two(r) + " s";
    return r + " s";
  }

  function fill(id, items, render) {
    var body = document.getElementById(id);
    var rows = items.map(render);
    body.replaceChildren.apply(body, rows);
    document.getElementById(id + "-count").textContent = String(items.length);
    document.getElementById(id + "-empty").hidden = items.length > 0;
    localTimes(body);
  }

  function render(s) {
    fill("calls", s.calls, function (c) {
      var tr = el("tr");
      tr.dataset.sid = c.callSid;
      withChannel(cell(tr, titled(link(callUrl(c.callSid), c.caller), c.identity)), c.web);
      cell(tr, c.to);
      cell(tr, el("span", c.step, c.inConference ? "step in-conference" : "step"));
      cell(tr, meetingLink(c.meetingId));
      cell(tr, c.label);
      cell(tr, time(c.startedAt));
      return tr;
    });
    fill("conferences", s.conferences, function (conf) {
      var article = el("article", null, "conference");
      var h3 = el("h3");
      if (conf.meetingId) h3.appendChild(meetingLink(conf.meetingId));
      h3.append(" ");
      h3.appendChild(el("span", conf.name, "muted"));
      h3.append(" ");
      h3.appendChild(el("span", String(conf.participants.length), "count"));
      article.appendChild(h3);
      var table = el("table", null, "grid compact");
      var head = el("tr");
      ["Label", "Caller", "Role", "Joined"].forEach(function (h) { head.appendChild(el("th", h)); });
      table.appendChild(el("thead")).appendChild(head);
      var body = table.appendChild(el("tbody"));
      conf.participants.forEach(function (p) {
        var tr = el("tr");
        tr.dataset.sid = p.callSid;
        cell(tr, link(callUrl(p.callSid), p.label));
        withChannel(titled(cell(tr, p.web ? null : p.from), p.identity), p.web);
        cell(tr, p.role);
        cell(tr, time(p.joinedAt));
        body.appendChild(tr);
      });
      article.appendChild(table);
      return article;
    });
    fill("failures", s.failures, function (f) {
      var tr = el("tr");
      tr.dataset.sid = f.callSid;
      cell(tr, link(callUrl(f.callSid), "")).firstChild.appendChild(time(f.endedAt));
      withChannel(cell(tr, titled(link(callerUrl(f.from), f.caller), f.identity)), f.web);
      cell(tr, f.to);
      cell(tr, outcome(f.outcome));
      cell(tr, meetingLink(f.meetingId));
      cell(tr, duration(f.durationSeconds));
      return tr;
    });
    fill("events", s.events, function (e) {
      var tr = el("tr");
      cell(tr, time(e.at));
      cell(tr, el("span", e.kind, "kind"));
      cell(tr, e.caller ? link(callerUrl(e.caller), e.caller) : null);
      cell(tr, meetingLink(e.meetingId));
      cell(tr, e.detail);
      cell(tr, e.callSid ? link(callUrl(e.callSid), "timeline") : null);
      return tr;
    });
    var problem = document.getElementById("live-problem");
    problem.textContent = s.problem || "";
    problem.hidden = !s.problem;
  }

  function status(text, className) {
    var node = document.getElementById("live-status");
    node.textContent = text;
    node.className = "status " + className;
  }

  function live(root) {
    var source = new EventSource(root.dataset.stream);
    source.onopen = function () { status("live", "live"); };
    source.onmessage = function (event) {
      render(JSON.parse(event.data));
      status("live · updated " + new Date().toLocaleTimeString(), "live");
    };
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        // The stream answered with something else than events: the session has ended.
        status("stopped: sign in again", "stale");
        var signin = link("/ops/signin?returnUrl=%2Fops", "Sign in again");
        document.getElementById("live-status").after(" ", signin);
      } else {
        status("reconnecting…", "stale");
      }
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes(document);
    var zone = document.getElementById("tz");
    var name = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && name) zone.textContent = " (" + name + ")";
    var root = document.getElementById("live");
    if (root && window.EventSource) live(root);
  });
})();
