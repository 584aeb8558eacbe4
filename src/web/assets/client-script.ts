/**
 * The pages' only script, served from /assets. Everything it does is an improvement on a page that already
 * works without it: live grading progress instead of a refresh every few seconds, copying the baseline,
 * dropping a file on the upload form, local times, a confirmation before a regrade.
 *
 * Written as a typed function and shipped as its source text (`(${enhancePage})()`), so it is checked by tsc
 * like the rest and needs no bundler. It must not refer to anything outside itself.
 */
function enhancePage(): void {
  const PHASES = ['queued', 'preparing', 'checking', 'measuring', 'memory', 'profiling', 'scoring', 'done'];

  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const source = document.getElementById(button.dataset.copy ?? '');
      if (!source) return;
      void navigator.clipboard.writeText(source.textContent ?? '').then(
        () => flash(button, 'Copied'),
        () => flash(button, 'Select the code and copy it'),
      );
    });
  }

  for (const zone of document.querySelectorAll<HTMLElement>('[data-dropzone]')) {
    const input = zone.querySelector<HTMLInputElement>('input[type="file"]');
    const shown = zone.querySelector<HTMLElement>('.chosen-file');
    if (!input) continue;
    const showName = () => {
      if (shown) shown.textContent = input.files?.[0] ? `Chosen: ${input.files[0].name}` : '';
    };
    zone.querySelector<HTMLElement>('[data-drop-hint]')?.removeAttribute('hidden');
    input.addEventListener('change', showName);
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('dragging');
      if (event.dataTransfer?.files.length) {
        input.files = event.dataTransfer.files;
        showName();
      }
    });
  }

  for (const time of document.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
    const date = new Date(time.dateTime);
    if (!Number.isNaN(date.getTime())) {
      time.title = time.textContent ?? '';
      time.textContent = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    }
  }

  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm ?? 'Are you sure?')) event.preventDefault();
    });
  }

  const progress = document.querySelector<HTMLElement>('[data-events]');
  if (progress && 'EventSource' in window) followGrading(progress);

  function followGrading(card: HTMLElement): void {
    const message = card.querySelector<HTMLElement>('.progress-message');
    const bar = card.querySelector<HTMLProgressElement>('progress');
    const steps = card.querySelectorAll<HTMLElement>('li[data-phase]');
    const show = (phase: string, text: string, step?: number, of?: number) => {
      const at = PHASES.indexOf(phase);
      for (const item of steps) {
        const index = PHASES.indexOf(item.dataset.phase ?? '');
        item.classList.toggle('done', index < at);
        item.classList.toggle('current', index === at);
        if (index === at) item.setAttribute('aria-current', 'step');
        else item.removeAttribute('aria-current');
      }
      if (message) message.textContent = text;
      if (bar) {
        if (step !== undefined && of) {
          bar.max = of;
          bar.value = step;
        } else bar.removeAttribute('value');
      }
      card.dataset.phase = phase;
    };
    const source = new EventSource(card.dataset.events ?? '');
    source.addEventListener('queued', (event) => {
      const { position } = JSON.parse((event as MessageEvent<string>).data) as { position: number };
      show('queued', position === 1 ? 'In the queue: you are next.' : `In the queue: number ${position}.`);
    });
    source.addEventListener('progress', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { phase: string; message: string; step?: number; of?: number };
      const text = data.message.charAt(0).toUpperCase() + data.message.slice(1);
      show(data.phase, text, data.step, data.of);
    });
    source.addEventListener('done', () => {
      source.close();
      show('done', 'Done. Loading your result…');
      window.location.reload();
    });
    source.addEventListener('error', () => {
      // The stream ended without "done" (a proxy, a restart): fall back to reloading, as without JavaScript.
      if (source.readyState === EventSource.CLOSED) window.setTimeout(() => window.location.reload(), 3000);
    });
  }

  function flash(button: HTMLButtonElement, text: string): void {
    const before = button.textContent;
    button.textContent = text;
    window.setTimeout(() => (button.textContent = before), 1800);
  }
}

export const CLIENT_SCRIPT = `"use strict";\n(${enhancePage.toString()})();\n`;
