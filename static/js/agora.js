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
