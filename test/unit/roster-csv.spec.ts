import { parseRoster } from '../../src/accounts/roster-csv.js';

describe('roster CSV', () => {
  it('reads any column order, quotes, CRLF, a BOM, blank lines; role defaults to student', () => {
    const text = '\uFEFFRole,Name,EMAIL\r\ninstructor,"Hopper, Grace",Grace@X.edu\r\n\r\n,"Multi\nline ""quoted""",m@x.edu\r\n';
    expect(parseRoster(text)).toEqual([
      { line: 2, email: 'grace@x.edu', name: 'Hopper, Grace', role: 'instructor' },
      { line: 4, email: 'm@x.edu', name: 'Multi\nline "quoted"', role: 'student' },
    ]);
  });

  it('lists every problem with its line', () => {
    const text = 'email,name,role\nnot-an-email,A,student\nb@x.edu,,student\nc@x.edu,C,boss\nc@x.edu,C2,student\n';
    expect(() => parseRoster(text)).toThrow(
      'Nothing was imported. line 2: "not-an-email" is not an email address; line 3: the name must be 1 to 200 characters; ' +
        'line 4: role must be admin, instructor, student (got "boss"); line 5: c@x.edu is already on line 4.',
    );
  });

  it('needs a header with email and name', () => {
    expect(() => parseRoster('')).toThrow(/The roster is empty/);
    expect(() => parseRoster('mail,who\na@x.edu,A\n')).toThrow(/line 1: the header must name the columns email and name/);
    expect(() => parseRoster('email,name\n"a@x.edu,A\n')).toThrow(/line 2: a quoted field is never closed/);
  });
});
