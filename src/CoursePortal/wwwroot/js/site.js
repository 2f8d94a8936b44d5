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
