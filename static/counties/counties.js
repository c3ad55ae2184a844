// Upload progress: poll the submission's status URL and reload the page once it is finished.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("upload-progress");
  if (!box || box.dataset.finished === "true") return;
  const bar = box.querySelector("progress");
  const label = box.querySelector(".progress-label");
  const poll = () => {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((state) => {
        bar.value = state.progress;
        label.textContent = `${state.label}（${state.progress}%）`;
        if (state.finished) window.location.reload();
        else window.setTimeout(poll, 800);
      })
      .catch(() => window.setTimeout(poll, 3000));
  };
  window.setTimeout(poll, 500);
});
