import { z } from 'zod';

/**
 * Row schemas for what the drivers return. Timestamps arrive as Date from both drivers today; coercing keeps a
 * string (a driver's text form) from slipping through as one.
 */
export const timestamp = () => z.coerce.date();

/** A jsonb column, parsed by the driver: an object or array of the stored type (its shape is the writer's contract). */
export const json = <T>() => z.custom<T>((value) => typeof value === 'object' && value !== null);

/** A count(*)::int or other integer column. */
export const int = () => z.number().int();

/** A text column holding one of a union the writer guarantees (the table's CHECK, or a report field). */
export const text = <T extends string>() => z.custom<T>((value) => typeof value === 'string');
