import type { Caller } from '../../accounts/caller.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import { sourceListing } from './source-listing.js';

export interface SourcePageModel {
  caller: Caller;
  id: string;
  filename: string;
  source: string;
}

export function sourcePage(model: SourcePageModel): Html {
  return layout({
    title: model.filename,
    caller: model.caller,
    crumbs: [{ label: 'Assignments', href: '/assignments' }, { label: 'Submission', href: `/submissions/${model.id}` }, { label: model.filename }],
    body: html`<h1><code>${model.filename}</code></h1>
<p class="actions"><a class="button secondary" href="/submissions/${model.id}/source.py" download="${model.filename}">Download</a><a href="/submissions/${model.id}">Back to the result</a></p>
${sourceListing(model.source, { caption: `The file as submitted (${model.source.split('\n').length} lines)` })}`,
  });
}
