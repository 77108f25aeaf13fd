// Agora's only script besides htmx. No inline script anywhere (the CSP forbids it).
document.addEventListener("click", (event) => {
  // A reply link fills the reply form in place when the page is already open.
  const link = event.target.closest("a.reply-link");
  if (!link) return;
  const form = document.getElementById("reply-form");
  const parent = form && form.querySelector("input[name=parent]");
  if (!parent) return;
  event.preventDefault();
  parent.value = new URL(link.href).searchParams.get("reply");
  link.closest("li").after(form);
  form.querySelector("textarea").focus();
});

// Voice coach: the composer's textarea is described by the coach's findings (its panel
// names the textarea it reads, and listens to it through htmx).
document.querySelectorAll("[data-coach-for]").forEach((panel) => {
  const textarea = document.getElementById(panel.dataset.coachFor);
  if (textarea) textarea.setAttribute("aria-describedby", "coach");
});

// Voice coach: one click applies a suggestion to the draft, then the coach reads it again.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.apply-suggestion");
  if (!button) return;
  const panel = button.closest("[data-coach-for]");
  const textarea = panel && document.getElementById(panel.dataset.coachFor);
  if (!textarea) return;
  const start = Number(button.dataset.start);
  const end = Number(button.dataset.end);
  const original = button.dataset.original;
  const text = textarea.value;
  // Apply only if the words are still where the coach saw them.
  if (text.slice(start, end) !== original && original !== "") {
    button.disabled = true;
    button.textContent = button.dataset.stale;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    return;
  }
  textarea.value = text.slice(0, start) + button.dataset.suggestion + text.slice(end);
  const caret = start + button.dataset.suggestion.length;
  textarea.focus();
  textarea.setSelectionRange(caret, caret);
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
});

// Inbox: a fact or a saved reply is inserted into the answer, which stays editable.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.insert-text");
  if (!button) return;
  const form = document.getElementById("answer-form");
  const textarea = form && form.querySelector("textarea[name=body]");
  if (!textarea) return;
  const text = button.dataset.text;
  textarea.value = textarea.value.trim() ? `${textarea.value.trimEnd()}\n\n${text}` : text;
  const saved = form.querySelector("input[name=saved_reply]");
  if (saved && button.dataset.savedReply) saved.value = button.dataset.savedReply;
  textarea.focus();
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
});

// Calendar: a refused change (400, 409) shows its message where the form or grid is,
// instead of being dropped (htmx 2 does not swap 4xx responses by default).
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (status >= 400 && status < 500 && event.detail.elt.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Calendar: a card opened into the side form shows it (the form sits in a <details>).
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target.id !== "plan-panel") return;
  const details = event.detail.target.closest("details");
  if (details) details.open = true;
  const first = event.detail.target.querySelector("input:not([type=hidden]), textarea");
  if (first && event.detail.requestConfig.verb === "get") first.focus();
});

// Photos in the composer: a file button, a drop or a paste sends each file at once, with
// a preview and its progress; the server answers with its place in the form (the image's
// key, a field for its description) or a message saying why it was refused. A picker
// that htmx brings in (the calendar's side form) is set up as it arrives.
const setUpPicker = (picker) => {
  if (picker.dataset.ready) return;
  picker.dataset.ready = "true";
  const form = picker.closest("form");
  const input = picker.querySelector("input[type=file]");
  const list = picker.querySelector(".staged-images");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  const send = (file) => {
    const item = document.createElement("li");
    item.className = "staged-image uploading";
    item.dataset.testid = "staged-image";
    const preview = document.createElement("img");
    preview.src = URL.createObjectURL(file);
    preview.alt = "";
    const progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", file.name);
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link remove-image";
    remove.textContent = picker.dataset.remove || "×";
    item.append(preview, progress, status);
    list.append(item);

    const body = new FormData();
    body.append("file", file);
    body.append("for", picker.dataset.for);
    const request = new XMLHttpRequest();
    request.open("POST", picker.dataset.uploadUrl);
    request.setRequestHeader("X-CSRFToken", token);
    request.setRequestHeader("HX-Request", "true"); // errors come back as a fragment
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress.value = (100 * event.loaded) / event.total;
    });
    request.addEventListener("load", () => {
      URL.revokeObjectURL(preview.src);
      if (request.status === 201) {
        const holder = document.createElement("ol");
        holder.innerHTML = request.responseText;
        const staged = holder.firstElementChild;
        item.replaceWith(staged);
        if (window.htmx) window.htmx.process(staged);
        staged.querySelector("textarea").focus();
      } else {
        const answer = new DOMParser().parseFromString(request.responseText, "text/html");
        const message = answer.querySelector(".error, [role=alert]");
        item.classList.replace("uploading", "refused");
        status.setAttribute("role", "alert");
        status.textContent = `${file.name}: ${message ? message.textContent.trim() : picker.dataset.failed}`;
        progress.remove();
        item.append(remove);
      }
    });
    request.addEventListener("error", () => {
      status.setAttribute("role", "alert");
      status.textContent = `${file.name}: ${picker.dataset.failed}`;
      item.append(remove);
    });
    request.send(body);
  };

  input.addEventListener("change", () => {
    [...input.files].forEach(send);
    input.value = "";
  });
  picker.addEventListener("dragover", (event) => {
    event.preventDefault();
    picker.classList.add("dragging");
  });
  picker.addEventListener("dragleave", () => picker.classList.remove("dragging"));
  picker.addEventListener("drop", (event) => {
    event.preventDefault();
    picker.classList.remove("dragging");
    [...event.dataTransfer.files].forEach(send);
  });
  form.addEventListener("paste", (event) => {
    const files = [...(event.clipboardData?.files || [])].filter((f) => f.type.startsWith("image/"));
    if (!files.length) return;
    event.preventDefault();
    files.forEach(send);
  });
};
document.querySelectorAll("[data-image-picker]").forEach(setUpPicker);
document.addEventListener("htmx:load", (event) => {
  const root = event.detail.elt;
  if (root.matches?.("[data-image-picker]")) setUpPicker(root);
  root.querySelectorAll?.("[data-image-picker]").forEach(setUpPicker);
});

