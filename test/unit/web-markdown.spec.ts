import fs from 'node:fs';
import { renderMarkdown } from '../../src/web/html/markdown.js';

const md = (text: string) => renderMarkdown(text).value;

describe('the Markdown of assignment descriptions', () => {
  it('renders headings, paragraphs, emphasis, inline code, links and fenced code', () => {
    expect(md('# Title\n\nSome *em* and **strong** text with `x * x` and [docs](https://numba.pydata.org/).')).toBe(
      '<h1>Title</h1>\n<p>Some <em>em</em> and <strong>strong</strong> text with <code>x * x</code> and <a href="https://numba.pydata.org/">docs</a>.</p>',
    );
    expect(md('```python\nif a < b and c > d:\n    return "x"\n```')).toBe(
      '<pre tabindex="0"><code class="language-python">if a &lt; b and c &gt; d:\n    return &quot;x&quot;\n</code></pre>',
    );
    expect(renderMarkdown('## Hints', { headingOffset: 1 }).value).toBe('<h3>Hints</h3>');
  });

  it('renders bullet and numbered lists, nested by indentation, with continuation lines', () => {
    expect(md('- one\n  continued\n- two\n  - nested\n\n1. first\n2. second')).toBe(
      '<ul>\n<li>one\ncontinued</li>\n<li>two\n<ul>\n<li>nested</li>\n</ul>\n</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>',
    );
  });

  it('renders tables with alignment', () => {
    expect(md('| part | points |\n|---|--:|\n| speed | 50 |')).toBe(
      '<div class="table-wrap" tabindex="0"><table>\n<thead>\n<tr>\n<th>part</th>\n<th class="align-right">points</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>speed</td>\n<td class="align-right">50</td>\n</tr>\n</tbody>\n</table></div>',
    );
  });

  it('shows raw HTML as text and drops links that are not http, mailto or relative', () => {
    const out = md(
      '<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) [data](data:text/html,x) [ok](/assignments) [mail](mailto:ta@example.edu)',
    );
    expect(out).not.toMatch(/<script|<img|href="javascript|href="data/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('click');
    expect(out).toContain('<a href="/assignments">ok</a>');
    expect(out).toContain('<a href="mailto:ta@example.edu">mail</a>');
    // Pictures and autolinks follow the same rule: a picture becomes a link to it (the CSP would block it).
    expect(md('![plot](https://x.example/p.png) ![bad](javascript:alert(1)) <javascript:alert(1)>')).toBe(
      '<p><a href="https://x.example/p.png">plot</a> ![bad](javascript:alert(1)) &lt;javascript:alert(1)&gt;</p>',
    );
  });

  it('cannot be tricked into markup through attributes, code spans or emphasis in addresses', () => {
    expect(md('[x](https://a.example/"onmouseover="alert(1))')).not.toMatch(/"onmouseover/);
    expect(md('`</code><script>`')).toBe('<p><code>&lt;/code&gt;&lt;script&gt;</code></p>');
    expect(md('[a](https://x.example/a_b_c_d)')).toBe('<p><a href="https://x.example/a_b_c_d">a</a></p>');
    expect(md('\\*not emphasis\\*')).toBe('<p>*not emphasis*</p>');
  });

  it('renders every assignment README of the course without leaving Markdown syntax behind', () => {
    for (const slug of fs
      .readdirSync('assignments', { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)) {
      const out = md(fs.readFileSync(`assignments/${slug}/README.md`, 'utf8')).replace(/<code[^>]*>[\s\S]*?<\/code>/g, '');
      expect(out).not.toContain('```');
      expect(out).not.toMatch(/^#+ /m);
      expect(out).not.toContain('**');
    }
  });
});
