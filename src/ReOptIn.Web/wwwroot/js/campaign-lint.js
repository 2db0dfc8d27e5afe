// Live checks on the campaign page: posts the form (with its antiforgery token) to the Lint
// handler after a pause in typing and shows the findings. Without JavaScript, saving shows them.
(() => {
    const form = document.getElementById('campaign-form');
    const panel = document.getElementById('findings');
    if (!form || !panel) return;
    let timer = null;
    let latest = 0;

    const render = findings => {
        panel.replaceChildren();
        if (findings.length === 0) {
            const ok = document.createElement('p');
            ok.className = 'text-success mb-0';
            ok.textContent = 'No problem found: the request follows the rules.';
            panel.append(ok);
            return;
        }
        const list = document.createElement('ul');
        list.className = 'list-unstyled mb-0';
        for (const f of findings) {
            const item = document.createElement('li');
            item.className = 'mb-2';
            const badge = document.createElement('span');
            badge.className = 'badge ' + (f.severity === 'error' ? 'text-bg-danger' : 'text-bg-warning');
            badge.textContent = `${f.rule} ${f.severity}`;
            item.append(badge, ' ', f.message);
            if (f.excerpt) {
                const excerpt = document.createElement('div');
                excerpt.className = 'small text-muted';
                excerpt.textContent = `“${f.excerpt}”`;
                item.append(excerpt);
            }
            list.append(item);
        }
        panel.append(list);
    };

    const check = async () => {
        const ticket = ++latest;
        try {
            const response = await fetch(form.dataset.lintUrl, { method: 'POST', body: new FormData(form), credentials: 'same-origin' });
            if (!response.ok || ticket !== latest) return;
            render(await response.json());
        } catch {
            // Offline or signed out: the checks run again on save.
        }
    };

    form.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(check, 400);
    });
})();