// Removing a staged photo before publishing: it leaves the form (the server forgets
// unpublished uploads on its own), and the focus stays in the list.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.remove-image");
  if (!button) return;
  const item = button.closest("li");
  const next = item.nextElementSibling || item.previousElementSibling;
  item.remove();
  const target = next && next.querySelector("textarea, button");
  if (target) target.focus();
});

// The gallery opens full size: arrows and Escape on a keyboard, a swipe on a phone. Without
// this script each image is a link to its large size.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-gallery] a.gallery-item");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  const links = [...link.closest("[data-gallery]").querySelectorAll("a.gallery-item")];
  let index = links.indexOf(link);
  const box = document.createElement("div");
  box.className = "lightbox";
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-modal", "true");
  box.dataset.testid = "lightbox";
  const image = document.createElement("img");
  const button = (name, label, text) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = name;
    b.setAttribute("aria-label", label);
    b.textContent = text;
    return b;
  };
  const close = button("close", document.documentElement.lang === "fr" ? "Fermer" : "Close", "×");
  const previous = button("previous", document.documentElement.lang === "fr" ? "Précédente" : "Previous", "‹");
  const next = button("next", document.documentElement.lang === "fr" ? "Suivante" : "Next", "›");
  const show = () => {
    const source = links[index].querySelector("img");
    image.src = links[index].href;
    image.alt = source ? source.alt : "";
    box.setAttribute("aria-label", links[index].getAttribute("aria-label") || "");
    previous.hidden = next.hidden = links.length < 2;
  };
  const move = (step) => {
    index = (index + step + links.length) % links.length;
    show();
  };
  const shut = () => {
    box.remove();
    document.removeEventListener("keydown", keys);
    links[index].focus();
  };
  const keys = (e) => {
    if (e.key === "Escape") shut();
    else if (e.key === "ArrowRight") move(1);
    else if (e.key === "ArrowLeft") move(-1);
    else if (e.key === "Tab") { e.preventDefault(); (document.activeElement === close ? next : close).focus(); }
  };
  close.addEventListener("click", shut);
  previous.addEventListener("click", () => move(-1));
  next.addEventListener("click", () => move(1));
  box.addEventListener("click", (e) => { if (e.target === box) shut(); });
  let startX = null;
  box.addEventListener("touchstart", (e) => { startX = e.touches[0].clientX; }, { passive: true });
  // A sideways swipe is the viewer's, not the browser's "back" gesture.
  box.addEventListener("touchmove", (e) => {
    if (startX !== null && Math.abs(e.touches[0].clientX - startX) > 10) e.preventDefault();
  }, { passive: false });
  box.addEventListener("touchend", (e) => {
    if (startX === null) return;
    const dx = e.changedTouches[0].clientX - startX;
    if (Math.abs(dx) > 40) move(dx < 0 ? 1 : -1);
    startX = null;
  });
  box.append(image, previous, next, close);
  document.body.append(box);
  document.addEventListener("keydown", keys);
  show();
  close.focus();
});

