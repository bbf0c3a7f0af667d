// The conversation page: new messages and translations arrive over a websocket; replies are sent through the API
// with an idempotency key. Progressive enhancement only: without this file the page works by plain POST + reload.
// Server data is only ever inserted as text (textContent), links are built with the DOM API (http/https only).
(() => {
  "use strict";

  const thread = document.getElementById("thread");
  const locale = document.documentElement.lang || "en";

  // Times: shown in the reader's own time zone, with the zone named.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // (dateStyle/timeStyle cannot be combined with timeZoneName: the parts are named one by one.)
  const timeFormat = new Intl.DateTimeFormat(locale, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });
  const localize = (root) => {
    root.querySelectorAll("[data-local-time]").forEach((el) => {
      const when = new Date(el.getAttribute("datetime"));
      if (!Number.isNaN(when.getTime())) el.textContent = timeFormat.format(when);
    });
  };
  localize(document);
  const zoneNote = document.querySelector("[data-zone-note]");
  if (zoneNote && zone) {
    const label = zoneNote.dataset.labelLocal || "";
    if (label) zoneNote.textContent = label.replace("{zone}", zone);
  }
  document.querySelectorAll("[data-time-zone]").forEach((input) => { input.value = zone || ""; });

  if (!thread) return;
  const data = thread.dataset;
  const me = Number(data.me);
  const readerLanguage = data.readerLanguage;
  const names = JSON.parse(document.getElementById("language-names").textContent);
  const csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  const status = document.querySelector("[data-connection]");
  let lastId = Number(data.lastId) || 0;
  const known = new Set([...thread.querySelectorAll("[data-id]")].map((el) => Number(el.dataset.id)));

  const URL_PATTERN = /(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]])/g;
  const fillText = (el, text) => {
    el.replaceChildren();
    text.split("\n").forEach((line, index) => {
      if (index) el.append(document.createElement("br"));
      let start = 0;
      for (const match of line.matchAll(URL_PATTERN)) {
        el.append(line.slice(start, match.index));
        const link = document.createElement("a");
        link.href = match[0];
        link.rel = "nofollow noopener ugc";
        link.textContent = match[0];
        el.append(link);
        start = match.index + match[0].length;
      }
      el.append(line.slice(start));
    });
  };
  const label = (name, language) => (data[name] || "").replace("{language}", names[language] || language);

  const showTranslation = (li, original, language, text) => {
    const body = li.querySelector("[data-text]");
    fillText(body, text);
    body.lang = language;
    const note = li.querySelector("[data-note]");
    const pending = note.querySelector("[data-pending]");
    if (pending) pending.remove();
    const line = document.createElement("span");
    line.textContent = `${label("labelTranslated", original.language)} `;
    const details = document.createElement("details");
    details.className = "d-inline-block thread-original";
    const summary = document.createElement("summary");
    summary.textContent = data.labelOriginal;
    const source = document.createElement("div");
    source.lang = original.language;
    source.dir = "auto";
    fillText(source, original.body);
    details.append(summary, source);
    note.prepend(line, details);
  };

  // Files of a live message: confidential ones stay locked (no link) until the reader accepted the NDA.
  const filesOpen = data.filesOpen === "1";
  const fileList = (files) => {
    const list = document.createElement("ul");
    list.className = "list-unstyled thread-files mb-0 mt-2";
    files.forEach((file) => {
      const item = document.createElement("li");
      const locked = file.confidential && (file.locked !== undefined ? file.locked : !filesOpen);
      if (locked) {
        const span = document.createElement("span");
        span.className = "thread-file-locked";
        const link = document.createElement("a");
        link.href = "#nda";
        link.textContent = data.labelLocked;
        span.append(`${file.name} — `, link);
        item.append(span);
      } else {
        const link = document.createElement("a");
        link.href = data.fileUrl.replace("/0/", `/${Number(file.id)}/`);
        link.textContent = file.name;
        item.append(link);
        if (file.confidential) {
          const badge = document.createElement("span");
          badge.className = "badge text-bg-warning ms-1";
          badge.textContent = data.labelConfidential;
          item.append(badge);
        }
      }
      list.append(item);
    });
    return list;
  };

  const append = (message) => {
    if (known.has(message.id)) return;
    known.add(message.id);
    lastId = Math.max(lastId, message.id);
    const li = document.createElement("li");
    li.id = `m${message.id}`;
    li.dataset.id = message.id;
    li.dataset.language = message.language;
    li.dataset.body = message.body;
    if (message.event) {
      li.className = "thread-event";
      li.textContent = data.labelEvent;
      thread.append(li);
      return;
    }
    li.className = `thread-message${message.author.id === me ? " is-mine" : ""}`;
    const meta = document.createElement("div");
    meta.className = "thread-meta";
    const author = document.createElement("span");
    author.className = "fw-semibold";
    author.textContent = message.author.name;
    const time = document.createElement("time");
    time.dateTime = message.created_at;
    time.textContent = timeFormat.format(new Date(message.created_at));
    meta.append(author, " ", time);
    const bubble = document.createElement("div");
    bubble.className = "thread-bubble";
    const text = document.createElement("div");
    text.className = "thread-text";
    text.dir = "auto";
    text.dataset.text = "";
    bubble.append(text);
    if (message.attachments && message.attachments.length) bubble.append(fileList(message.attachments));
    const note = document.createElement("div");
    note.className = "thread-note small";
    note.dataset.note = "";
    li.append(meta, bubble, note);
    const display = message.display || { language: message.language, text: message.body, machine_translated: false };
    if (display.machine_translated) {
      fillText(text, message.body);
      showTranslation(li, message, display.language, display.text);
    } else {
      fillText(text, display.text);
      text.lang = display.language;
      if (message.author.id !== me && message.language !== readerLanguage) {
        const pending = document.createElement("span");
        pending.dataset.pending = "";
        pending.textContent = label("labelPending", message.language);
        note.append(pending);
      }
    }
    thread.append(li);
  };

  let readTimer = null;
  const markRead = () => {
    if (document.visibilityState !== "visible" || readTimer) return;
    readTimer = setTimeout(() => {
      readTimer = null;
      fetch(data.readUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        credentials: "same-origin",
        body: JSON.stringify({ up_to: lastId }),
      }).then(() => {
        const badge = document.querySelector("[data-inbox-badge]");
        if (badge) badge.remove();
      }).catch(() => {});
    }, 800);
  };
  markRead();
  document.addEventListener("visibilitychange", markRead);

  // The websocket: on (re)connect it asks for everything after the last message shown, so nothing is missed.
  let socket = null;
  let retry = 0;
  const connect = () => {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${window.location.host}${data.wsPath}?after=${lastId}`);
    socket.addEventListener("open", () => {
      retry = 0;
      if (status) { status.textContent = data.labelConnected; status.classList.remove("d-none"); }
    });
    socket.addEventListener("message", (event) => {
      const payload = JSON.parse(event.data);
      if (payload.type === "message") {
        append(payload.message);
        markRead();
      } else if (payload.type === "translation" && payload.status === "done") {
        const li = document.getElementById(`m${payload.message}`);
        if (li && !li.querySelector(".thread-original")) {
          const original = { language: li.dataset.language, body: li.dataset.body };
          if (original.body !== undefined) showTranslation(li, original, payload.language, payload.text);
        }
      } else if (payload.type === "translation") {
        const li = document.getElementById(`m${payload.message}`);
        const pending = li && li.querySelector("[data-pending]");
        if (pending) pending.textContent = label("labelUnavailable", li.dataset.language);
      }
    });
    socket.addEventListener("close", () => {
      if (status) status.textContent = data.labelReconnecting;
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * 2 ** retry);
    });
  };
  // Server-rendered messages keep their original for a translation that arrives later.
  thread.querySelectorAll("li[data-id]").forEach((li) => {
    const text = li.querySelector("[data-text]");
    if (text && !li.dataset.body) { li.dataset.body = text.innerText; li.dataset.language = text.lang; }
  });
  connect();

  // Replies without attachments go through the API (idempotency key: a retried click never sends twice).
  const composer = document.querySelector("[data-composer]");
  if (composer) {
    const error = composer.querySelector("[data-composer-error]");
    const key = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);
    let pendingKey = key();
    composer.querySelector("[data-idempotency]").value = pendingKey;
    composer.addEventListener("submit", (event) => {
      const files = composer.querySelector("input[type=file]");
      if (files && files.files.length) return; // attachments: the plain form post
      event.preventDefault();
      const body = composer.querySelector("textarea[name=body]");
      const language = composer.querySelector("select[name=language]").value;
      if (!body.value.trim()) return;
      const button = composer.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(data.api, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Idempotency-Key": pendingKey },
        credentials: "same-origin",
        body: JSON.stringify({ body: body.value, language }),
      }).then(async (response) => {
        const answer = await response.json();
        if (!response.ok) { error.textContent = answer.detail || ""; return; }
        error.textContent = "";
        body.value = "";
        pendingKey = key();
        append(answer);
      }).catch(() => { error.textContent = data.labelReconnecting; })
        .finally(() => { button.disabled = false; });
    });
  }
})();
