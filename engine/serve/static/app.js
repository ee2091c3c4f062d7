// cartagena serve: builds the profile from the form (each input is named by the JSON pointer of the
// value it sets), asks the server for the findings, and shows them with any problem beside its field.
// Without this script the page still shows every question; with it, one goal at a time.
// Its words come translated in the page (#messages); every request names the page's language, and
// switching language carries the answers given so far (sessionStorage) into the new page.
// Every answer is handled: the server's refusals are JSON with a message in the page's language,
// anything else (no server, an answer that is not the server's) gets the page's own words, and a
// failed request never changes the form: nothing typed is lost.
"use strict";
(function () {
  var form = document.getElementById("profile-form");
  var statusLine = document.getElementById("status");
  var summary = document.getElementById("summary");
  var messages = JSON.parse(document.getElementById("messages").textContent);
  var lang = document.documentElement.lang, query = "?lang=" + encodeURIComponent(lang);
  var STATE = "cartagena-serve-answers";
  var sequence = 0, shown = 0, lastValid = false, timer = null;

  // a message of the page's language with its {placeholders} filled
  function say(key, values) {
    return messages[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // A request that could not be answered as asked: `words` say why, in the page's language;
  // `result` is the server's JSON when it sent some (a profile's problems, to mark beside the fields).
  function Failure(words, status, result) { this.words = words; this.status = status; this.result = result; }

  // POST a JSON body (the header proves the page sent it: see guard.py); the response as it came
  function send(url, body) {
    return fetch(url + query, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Cartagena-Request": "1" }
    }).catch(function (e) { throw new Failure(say("no_server", { error: e && e.message ? e.message : e }), 0, null); });
  }

  // the JSON of an answer, or a Failure saying the answer is not the server's
  function json(response) {
    var type = response.headers.get("Content-Type") || "";
    var unreadable = new Failure(say("unreadable", { status: response.status }), response.status, null);
    if (type.indexOf("application/json") !== 0) return Promise.reject(unreadable);
    return response.json().catch(function () { throw unreadable; });
  }

  // [status, result] for findings and problems (a profile's problems are an answer too);
  // a refusal rejects with the server's message
  function post(url, body) {
    return send(url, body).then(function (response) {
      return json(response).then(function (result) {
        if (response.ok || Array.isArray(result.errors)) return [response.status, result];
        throw new Failure(result.message || say("unreadable", { status: response.status }), response.status, result);
      });
    });
  }

  // a download: the file the server made of the profile, or a Failure (with the profile's problems)
  function download(url, body) {
    return send(url, body).then(function (response) {
      if (!response.ok) {
        return json(response).then(function (result) {
          throw new Failure(result.message || say("unreadable", { status: response.status }), response.status, result);
        });
      }
      var named = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
      return response.blob().then(function (blob) { return { blob: blob, name: named ? named[1] : "download" }; });
    });
  }

  // saves a file in the browser's downloads folder, without leaving the page
  function saveFile(file) {
    var address = URL.createObjectURL(file.blob), link = document.createElement("a");
    link.href = address;
    link.download = file.name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(address); }, 60000);
  }

  // a failed request: its words on the status line, a profile's problems beside their fields
  function failed(e) {
    if (!(e instanceof Failure)) throw e;
    if (e.result && Array.isArray(e.result.errors)) showProblems(e.result);
    statusLine.textContent = e.words;
  }

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
      // the message is validate's (English): marked so inside the words of the page's language
      var line = document.createElement("p"), words = say(item[1] === "error" ? "problem" : "check", {}).split("{message}");
      var message = document.createElement("span");
      line.className = item[1];
      message.textContent = item[0].message;
      if (lang !== "en") message.lang = "en";
      line.appendChild(document.createTextNode(words[0]));
      line.appendChild(message);
      line.appendChild(document.createTextNode(words.slice(1).join("{message}")));
      if (place) place.appendChild(line);
      if (item[1] === "error") {
        box.classList.add("invalid");
        var page = box.closest(".page");
        var badge = page && document.querySelector('[data-badge="' + page.getAttribute("data-page") + '"]');
        if (badge) { badge.classList.add("problem"); badge.setAttribute("data-problems", messages.problems_to_fix); }
      }
    });
  }

  function showFindings(result, started) {
    Object.keys(result.goals).forEach(function (goal) {
      var panel = document.querySelector('[data-findings="' + goal + '"]');
      if (panel) panel.innerHTML = result.goals[goal];
      var badge = document.querySelector('[data-badge="' + goal + '"]');
      if (badge) { badge.textContent = result.badges[goal]; }
    });
    summary.textContent = say("whole_profile", { summary: result.summary });
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
      statusLine.textContent = say("start");
      return;
    }
    post("/api/check", JSON.stringify(data))
      .then(function (answer) { if (mine > shown) { shown = mine; render(answer[0], answer[1], started); } })
      .catch(function (e) { if (mine >= shown) failed(e); });
  }

  function render(status, result, started) {
    showProblems(result);
    lastValid = result.valid;
    statusLine.textContent = result.status || "";  // counted words: the server says them in the right plural
    if (result.valid) {
      showFindings(result, started);
    } else {
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
    document.getElementById("findings-goal").textContent = id === "party" ? say("choose_goal") : say("for_goal", { goal: id });
  }

  function addItem(button) {
    var list = button.closest(".list"), items = list.querySelector(".items");
    var index = items.children.length, html = list.querySelector("template").innerHTML;
    html = html.split("{index}").join(String(index)).split("{number}").join(String(index + 1));
    items.insertAdjacentHTML("beforeend", html);
  }

  function currentPage() {
    var current = document.querySelector("nav.pages a.current");
    return current ? current.getAttribute("data-page") : "party";
  }

  function replaceForm(html, page) {
    var shownPage = page || currentPage();
    form.innerHTML = html;
    showPage(document.querySelector('nav.pages a[data-page="' + shownPage + '"]') ? shownPage : "party");
  }

  // the form filled from a profile by the server (a file opened, or the answers carried to another
  // language); a failure leaves the form as it is
  function fill(url, body, page) {
    return post(url, body).then(function (answer) {
      var result = answer[1];
      if (result.form) replaceForm(result.form, page);
      shown = ++sequence;
      render(answer[0], result, performance.now());
      return result;
    });
  }

  function openFile(input, url, opened) {
    var file = input.files[0];
    if (!file) return;
    file.text().then(function (text) { return fill(url, text); })
      .then(function (result) {
        if (result.form && result.valid) {
          statusLine.textContent = say(opened, { file: file.name }) + (result.not_imported_words ? " " + result.not_imported_words : "");
        }
        else if (!result.form) statusLine.textContent = say("cannot_open", { file: file.name, message: result.errors[0].message });
      })
      .catch(function (e) {
        if (!(e instanceof Failure)) e = new Failure(String(e && e.message ? e.message : e), 0, null);  // the file could not be read
        statusLine.textContent = say("cannot_open", { file: file.name, message: e.words });
      })
      .then(function () { input.value = ""; });
  }

  // switching language: the answers so far (saved or not) and the goal shown go to the new page;
  // they stay in the tab's storage until the new page has them (a failed request keeps them there)
  var unrestored = false;
  function keepAnswers() {
    if (unrestored) return;  // the answers of the last page are still in storage: keep those
    try { sessionStorage.setItem(STATE, JSON.stringify({ profile: collect(), page: currentPage() })); } catch (e) { /* storage off: the new page starts from the server's profile */ }
  }

  function keptAnswers() {
    try { return JSON.parse(sessionStorage.getItem(STATE) || "null"); } catch (e) { return null; }
  }

  function restored() {
    unrestored = false;
    try { sessionStorage.removeItem(STATE); } catch (e) { /* storage off */ }
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
  // a download posts the profile as JSON and saves the file that comes back: the page stays
  Array.prototype.forEach.call(document.querySelectorAll("form.download"), function (f) {
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!lastValid) { statusLine.textContent = say("fix_before_download"); return; }
      download(f.getAttribute("action").split("?")[0], JSON.stringify(collect()))
        .then(function (file) { saveFile(file); statusLine.textContent = say("downloaded", { file: file.name }); })
        .catch(failed);
    });
  });
  var save = document.getElementById("save");
  if (save) save.addEventListener("click", function () {
    post("/api/save", JSON.stringify(collect()))
      .then(function (answer) {
        if (!answer[1].saved) showProblems(answer[1]);
        statusLine.textContent = answer[1].saved ? say("saved", { path: answer[1].saved }) : say("not_saved");
      })
      .catch(failed);
  });
  document.getElementById("open-profile").addEventListener("change", function (e) { openFile(e.target, "/api/open", "opened_profile"); });
  var nr5 = document.getElementById("open-nr5");
  if (nr5) nr5.addEventListener("change", function (e) { openFile(e.target, "/api/open-nr5", "opened_nr5"); });
  Array.prototype.forEach.call(document.querySelectorAll("nav.languages a[data-lang]"), function (a) {
    a.addEventListener("click", keepAnswers);
  });

  document.body.classList.add("scripted");
  var kept = keptAnswers();
  if (kept && kept.profile && Object.keys(kept.profile).length) {
    unrestored = true;
    showPage(kept.page || "party");
    fill("/api/open", JSON.stringify(kept.profile), kept.page).then(restored).catch(failed);
  } else {
    showPage("party");
    check(performance.now());
  }
})();
