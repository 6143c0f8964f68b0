// The console's one script, an enhancement: every page works without it. It starts the GOV.UK
// Frontend components and follows what changes while a page is open (new journal exchanges, batch
// job progress) by asking the console's own JSON addresses. Whatever comes back is put on the page
// as text (textContent), never as markup: journal entries carry what any caller sent.
import { initAll } from './govuk-frontend.min.js';

initAll();

const POLL_MS = 3000;

function followJournal(root) {
  const rows = document.querySelector('[data-journal-rows]');
  const template = document.querySelector('template[data-journal-row]');
  const status = root.querySelector('[data-live-status]');
  const toggle = root.querySelector('[data-live-toggle]');
  if (!rows || !template || !status || !toggle) return;
  let afterId = root.dataset.afterId;
  let paused = false;
  let timer;
  toggle.hidden = false;
  toggle.addEventListener('click', () => {
    paused = !paused;
    toggle.textContent = paused ? 'Resume live updates' : 'Pause live updates';
    status.textContent = paused ? 'Live updates paused.' : 'Following new exchanges.';
    if (!paused) schedule();
  });

  const rowOf = (row) => {
    const tr = template.content.firstElementChild.cloneNode(true);
    for (const cell of tr.querySelectorAll('[data-field]')) {
      const field = cell.dataset.field;
      cell.textContent = field === 'outcome' ? row.outcome.text : String(row[field] ?? '');
    }
    const link = tr.querySelector('[data-href]');
    link.setAttribute('href', row.href);
    const hidden = document.createElement('span');
    hidden.className = 'govuk-visually-hidden';
    hidden.textContent = ` at ${row.time}`;
    link.append(hidden);
    const tag = tr.querySelector('[data-field="outcome"]');
    tag.className = `govuk-tag ${row.outcome.classes}`;
    return tr;
  };

  const poll = async () => {
    if (paused) return;
    const url = `${root.dataset.url}${root.dataset.url.includes('?') ? '&' : '?'}afterId=${encodeURIComponent(afterId)}`;
    try {
      const answer = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (answer.status === 401) {
        status.textContent = 'Your session has ended: reload the page to sign in again.';
        toggle.hidden = true;
        return;
      }
      if (answer.ok) {
        const { rows: fresh } = await answer.json();
        if (fresh.length > 0) {
          afterId = String(fresh[0].id);
          // Oldest first, each put on top: the newest ends up first.
          for (const row of [...fresh].reverse()) rows.prepend(rowOf(row));
          document.querySelector('[data-journal-empty]')?.remove();
          status.textContent = `${fresh.length} new ${fresh.length === 1 ? 'exchange' : 'exchanges'}.`;
        }
      }
    } catch {
      // The gateway restarting or the network dropping: the next poll tries again.
    }
    schedule();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(poll, POLL_MS);
  };
  schedule();
}

function followBatchJob(root) {
  const announcer = document.querySelector('[data-batch-announcer]');
  const poll = async () => {
    try {
      const answer = await fetch(root.dataset.url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!answer.ok) return;
      const job = await answer.json();
      const status = root.querySelector('[data-field="status"]');
      status.textContent = job.status.text;
      status.className = `govuk-tag ${job.status.classes}`;
      root.querySelector('[data-field="progress"]').textContent = job.progress.text;
      const bar = root.querySelector('[data-field="bar"]');
      if (job.progress.max > 0) {
        bar.max = job.progress.max;
        bar.value = job.progress.value;
        bar.hidden = false;
      }
      if (!job.running) {
        const note = root.dataset.reloadNote && document.getElementById(root.dataset.reloadNote);
        if (note) note.hidden = false;
        if (announcer) announcer.textContent = `Batch job ${job.id}: ${job.status.text}.`;
        return;
      }
    } catch {
      // Tried again at the next poll.
    }
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}

const journal = document.querySelector('[data-journal-live]');
if (journal) followJournal(journal);
for (const job of document.querySelectorAll('[data-batch-live]')) followBatchJob(job);
