// cartagena serve: builds the profile from the form (each input is named by the JSON pointer of the
// value it sets), asks the server for the findings, and shows them with any problem beside its field.
// Without this script the page still shows every question; with it, one goal at a time.
"use strict";
(function () {
  var form = document.getElementById("profile-form");
  var statusLine = document.getElementById("status");
  var summary = document.getElementById("summary");
  var sequence = 0, shown = 0, lastValid = false, timer = null;

  function tokens(pointer) {
    return pointer.split("/").slice(1).map(function (t) { return t.replace(/~1/g, "/").replace(/~0/g, "~"); });
  }

  function put(target, path, value, many) {
    for (var i = 0; i < path.length - 1; i++) {
      if (typeof target[path[i]] !== "object") target[path[i]] = {};
      target = target[path[i]];
    }
    var last = path[path.length - 1];
    if (many) (target[last] = target[last] || []).push(value);
    else target[last] = value;
  }

  // Empty objects and lists are "not declared"; objects keyed 0, 1, ... are lists.
  function tidy(value) {
    if (Array.isArray(value) || value === null || typeof value !== "object") return value;
    var keys = Object.keys(value), out = {};
    keys.forEach(function (k) {
      var v = tidy(value[k]);
      if (v !== null && typeof v === "object" && Object.keys(v).length === 0) return;
      out[k] = v;
    });
    var outKeys = Object.keys(out);
    if (outKeys.length && outKeys.every(function (k) { return /^\d+$/.test(k); })) {
      return outKeys.sort(function (a, b) { return a - b; }).map(function (k) { return out[k]; });
    }
    return out;
  }

  function collect() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      var kind = el.getAttribute("data-kind");
      if (!kind || !el.name || el.name.charAt(0) !== "/") return;
      var path = tokens(el.name);
      if (kind === "text") {
        if (el.value.trim() !== "") put(data, path, el.value.trim());
      } else if (el.checked && el.value !== "") {
        if (kind === "bool") put(data, path, el.value === "true");
        else put(data, path, el.value, kind === "multi");
      }
    });
    return tidy(data);
  }

  function holder(pointer) {
    var path = pointer;
    while (true) {
      var el = form.querySelector('[data-pointer="' + path.replace(/["\\]/g, "\\$&") + '"]');
      if (el || path === "") return el || form;
      path = path.slice(0, path.lastIndexOf("/"));
    }
  }

  function showProblems(result) {
    Array.prototype.forEach.call(form.querySelectorAll(".messages"), function (m) { m.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll(".invalid"), function (e) { e.classList.remove("invalid"); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-badge]"), function (b) { b.classList.remove("problem"); });
    var problems = (result.errors || []).map(function (p) { return [p, "error"]; })
      .concat((result.warnings || []).map(function (p) { return [p, "warning"]; }));
    problems.forEach(function (item) {
      var box = holder(item[0].pointer), place = box.querySelector(":scope > .messages") || box.querySelector(".messages");
      var line = document.createElement("p");
      line.className = item[1];
      line.textContent = item[0].message;
      if (place) place.appendChild(line);
      if (item[1] === "error") {
        box.classList.add("invalid");
        var page = box.closest(".page");
        var badge = page && document.querySelector('[data-badge="' + page.getAttribute("data-page") + '"]');
        if (badge) badge.classList.add("problem");
      }
    });
  }

  function showFindings(result, started) {
    Object.keys(result.goals).forEach(function (goal) {
      var panel = document.querySelector('[data-findings="' + goal + '"]');
      if (panel) panel.innerHTML = result.goals[goal];
      var badge = document.querySelector('[data-badge="' + goal + '"]'), gaps = result.counts[goal].gap;
      if (badge) { badge.textContent = gaps ? gaps + (gaps === 1 ? " gap" : " gaps") : ""; }
    });
    summary.textContent = "Whole profile: " + result.summary;
    document.getElementById("findings").classList.remove("stale");
    // the time from the changed answer to the findings drawn (the next frame), for the browser test
    var mine = shown;
    requestAnimationFrame(function () {
      document.body.setAttribute("data-latency-ms", (performance.now() - started).toFixed(1));
      document.body.setAttribute("data-checked", String(mine));
    });
  }

  function check(started) {
    var mine = ++sequence, data = collect();
    if (Object.keys(data).length === 0) {  // a new, empty form: nothing to complain about yet
      statusLine.textContent = "Start with the Party: its name, its three-letter code and the date of these answers.";
      return;
    }
    var body = JSON.stringify(data);
    fetch("/api/check", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (response) { return response.json().then(function (r) { return [response.status, r]; }); })
      .then(function (answer) { if (mine > shown) { shown = mine; render(answer[0], answer[1], started); } })
      .catch(function (e) { statusLine.textContent = "The server did not answer (" + e + "). Is cartagena serve still running?"; });
  }

  function render(status, result, started) {
    showProblems(result);
    lastValid = result.valid;
    if (result.valid) {
      statusLine.textContent = result.warnings.length ? result.warnings.length + " answer(s) look inconsistent (marked in orange)." : "";
      showFindings(result, started);
    } else {
      var n = result.errors.length;
      statusLine.textContent = n + (n === 1 ? " problem" : " problems") + " to fix (marked in red" +
        (n ? "; the first: " + result.errors[0].message : "") +
        "). The findings shown are those of the last valid answers.";
      document.getElementById("findings").classList.add("stale");
      document.body.setAttribute("data-checked", String(shown));
    }
  }

  function later(delay, started) {
    clearTimeout(timer);
    timer = setTimeout(function () { check(delay ? performance.now() : started); }, delay);
  }

  function showPage(id) {
    Array.prototype.forEach.call(document.querySelectorAll(".page"), function (p) { p.hidden = p.getAttribute("data-page") !== id; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-findings]"), function (p) { p.hidden = p.getAttribute("data-findings") !== id; });
    Array.prototype.forEach.call(document.querySelectorAll("nav.pages a"), function (a) {
      a.classList.toggle("current", a.getAttribute("data-page") === id);
    });
    document.getElementById("findings-goal").textContent = id === "party" ? "(choose a goal)" : "for goal " + id;
  }

  function addItem(button) {
    var list = button.closest(".list"), items = list.querySelector(".items");
    var index = items.children.length, html = list.querySelector("template").innerHTML;
    html = html.split("{index}").join(String(index)).split("{number}").join(String(index + 1));
    items.insertAdjacentHTML("beforeend", html);
  }

  function replaceForm(html) {
    var current = document.querySelector("nav.pages a.current");
    form.innerHTML = html;
    showPage(current ? current.getAttribute("data-page") : "party");
  }

  function openFile(input, url, what) {
    var file = input.files[0];
    if (!file) return;
    file.text().then(function (text) {
      return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: text });
    }).then(function (response) { return response.json().then(function (r) { return [response.status, r]; }); })
      .then(function (answer) {
        var result = answer[1];
        if (result.form) replaceForm(result.form);
        shown = ++sequence;
        render(answer[0], result, performance.now());
        var left = (result.not_imported || []).length;
        if (result.form && result.valid) {
          statusLine.textContent = "Opened " + what + " " + file.name + "." +
            (left ? " " + left + " of its answers have no place in the profile and were left out." : "");
        }
        else if (!result.form) statusLine.textContent = file.name + " cannot be opened: " + result.errors[0].message;
        input.value = "";
      });
  }

  form.addEventListener("change", function (e) { later(0, e.timeStamp); });
  form.addEventListener("input", function (e) { if (e.target.getAttribute("data-kind") === "text") later(300); });
  form.addEventListener("click", function (e) {
    if (e.target.classList.contains("add")) { addItem(e.target); }
  });
  document.addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (!a) return;
    if (a.hasAttribute("data-page")) { e.preventDefault(); showPage(a.getAttribute("data-page")); window.scrollTo(0, 0); }
    if (a.hasAttribute("data-goto")) {
      e.preventDefault();
      var box = holder(a.getAttribute("data-goto")), page = box.closest(".page");
      if (page) showPage(page.getAttribute("data-page"));
      box.scrollIntoView({ block: "center" });
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll("form.download"), function (f) {
    f.addEventListener("submit", function (e) {
      if (!lastValid) { e.preventDefault(); statusLine.textContent = "Fix the problems marked in red before downloading."; return; }
      f.querySelector('input[name="profile"]').value = JSON.stringify(collect());
    });
  });
  var save = document.getElementById("save");
  if (save) save.addEventListener("click", function () {
    fetch("/api/save", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(collect()) })
      .then(function (response) { return response.json(); })
      .then(function (r) { statusLine.textContent = r.saved ? "Saved to " + r.saved + "." : "Not saved: fix the problems marked in red."; });
  });
  document.getElementById("open-profile").addEventListener("change", function (e) { openFile(e.target, "/api/open", "the profile"); });
  var nr5 = document.getElementById("open-nr5");
  if (nr5) nr5.addEventListener("change", function (e) { openFile(e.target, "/api/open-nr5", "the NR5 document"); });

  document.body.classList.add("scripted");
  showPage("party");
  check(performance.now());
})();
