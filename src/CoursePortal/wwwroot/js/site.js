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
})();
