import { BodySchemaPipe } from '../common/body-schema.pipe.js';
import { reviewPairSchema, startRunSchema, type ReviewPairDto, type StartRunDto } from './dto/similarity.dto.js';

const startRun = new BodySchemaPipe(startRunSchema);
const reviewPair = new BodySchemaPipe(reviewPairSchema);

const text = (form: Record<string, unknown> | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string) : undefined);

/** The "run the analysis" form, checked as the API checks its body. */
export function startRunForm(form: Record<string, unknown> | undefined): StartRunDto {
  const scope = text(form, 'scope');
  return startRun.transform(scope ? { scope } : {});
}

/** The review form; browsers send a textarea's line breaks as CRLF. */
export function reviewForm(form: Record<string, unknown> | undefined): ReviewPairDto {
  const note = text(form, 'note')?.replace(/\r\n?/g, '\n');
  return reviewPair.transform({ status: text(form, 'status'), ...(note !== undefined ? { note } : {}) });
}
