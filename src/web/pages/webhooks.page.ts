import type { Caller } from '../../accounts/caller.js';
import type { DeliveryDto, WebhookEndpointDto } from '../../webhooks/webhook.dto.js';
import { TOKEN_FIELD } from '../csrf/form-token.js';
import { formatDateTime } from '../html/format.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import { dateTime } from './partials.js';

export interface WebhooksModel {
  caller: Caller;
  endpoints: { endpoint: WebhookEndpointDto; deliveries: DeliveryDto[] }[];
  /** How many deliveries a replay just queued again (from the redirect after the form). */
  replayed?: number;
}

const STATUS: Record<DeliveryDto['status'], { label: string; tone: 'good' | 'bad' | 'neutral' }> = {
  pending: { label: 'Waiting', tone: 'neutral' },
  sending: { label: 'Sending', tone: 'neutral' },
  delivered: { label: 'Delivered', tone: 'good' },
  dead: { label: 'Failed', tone: 'bad' },
};

/** Every webhook endpoint with its recent deliveries; failed ones (dead letters) can be replayed without JavaScript. */
export function webhooksPage(model: WebhooksModel): Html {
  return layout({
    title: 'Webhooks',
    caller: model.caller,
    section: 'instructor',
    crumbs: [{ label: 'Instructor', href: '/instructor' }, { label: 'Webhooks' }],
    body: html`<h1>Webhooks</h1>
<p class="lead">Endpoints that receive grades and submissions (registered through <a href="/api/docs">the API</a>), and what each delivery came to. A delivery that failed every try can be replayed.</p>
${model.replayed !== undefined ? html`<p class="notice good" role="status">${model.replayed} failed deliver${model.replayed === 1 ? 'y was' : 'ies were'} queued again. Reload to follow them.</p>` : null}
${model.endpoints.length ? model.endpoints.map(({ endpoint, deliveries }, i) => endpointCard(endpoint, deliveries, i)) : html`<p class="muted">No webhook endpoints yet: <code>POST /api/webhooks</code> registers one.</p>`}`,
  });
}

function endpointCard(endpoint: WebhookEndpointDto, deliveries: DeliveryDto[], i: number): Html {
  const base = `/instructor/webhooks/${endpoint.id}`;
  const failed = endpoint.deliveries.dead;
  return html`<section class="card" id="endpoint-${endpoint.id}" aria-labelledby="endpoint-${i}-heading">
<h2 id="endpoint-${i}-heading"><code class="small">${endpoint.url}</code></h2>
${endpoint.description ? html`<p>${endpoint.description}</p>` : null}
<p>Events: ${endpoint.events.join(', ')} · ${endpoint.enabled ? html`<span class="badge good">enabled</span>` : html`<span class="badge bad">disabled</span> ${endpoint.disabledReason ?? ''}`}</p>
<p class="muted small">${endpoint.deliveries.delivered} delivered · ${endpoint.deliveries.pending + endpoint.deliveries.sending} waiting · ${failed} failed</p>
${!endpoint.enabled
  ? html`<p class="notice warn">Nothing is sent to a disabled endpoint. Enable it again with <code>POST /api/webhooks/${endpoint.id}/enable</code>, then replay what failed.</p>`
  : failed > 0
    ? html`<div class="actions"><form method="post" action="${base}/replay">${TOKEN_FIELD}<button type="submit" class="secondary">Replay all failed<span class="visually-hidden"> deliveries to ${endpoint.url}</span> (${failed})</button></form></div>`
    : null}
${deliveries.length ? deliveriesTable(endpoint, deliveries, base) : html`<p class="muted">No deliveries yet.</p>`}
</section>`;
}

function deliveriesTable(endpoint: WebhookEndpointDto, deliveries: DeliveryDto[], base: string): Html {
  return html`<div class="table-wrap" tabindex="0"><table>
<caption>Recent deliveries, newest first</caption>
<thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col" class="num">Attempts</th><th scope="col" class="num">Last response</th><th scope="col">Response body</th><th scope="col">Next try</th><th scope="col">Last error</th><th scope="col">Action</th></tr></thead>
<tbody>${deliveries.map(
    (d) => html`<tr>
<td>${d.type}<br><span class="muted small">${dateTime(d.createdAt)}</span></td>
<td><span class="badge ${STATUS[d.status].tone}">${STATUS[d.status].label}</span></td>
<td class="num">${d.attempts}${d.replays ? html` <span class="muted small">(${d.replays} replay${d.replays === 1 ? '' : 's'})</span>` : null}</td>
<td class="num">${d.lastResponseStatus ?? '—'}</td>
<td>${d.lastResponseBody ? html`<code class="small">${excerpt(d.lastResponseBody)}</code>` : '—'}</td>
<td>${d.nextAttemptAt ? dateTime(d.nextAttemptAt) : '—'}</td>
<td>${d.lastError ?? '—'}</td>
<td>${d.status === 'dead' && endpoint.enabled
      ? html`<form method="post" action="${base}/deliveries/${d.id}/replay">${TOKEN_FIELD}<button type="submit" class="secondary">Replay<span class="visually-hidden"> ${d.type} of ${formatDateTime(d.createdAt)}</span></button></form>`
      : null}</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

/** The start of the receiver's answer: enough to recognise it, not a page of HTML. */
function excerpt(body: string): string {
  return body.length > 200 ? `${body.slice(0, 200)}…` : body;
}
