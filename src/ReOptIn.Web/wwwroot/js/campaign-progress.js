// Refreshes the sending progress of a campaign page every three seconds while it is sending.
// Without JavaScript the page shows the figures of the moment it was loaded.
(() => {
    const url = document.currentScript?.dataset.url;
    if (!url) return;
    const refresh = async () => {
        const current = document.getElementById('progress');
        if (!current || current.dataset.status !== 'Sending') return;
        try {
            const response = await fetch(url, { credentials: 'same-origin' });
            if (response.ok) current.outerHTML = await response.text();
        } catch {
            // Offline for a moment: try again at the next tick.
        }
        setTimeout(refresh, 3000);
    };
    setTimeout(refresh, 3000);
})();
