import { DomainError } from '../common/domain-error.js';
import { ROLES, type Role } from './user.js';

export interface RosterEntry {
  line: number;
  email: string;
  name: string;
  role: Role;
}

const MAX_ROWS = 10_000;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+$/;

/**
 * A roster as exported by spreadsheets and LMSs: a header row naming `email`, `name` and optionally `role`
 * (any order, any case), then one person per row; quoted fields may hold commas. Every problem is listed with
 * its line, and nothing is imported unless the whole file is right.
 */
export function parseRoster(text: string): RosterEntry[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows.shift();
  if (!header) throw new DomainError('invalid', 'The roster is empty: send a CSV file with a header row "email,name,role".');
  const columns = header.cells.map((cell) => cell.trim().toLowerCase());
  const at = (name: string) => columns.indexOf(name);
  if (at('email') < 0 || at('name') < 0) {
    throw new DomainError('invalid', `line 1: the header must name the columns email and name (and optionally role); found ${columns.join(', ') || 'nothing'}.`);
  }
  if (rows.length > MAX_ROWS) throw new DomainError('too_large', `The roster has ${rows.length} rows; import at most ${MAX_ROWS} at a time.`);

  const problems: string[] = [];
  const seen = new Map<string, number>();
  const entries: RosterEntry[] = [];
  for (const { line, cells } of rows) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    const email = (cells[at('email')] ?? '').trim().toLowerCase();
    const name = (cells[at('name')] ?? '').trim();
    const roleText = (at('role') >= 0 ? cells[at('role')] ?? '' : '').trim().toLowerCase() || 'student';
    if (!EMAIL.test(email) || email.length > 254) problems.push(`line ${line}: "${email}" is not an email address`);
    if (name === '' || name.length > 200) problems.push(`line ${line}: the name must be 1 to 200 characters`);
    if (!(ROLES as readonly string[]).includes(roleText)) problems.push(`line ${line}: role must be ${ROLES.join(', ')} (got "${roleText}")`);
    const earlier = seen.get(email);
    if (earlier !== undefined) problems.push(`line ${line}: ${email} is already on line ${earlier}`);
    seen.set(email, line);
    entries.push({ line, email, name, role: roleText as Role });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join('; ');
    throw new DomainError('invalid', `Nothing was imported. ${shown}${problems.length > 20 ? `; and ${problems.length - 20} more` : ''}.`);
  }
  return entries;
}

/** RFC 4180: fields separated by commas, quoted with "", rows by CRLF or LF. Tracks each row's first line. */
function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += char;
  }
  if (quoted) throw new DomainError('invalid', `line ${rowLine}: a quoted field is never closed.`);
  if (cell !== '' || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell] });
  return rows;
}
