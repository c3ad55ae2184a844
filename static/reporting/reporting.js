// 全省排名: "增加一行" clones the formset's empty row (without script, one blank row is always there).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("add-rank");
  const template = document.getElementById("rank-empty");
  const rows = document.getElementById("rank-rows");
  const total = document.getElementById("id_ranks-TOTAL_FORMS");
  if (!button || !template || !rows || !total) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = Number(total.value);
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
  });
});
