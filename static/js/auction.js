// The live auction page: keeps price, minimum bid, bid count, end time and history current over a websocket.
// Progressive enhancement only: without this file the page is complete and a reload shows the same state.
// Every label comes from data attributes Django rendered (translated); data from the server is only ever
// inserted as text (textContent), never as HTML.
(() => {
  "use strict";

  const root = document.getElementById("auction-live");
  if (!root) return;
  const data = root.dataset;
  const $ = (name) => document.querySelector(`[data-live="${name}"]`);
  const announcer = document.getElementById("auction-announcer");
  const historyBody = document.getElementById("bid-history-rows");

  const locale = data.locale || document.documentElement.lang || "en";
  const sealed = data.kind === "sealed";
  const pagePhase = data.phase;
  let endsAt = Date.parse(data.endsAt);
  const startsAt = Date.parse(data.startsAt);
  // Server time decides: the browser's clock is only used through its offset from the server's.
  let offset = Date.parse(data.serverTime) - Date.now();
  let lastSeq = Number(data.lastSeq) || 0;
  let lastCount = lastSeq;
  let reloading = false;

  // In right-to-left pages an amount is isolated as a whole and so is its symbol, as the server formats it: the bidi
  // algorithm would otherwise show "US$" as "$US" and pull neighbouring words into the number.
  const FSI = "\u2068";
  const PDI = "\u2069";
  const rtl = document.documentElement.dir === "rtl";
  const money = (() => {
    let format;
    try {
      format = new Intl.NumberFormat(locale, { style: "currency", currency: data.currency });
    } catch (error) {
      format = new Intl.NumberFormat("en", { style: "currency", currency: data.currency });
    }
    return (amount) => {
      if (amount === null || amount === undefined) return "";
      if (!rtl) return format.format(Number(amount));
      const parts = format.formatToParts(Number(amount));
      return FSI + parts.map((part) => (part.type === "currency" ? FSI + part.value + PDI : part.value)).join("") + PDI;
    };
  })();
  const safeFormat = (make) => {
    try {
      return make(locale);
    } catch (error) {
      return make("en");
    }
  };
  // Local times name their zone ("GMT+8"): bidders of five continents read one auction. dateStyle/timeStyle cannot be
  // combined with timeZoneName, so the parts are named one by one.
  const dateTime = safeFormat((l) => new Intl.DateTimeFormat(l, {
    year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit",
    timeZoneName: "short",
  }));
  const timeOnly = safeFormat((l) => new Intl.DateTimeFormat(l, {
    day: "numeric", month: "short", hour: "numeric", minute: "2-digit", second: "2-digit", timeZoneName: "short",
  }));
  const days = safeFormat((l) => new Intl.NumberFormat(l, { style: "unit", unit: "day", unitDisplay: "long" }));
  const twoDigits = safeFormat((l) => new Intl.NumberFormat(l, { minimumIntegerDigits: 2, useGrouping: false }));
  const plain = safeFormat((l) => new Intl.NumberFormat(l));

  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
  const bidder = (number) => fill(data.labelBidder, { number: plain.format(number) });
  const setText = (element, text) => {
    if (element && element.textContent !== text) element.textContent = text;
  };
  const announce = (text) => {
    if (!announcer) return;
    announcer.textContent = "";
    // A fresh text node each time, so screen readers announce a repeated message too.
    window.setTimeout(() => { announcer.textContent = text; }, 50);
  };

  // Times as the reader's clock shows them (the server renders them in UTC).
  const localiseTimes = (scope) => {
    scope.querySelectorAll("time[data-local-time]").forEach((element) => {
      const when = Date.parse(element.getAttribute("datetime"));
      if (!Number.isNaN(when)) {
        element.textContent = ("timeOnly" in element.dataset ? timeOnly : dateTime).format(new Date(when));
      }
    });
  };

  // --- countdown ------------------------------------------------------------------------------------------------
  const countdown = $("countdown");
  const formatLeft = (ms) => {
    const total = Math.max(0, Math.floor(ms / 1000));
    const d = Math.floor(total / 86400);
    const clock = [Math.floor((total % 86400) / 3600), Math.floor((total % 3600) / 60), total % 60]
      .map((n) => twoDigits.format(n)).join(":");
    return d > 0 ? `${days.format(d)} ${clock}` : clock;
  };
  const tick = () => {
    if (!countdown) return;
    const now = Date.now() + offset;
    if (countdown.dataset.target === "starts") {
      if (now >= startsAt) {
        setText(countdown, data.labelStarting);
        reload();
      } else {
        setText(countdown, formatLeft(startsAt - now));
      }
      return;
    }
    if (now >= endsAt) {
      setText(countdown, data.labelClosing);
      const button = $("bid-button");
      if (button) button.disabled = true;
    } else {
      setText(countdown, formatLeft(endsAt - now));
    }
  };

  // The server renders what changes with the phase (the form, the result): reload once when the phase moves on.
  function reload() {
    if (reloading) return;
    reloading = true;
    window.setTimeout(() => window.location.reload(), 1000);
  }

  // --- state from the server --------------------------------------------------------------------------------------
  const historyRow = (entry) => {
    const row = document.createElement("tr");
    row.dataset.seq = String(entry.seq);
    row.className = "auction-history-new";
    const seq = document.createElement("td");
    seq.className = "text-muted-strong";
    seq.textContent = plain.format(entry.seq);
    const who = document.createElement("td");
    who.textContent = bidder(entry.bidder);
    const amount = document.createElement("td");
    if (entry.amount === null || entry.amount === undefined) {
      const code = document.createElement("code");
      code.className = "auction-commitment";
      code.title = entry.commitment || "";
      code.textContent = entry.commitment ? `${entry.commitment.slice(0, 16)}…` : data.labelSealedAmount;
      amount.appendChild(code);
    } else {
      const value = document.createElement("span");
      value.className = "fw-semibold";
      value.textContent = money(entry.amount);
      amount.appendChild(value);
      if (entry.proxy) {
        const badge = document.createElement("span");
        badge.className = "badge auction-auto";
        badge.textContent = data.labelAuto;
        amount.append(" ", badge);
      }
    }
    const when = document.createElement("td");
    const time = document.createElement("time");
    time.setAttribute("datetime", entry.placed_at);
    time.textContent = timeOnly.format(new Date(Date.parse(entry.placed_at)));
    when.appendChild(time);
    row.append(seq, who, amount, when);
    return row;
  };

  let announceOutbid = false;
  const apply = (state) => {
    if (!state || typeof state !== "object") return;
    // A broadcast computed before a newer state the page already has (rare, on reconnect) must not roll it back.
    if (typeof state.bid_count === "number" && state.bid_count < lastCount) return;
    if (state.server_time) offset = Date.parse(state.server_time) - Date.now();

    if (["closed", "cancelled"].includes(state.phase) && state.phase !== pagePhase) reload();
    if (state.phase === "live" && pagePhase === "upcoming") reload();

    if (!sealed) {
      if (state.current_price !== null && state.current_price !== undefined) setText($("price"), money(state.current_price));
      const leaderLine = $("leader-line");
      if (leaderLine && state.leader) {
        leaderLine.classList.remove("d-none");
        setText($("leader"), bidder(state.leader));
      }
      const reserve = $("reserve");
      if (reserve && state.reserve_met === true && reserve.dataset.met !== "1") {
        reserve.dataset.met = "1";
        const icon = reserve.querySelector(".bi");
        if (icon) icon.className = "bi bi-check-circle text-success";
        setText($("reserve-text"), reserve.dataset.labelMet);
        const rule = $("reserve-rule");
        if (rule) setText(rule, rule.dataset.labelMet);
      }
      if (data.you && state.leader) {
        const leading = String(state.leader) === data.you;
        document.querySelectorAll('[data-live="you-lead"]').forEach((badge) => badge.classList.toggle("d-none", !leading));
        if (!leading && data.youLead === "1") announceOutbid = true;
        data.youLead = leading ? "1" : "0";
      }
    }
    if (state.minimum_bid) {
      setText($("minimum"), money(state.minimum_bid));
      ["id_amount", "id_max_amount"].forEach((id) => {
        const input = document.getElementById(id);
        if (input) input.min = state.minimum_bid;
      });
      const amountInput = document.getElementById("id_amount");
      if (amountInput) amountInput.placeholder = state.minimum_bid;
    }
    if (typeof state.bid_count === "number") {
      document.querySelectorAll('[data-live="count"]').forEach((element) => setText(element, plain.format(state.bid_count)));
      lastCount = state.bid_count;
    }
    const newEnd = Date.parse(state.ends_at);
    if (!Number.isNaN(newEnd) && newEnd !== endsAt) {
      const moved = newEnd > endsAt && endsAt > 0;
      endsAt = newEnd;
      const ends = $("ends");
      if (ends) {
        ends.setAttribute("datetime", state.ends_at);
        setText(ends, dateTime.format(new Date(newEnd)));
      }
      if (moved) announce(fill(data.labelEndsMoved, { time: dateTime.format(new Date(newEnd)) }));
    }

    // New history rows, oldest first so the newest ends on top; only on the first page of the history.
    const fresh = (state.recent_bids || []).filter((entry) => entry.seq > lastSeq).sort((a, b) => a.seq - b.seq);
    if (fresh.length) {
      if (historyBody && data.historyLive === "1") {
        fresh.forEach((entry) => historyBody.prepend(historyRow(entry)));
        const empty = $("history-empty");
        if (empty) empty.classList.add("d-none");
      }
      const newest = fresh[fresh.length - 1];
      const text = newest.amount === null || newest.amount === undefined
        ? fill(data.labelNewSealedBid, { bidder: bidder(newest.bidder) })
        : fill(data.labelNewBid, { amount: money(newest.amount), bidder: bidder(newest.bidder) });
      announce(announceOutbid ? `${text} ${data.labelOutbid}` : text);
      lastSeq = newest.seq;
      // The message about the reader's own bid named the price of its moment: a newer bid makes it stale.
      document.querySelectorAll(".alert.auction-outcome").forEach((alert) => alert.remove());
    }
    announceOutbid = false;
    tick();
  };

  // --- the socket, reconnecting with backoff ------------------------------------------------------------------------
  const connection = $("connection");
  const showConnection = (live) => {
    if (!connection) return;
    connection.classList.remove("d-none");
    connection.classList.toggle("is-live", live);
    setText(connection, live ? data.labelConnected : data.labelReconnecting);
  };
  let delay = 1000;
  const connect = () => {
    if (reloading || !data.wsPath) return;
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}${data.wsPath}`);
    socket.addEventListener("open", () => {
      delay = 1000;
      showConnection(true);
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      // The first message after (re)connecting carries the whole current state, so nothing missed stays missing.
      if (message && (message.type === "auction.state" || message.type === "auction.update")) apply(message.state);
    });
    socket.addEventListener("close", () => {
      if (reloading) return;
      showConnection(false);
      const jitter = Math.random() * 500;
      window.setTimeout(connect, delay + jitter);
      delay = Math.min(delay * 2, 30000);
    });
  };

  localiseTimes(document);
  tick();
  window.setInterval(tick, 1000);
  if (["upcoming", "live", "closing"].includes(pagePhase)) connect();
})();
