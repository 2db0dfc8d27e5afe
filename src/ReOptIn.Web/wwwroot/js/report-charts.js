// Draws the report's charts with Chart.js. Each chart's figures come from its canvas's data-labels
// and data-values (JSON arrays); the tables beside them hold the same figures, so the page works
// without JavaScript, and the chart wrappers stay hidden until a chart is drawn.
(() => {
    if (typeof Chart === 'undefined') return;
    const kinds = {
        'funnel': { type: 'bar', indexAxis: 'y', color: '#0d6efd', label: 'Requests' },
        'per-day': { type: 'bar', indexAxis: 'x', color: '#198754', label: 'Confirmations' },
        'reasons': { type: 'bar', indexAxis: 'y', color: '#6c757d', label: 'Rows' },
    };
    for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
        const kind = kinds[canvas.dataset.chart];
        if (!kind) continue;
        let labels, values;
        try {
            labels = JSON.parse(canvas.dataset.labels);
            values = JSON.parse(canvas.dataset.values);
        } catch {
            continue;
        }
        canvas.closest('.chart')?.removeAttribute('hidden');
        new Chart(canvas, {
            type: kind.type,
            data: { labels, datasets: [{ label: kind.label, data: values, backgroundColor: kind.color }] },
            options: {
                indexAxis: kind.indexAxis,
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { display: false } },
                scales: { [kind.indexAxis === 'y' ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
            },
        });
    }
})();
