// Small progressive enhancements; every page works without this file.
(() => {
    "use strict";

    // E-mail addresses are written "user AT domain" in the HTML so harvesters find no address;
    // for people, turn them into a working link.
    for (const el of document.querySelectorAll(".email[data-user][data-domain]")) {
        const address = `${el.dataset.user}@${el.dataset.domain}`;
        const link = document.createElement("a");
        link.href = `mailto:${address}`;
        link.textContent = address;
        el.replaceChildren(link);
    }

    // A long schedule shows only the weeks around the next lecture; a link to a lecture or day outside
    // them (#lecture-7 from a bookmark, search or an announcement) goes on to the full schedule.
    const fullSchedule = document.querySelector("#schedule a.full-schedule");
    if (fullSchedule) {
        const follow = () => {
            const id = location.hash.slice(1);
            if (/^(lecture-\d+|day-\d{4}-\d{2}-\d{2})$/.test(id) && !document.getElementById(id)) {
                location.replace(`${fullSchedule.href.split("#")[0]}#${id}`);
            }
        };
        follow();
        window.addEventListener("hashchange", follow);
    }

    // Forms that delete ask first.
    for (const form of document.querySelectorAll("form[data-confirm]")) {
        form.addEventListener("submit", (event) => {
            if (!window.confirm(form.dataset.confirm)) {
                event.preventDefault();
            }
        });
    }

    // Warn before leaving a form with unsaved changes.
    for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
        let dirty = false;
        form.addEventListener("input", () => { dirty = true; });
        form.addEventListener("submit", () => { dirty = false; });
        window.addEventListener("beforeunload", (event) => {
            if (dirty) {
                event.preventDefault();
            }
        });
    }

    // Copy buttons: <button data-copy="selector">.
    for (const button of document.querySelectorAll("button[data-copy]")) {
        button.addEventListener("click", async () => {
            const source = document.querySelector(button.dataset.copy);
            if (!source) {
                return;
            }
            try {
                await navigator.clipboard.writeText(source.value ?? source.textContent);
                button.textContent = "Copied";
            } catch {
                source.select?.();
            }
        });
    }

    // Live Markdown preview, rendered by the server's own pipeline.
    const previewUrl = document.querySelector("meta[name='preview-url']")?.content;
    for (const textarea of document.querySelectorAll("textarea[data-preview]")) {
        const target = document.getElementById(textarea.dataset.preview);
        const token = textarea.form?.querySelector("input[name='__RequestVerificationToken']")?.value;
        if (!target || !token || !previewUrl) {
            continue;
        }
        let timer = 0;
        let sent = 0;
        const render = async () => {
            const mine = ++sent;
            const body = new URLSearchParams({ markdownText: textarea.value, __RequestVerificationToken: token });
            try {
                const response = await fetch(previewUrl, { method: "POST", body, credentials: "same-origin" });
                if (response.ok && mine === sent) {
                    target.innerHTML = await response.text(); // HTML from the server's sanitising Markdown pipeline
                }
            } catch {
                // Offline: the preview just stays as it was.
            }
        };
        textarea.addEventListener("input", () => {
            window.clearTimeout(timer);
            timer = window.setTimeout(render, 300);
        });
        render();
    }
})();

// PDF uploads: drag-and-drop or the file picker, one request per file with its own progress bar.
// The antiforgery token travels in a header, so the server can stream the file without buffering it.
(() => {
    "use strict";
    const form = document.querySelector("form[data-uploader]");
    if (!form || !window.FormData || !window.XMLHttpRequest) {
        return;
    }
    const input = form.querySelector("input[type=file]");
    const zone = form.querySelector("[data-dropzone]");
    const list = form.querySelector("[data-upload-list]");
    const token = form.querySelector("input[name='__RequestVerificationToken']")?.value ?? "";
    let queue = [];

    const show = (files) => {
        queue = Array.from(files);
        list.replaceChildren(...queue.map((file) => {
            const item = document.createElement("li");
            const name = document.createElement("span");
            name.className = "upload-name";
            name.textContent = file.name;
            const bar = document.createElement("progress");
            bar.max = 100;
            bar.value = 0;
            bar.setAttribute("aria-label", `Upload of ${file.name}`);
            const status = document.createElement("span");
            status.className = "upload-status";
            status.textContent = "Waiting";
            item.append(name, bar, status);
            file.view = { item, bar, status };
            return item;
        }));
    };

    // A refused file's bar becomes a finished bar in the error style (dashed, not only red), and its text says so.
    const refuse = (file, message) => {
        file.view.item.classList.add("refused");
        file.view.bar.classList.add("failed");
        file.view.bar.value = file.view.bar.max;
        file.view.bar.setAttribute("aria-label", `Upload of ${file.name}: not uploaded`);
        file.view.status.textContent = `Not uploaded: ${message}`;
    };

    const send = (file) => new Promise((resolve) => {
        const data = new FormData();
        for (const [key, value] of new FormData(form).entries()) {
            if (!(value instanceof File)) {
                data.append(key, value);
            }
        }
        data.append("files", file, file.name);
        const request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("RequestVerificationToken", token);
        request.setRequestHeader("Accept", "application/json");
        request.upload.addEventListener("progress", (event) => {
            if (event.lengthComputable) {
                file.view.bar.value = Math.round((event.loaded / event.total) * 100);
                file.view.status.textContent = `${file.view.bar.value}%`;
            }
        });
        request.addEventListener("load", () => {
            let body = {};
            try { body = JSON.parse(request.responseText); } catch { /* not JSON */ }
            const result = body.files?.[0];
            const ok = request.status === 200 && result?.ok;
            const message = result?.message ?? body.error ?? `Refused (status ${request.status}).`;
            if (ok) {
                file.view.bar.value = 100;
                file.view.item.classList.add("ok");
                file.view.status.textContent = message;
            } else {
                refuse(file, message);
            }
            resolve(ok);
        });
        request.addEventListener("error", () => {
            refuse(file, "the connection failed; try again.");
            resolve(false);
        });
        file.view.status.textContent = "Uploading";
        request.send(data);
    });

    input.addEventListener("change", () => show(input.files));
    for (const type of ["dragenter", "dragover"]) {
        zone.addEventListener(type, (event) => { event.preventDefault(); zone.classList.add("dragging"); });
    }
    for (const type of ["dragleave", "drop"]) {
        zone.addEventListener(type, () => zone.classList.remove("dragging"));
    }
    zone.addEventListener("drop", (event) => {
        event.preventDefault();
        show(input.multiple ? event.dataTransfer.files : [event.dataTransfer.files[0]].filter(Boolean));
    });

    form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (queue.length === 0) {
            input.focus();
            return;
        }
        const button = form.querySelector("button[type=submit]");
        button.disabled = true;
        let allOk = true;
        for (const file of queue) {
            allOk = (await send(file)) && allOk;
        }
        // A page that lists what was uploaded (a lecture's) shows it at once; refused files stay listed with their reasons.
        if (allOk && form.hasAttribute("data-reload-when-done")) {
            window.location.reload();
            return;
        }
        button.disabled = false;
        queue = [];
        input.value = "";
    });
})();
