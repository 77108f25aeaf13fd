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
