import { isStaff, type Caller } from '../../accounts/caller.js';
import { SCRIPT, STYLES } from '../assets/assets.js';
import { TOKEN_FIELD } from '../csrf/form-token.js';
import { html, type Content, type Html } from './html.js';

export interface Crumb {
  label: string;
  href?: string;
}

export interface Page {
  title: string;
  /** Who is logged in; absent on the login page and on errors before login. */
  caller?: Caller | null;
  /** Which top link is this page's section. */
  section?: 'assignments' | 'instructor';
  crumbs?: Crumb[];
  /** Extra elements for <head> (e.g. a refresh while grading without JavaScript). */
  head?: Content;
  body: Content;
}

/** The frame of every page: skip link, header with navigation and logout, main, footer. */
export function layout(page: Page): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · perfgrade</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLES.url}">
<script src="${SCRIPT.url}" defer></script>
${page.head}
</head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
<header class="site-header">
<div class="bar">
<a class="brand" href="/">perfgrade</a>
${page.caller ? navigation(page.caller, page.section) : null}
</div>
</header>
<main id="main" tabindex="-1">
${page.crumbs?.length ? breadcrumbs(page.crumbs) : null}
${page.body}
</main>
<footer class="site-footer">perfgrade grades correctness, speedup and peak memory of Python code in a sandbox. <a href="/api/docs">API</a></footer>
</body>
</html>
`;
}

function navigation(caller: Caller, section: Page['section']): Html {
  const current = (name: Page['section']) => (section === name ? html` aria-current="page"` : null);
  return html`<nav class="site-nav" aria-label="Main">
<a href="/assignments"${current('assignments')}>Assignments</a>
${isStaff(caller) ? html`<a href="/instructor"${current('instructor')}>Instructor</a>` : null}
</nav>
<div class="who"><span>${caller.name || caller.email}</span>
<form method="post" action="/logout">${TOKEN_FIELD}<button type="submit">Log out</button></form></div>`;
}

function breadcrumbs(crumbs: Crumb[]): Html {
  return html`<nav aria-label="Breadcrumb"><p class="breadcrumbs">${crumbs.map((crumb, i) => html`${i > 0 ? ' › ' : null}${crumb.href ? html`<a href="${crumb.href}">${crumb.label}</a>` : crumb.label}`)}</p></nav>`;
}
