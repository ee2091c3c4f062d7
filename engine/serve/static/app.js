// cartagena serve: builds the profile from the form (each input is named by the JSON pointer of the
// value it sets), asks the server for the findings, and shows them with any problem beside its field.
// Without this script the page still shows every question; with it, one goal at a time.
// Its words come translated in the page (#messages); every request names the page's language, and
// switching language carries the answers given so far (sessionStorage) into the new page.
// Every answer is handled: the server's refusals are JSON with a message in the page's language,
// anything else (no server, an answer that is not the server's) gets the page's own words, and a
// failed request never changes the form: nothing typed is lost.
// Nothing typed is lost either on a reload, a closed tab or a crash: every change is kept as a
// draft in the browser's storage (localStorage) and restored on the next visit, with a way to
// discard it. Problems are shown beside a field once the person has left it, or after "Review".
"use strict";
(function () {
  var form = document.getElementById("profile-form");
  var statusLine = document.getElementById("status");
  var summary = document.getElementById("summary");
  var draftWords = document.getElementById("draft-words");
  var discardButton = document.getElementById("discard");
  var messages = JSON.parse(document.getElementById("messages").textContent);
  var lang = document.documentElement.lang, query = "?lang=" + encodeURIComponent(lang);
  var STATE = "cartagena-serve-answers", DRAFT = "cartagena-serve-draft", DISCARDED = "cartagena-serve-discarded";
  var sequence = 0, shown = 0, lastValid = false, timer = null, draftTimer = null;
  var touched = {}, reviewed = false, dirty = false, leaving = false, lastResult = null;

  // a message of the page's language with its {placeholders} filled
  function say(key, values) {
    return fill_in(messages[key], values);
  }

  function fill_in(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function each(selector, action, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), action);
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
    if (e.result && Array.isArray(e.result.errors)) { reviewed = true; showProblems(e.result); }
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
        var text = el.name === "/party/code" ? el.value.trim().toUpperCase() : el.value.trim();  // a code in capitals
        if (text !== "") put(data, path, text);
      } else if (el.checked && el.value !== "") {
        if (kind === "bool") put(data, path, el.value === "true");
        else put(data, path, el.value, kind === "multi");
      }
    });
    return tidy(data);
  }

  // the element of the form that holds the value at `pointer` (its nearest field, question or group)
  function holder(pointer) {
    var path = pointer;
    while (true) {
      var el = form.querySelector('[data-pointer="' + path.replace(/["\\]/g, "\\$&") + '"]');
      if (el || path === "") return el || form;
      path = path.slice(0, path.lastIndexOf("/"));
    }
  }

  // how a link names the question holding `box`: its legend or label, as the person reads it
  function nameOf(box) {
    var named = box.closest(".question, .field") || box;
    var title = (named.querySelector(":scope > legend, :scope > label, :scope > .label") || named).cloneNode(true);
    each(".required, .messages, .choices", function (e) { e.remove(); }, title);  // the name alone
    return title.textContent.replace(/\s+/g, " ").trim();
  }

  // a problem is shown once the person has left its field (or another field of the same list
  // item), or after "Review answers": never under a field not reached yet
  function isShown(pointer) {
    if (reviewed) return true;
    return Object.keys(touched).some(function (t) {
      if (t === pointer || t.indexOf(pointer + "/") === 0) return true;
      var item = t.slice(0, t.lastIndexOf("/"));
      return /\/\d+$/.test(item) && pointer.indexOf(item + "/") === 0;
    });
  }

  function showProblems(result) {
    each(".messages", function (m) { m.textContent = ""; }, form);
    each(".invalid", function (e) { e.classList.remove("invalid"); }, form);
    each("[aria-invalid]", function (e) { e.removeAttribute("aria-invalid"); }, form);
    each("[data-problems]", function (b) { b.textContent = ""; });
    var problems = (result.errors || []).map(function (p) { return [p, "error"]; })
      .concat((result.warnings || []).map(function (p) { return [p, "warning"]; }))
      .filter(function (item) { return isShown(item[0].pointer); });
    var perPage = {}, links = [];
    problems.forEach(function (item) {
      var box = holder(item[0].pointer), place = box.querySelector(":scope > .messages") || box.querySelector(".messages");
      var line = document.createElement("span"), words = say(item[1] === "error" ? "problem" : "check", {}).split("{message}");
      var message = document.createElement("span");
      line.className = item[1];
      message.textContent = item[0].message;
      if (item[0].lang) message.lang = item[0].lang;  // the consistency checks speak English, marked so
      line.appendChild(document.createTextNode(words[0]));
      line.appendChild(message);
      line.appendChild(document.createTextNode(words.slice(1).join("{message}")));
      if (place) { if (place.textContent) place.appendChild(document.createTextNode(" ")); place.appendChild(line); }
      if (item[1] === "error") {
        box.classList.add("invalid");
        each("input, textarea", function (i) { i.setAttribute("aria-invalid", "true"); }, box);
        var page = box.closest(".page");
        if (page) perPage[page.getAttribute("data-page")] = (perPage[page.getAttribute("data-page")] || 0) + 1;
        links.push([item[0].pointer, nameOf(box), item[0].message]);
      }
    });
    Object.keys(perPage).forEach(function (id) {
      var badge = document.querySelector('[data-problems="' + id + '"]');
      if (badge) badge.textContent = messages.problems_to_fix;
    });
    showTodoProblems(links);
    return links;
  }

  // "To address": the problems shown, each a link to its field
  function showTodoProblems(links) {
    var box = document.getElementById("todo-problems");
    box.textContent = "";
    if (!links.length) return;
    var heading = document.createElement("h3"), list = document.createElement("ol");
    heading.textContent = messages.problems_heading;
    links.forEach(function (link) {
      var item = document.createElement("li"), a = document.createElement("a");
      a.href = "#";
      a.setAttribute("data-goto", link[0]);
      a.textContent = link[1];
      item.appendChild(a);
      item.appendChild(document.createTextNode(": " + link[2]));
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
  }

  function showFindings(result, started) {
    Object.keys(result.goals).forEach(function (goal) {
      var panel = document.querySelector('[data-findings="' + goal + '"]');
      if (panel) panel.innerHTML = result.goals[goal];
      var badge = document.querySelector('[data-badge="' + goal + '"]');
      if (badge) { badge.textContent = result.badges[goal]; }
    });
    document.getElementById("todo").innerHTML = result.todo;
    document.querySelector('[data-badge="todo"]').textContent = result.todo_count ? String(result.todo_count) : "";
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
      announce(say("start"));
      return Promise.resolve(null);
    }
    return post("/api/check", JSON.stringify(data))
      .then(function (answer) { if (mine > shown) { shown = mine; render(answer[0], answer[1], started); } return answer[1]; })
      .catch(function (e) { if (mine >= shown) failed(e); return null; });
  }

  // the status line (the page's one live region) is changed only when its words change, so a
  // screen reader announces a problem once, not again on every later check that still finds it
  function announce(words) {
    if (statusLine.textContent !== words) statusLine.textContent = words;
  }

  function render(status, result, started) {
    lastResult = result;
    var links = showProblems(result);
    lastValid = result.valid;
    if (result.valid) {
      announce(result.status || (reviewed ? messages.reviewed : ""));  // counted by the server
      showFindings(result, started);
    } else {
      // counted words for the problems shown (the server sends each count in the language's plural)
      var counted = result.counted || [];
      announce(links.length && counted[links.length - 1]
        ? fill_in(counted[links.length - 1], { first: links[0][2] })
        : (reviewed ? result.status : say("start")));
      document.getElementById("findings").classList.add("stale");
      document.body.setAttribute("data-checked", String(shown));
    }
    progress();
  }

  function later(delay, started) {
    clearTimeout(timer);
    timer = setTimeout(function () { check(delay ? performance.now() : started); }, delay);
  }

  // --- pages, progress, focus ---------------------------------------------------------------------

  function showPage(id, focus) {
    each(".page", function (p) { p.hidden = p.getAttribute("data-page") !== id; });
    each("[data-findings]", function (p) { p.hidden = p.getAttribute("data-findings") !== id; });
    each("nav.pages a", function (a) {
      var current = a.getAttribute("data-page") === id;
      a.classList.toggle("current", current);
      if (current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    var goalWords = id === "party" || id === "todo" ? say("choose_goal") : say("for_goal", { goal: id });
    document.getElementById("findings-goal").textContent = goalWords;
    if (focus) {
      var heading = document.getElementById("h-" + id);
      if (heading) heading.focus({ preventScroll: true });
    }
  }

  function answered(question) {
    return Array.prototype.some.call(question.querySelectorAll(".answer input"), function (i) { return i.checked && i.value !== ""; });
  }

  // answered / total questions of each goal (the Party's page: its required fields), and overall
  function progress() {
    var all = 0, total = 0;
    each(".page", function (page) {
      var id = page.getAttribute("data-page"), done = 0, count = 0;
      if (id === "todo") return;
      if (id === "party") {
        each("[required]", function (i) { count++; if (i.value.trim() !== "") done++; }, page);
      } else {
        each("fieldset.question", function (q) { count++; if (answered(q)) done++; }, page);
        all += done; total += count;
      }
      var place = document.querySelector('[data-progress="' + id + '"]');
      if (place) place.textContent = say("progress", { answered: done, total: count });
    });
    document.getElementById("progress-all").textContent = say("progress_all", { answered: all, total: total });
  }

  function addItem(button) {
    var list = button.closest(".list"), items = list.querySelector(".items");
    var index = items.children.length, html = list.querySelector("template").innerHTML;
    html = html.split("{index}").join(String(index)).split("{number}").join(String(index + 1));
    items.insertAdjacentHTML("beforeend", html);
    var first = items.lastElementChild.querySelector("input, textarea");  // focus goes to the new item
    if (first) { first.focus(); first.scrollIntoView({ block: "center" }); }
  }

  function currentPage() {
    var current = document.querySelector("nav.pages a.current");
    return current ? current.getAttribute("data-page") : "party";
  }

  function replaceForm(html, page) {
    var shownPage = page || currentPage();
    form.querySelector(".form-pages").innerHTML = html;
    showPage(document.querySelector('nav.pages a[data-page="' + shownPage + '"]') ? shownPage : "party");
  }

  function goTo(pointer) {
    var box = holder(pointer), page = box.closest(".page");
    if (page) showPage(page.getAttribute("data-page"));
    var target = box.querySelector("input:checked, input:not([type=radio]):not([type=checkbox]), textarea, input") || box;
    var details = box.closest("details");
    if (details) details.open = true;
    target.scrollIntoView({ block: "center" });
    target.focus();
  }

  // --- the draft kept in the browser ----------------------------------------------------------------

  function clock(time) {
    return new Date(time).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  }

  function keepDraft() {
    var profile = collect(), time = Date.now();
    try {
      if (Object.keys(profile).length) localStorage.setItem(DRAFT, JSON.stringify({ profile: profile, page: currentPage(), time: time }));
      else localStorage.removeItem(DRAFT);
    } catch (e) { return; }  // storage off or full: the page still works, without a draft
    draftWords.textContent = Object.keys(profile).length ? say("draft_kept", { time: clock(time) }) : "";
    discardButton.hidden = !Object.keys(profile).length;
  }

  function keptDraft() {
    try { return JSON.parse(localStorage.getItem(DRAFT) || "null"); } catch (e) { return null; }
  }

  function changed() {
    dirty = true;
    clearTimeout(draftTimer);
    draftTimer = setTimeout(function () { draftTimer = null; keepDraft(); }, 150);
  }

  // the last change kept before the page goes (a reload, a closed tab) even within the pause above
  function flushDraft() {
    if (draftTimer === null) return;
    clearTimeout(draftTimer);
    draftTimer = null;
    keepDraft();
  }

  // switching language: the answers so far (saved or not) and the goal shown go to the new page;
  // they stay in the tab's storage until the new page has them (a failed request keeps them there)
  var unrestored = false;
  function keepAnswers() {
    leaving = true;
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

  // the form filled from a profile by the server (a file opened, or the answers carried to another
  // language, or the draft); a failure leaves the form as it is
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
          dirty = false;
          keepDraft();
        }
        else if (!result.form) statusLine.textContent = say("cannot_open", { file: file.name, message: result.errors[0].message });
      })
      .catch(function (e) {
        if (!(e instanceof Failure)) e = new Failure(String(e && e.message ? e.message : e), 0, null);  // the file could not be read
        statusLine.textContent = say("cannot_open", { file: file.name, message: e.words });
      })
      .then(function () { input.value = ""; });
  }

  function closeMenu() {
    var menu = document.getElementById("file-menu");
    if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
  }

  // --- events -----------------------------------------------------------------------------------------

  form.addEventListener("change", function (e) {
    var el = e.target;
    if (el.name === "/party/code" && el.value !== el.value.toUpperCase()) el.value = el.value.toUpperCase();  // a code in capitals
    if (el.name) touched[el.name] = true;
    changed();
    later(0, e.timeStamp);
  });
  form.addEventListener("input", function (e) {
    changed();
    var box = e.target.closest(".invalid");  // a field marked wrong is checked again as it is corrected
    if (box && e.target.getAttribute("data-kind") === "text") later(300);
  });
  form.addEventListener("click", function (e) {
    if (e.target.classList.contains("add")) { addItem(e.target); }
  });
  document.addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (!a) return;
    if (a.hasAttribute("data-page")) {  // the page's heading in view, and the focus on it
      e.preventDefault();
      showPage(a.getAttribute("data-page"), true);
      var heading = document.getElementById("h-" + a.getAttribute("data-page"));
      if (heading) heading.scrollIntoView({ block: "start" });
    }
    if (a.hasAttribute("data-goto")) { e.preventDefault(); goTo(a.getAttribute("data-goto")); }
    if (a.classList.contains("skip")) {  // to the heading of the page shown, the form's first stop
      e.preventDefault();
      var heading = document.getElementById("h-" + currentPage());
      if (heading) { heading.scrollIntoView({ block: "start" }); heading.focus(); }
    }
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") closeMenu(); });
  document.getElementById("review").addEventListener("click", function () {
    reviewed = true;
    Promise.resolve(check(performance.now())).then(function () { showPage("todo", true); });
  });
  // a download posts the profile as JSON and saves the file that comes back: the page stays
  each("form.download", function (f) {
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      closeMenu();
      if (!lastValid) { reviewed = true; if (lastResult) render(422, lastResult, performance.now()); statusLine.textContent = say("fix_before_download"); return; }
      download(f.getAttribute("action").split("?")[0], JSON.stringify(collect()))
        .then(function (file) {
          saveFile(file);
          statusLine.textContent = say("downloaded", { file: file.name });
          if (/-profile\.json$/.test(file.name)) dirty = false;
        })
        .catch(failed);
    });
  });
  var save = document.getElementById("save");
  if (save) save.addEventListener("click", function () {
    closeMenu();
    post("/api/save", JSON.stringify(collect()))
      .then(function (answer) {
        if (!answer[1].saved) { reviewed = true; showProblems(answer[1]); } else dirty = false;
        statusLine.textContent = answer[1].saved ? say("saved", { path: answer[1].saved }) : say("not_saved");
      })
      .catch(failed);
  });
  document.getElementById("open-profile").addEventListener("change", function (e) { closeMenu(); openFile(e.target, "/api/open", "opened_profile"); });
  var nr5 = document.getElementById("open-nr5");
  if (nr5) nr5.addEventListener("change", function (e) { closeMenu(); openFile(e.target, "/api/open-nr5", "opened_nr5"); });
  each("nav.languages a[data-lang]", function (a) { a.addEventListener("click", keepAnswers); });
  discardButton.addEventListener("click", function () {
    try { localStorage.removeItem(DRAFT); sessionStorage.setItem(DISCARDED, "1"); } catch (e) { /* storage off */ }
    leaving = true;
    location.reload();
  });
  // answers not yet downloaded or saved: the browser asks before the page is left (the draft keeps them too)
  window.addEventListener("pagehide", flushDraft);
  window.addEventListener("beforeunload", function (e) {
    flushDraft();
    if (!dirty || leaving) return;
    e.preventDefault();
    e.returnValue = messages.leave;
    return messages.leave;
  });

  document.body.classList.add("scripted");
  var kept = keptAnswers(), draft = keptDraft(), discarded = false;
  try { discarded = sessionStorage.getItem(DISCARDED) === "1"; sessionStorage.removeItem(DISCARDED); } catch (e) { /* storage off */ }
  if (kept && kept.profile && Object.keys(kept.profile).length) {
    unrestored = true;
    showPage(kept.page || "party");
    fill("/api/open", JSON.stringify(kept.profile), kept.page).then(function () { restored(); keepDraft(); }).catch(failed);
  } else if (draft && draft.profile && Object.keys(draft.profile).length) {
    showPage(draft.page || "party");
    fill("/api/open", JSON.stringify(draft.profile), draft.page).then(function () {
      statusLine.textContent = say("draft_restored", { time: clock(draft.time) });
      draftWords.textContent = say("draft_kept", { time: clock(draft.time) });
      discardButton.hidden = false;
    }).catch(failed);
  } else {
    showPage("party");
    if (discarded) statusLine.textContent = messages.draft_discarded;
    else check(performance.now());
    progress();
  }
})();
