// The lectures page as a schedule editor: each row saves in place, rows can be dragged to reorder topics.
// Without this file every row's form posts and returns to its row, and the ↑/↓ buttons reorder.
(() => {
    "use strict";

    const table = document.querySelector("table.lecture-editor");
    const bulk = document.getElementById("bulk");
    if (!table || !bulk) {
        return;
    }

    const setListed = (id, version) => {
        const listed = bulk.querySelector(`input[data-listed="${id}"]`);
        if (listed) {
            listed.value = version;
        }
    };

    // In-place save: the row's form goes by fetch; the answer (JSON) marks the row saved or shows each message by its field.
    for (const form of document.querySelectorAll("form.row-form")) {
        const row = form.closest("tr");
        const status = row.querySelector(".row-status");
        const fields = () => Array.from(document.querySelectorAll(`[form="${form.id}"]`));
        const show = (text, isError) => {
            status.textContent = text;
            status.classList.toggle("is-error", isError);
            row.classList.toggle("is-saved", !isError && text !== "");
            row.classList.toggle("has-error", isError);
        };
        row.addEventListener("input", (event) => {
            if (event.target.getAttribute("form") === form.id) {
                row.classList.remove("is-saved");
                row.classList.add("is-dirty");
            }
        });
        form.addEventListener("submit", async (event) => {
            event.preventDefault();
            const button = form.querySelector("button[type=submit]");
            button.disabled = true;
            show("Saving…", false);
            try {
                const response = await fetch(form.action, {
                    method: "POST",
                    body: new FormData(form),
                    credentials: "same-origin",
                    headers: { Accept: "application/json" },
                });
                if (!response.ok) {
                    throw new Error(`the server answered ${response.status}`);
                }
                const result = await response.json();
                for (const error of row.querySelectorAll(".field-error")) {
                    error.textContent = result.errors?.[error.dataset.field] ?? "";
                }
                for (const field of fields()) {
                    const name = field.name.replace(/^Row\./, "");
                    field.classList.toggle("input-validation-error", Boolean(result.errors?.[name]));
                }
                if (result.version) {
                    form.querySelector("input[name='Row.Version']").value = result.version;
                }
                if (result.original) {
                    form.querySelector("input[name='Original']").value = result.original;
                }
                if (result.ok) {
                    setListed(row.dataset.id, result.version);
                    row.querySelector(".row-number").textContent = result.number;
                    row.classList.toggle("is-cancelled", result.cancelled);
                    row.classList.remove("is-dirty");
                    show(result.message, false);
                } else {
                    show([result.errors?.[""], result.message].filter(Boolean).join(" "), true);
                }
            } catch (error) {
                show(`Not saved: ${error.message}. Try again, or reload the page.`, true);
            } finally {
                button.disabled = false;
            }
        });
    }

    // Drag a row onto another to put its topic there; the class days stay. The ↑/↓ buttons do the same from the keyboard.
    const tbody = table.tBodies[0];
    const announce = document.getElementById("reorder-status");
    let dragged = null;
    for (const row of tbody.rows) {
        row.draggable = true;
        row.addEventListener("dragstart", (event) => {
            // Dragging from a field selects its text instead.
            if (event.target.closest("input, select, button, a")) {
                event.preventDefault();
                return;
            }
            dragged = row;
            row.classList.add("is-dragging");
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", row.dataset.id);
        });
        row.addEventListener("dragend", () => {
            row.classList.remove("is-dragging");
            dragged = null;
        });
        row.addEventListener("dragover", (event) => {
            if (dragged && dragged !== row) {
                event.preventDefault();
                event.dataTransfer.dropEffect = "move";
            }
        });
        row.addEventListener("drop", async (event) => {
            event.preventDefault();
            if (!dragged || dragged === row) {
                return;
            }
            const rows = Array.from(tbody.rows);
            const after = rows.indexOf(dragged) < rows.indexOf(row);
            row.insertAdjacentElement(after ? "afterend" : "beforebegin", dragged);
            const body = new FormData();
            body.append("__RequestVerificationToken", bulk.querySelector("input[name='__RequestVerificationToken']").value);
            for (const listed of bulk.querySelectorAll("input[data-listed]")) {
                body.append(listed.name, listed.value);
            }
            for (const r of tbody.rows) {
                body.append("order", r.dataset.id);
            }
            announce.textContent = "Saving the new order…";
            try {
                const response = await fetch(table.dataset.reorderUrl, {
                    method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" },
                });
                const result = await response.json();
                if (result.ok) {
                    // The page shows the new dates, numbers and the undo button.
                    window.location.reload();
                } else {
                    announce.textContent = result.message;
                }
            } catch (error) {
                announce.textContent = `The new order was not saved: ${error.message}. Reload the page.`;
            }
        });
    }
})();