// Live activity: an open page checks every few seconds what is new (the header's unread
// count; on a community page, new posts; on a post page, new comments), with the ETag of
// its last answer so that nothing new costs a 304. It pauses while the tab is hidden and
// stops when its token expires. "Show" brings the news in without reloading the page.
(() => {
  const feed = document.querySelector("[data-live-feed]");
  const thread = document.querySelector("[data-live-thread]");
  const holder = feed || thread;
  const url = feed ? feed.dataset.liveFeed : thread ? thread.dataset.liveThread : document.body.dataset.live;
  if (!url) return;
  const every = window.agoraLiveEvery || Number((holder || document.body).dataset.liveEvery) || 20000;
  let since = holder ? holder.dataset.liveSince : String(Date.now() / 1000);
  let etag = null;
  let timer = null;

  const badge = (count) => {
    const link = document.querySelector("[data-testid=notifications-link]");
    if (!link) return;
    let span = link.querySelector("[data-testid=unread-count]");
    if (!count) {
      if (span) span.remove();
      return;
    }
    if (!span) {
      span = document.createElement("span");
      span.className = "badge";
      span.dataset.testid = "unread-count";
      link.append(" ", span);
    }
    span.textContent = String(count);
  };

  // From now on, new means newer than the newest item shown (the server's clock; browsers
  // read times to the millisecond: one more keeps the newest itself out).
  const newestShown = (root) => {
    const times = [...root.querySelectorAll("time[datetime]")].map((t) => Date.parse(t.dateTime));
    if (times.length) since = String((Math.max(...times) + 1) / 1000);
  };

  const bringFeed = async () => {
    const answer = await fetch(feed.dataset.feedUrl, { headers: { "HX-Request": "true" } });
    if (!answer.ok) return null;
    const list = feed.querySelector("#feed");
    list.innerHTML = await answer.text();
    const empty = feed.querySelector("[data-testid=feed-empty]");
    if (empty) empty.remove();
    return list;
  };

  const bringThread = async () => {
    const answer = await fetch(window.location.pathname + window.location.search);
    if (!answer.ok) return null;
    const page = new DOMParser().parseFromString(await answer.text(), "text/html");
    const fresh = page.querySelector(".thread-live .thread-body");
    const body = thread.querySelector(".thread-body");
    if (!fresh || !body) return null;
    body.innerHTML = fresh.innerHTML;
    return body;
  };

  const show = async () => {
    const shown = feed ? await bringFeed() : await bringThread();
    if (!shown) return;
    if (window.htmx) window.htmx.process(shown);
    newestShown(shown);
    etag = null;
    offer(0);
    const first = shown.querySelector("a.post-link, .comment a, a");
    if (first) first.focus();
  };

  const offer = (count) => {
    let button = holder.querySelector("button.new-posts");
    if (!count) {
      if (button) button.remove();
      return;
    }
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "new-posts button secondary";
      button.dataset.testid = feed ? "new-posts" : "new-comments";
      button.addEventListener("click", show);
      (feed ? feed.querySelector("#feed") : thread.querySelector(".thread-body")).before(button);
    }
    const text = count === 1 ? holder.dataset.one : holder.dataset.many.replace("{n}", count > 99 ? "99+" : count);
    if (button.textContent !== text) {
      button.textContent = text;
      holder.querySelector(".live-region").textContent = text;
    }
  };

  const check = async () => {
    timer = null;
    if (document.visibilityState !== "visible") return;
    let answer;
    try {
      const headers = etag ? { "If-None-Match": etag } : {};
      answer = await fetch(`${url}&s=${since}`, { headers });
    } catch {
      schedule(every * 3);
      return;
    }
    if (answer.status === 403 || answer.status === 400) return; // expired: reload to resume
    if (answer.status === 200) {
      etag = answer.headers.get("ETag");
      const counts = await answer.json();
      badge(counts.unread);
      if (holder) offer(feed ? counts.posts : counts.comments);
    }
    schedule(every);
  };
  const schedule = (delay) => {
    if (!timer) timer = setTimeout(check, delay);
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") schedule(0);
  });
  schedule(every);
})();

// Starting a community: the address follows the name as it is typed ("Brûlerie du Coin" →
// brulerie-du-coin), until the person types an address of their own. Without this script
// an empty address is made from the name by the server, the same way.
document.addEventListener("input", (event) => {
  const form = event.target.form;
  if (!form) return;
  const address = form.querySelector("[data-slug-from]");
  if (!address) return;
  if (event.target === address) {
    address.dataset.typed = address.value ? "yes" : "";
    return;
  }
  if (event.target.name !== address.dataset.slugFrom || address.dataset.typed) return;
  address.value = event.target.value
    .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50)
    .replace(/-+$/, "");
});
